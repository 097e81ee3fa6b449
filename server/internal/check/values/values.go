// Package values holds the checks of the catalog table "The go/env file and values" about the
// download route: GOPROXY, GOSUMDB, GOINSECURE and credentials in proxy URLs.
package values

import "github.com/go-env-doctor/go-env-doctor/server/internal/check"

// Checks returns the checks of this package.
func Checks() []check.Check {
	return []check.Check{}
}
