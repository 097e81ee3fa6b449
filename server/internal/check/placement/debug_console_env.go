package placement

import (
	"fmt"
	"strings"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/model"
	"github.com/go-env-doctor/go-env-doctor/server/internal/resolve"
	"github.com/go-env-doctor/go-env-doctor/server/internal/vscode"
)

// debugConsoleEnv: with console integratedTerminal/externalTerminal, vscode-go starts Delve
// through a runInTerminal request whose env is not merged with the extension host's
// process.env (goDebugFactory.ts startDAPServerWithClientAddrFlag), so the session starts from
// the terminal environment. Reported when that makes a download variable differ from gopls's.
var debugConsoleEnv = check.Check{
	ID:       "debug-console-env",
	Severity: check.Info,
	Summary:  "a go launch configuration uses console integratedTerminal/externalTerminal, so the program starts from the terminal env, not the extension host's",
	Run:      runDebugConsoleEnv,
}

func runDebugConsoleEnv(ws *check.Workspace) []check.Finding {
	var out []check.Finding
	for _, f := range ws.Folders() {
		gopls := ws.Context(f.Path, "gopls")
		for _, lc := range f.Launch {
			if lc.Type != "go" || (lc.Console != "integratedTerminal" && lc.Console != "externalTerminal") {
				continue
			}
			d := ws.Context(f.Path, "delve:"+lc.Name)
			if d == nil || gopls == nil {
				continue
			}
			var diffs []string
			for _, k := range resolve.DownloadVars {
				dv, gv := d.Get(k), gopls.Get(k)
				if dv == nil || gv == nil || dv.Value == gv.Value {
					continue
				}
				if top, ok := envTop(dv); ok && check.IsContextOverride(top.Layer) {
					continue // the configuration's own env: launch-env-override
				}
				if layerBase(gv.Origin.Layer) == model.LayerBuildEnv {
					continue // gopls.build.env reaches no debug session, whatever the console
				}
				if dv.Origin.Layer == model.LayerDerived && gv.Origin.Layer == model.LayerDerived {
					continue // follows GOPRIVATE, listed already
				}
				diffs = append(diffs, fmt.Sprintf("%s is %s there but %s in gopls", k, show(k, dv.Value), show(k, gv.Value)))
			}
			if len(diffs) == 0 {
				continue
			}
			msg := fmt.Sprintf("Launch configuration %s uses \"console\": %s, so vscode-go asks VS Code to start Delve in a terminal with only the session's env, not the extension host's environment: the build and the program start from the terminal environment. %s.",
				quote(lc.Name), quote(lc.Console), upperFirst(strings.Join(diffs, "; ")))
			var location *check.Location
			consolePath := vscode.JSONPath(lc.Path, "console")
			if root := readJSONC(ws, lc.File); root != nil {
				if n := nodeAt(root, consolePath); n != nil {
					location = loc(lc.File, n.Start)
				}
			}
			if location == nil {
				location = loc(lc.File, lc.Pos)
			}
			fix := check.Fix{Title: "set \"console\" to \"internalConsole\" (the session then starts from the extension host's environment; the program gets no terminal stdin)",
				Kind: check.Edit, File: lc.File, JSON: &check.JSONChange{Path: consolePath, Value: check.Str("internalConsole")}}
			out = append(out, check.Finding{Message: msg, Folder: f.Path, Contexts: []string{d.ID}, Location: location, Fixes: []check.Fix{fix}})
		}
	}
	return out
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
