#!/usr/bin/env bash
# Builds one platform-specific VSIX per target, each with only that target's go-env-doctor binary.
#
#   bash scripts/package-vsix.sh                 all targets
#   bash scripts/package-vsix.sh linux-x64 ...   only these
#
# Output: dist/go-env-doctor-<target>.vsix. Runs without prompts (CI=true, no stdin). Package on
# Linux or macOS: the binary's exec bit must survive in the zip (checked below).
set -euo pipefail
cd "$(dirname "$0")/.."

ALL_TARGETS=(linux-x64 linux-arm64 darwin-x64 darwin-arm64 win32-x64 win32-arm64 alpine-x64)
if [ $# -gt 0 ]; then targets=("$@"); else targets=("${ALL_TARGETS[@]}"); fi

export CI=true
GO=${GO:-go}
VERSION=$(node -p "require('./package.json').version")
LDFLAGS="-s -w -X github.com/go-env-doctor/go-env-doctor/server/internal/cli.Version=${VERSION}"

# VS Code target → GOOS/GOARCH. alpine-x64 is a static linux/amd64 binary (CGO_ENABLED=0).
go_platform() {
  case "$1" in
    linux-x64 | alpine-x64) echo "linux amd64" ;;
    linux-arm64) echo "linux arm64" ;;
    darwin-x64) echo "darwin amd64" ;;
    darwin-arm64) echo "darwin arm64" ;;
    win32-x64) echo "windows amd64" ;;
    win32-arm64) echo "windows arm64" ;;
    *) return 1 ;;
  esac
}

for t in "${targets[@]}"; do
  go_platform "$t" >/dev/null || { echo "unknown target $t (known: ${ALL_TARGETS[*]})" >&2; exit 2; }
done

mkdir -p dist
# bin/ and dist/ are shared: two packaging runs in one tree (say, the e2e tests and a developer)
# would swap binaries under each other. One at a time (flock is on Linux; not on stock macOS).
if command -v flock >/dev/null 2>&1; then
  exec 9>dist/.package-vsix.lock
  flock -n 9 || { echo "waiting for another package-vsix.sh run in this tree…"; flock 9; }
fi

[ -d node_modules ] || npm ci
npm run --silent build

sizes=()
for t in "${targets[@]}"; do
  read -r goos goarch < <(go_platform "$t")
  exe=go-env-doctor
  [ "$goos" = windows ] && exe=go-env-doctor.exe
  echo "== $t ($goos/$goarch)"
  rm -rf bin
  mkdir -p bin
  CGO_ENABLED=0 GOOS=$goos GOARCH=$goarch "$GO" build -trimpath -ldflags "$LDFLAGS" -o "bin/$exe" ./server/cmd/go-env-doctor
  # The staged binary must be this target's (a stale or swapped bin/ once shipped another one).
  built=$("$GO" version -m "bin/$exe" | awk '$1 == "build" && ($2 ~ /^GOOS=/ || $2 ~ /^GOARCH=/) {printf "%s ", $2}')
  if [ "$built" != "GOARCH=$goarch GOOS=$goos " ]; then
    echo "bin/$exe is not a $goos/$goarch binary (${built:-no build info})" >&2
    exit 1
  fi
  out="dist/go-env-doctor-$t.vsix"
  rm -f "$out"
  # --no-dependencies: the extension is one esbuild bundle. --no-rewrite-relative-links: README
  # images stay relative (the SVGs ship in the VSIX; the Marketplace would reject SVG links).
  npx --no-install vsce package --no-dependencies --no-rewrite-relative-links --target "$t" -o "$out" </dev/null
  # The VSIX must hold exactly this binary, executable.
  python3 - "$out" "extension/bin/$exe" <<'PY'
import sys, zipfile
vsix, want = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(vsix) as z:
    names = z.namelist()
    bins = [n for n in names if n.startswith("extension/bin/")]
    if bins != [want]:
        sys.exit(f"{vsix}: expected only {want} under extension/bin/, found {bins}")
    mode = z.getinfo(want).external_attr >> 16
    if mode & 0o111 == 0:
        sys.exit(f"{vsix}: {want} is not executable (mode {oct(mode)})")
    if not any(n == "extension/extension/out/main.js" for n in names):
        sys.exit(f"{vsix}: the bundle extension/out/main.js is missing")
    print(f"{vsix}: {want} mode {oct(mode & 0o7777)}, {len(names)} files")
PY
  sizes+=("$(du -h "$out" | cut -f1)	$out")
done
rm -rf bin

echo
echo "VSIX sizes:"
printf '  %s\n' "${sizes[@]}"
