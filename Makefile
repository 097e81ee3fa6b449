# Go Env Doctor — developer entry points. `make test` is what CI runs (.ci/run).
GO ?= go
FUZZTIME ?= 10s

.PHONY: test vet unit race fuzz fuzz-long build doctor ext vsix vsix-linux-x64 e2e bench

# Everything CI checks: formatting, vet, every Go test (including the differential test against
# the real go command, the golden workspaces and the language server over stdio), a short run of
# every fuzz target, the extension's typecheck/lint/unit tests, and the end-to-end suite in a
# real VS Code (code-server + Chromium; it installs what it needs on first run).
test: vet unit race fuzz ext e2e

vet:
	@test -z "$$(gofmt -l server)" || { echo "gofmt needed:"; gofmt -l server; exit 1; }
	$(GO) vet ./...

unit:
	$(GO) test -count=1 ./...

# The concurrent parts (language server, file watcher) under the race detector.
race:
	$(GO) test -race -count=1 ./server/internal/lsp/... ./server/internal/watch/...

# Each fuzz target for FUZZTIME (10s in CI; `make fuzz-long` runs them for 5 minutes each).
fuzz:
	GO=$(GO) FUZZTIME=$(FUZZTIME) bash scripts/fuzz.sh

fuzz-long:
	$(MAKE) fuzz FUZZTIME=5m

build:
	$(GO) build -o bin/go-env-doctor ./server/cmd/go-env-doctor

# Run the doctor on a folder: make doctor DIR=path/to/project
DIR ?= .
doctor:
	$(GO) run ./server/cmd/go-env-doctor explain $(DIR)
	$(GO) run ./server/cmd/go-env-doctor check $(DIR)

# The VS Code extension (TypeScript, extension/): install the pinned npm packages, typecheck,
# lint (type-aware), unit tests, bundle. Needs Node 20+ and the npm registry.
ext:
	npm ci
	npm run typecheck
	npm run lint
	npm test
	npm run build

# Platform VSIXs with the cross-compiled sidecar: dist/go-env-doctor-<target>.vsix.
vsix:
	bash scripts/package-vsix.sh

vsix-linux-x64:
	bash scripts/package-vsix.sh linux-x64

# End-to-end in code-server driven by Playwright: packages the linux-x64 VSIX, installs it and the
# test-only vscode-go stand-in, and runs the scenarios (screenshots in test/.work/e2e/artifacts).
e2e:
	bash test/e2e/run.sh

# Performance figures, measured on this machine, into docs/PERFORMANCE.md (not part of `make test`):
# check vs `go env -json` side by side, language-server latency and memory, VSIX sizes, the e2e
# status-bar timing, and the Go benchmarks. Packages every VSIX and runs the e2e status-bar
# scenario (minutes); BENCH_SKIP_VSIX=1 / BENCH_SKIP_E2E=1 skip those. See scripts/bench.sh.
bench:
	GO=$(GO) bash scripts/bench.sh
