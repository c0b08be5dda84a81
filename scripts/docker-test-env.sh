#!/bin/sh
# Prepares a local Docker environment for the engine tests (idempotent):
#   1. dockerd running on /var/run/docker.sock (started here when absent);
#   2. base image packer-studio/busybox:latest, imported from a busybox-static rootfs (no registry needed);
#   3. with --registry: a Docker registry on 127.0.0.1:5000 with htpasswd auth (user "packer", password
#      "studio-secret"), used by the docker-push and login tests.
# Exit status: 0 ready, 2 docker cannot run on this machine.
set -eu

IMAGE=packer-studio/busybox:latest
REGISTRY_DIR=${PACKER_STUDIO_REGISTRY_DIR:-/tmp/packer-studio-registry}
REGISTRY_USER=packer
REGISTRY_PASSWORD=studio-secret

log() { echo "docker-test-env: $*" >&2; }

docker_ready() { docker info >/dev/null 2>&1; }

start_dockerd() {
  command -v dockerd >/dev/null 2>&1 || { log "dockerd is not installed"; exit 2; }
  # vfs works everywhere (nested containers, no overlay support); overlay2 is tried first because it is faster.
  for driver in overlay2 vfs; do
    log "starting dockerd (storage driver $driver)"
    dockerd --host unix:///var/run/docker.sock --storage-driver "$driver" >"/tmp/dockerd.log" 2>&1 &
    pid=$!
    i=0
    while [ $i -lt 60 ]; do
      if docker_ready; then return 0; fi
      if ! kill -0 "$pid" 2>/dev/null; then break; fi
      sleep 0.5
      i=$((i + 1))
    done
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  log "dockerd did not start; see /tmp/dockerd.log"
  exit 2
}

build_base_image() {
  busybox=$(command -v busybox || true)
  [ -n "$busybox" ] || { log "busybox-static is not installed"; exit 2; }
  root=$(mktemp -d)
  trap 'rm -rf "$root"' EXIT
  mkdir -p "$root/bin" "$root/tmp" "$root/etc" "$root/root" "$root/usr/bin" "$root/sbin" "$root/usr/sbin"
  chmod 1777 "$root/tmp"
  cp "$busybox" "$root/bin/busybox"
  for applet in $("$root/bin/busybox" --list); do
    [ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n' >"$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
  tar -C "$root" -cf - . | docker import --change 'CMD ["/bin/sh"]' - "$IMAGE" >/dev/null
  log "imported $IMAGE"
}

start_registry() {
  [ "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:5000/v2/ 2>/dev/null)" = 401 ] && return 0
  command -v docker-registry >/dev/null 2>&1 || { log "docker-registry is not installed"; exit 2; }
  mkdir -p "$REGISTRY_DIR/data"
  NODE_PATH="$(cd "$(dirname "$0")/.." && pwd)/node_modules" node -e \
      "process.stdout.write('$REGISTRY_USER:' + require('bcryptjs').hashSync('$REGISTRY_PASSWORD', 10) + '\n')" \
      >"$REGISTRY_DIR/htpasswd"
  cat >"$REGISTRY_DIR/config.yml" <<EOF
version: 0.1
storage:
  filesystem:
    rootdirectory: $REGISTRY_DIR/data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:5000
auth:
  htpasswd:
    realm: packer-studio
    path: $REGISTRY_DIR/htpasswd
EOF
  docker-registry serve "$REGISTRY_DIR/config.yml" >"$REGISTRY_DIR/registry.log" 2>&1 &
  i=0
  while [ $i -lt 40 ]; do
    code=$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:5000/v2/ 2>/dev/null || true)
    [ "$code" = 401 ] && { log "registry on 127.0.0.1:5000"; return 0; }
    sleep 0.25
    i=$((i + 1))
  done
  log "registry did not start; see $REGISTRY_DIR/registry.log"
  exit 2
}

command -v docker >/dev/null 2>&1 || { log "docker CLI is not installed"; exit 2; }
docker_ready || start_dockerd
docker image inspect "$IMAGE" >/dev/null 2>&1 || build_base_image
if [ "${1:-}" = "--registry" ]; then start_registry; fi
exit 0
