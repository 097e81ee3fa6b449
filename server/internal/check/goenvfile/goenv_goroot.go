package goenvfile

import (
	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
)

// goenvGoroot: `go env -w GOROOT=…` is accepted, yet GOROOT belongs to the installation; a
// written GOROOT outlives upgrades and, when wrong, breaks every go command including
// `go env -u GOROOT` (reference/go-env.md §1.3).
var goenvGoroot = check.Check{
	ID:       "goenv-goroot",
	Severity: check.Error,
	Summary:  "GOROOT is written into the user go/env file",
	Run: func(ws *check.Workspace) []check.Finding {
		var out []check.Finding
		for _, use := range ws.GoEnvFiles() {
			l, ok := use.File.Lookup("GOROOT")
			if !ok || l.Value == "" {
				continue
			}
			msg := "GOROOT=" + l.Value + " is written into the user go/env file. The go command finds its own GOROOT next to the go binary; a written one outlives Go upgrades and sends go to the wrong installation"
			env := map[string]string(nil)
			if !ws.IsDir(l.Value) {
				msg += ". That directory does not exist, so every go command fails with \"cannot find GOROOT directory\" — including `go env -u GOROOT`, which therefore needs a working GOROOT in its environment"
			}
			for _, c := range use.Contexts {
				if g := ws.DiscoverGoroot(c.Env["PATH"]); g != "" && g != l.Value {
					env = map[string]string{"GOROOT": g}
					break
				}
			}
			if env == nil && !ws.IsDir(l.Value) {
				env = map[string]string{"GOROOT": "/path/to/your/go"}
			}
			out = append(out, check.Finding{
				Message:  msg + ".",
				Contexts: check.IDs(use.Contexts),
				Location: &check.Location{File: use.File.Path, Line: l.Line, Column: 1},
				Fixes: []check.Fix{
					withPreferred(check.GoEnvU(use.File.Path, "GOROOT", "remove GOROOT from the go/env file (go env -u GOROOT)", env)),
				},
			})
		}
		return out
	},
}

func withPreferred(f check.Fix) check.Fix {
	f.Preferred = true
	return f
}
