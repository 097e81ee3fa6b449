package placement

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/envfile"
	"github.com/go-env-doctor/go-env-doctor/server/internal/resolve"
	"github.com/go-env-doctor/go-env-doctor/server/internal/subst"
)

// envfileUnused: a .env at a folder root that sets download variables, but that no launch
// configuration (envFile) and no go.testEnvFile of the folder loads. Nothing in VS Code or
// vscode-go reads .env by itself, gopls included: the values are dead unless a tool such as
// direnv or the shell loads them.
var envfileUnused = check.Check{
	ID:       "envfile-unused",
	Severity: check.Info,
	Summary:  "a workspace .env file sets Go variables that no context loads (gopls never reads .env)",
	Run:      runEnvfileUnused,
}

// isDownloadVar reports whether an env-file key is a download variable (or the lowercase
// spelling of a proxy variable, which net/http also reads).
func isDownloadVar(k string) bool {
	if lowerProxyVars[k] {
		return true
	}
	for _, v := range resolve.DownloadVars {
		if v == k {
			return true
		}
	}
	return false
}

func runEnvfileUnused(ws *check.Workspace) []check.Finding {
	var out []check.Finding
	for _, f := range ws.Folders() {
		p := filepath.Join(f.Path, ".env")
		data, err := ws.ReadFile(p)
		if err != nil {
			continue
		}
		entries, _ := envfile.Parse(data, nil)
		var vars []envfile.Entry
		seen := map[string]bool{}
		for _, e := range entries {
			if isDownloadVar(e.Key) && !seen[e.Key] {
				seen[e.Key] = true
				vars = append(vars, e)
			}
		}
		if len(vars) == 0 || envFileLoaded(ws, f, p) {
			continue
		}
		var names []string
		for _, e := range vars {
			names = append(names, e.Key)
		}
		msg := fmt.Sprintf("%s sets %s, but no launch configuration (envFile) and no go.testEnvFile of folder %s loads it. VS Code and vscode-go never read a .env file on their own, so these values reach no editor context. Loading it as go.testEnvFile makes tests use it; gopls still will not read it — for gopls, put the variables into go.toolsEnvVars.",
			p, strings.Join(names, ", "), f.Name)
		var fixes []check.Fix
		if v, _, _ := testEnvFileSetting(ws, f); strings.TrimSpace(v) == "" {
			if s := folderTarget(ws, f); s != nil {
				fixes = append(fixes, preferred(setting(s, "load it for tests: set go.testEnvFile to ${workspaceFolder}/.env in "+scopeName(s)+" (gopls still will not read it)",
					check.Str("${workspaceFolder}/.env"), "go.testEnvFile")))
			}
		}
		if s := folderTarget(ws, f); s != nil {
			for _, e := range vars {
				if hasCredentials(e.Key, e.Value) || strings.Contains(e.Raw, "${") {
					continue // never copy a credential or an unexpanded reference into settings
				}
				fixes = append(fixes, setting(s, fmt.Sprintf("for gopls: set go.toolsEnvVars.%s to %s in %s", e.Key, show(e.Key, e.Value), scopeName(s)),
					check.Str(e.Value), "go.toolsEnvVars", e.Key))
			}
		}
		out = append(out, check.Finding{Message: msg, Folder: f.Path, Contexts: []string{}, Location: &check.Location{File: p, Line: vars[0].Line, Column: 1}, Fixes: fixes})
	}
	return out
}

// envFileLoaded reports whether a launch configuration or go.testEnvFile of f points at p.
func envFileLoaded(ws *check.Workspace, f resolve.Folder, p string) bool {
	res := vscodeResolver(ws, f)
	for _, lc := range f.Launch {
		for _, ef := range lc.EnvFiles {
			if q, _ := res.Resolve(ef.Value); samePath(q, p) {
				return true
			}
		}
	}
	if v, _, _ := testEnvFileSetting(ws, f); strings.TrimSpace(v) != "" {
		if samePath(subst.GoExtPath(v, f.Path, homeOf(hostEnv(ws), ws.Input.GOOS)), p) {
			return true
		}
		if q, _ := res.Resolve(v); samePath(q, p) {
			return true
		}
	}
	return false
}
