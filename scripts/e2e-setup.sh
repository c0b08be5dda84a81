#!/usr/bin/env bash
# Installs what the real-VS-Code suite (test/e2e) needs, following docs in shared/guides/vscode-e2e.md:
# Debian's chromium and ripgrep, the -dev headers code-server's native modules build against, and
# code-server 4.100.3 (the last release for Node 20) in its own cache folder, never in the repo.
# Idempotent: every step is skipped when its result is already there. Prints the code-server path last.
set -euo pipefail

CS_VERSION=4.100.3
CS_PREFIX=${PACKER_STUDIO_CODE_SERVER:-${XDG_CACHE_HOME:-$HOME/.cache}/packer-studio/code-server}
CS_BIN="$CS_PREFIX/node_modules/.bin/code-server"
# @vscode/ripgrep's version inside code-server 4.100.3, and the ripgrep release tag its postinstall downloads.
RG_PKG_VERSION=1.15.11
RG_TAG=v13.0.0-10

log() { echo "e2e-setup: $*" >&2; }

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v rg >/dev/null || need_apt+=(ripgrep)
for pkg in libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  log "installing ${need_apt[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if [ -x "$CS_BIN" ] && "$CS_BIN" --version 2>/dev/null | grep -q "^$CS_VERSION "; then
  log "code-server $CS_VERSION already installed"
else
  log "installing code-server $CS_VERSION into $CS_PREFIX (about a minute)"
  # The ripgrep postinstall would download from the network; it looks in its cache first, so seed it with
  # Debian's rg. The install must see the same TMPDIR.
  seed_tmp=$(mktemp -d)
  cache="$seed_tmp/vscode-ripgrep-cache-$RG_PKG_VERSION"
  mkdir -p "$cache"
  tar -C "$(dirname "$(command -v rg)")" -czf "$cache/ripgrep-$RG_TAG-x86_64-unknown-linux-musl.tar.gz" rg
  mkdir -p "$CS_PREFIX"
  [ -f "$CS_PREFIX/package.json" ] || echo '{"private":true}' >"$CS_PREFIX/package.json"
  (cd "$CS_PREFIX" && TMPDIR="$seed_tmp" npm_config_yes=true npm_config_unsafe_perm=true \
    npm install --no-audit --no-fund --save-exact "code-server@$CS_VERSION" >/dev/null)
  rm -rf "$seed_tmp"
  "$CS_BIN" --version | grep -q "^$CS_VERSION " || { log "code-server did not install"; exit 1; }
fi
echo "$CS_BIN"
