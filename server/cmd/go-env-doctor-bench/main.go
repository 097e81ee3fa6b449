// Command go-env-doctor-bench measures go-env-doctor against the go command on this machine
// and writes docs/PERFORMANCE.md. Run it through `make bench` (scripts/bench.sh), which builds
// the binary to measure and gathers the Go benchmarks, the VSIX files and the e2e timings.
package main

import (
	"os"

	"github.com/go-env-doctor/go-env-doctor/server/internal/bench"
)

func main() {
	os.Exit(bench.Main(os.Args[1:], os.Stderr))
}
