module gotpl
go 1.21
