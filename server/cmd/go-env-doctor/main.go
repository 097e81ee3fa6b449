// Command go-env-doctor shows which Go environment (GOPROXY, GOSUMDB, GOPRIVATE, GOFLAGS,
// GOTOOLCHAIN, HTTP proxies) every part of VS Code really uses, where each value came from,
// and where they disagree. See `go-env-doctor help`.
package main

import (
	"os"

	"github.com/go-env-doctor/go-env-doctor/server/internal/cli"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], cli.OSIO()))
}
