// Package modules holds the checks of the catalog table "The go/env file and values" that
// need the module itself or the go command's flags: GOPRIVATE-style pattern lists, private
// requirements of go.mod, the toolchain go.mod asks for, GOFLAGS and vendor mode.
package modules

import "github.com/go-env-doctor/go-env-doctor/server/internal/check"

// Checks returns the checks of this package.
func Checks() []check.Check {
	return []check.Check{}
}
