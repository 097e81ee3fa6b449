#!/usr/bin/env bash
# Measures go-env-doctor on this machine and writes docs/PERFORMANCE.md (`make bench`):
#   1-2. `go-env-doctor check` on one folder and on a 50-folder workspace, each interleaved with
#        `go env -json` runs, counting the `go` processes it starts;
#   3-4. the language server: settings change → status latency, `go` runs, idle memory;
#        the size of every platform's VSIX;
#   5.   extension activation → first status-bar text in code-server (the e2e status-bar scenario);
#   and the Go benchmarks of resolution and checks on large inputs.
# The measuring harness is server/cmd/go-env-doctor-bench (server/internal/bench).
#
# Environment:
#   BENCH_SKIP_VSIX=1   reuse dist/go-env-doctor-<target>.vsix (package only the missing ones)
#                       instead of packaging all 7 targets, which takes a few minutes
#   BENCH_SKIP_E2E=1    do not run `bash test/e2e/run.sh status-bar` (code-server, minutes)
#   BENCH_N             interleaved runs of each command (default 30)
#   BENCH_CHANGES       editor-state changes timed in the language server (default 200)
#   BENCH_OUT           the report (default docs/PERFORMANCE.md)
#   BENCH_QUIET_WAIT    how long to wait before measuring for the 1-minute load average to drop
#                       below half the cores (default 5m; the report says how it went)
#
# Scratch files and logs: test/.work/bench. Needs go, node/npm (packaging) and, for the e2e
# figure, what test/e2e/run.sh installs on first use.
set -euo pipefail
cd "$(dirname "$0")/.."

GO=${GO:-go}
WORK=test/.work/bench
OUT=${BENCH_OUT:-docs/PERFORMANCE.md}
N=${BENCH_N:-30}
CHANGES=${BENCH_CHANGES:-200}
ALL_TARGETS=(linux-x64 linux-arm64 darwin-x64 darwin-arm64 win32-x64 win32-arm64 alpine-x64)
T0=$(date +%s)
say() { printf '[bench %4ss] %s\n' "$(( $(date +%s) - T0 ))" "$*" >&2; }

rm -rf "$WORK"
mkdir -p "$WORK"
GO_BIN=$(command -v "$GO") || { echo "bench: $GO is not on PATH" >&2; exit 2; }

# --- the binary to measure, built as scripts/package-vsix.sh builds the shipped one -------------
VERSION=$(node -p "require('./package.json').version" 2>/dev/null || echo dev)
say "building go-env-doctor (CGO_ENABLED=0, -trimpath, -s -w, as shipped) and the harness"
CGO_ENABLED=0 "$GO" build -trimpath \
  -ldflags "-s -w -X github.com/go-env-doctor/go-env-doctor/server/internal/cli.Version=${VERSION}" \
  -o "$WORK/go-env-doctor" ./server/cmd/go-env-doctor
"$GO" build -o "$WORK/go-env-doctor-bench" ./server/cmd/go-env-doctor-bench

# --- VSIX sizes ------------------------------------------------------------------------------------
missing=()
for t in "${ALL_TARGETS[@]}"; do [ -f "dist/go-env-doctor-$t.vsix" ] || missing+=("$t"); done
if [ "${BENCH_SKIP_VSIX:-}" = 1 ]; then
  if [ ${#missing[@]} -gt 0 ]; then
    say "packaging the missing VSIXs: ${missing[*]}"
    GO=$GO bash scripts/package-vsix.sh "${missing[@]}" >"$WORK/package-vsix.log" 2>&1 \
      || { tail -n 30 "$WORK/package-vsix.log" >&2; exit 1; }
    VSIX_NOTE="BENCH_SKIP_VSIX=1: existing files reused, missing ones (${missing[*]}) packaged by this run"
  else
    VSIX_NOTE="BENCH_SKIP_VSIX=1: the files already in dist/ were reused, not rebuilt by this run"
  fi
else
  say "packaging all ${#ALL_TARGETS[@]} VSIXs (bash scripts/package-vsix.sh; a few minutes)"
  GO=$GO bash scripts/package-vsix.sh >"$WORK/package-vsix.log" 2>&1 \
    || { tail -n 30 "$WORK/package-vsix.log" >&2; exit 1; }
  VSIX_NOTE="all targets packaged by this run"
fi

# --- extension activation → first status-bar text (e2e) -------------------------------------------
E2E_ARGS=()
TIMINGS=test/.work/e2e/artifacts/timings.json
if [ "${BENCH_SKIP_E2E:-}" = 1 ]; then
  E2E_NOTE="skipped (BENCH_SKIP_E2E=1)"
else
  say "bash test/e2e/run.sh status-bar (log: $WORK/e2e.log)"
  rm -f "$TIMINGS"
  set +e
  GED_E2E_VSIX=$PWD/dist/go-env-doctor-linux-x64.vsix bash test/e2e/run.sh status-bar >"$WORK/e2e.log" 2>&1
  rc=$?
  set -e
  if [ $rc -eq 0 ] && [ -f "$TIMINGS" ]; then
    E2E_NOTE="the status-bar scenario passed"
    cp "$TIMINGS" "$WORK/timings.json"
    E2E_ARGS=(-e2e "$WORK/timings.json")
  else
    E2E_NOTE="the e2e run failed (exit $rc; see $WORK/e2e.log)"
    tail -n 30 "$WORK/e2e.log" >&2
  fi
fi

# --- Go benchmarks ---------------------------------------------------------------------------------
GOBENCH_CMD="go test -run '^\$' -bench . -benchmem -count 1 ./server/internal/resolve ./server/internal/catalog"
say "$GOBENCH_CMD"
"$GO" test -run '^$' -bench . -benchmem -count 1 ./server/internal/resolve ./server/internal/catalog >"$WORK/gobench.txt"

# --- the side-by-side measurements, last, with nothing else of this script running --------------
say "measuring (N=$N interleaved runs, $CHANGES editor-state changes)"
"$WORK/go-env-doctor-bench" -ged "$WORK/go-env-doctor" -go "$GO_BIN" -n "$N" -changes "$CHANGES" -quiet-wait "${BENCH_QUIET_WAIT:-5m}" \
  -gobench "$WORK/gobench.txt" -gobench-cmd "$GOBENCH_CMD" \
  -vsix-dir dist -vsix-note "$VSIX_NOTE" "${E2E_ARGS[@]}" -e2e-note "$E2E_NOTE" \
  -out "$OUT" -json "$WORK/results.json"
say "wrote $OUT (raw results: $WORK/results.json)"
