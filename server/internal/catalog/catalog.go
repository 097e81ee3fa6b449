// Package catalog lists every check of the product, by catalog table. The CLI and the language
// server run catalog.All(); adding a check means adding it to its table's package.
package catalog

import (
	"sort"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/check/goenvfile"
	"github.com/go-env-doctor/go-env-doctor/server/internal/check/modules"
	"github.com/go-env-doctor/go-env-doctor/server/internal/check/network"
	"github.com/go-env-doctor/go-env-doctor/server/internal/check/observed"
	"github.com/go-env-doctor/go-env-doctor/server/internal/check/placement"
	"github.com/go-env-doctor/go-env-doctor/server/internal/check/remotes"
	"github.com/go-env-doctor/go-env-doctor/server/internal/check/values"
)

// All returns every check, sorted by id.
func All() []check.Check {
	var out []check.Check
	out = append(out, placement.Checks()...)
	out = append(out, goenvfile.Checks()...)
	out = append(out, values.Checks()...)
	out = append(out, modules.Checks()...)
	out = append(out, observed.Checks()...)
	out = append(out, network.Checks()...)
	out = append(out, remotes.Checks()...)
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Offline returns the checks that need no network.
func Offline() []check.Check {
	var out []check.Check
	for _, c := range All() {
		if !c.Network {
			out = append(out, c)
		}
	}
	return out
}

// ByID returns the check with id.
func ByID(id string) (check.Check, bool) {
	for _, c := range All() {
		if c.ID == id {
			return c, true
		}
	}
	return check.Check{}, false
}
