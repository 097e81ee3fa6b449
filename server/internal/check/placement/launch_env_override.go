package placement

import (
	"fmt"
	"strings"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/model"
	"github.com/go-env-doctor/go-env-doctor/server/internal/resolve"
)

// launchEnvOverride: a launch configuration's env / envFile win over go.toolsEnvVars for that
// debug session (goDebugConfiguration.ts: Object.assign(toolsEnv, fileEnvs, env)), so a download
// variable there makes the debugged build fetch differently from gopls.
var launchEnvOverride = check.Check{
	ID:       "launch-env-override",
	Severity: check.Info,
	Summary:  "a launch configuration's env / envFile changes a download variable",
	Run:      runLaunchEnvOverride,
}

func runLaunchEnvOverride(ws *check.Workspace) []check.Finding {
	var out []check.Finding
	for _, f := range ws.Folders() {
		for _, c := range ws.FolderContexts(f.Path) {
			if c.Kind != model.Delve {
				continue
			}
			for _, k := range resolve.DownloadVars {
				ovs, gv := overridesIn(ws, f.Path, k, []*model.Context{c}, model.LayerLaunchEnv, model.LayerLaunchEnvFile)
				for _, ov := range ovs {
					name := strings.TrimPrefix(c.ID, "delve:")
					what := fmt.Sprintf("env.%s of launch configuration %s", k, quote(name))
					how := "sets it to " + show(k, ov.value)
					if layerBase(ov.origin.Layer) == model.LayerLaunchEnvFile {
						what = fmt.Sprintf("%s in the envFile %s of launch configuration %s", k, ov.origin.File, quote(name))
					}
					if ov.origin.Unset {
						how = "removes it (the go command then uses " + show(k, ov.value) + ")"
					} else if ov.origin.Value == "" {
						how = "empties it (the go command then uses " + show(k, ov.value) + ")"
					}
					msg := fmt.Sprintf("%s %s, while gopls uses %s (from %s). vscode-go merges a debug session's environment as go.toolsEnvVars < envFile < env, so this session builds and downloads modules differently from gopls.",
						what, how, show(k, gv.Value), describe(gv.Origin))
					var fixes []check.Fix
					if fix, ok := check.RemoveAt(ov.origin, k, "remove "+what+" (the session then uses gopls's value)"); ok {
						fixes = append(fixes, preferred(fix))
					}
					out = append(out, check.Finding{Message: msg, Folder: f.Path, Contexts: ov.contexts, Location: check.At(ov.origin), Fixes: fixes})
				}
			}
		}
	}
	return out
}
