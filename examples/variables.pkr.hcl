variable "image" {
  type        = string
  default     = "packer-studio/busybox:latest"
  description = "Base image for the docker source; made locally by scripts/docker-test-env.sh."
}

variable "greeting" {
  type    = string
  default = "Hello from Packer Studio"

  validation {
    condition     = length(var.greeting) > 3
    error_message = "The greeting must be longer than three characters."
  }
}

variable "api_token" {
  type      = string
  default   = "example-secret-token"
  sensitive = true
}

locals {
  build_tag = "example-${formatdate("YYYYMMDD", timestamp())}"
  files     = ["motd", "version"]
}
