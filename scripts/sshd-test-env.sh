#!/bin/sh
# Starts a throwaway OpenSSH server for the SSH communicator tests (idempotent; installs nothing — CI gets
# /usr/sbin/sshd from Debian's `openssh-server`).
#   usage: sshd-test-env.sh [DIR]   (DIR defaults to /tmp/packer-studio-sshd)
# The server listens on 127.0.0.1 on a free high port, with host keys, config, log and pid file in DIR, and
# accepts the public keys the tests write to DIR/authorized_keys for the user running the tests.
# Prints the port on stdout. Exit status: 0 ready, 2 sshd cannot run on this machine.
# `sshd-test-env.sh --stop [DIR]` stops the server started for DIR.
set -eu

SSHD=${SSHD:-/usr/sbin/sshd}

log() { echo "sshd-test-env: $*" >&2; }

stop=false
if [ "${1:-}" = "--stop" ]; then stop=true; shift; fi
DIR=${1:-/tmp/packer-studio-sshd}
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)

running_port() {
  [ -f "$DIR/sshd.pid" ] && [ -f "$DIR/port" ] || return 1
  kill -0 "$(cat "$DIR/sshd.pid")" 2>/dev/null || return 1
  cat "$DIR/port"
}

if $stop; then
  if running_port >/dev/null; then kill "$(cat "$DIR/sshd.pid")"; fi
  rm -f "$DIR/sshd.pid" "$DIR/port"
  exit 0
fi

if running_port; then exit 0; fi

[ -x "$SSHD" ] || { log "$SSHD is not installed (Debian package openssh-server)"; exit 2; }
command -v ssh-keygen >/dev/null 2>&1 || { log "ssh-keygen is not installed"; exit 2; }

# sshd refuses to start as root without its privilege separation directory.
if [ "$(id -u)" = 0 ]; then mkdir -p /run/sshd && chmod 0755 /run/sshd; fi

[ -f "$DIR/host_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C sshd-test-host -f "$DIR/host_ed25519" >/dev/null
touch "$DIR/authorized_keys"
chmod 0600 "$DIR/authorized_keys"

attempt=0
while [ $attempt -lt 20 ]; do
  attempt=$((attempt + 1))
  # A random high port; a port already taken makes sshd exit before it daemonizes, and another is tried.
  port=$(( $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 30000 + 30000 ))
  cat >"$DIR/sshd_config" <<CONFIG
ListenAddress 127.0.0.1:$port
HostKey $DIR/host_ed25519
PidFile $DIR/sshd.pid
AuthorizedKeysFile $DIR/authorized_keys
# The key files live under /tmp, which is world-writable.
StrictModes no
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
AllowTcpForwarding yes
Subsystem sftp internal-sftp
LogLevel VERBOSE
CONFIG
  rm -f "$DIR/sshd.pid"
  if "$SSHD" -f "$DIR/sshd_config" -E "$DIR/sshd.log"; then
    i=0
    while [ $i -lt 50 ] && [ ! -s "$DIR/sshd.pid" ]; do sleep 0.1; i=$((i + 1)); done
    if [ -s "$DIR/sshd.pid" ]; then
      echo "$port" >"$DIR/port"
      echo "$port"
      exit 0
    fi
  fi
done
log "sshd did not start; see $DIR/sshd.log"
exit 2
