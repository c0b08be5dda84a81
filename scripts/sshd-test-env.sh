#!/bin/sh
# Starts a throwaway OpenSSH server for the SSH communicator tests (idempotent; installs nothing — CI gets
# /usr/sbin/sshd from Debian's `openssh-server`).
#   usage: sshd-test-env.sh [--passwords] [DIR]   (DIR defaults to /tmp/packer-studio-sshd)
# The server listens on 127.0.0.1 on a free high port, with host keys, config, log and pid file in DIR, and
# accepts the public keys the tests write to DIR/authorized_keys for the user running the tests, and user
# certificates (for that user as principal) signed by a CA whose public key they write to DIR/trusted_user_ca_keys.
# Prints the port on stdout. Exit status: 0 ready, 2 sshd cannot run on this machine.
# `sshd-test-env.sh --stop [DIR]` stops the server started for DIR.
#
# --passwords (root only) also offers password logins, without touching the machine's accounts: sshd runs in a
# private mount namespace where /etc/passwd, /etc/shadow and /etc/pam.d/sshd are copies from DIR with two
# test users added, both with the password in DIR/password: packer-pw may only use the "password" method,
# packer-kbd only "keyboard-interactive" (answered through PAM). Outside that namespace the users do not exist.
set -eu

SSHD=${SSHD:-/usr/sbin/sshd}

log() { echo "sshd-test-env: $*" >&2; }

stop=false
passwords=false
if [ "${1:-}" = "--stop" ]; then stop=true; shift; fi
if [ "${1:-}" = "--passwords" ]; then passwords=true; shift; fi
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

# A server started by an older version of this script, without the certificate settings, is replaced.
if running_port >/dev/null; then
  if grep -q '^TrustedUserCAKeys ' "$DIR/sshd_config" 2>/dev/null; then cat "$DIR/port"; exit 0; fi
  kill "$(cat "$DIR/sshd.pid")"
  rm -f "$DIR/sshd.pid" "$DIR/port"
fi

[ -x "$SSHD" ] || { log "$SSHD is not installed (Debian package openssh-server)"; exit 2; }
command -v ssh-keygen >/dev/null 2>&1 || { log "ssh-keygen is not installed"; exit 2; }

if $passwords; then
  [ "$(id -u)" = 0 ] || { log "password logins need root: sshd must run in its own mount namespace to see the test users"; exit 2; }
  command -v unshare >/dev/null 2>&1 || { log "password logins need unshare (util-linux)"; exit 2; }
  command -v openssl >/dev/null 2>&1 || { log "password logins need openssl to hash the test password"; exit 2; }
  unshare --mount --propagation private true 2>/dev/null || { log "password logins need a private mount namespace, which this machine refuses (unshare --mount)"; exit 2; }
  [ -s "$DIR/password" ] || od -An -N12 -tx1 /dev/urandom | tr -d ' \n' >"$DIR/password"
  hash=$(openssl passwd -6 -stdin <"$DIR/password")
  { grep -v '^packer-\(pw\|kbd\):' /etc/passwd
    echo "packer-pw:x:4201:65534:password test user:$DIR:/bin/sh"
    echo "packer-kbd:x:4202:65534:keyboard-interactive test user:$DIR:/bin/sh"; } >"$DIR/passwd"
  { grep -v '^packer-\(pw\|kbd\):' /etc/shadow
    echo "packer-pw:$hash:19000:0:99999:7:::"
    echo "packer-kbd:$hash:19000:0:99999:7:::"; } >"$DIR/shadow"
  chmod 0600 "$DIR/shadow"
  # Only pam_unix against the namespace's shadow file; no session modules that need a real login system.
  printf 'auth required pam_unix.so\naccount required pam_unix.so\nsession required pam_permit.so\npassword required pam_deny.so\n' >"$DIR/pam-sshd"
fi

# sshd refuses to start as root without its privilege separation directory.
if [ "$(id -u)" = 0 ]; then mkdir -p /run/sshd && chmod 0755 /run/sshd; fi

[ -f "$DIR/host_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C sshd-test-host -f "$DIR/host_ed25519" >/dev/null
touch "$DIR/authorized_keys" "$DIR/trusted_user_ca_keys"
chmod 0600 "$DIR/authorized_keys"

start_sshd() {
  if $passwords; then
    unshare --mount --propagation private sh -c '
      mount --bind "$1/passwd" /etc/passwd && mount --bind "$1/shadow" /etc/shadow &&
      mount --bind "$1/pam-sshd" /etc/pam.d/sshd && exec "$2" -f "$1/sshd_config" -E "$1/sshd.log"' sh "$DIR" "$SSHD"
  else
    "$SSHD" -f "$DIR/sshd_config" -E "$DIR/sshd.log"
  fi
}

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
TrustedUserCAKeys $DIR/trusted_user_ca_keys
# The key files live under /tmp, which is world-writable.
StrictModes no
PermitRootLogin prohibit-password
AllowTcpForwarding yes
Subsystem sftp internal-sftp
LogLevel VERBOSE
CONFIG
  if $passwords; then
    cat >>"$DIR/sshd_config" <<CONFIG
PasswordAuthentication yes
KbdInteractiveAuthentication yes
UsePAM yes
Match User packer-pw
  AuthenticationMethods password
Match User packer-kbd
  AuthenticationMethods keyboard-interactive
CONFIG
  else
    printf 'PasswordAuthentication no\nKbdInteractiveAuthentication no\nUsePAM no\n' >>"$DIR/sshd_config"
  fi
  rm -f "$DIR/sshd.pid"
  if start_sshd; then
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
