package placement

import (
	"fmt"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/jsonc"
	"github.com/go-env-doctor/go-env-doctor/server/internal/model"
	"github.com/go-env-doctor/go-env-doctor/server/internal/resolve"
	"github.com/go-env-doctor/go-env-doctor/server/internal/vscode"
)

// multirootGoplsEnv: vscode-go starts one gopls for all folders with
// toolExecutionEnvironment() of the active editor (goLanguageServer.ts
// buildLanguageServerConfig), so folder-scoped go.toolsEnvVars reach gopls only for the folder
// that was focused when gopls (re)started. gopls's build.env is pulled per folder
// (workspace/configuration with scopeUri) and beats the process environment.
//
// One finding per folder whose folder settings set the variable, at that entry. The finding
// stays until every folder whose gopls value can flip pins it in its own build.env.
var multirootGoplsEnv = check.Check{
	ID:       "multiroot-gopls-env",
	Severity: check.Warning,
	Summary:  "folders of a multi-root workspace set different go.toolsEnvVars for a download variable; one gopls gets only the active editor's",
	Run:      runMultirootGoplsEnv,
}

// folderValue is a folder's own go.toolsEnvVars value of a variable (folder scope).
type folderValue struct {
	folder resolve.Folder
	set    bool
	value  string
	origin model.Origin
}

func runMultirootGoplsEnv(ws *check.Workspace) []check.Finding {
	folders := ws.Folders()
	if len(folders) < 2 {
		return nil
	}
	var out []check.Finding
	for _, k := range resolve.DownloadVars {
		var vals []folderValue
		distinct := map[string]bool{}
		for _, f := range folders {
			fv := folderValue{folder: f}
			if g := ws.Context(f.Path, "gopls"); g != nil {
				if v := g.Get(k); v != nil {
					for _, o := range append([]model.Origin{v.Origin}, v.Overridden...) {
						if o.Layer == model.Scoped(model.LayerToolsEnvVars, string(vscode.ScopeFolder)) {
							fv.set, fv.value, fv.origin = true, o.Value, o
							break // the first is the highest
						}
					}
				}
			}
			vals = append(vals, fv)
			// Compare what gopls would get with this folder's editor active, not whether the
			// folder writes the setting: a folder that repeats the value the others inherit
			// changes nothing.
			key := ""
			if g := ws.Context(f.Path, "gopls"); g != nil && g.Get(k) != nil {
				key = g.Get(k).Value
				if top, ok := envTop(g.Get(k)); ok && layerBase(top.Layer) == model.LayerBuildEnv {
					key = fv.value // build.env is per folder; the process value is what flips
					if !fv.set {
						key = "\x00inherited"
					}
				}
			}
			distinct[key] = true
		}
		if len(distinct) < 2 {
			continue
		}
		// Folders whose gopls value depends on the focused editor: not pinned by build.env.
		var affected []folderValue
		for _, fv := range vals {
			g := ws.Context(fv.folder.Path, "gopls")
			if g == nil {
				continue
			}
			if top, ok := envTop(g.Get(k)); ok && layerBase(top.Layer) == model.LayerBuildEnv {
				continue
			}
			affected = append(affected, fv)
		}
		if len(affected) == 0 {
			continue
		}
		for _, fv := range vals {
			if !fv.set {
				continue
			}
			out = append(out, multirootFinding(ws, k, fv, vals, affected))
		}
	}
	return out
}

func multirootFinding(ws *check.Workspace, k string, fv folderValue, vals, affected []folderValue) check.Finding {
	var others []string
	for _, o := range vals {
		if o.folder.Path == fv.folder.Path {
			continue
		}
		if o.set {
			others = append(others, fmt.Sprintf("%s sets %s", o.folder.Name, show(k, o.value)))
		} else {
			others = append(others, o.folder.Name+" does not set it")
		}
	}
	msg := fmt.Sprintf("go.toolsEnvVars.%s in the folder settings of %s is %s, while %s. vscode-go starts one gopls for the whole workspace, with the go.toolsEnvVars of the folder whose file was active when gopls started, so every folder gets that folder's %s — which one depends on the focused editor. gopls's build.env is read per folder, so a value pinned there holds for that folder whatever editor is active.",
		k, fv.folder.Name, show(k, fv.value), joinAnd(others), k)
	var fixes []check.Fix
	var skipped []string
	for _, a := range affected {
		g := ws.Context(a.folder.Path, "gopls")
		val := g.Get(k).Value
		s := a.folder.Settings
		if s == nil || s.Path == "" {
			continue
		}
		if hasCredentials(k, val) && !writtenAs(s, k, val) {
			skipped = append(skipped, a.folder.Name)
			continue // never copy a credential from the environment into a settings file
		}
		key := vscode.GoplsBuildEnvKey(s.Get("gopls"))
		fix := setting(s, fmt.Sprintf("pin %s for folder %s: set gopls %s.%s to %s in its folder settings (applies without a restart)", k, a.folder.Name, key, k, show(k, val)),
			check.Str(val), "gopls", key, k)
		fix.Preferred = a.folder.Path == fv.folder.Path
		fixes = append(fixes, fix)
	}
	if len(skipped) > 0 {
		msg += fmt.Sprintf(" No fix is offered for %s: its value carries credentials, which should not be copied into a settings file.", joinAnd(skipped))
	}
	if len(fixes) > 0 {
		has := false
		for _, f := range fixes {
			has = has || f.Preferred
		}
		if !has {
			fixes[0].Preferred = true
		}
	}
	return check.Finding{Message: msg, Folder: fv.folder.Path, Contexts: []string{"gopls"}, Location: check.At(fv.origin), Fixes: fixes}
}

// writtenAs reports whether folder settings s already hold val literally in go.toolsEnvVars.
func writtenAs(s *vscode.Settings, k, val string) bool {
	n := nodeAt(s.Root, []any{"go.toolsEnvVars", k})
	return n != nil && n.Kind == jsonc.String && n.Str == val
}
