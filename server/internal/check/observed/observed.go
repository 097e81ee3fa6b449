// Package observed holds the checks that compare running processes with what the settings now
// produce: the env a process started with is fixed, so a changed setting reaches gopls, a debug
// session, a terminal or a task only when it is started again.
package observed

import (
	"fmt"
	"strconv"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/model"
	"github.com/go-env-doctor/go-env-doctor/server/internal/report"
	"github.com/go-env-doctor/go-env-doctor/server/internal/resolve"
)

// Checks returns the checks of this table.
func Checks() []check.Check {
	return []check.Check{goplsStaleEnv, runtimeEnvMismatch, stickyExtensionEnv}
}

// difference is one variable on which a running process and a fresh one disagree.
type difference struct {
	ctx     *model.Context
	name    string
	running *model.Var
	want    *model.Var
}

// differences lists, per context of the given kinds with an observation, the download
// variables on which the running process differs from a fresh one. A process serving several
// folders (one gopls) is reported once per variable.
func differences(ws *check.Workspace, kinds ...model.ContextKind) []difference {
	var out []difference
	seen := map[string]bool{}
	for _, c := range ws.Contexts {
		if c.Observed == nil || !isKind(c.Kind, kinds) {
			continue
		}
		for _, name := range c.Observed.Differences(resolve.DownloadVars) {
			key := c.ID + "\x00" + strconv.Itoa(c.Observed.PID) + "\x00" + name
			if seen[key] {
				continue
			}
			seen[key] = true
			out = append(out, difference{c, name, c.Observed.Vars[name], c.Observed.Intended[name]})
		}
	}
	return out
}

// locate is where the intended value is written; a vscode-go activation copy points at the
// go/env line it was copied from.
func locate(v *model.Var) *check.Location {
	if l := check.At(v.Origin); l != nil {
		return l
	}
	if v.Origin.CopiedFrom != nil {
		return check.At(*v.Origin.CopiedFrom)
	}
	return nil
}

func isKind(k model.ContextKind, kinds []model.ContextKind) bool {
	for _, x := range kinds {
		if k == x {
			return true
		}
	}
	return false
}

func shown(name string, v *model.Var) string {
	if v.Origin.Layer == model.LayerUnset {
		return "no " + name
	}
	return name + "=" + report.Display(name, v.Value)
}

func from(v *model.Var) string {
	return "(" + report.DescribeOrigin(v.Origin) + ")"
}

// fromGoFallback reports whether a value comes from the go command's own fallback (go/env
// file, go.env, default), directly or through vscode-go's activation copy of `go env`, rather
// than from a setting or the shell.
func fromGoFallback(v *model.Var) bool {
	switch v.Origin.Layer {
	case model.LayerUserGoEnv, model.LayerGorootEnv, model.LayerDefault, model.LayerUnset, model.LayerActivation:
		return true
	}
	return false
}

var goplsStaleEnv = check.Check{
	ID:       "gopls-stale-env",
	Severity: check.Warning,
	Summary:  "the running gopls process env differs from what its settings now produce",
	Run: func(ws *check.Workspace) []check.Finding {
		var out []check.Finding
		for _, d := range differences(ws, model.Gopls) {
			msg := fmt.Sprintf("gopls (PID %d) runs with %s %s, but its settings now give %s %s. gopls reads its environment once, when it starts, so it keeps using the old value until it restarts.",
				d.ctx.Observed.PID, shown(d.name, d.running), from(d.running), shown(d.name, d.want), from(d.want))
			fixes := []check.Fix{check.Restart()}
			fixes[0].Preferred = true
			if fromGoFallback(d.want) && !fromGoFallback(d.running) {
				// The new value is in the go/env file (or a default) while gopls has the old one as
				// a real variable: if that variable is vscode-go's activation copy, the extension
				// host still holds it and a restarted gopls inherits it again.
				msg += " The old value is a variable in gopls's environment; if VS Code's extension host holds it (vscode-go copies " + d.name + " from `go env` when it activates), only reloading the window clears it."
				fixes = append(fixes, check.Reload())
			}
			out = append(out, check.Finding{Severity: check.Warning, Message: msg, Folder: d.ctx.Folder,
				Contexts: []string{d.ctx.ID}, Location: locate(d.want), Fixes: fixes})
		}
		return out
	},
}

var runtimeEnvMismatch = check.Check{
	ID:       "runtime-env-mismatch",
	Severity: check.Warning,
	Summary:  "a running dlv, terminal or task process env differs from its intended env",
	Run: func(ws *check.Workspace) []check.Finding {
		var out []check.Finding
		for _, d := range differences(ws, model.Delve, model.Terminal, model.Task, model.Test, model.TestDebug) {
			what, how := "the process", "start it again"
			switch d.ctx.Kind {
			case model.Delve, model.TestDebug:
				what, how = "the debug session", "restart the debug session"
			case model.Terminal:
				what, how = "the terminal's shell", "open a new terminal (an existing one keeps the environment it started with)"
			case model.Task:
				what, how = "the task", "run the task again"
			}
			msg := fmt.Sprintf("%s of %s (PID %d) runs with %s %s, but one started now would get %s %s: %s.",
				what, d.ctx.ID, d.ctx.Observed.PID, shown(d.name, d.running), from(d.running), shown(d.name, d.want), from(d.want), how)
			out = append(out, check.Finding{Severity: check.Warning, Message: msg, Folder: d.ctx.Folder,
				Contexts: []string{d.ctx.ID}, Location: locate(d.want), Fixes: []check.Fix{}})
		}
		return out
	},
}
