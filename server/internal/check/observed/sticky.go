package observed

import (
	"fmt"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/model"
	"github.com/go-env-doctor/go-env-doctor/server/internal/report"
	"github.com/go-env-doctor/go-env-doctor/server/internal/resolve"
)

// stickyExtensionEnv: vscode-go's updateGoVarsFromConfig copies GOPATH, GOPROXY, GOBIN and
// GOMODCACHE from `go env` into the extension host's process.env at activation, only when they
// are unset there, and never takes them back. Every gopls, test and debug session it starts
// later inherits the copy as a real variable, which beats the go/env file. When `go env` would
// now give something else, only a window reload makes a fresh copy.
var stickyExtensionEnv = check.Check{
	ID:       "sticky-extension-env",
	Severity: check.Warning,
	Summary:  "the extension host holds a value copied from `go env` at activation that no longer matches the go/env file or shell",
	Run: func(ws *check.Workspace) []check.Finding {
		live := ws.Input.HostLive
		if live == nil || ws.World == nil {
			return nil
		}
		started := ws.Input.Shell.Vars
		if ws.Input.Host != nil {
			started = ws.Input.Host.Vars
		}
		now := resolve.ActivationCopies(ws.Input, ws.World)
		var out []check.Finding
		for _, name := range resolve.ActivationVars {
			held := live[name]
			if held == "" || started[name] != "" {
				continue // not a copy: the host started with it, or nothing was copied
			}
			want, ok := now[name]
			if ok && want.Value == held {
				continue
			}
			ctxs := reached(ws.Contexts, name)
			if len(ctxs) == 0 {
				continue // every context overrides it (go.toolsEnvVars, launch env): the copy is dead
			}
			msg := fmt.Sprintf("VS Code's extension host holds %s=%s, which vscode-go copied from `go env` when it activated", name, report.Display(name, held))
			var loc *check.Location
			if ok {
				src := want
				if want.CopiedFrom != nil {
					src = *want.CopiedFrom
					loc = check.At(src)
				}
				msg += fmt.Sprintf("; `go env` now gives %s (%s)", report.Display(name, want.Value), report.DescribeOrigin(src))
			} else {
				msg += "; `go env` now gives nothing for it"
			}
			msg += ". gopls, tests and debug sessions started from this window inherit the old copy as a real environment variable, which beats the go/env file, so restarting gopls does not help: reload the window."
			fix := check.Reload()
			fix.Preferred = true
			out = append(out, check.Finding{Severity: check.Warning, Message: msg, Location: loc,
				Contexts: ctxs, Fixes: []check.Fix{fix}})
		}
		return out
	},
}

// reached lists the contexts vscode-go starts from the extension host in which the host's
// value of name is the one that counts (nothing on top of it), once per id.
func reached(ctxs []*model.Context, name string) []string {
	seen := map[string]bool{}
	var out []string
	for _, c := range ctxs {
		switch c.Kind {
		case model.Gopls, model.Test, model.TestDebug, model.Delve:
		default:
			continue
		}
		if v := c.Get(name); v != nil && v.Origin.Layer == model.LayerActivation && !seen[c.ID] {
			seen[c.ID] = true
			out = append(out, c.ID)
		}
	}
	return out
}
