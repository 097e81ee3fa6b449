// Package goenvfile holds the checks of the catalog table "The go/env file and values" that are
// about the user go/env file itself: lines the go command misreads, empty values that hide
// $GOROOT/go.env, values the environment overrides, and a written GOROOT.
package goenvfile

import "github.com/go-env-doctor/go-env-doctor/server/internal/check"

// Checks returns the checks of this table.
func Checks() []check.Check {
	return []check.Check{
		goenvFileSyntax,
		goenvEmptyValue,
		goenvShadowed,
		goenvGoroot,
	}
}
