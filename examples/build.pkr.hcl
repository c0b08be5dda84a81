source "null" "local" {
  communicator = "none"
}

source "docker" "app" {
  image  = var.image
  pull   = false
  commit = true
  changes = [
    "LABEL org.example.built-by=packer-studio",
  ]
}

build {
  name    = "example"
  sources = ["source.null.local"]

  provisioner "shell-local" {
    inline = ["echo '${var.greeting}' from ${source.name}"]
  }

  post-processor "manifest" {
    output     = "examples-manifest.json"
    strip_path = true
  }
}

build {
  name    = "container"
  sources = ["source.docker.app"]

  provisioner "shell" {
    inline = [
      "echo '${var.greeting}' > /etc/motd",
      "echo ${local.build_tag} > /etc/version",
    ]
  }

  post-processor "docker-tag" {
    repository = "packer-studio/example"
    tags       = ["latest"]
  }
}
