// Package remotes holds the checks of the "Remote, WSL, containers" table: what goes wrong
// when VS Code's window and the Go tools are on different machines, above all in Remote-WSL.
package remotes

import (
	"slices"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/remote"
)

// Checks returns the checks of this table.
func Checks() []check.Check {
	return []check.Check{wslLocalhostProxy, wslSlowCache, wslWindowsGoenv, wslWindowsPath, wslWindowsGo, remoteEnvSource}
}

// wslOf returns the WSL the Go tools run in, or nil.
func wslOf(ws *check.Workspace) *remote.WSL {
	if ws.Input == nil || ws.Input.System == nil {
		return nil
	}
	return ws.Input.System.WSL
}

func withPreferred(f check.Fix) check.Fix {
	f.Preferred = true
	return f
}

// usesByPlace groups the values of names by the place that sets them, for checks that report a
// place once: http.proxy sets HTTP_PROXY and HTTPS_PROXY at one line, and vscode-go's
// activation copy of a go/env value is that go/env line. keep selects the values to report.
func usesByPlace(ws *check.Workspace, keep func(check.ValueUse) bool, names ...string) []check.ValueUse {
	var out []check.ValueUse
	idx := map[string]int{}
	for _, name := range names {
		for _, u := range ws.UsesAcrossFolders(name) {
			if !keep(u) {
				continue
			}
			if from := u.Var.Origin.CopiedFrom; from != nil {
				v := *u.Var
				v.Origin = *from
				u.Var = &v
			}
			key := string(u.Var.Origin.Layer) + "\x00" + u.Var.Origin.Where()
			i, seen := idx[key]
			if !seen {
				idx[key] = len(out)
				out = append(out, u)
				continue
			}
			if out[i].Folder != u.Folder {
				out[i].Folder = ""
			}
			for _, c := range u.Contexts {
				if !slices.Contains(out[i].Contexts, c) {
					out[i].Contexts = append(out[i].Contexts, c)
				}
			}
		}
	}
	return out
}
