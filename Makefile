# Go Env Doctor — developer entry points. `make test` is what CI runs (.ci/run).
GO ?= go
FUZZTIME ?= 10s

.PHONY: test vet unit fuzz fuzz-long build doctor ext vsix vsix-linux-x64

# Everything CI checks: formatting, vet, every Go test (including the differential test against
# the real go command and the golden workspaces), and a short run of every fuzz target.
test: vet unit fuzz

vet:
	@test -z "$$(gofmt -l server)" || { echo "gofmt needed:"; gofmt -l server; exit 1; }
	$(GO) vet ./...

unit:
	$(GO) test -count=1 ./...

# Each fuzz target for FUZZTIME (10s in CI; `make fuzz-long` runs them for 5 minutes each).
fuzz:
	@set -e; for pkg in $$($(GO) list ./server/...); do \
	  for t in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
	    echo "fuzz $$pkg $$t"; $(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) $$pkg; \
	  done; done

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
