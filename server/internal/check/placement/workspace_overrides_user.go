package placement

import (
	"fmt"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/jsonc"
	"github.com/go-env-doctor/go-env-doctor/server/internal/resolve"
	"github.com/go-env-doctor/go-env-doctor/server/internal/vscode"
)

// workspaceOverridesUser: VS Code merges object settings key by key across user < remote <
// workspace < folder (ConfigurationModel.mergeContents), so a download variable in a
// workspace's go.toolsEnvVars or gopls build.env silently replaces the user's value for every
// Go tool of that workspace. Often deliberate, easy to forget: info.
var workspaceOverridesUser = check.Check{
	ID:       "workspace-overrides-user",
	Severity: check.Info,
	Summary:  "go.toolsEnvVars or gopls build.env in workspace/folder settings overrides a different user value of a download variable",
	Run:      runWorkspaceOverridesUser,
}

// envSetting is one of the two object settings compared: go.toolsEnvVars or gopls build.env.
type envSetting struct {
	name    string // for messages
	entries func(s *vscode.Settings) []vscode.EnvEntry
	path    func(s *vscode.Settings, k string) (string, []string) // setting key and members of k in s
}

var envSettings = []envSetting{
	{
		name:    "go.toolsEnvVars",
		entries: func(s *vscode.Settings) []vscode.EnvEntry { return vscode.EnvMap(s.Get("go.toolsEnvVars")) },
		path:    func(_ *vscode.Settings, k string) (string, []string) { return "go.toolsEnvVars", []string{k} },
	},
	{
		name:    "gopls build.env",
		entries: func(s *vscode.Settings) []vscode.EnvEntry { return vscode.GoplsBuildEnv(s.Get("gopls")) },
		path: func(s *vscode.Settings, k string) (string, []string) {
			return "gopls", []string{vscode.GoplsBuildEnvKey(s.Get("gopls")), k}
		},
	},
}

// scalar is the string a settings env entry gives (strings, and numbers for build.env).
func scalar(e vscode.EnvEntry) (string, bool) {
	if e.IsString() || e.Node.Kind == jsonc.Number {
		return valueText(e.Node)
	}
	return "", false
}

func lookupEntry(es []vscode.EnvEntry, k string) (vscode.EnvEntry, bool) {
	for _, e := range es {
		if e.Key == k {
			return e, true
		}
	}
	return vscode.EnvEntry{}, false
}

func runWorkspaceOverridesUser(ws *check.Workspace) []check.Finding {
	var out []check.Finding
	seen := map[string]bool{}
	for _, f := range ws.Folders() {
		scopes := ws.FolderScopes(f)
		for _, es := range envSettings {
			for _, k := range resolve.DownloadVars {
				// The user-level value: remote beats user.
				var upper *vscode.Settings
				var u vscode.EnvEntry
				for _, s := range scopes {
					if s.Scope != vscode.ScopeUser && s.Scope != vscode.ScopeRemote {
						continue
					}
					if e, ok := lookupEntry(es.entries(s), k); ok {
						if _, ok := scalar(e); ok {
							upper, u = s, e
						}
					}
				}
				if upper == nil {
					continue
				}
				uv, _ := scalar(u)
				for _, s := range scopes {
					if s.Scope != vscode.ScopeWorkspace && s.Scope != vscode.ScopeFolder {
						continue
					}
					e, ok := lookupEntry(es.entries(s), k)
					if !ok {
						continue
					}
					wv, ok := scalar(e)
					if !ok || wv == uv {
						continue
					}
					key := s.Path + "\x00" + es.name + "\x00" + k
					if seen[key] {
						continue
					}
					// The contexts where this entry is what the environment ends up with.
					var ids []string
					for _, ff := range foldersOf(ws, s) {
						for _, c := range ws.FolderContexts(ff.Path) {
							if top, ok := envTop(c.Get(k)); ok && sameLoc(top, s.Path, e.Node.Start) {
								ids = appendUnique(ids, c.ID)
							}
						}
					}
					if len(ids) == 0 {
						continue // a higher layer overrides it anyway
					}
					seen[key] = true
					msg := fmt.Sprintf("%s.%s in %s is %s, overriding %s from %s (%s:%d). VS Code merges %s key by key and the more specific scope wins, so every Go tool of this workspace (%s) uses %s, unlike your other projects.",
						es.name, k, scopeName(s), show(k, wv), show(k, uv), scopeName(upper), upper.Path, u.Node.Start.Line, es.name, joinAnd(ids), show(k, wv))
					if es.name == "go.toolsEnvVars" {
						msg += " If this is deliberate (a project that needs its own proxy), nothing needs to change."
					}
					key1, members := es.path(s, k)
					key2, members2 := es.path(upper, k)
					fixes := []check.Fix{
						preferred(setting(s, fmt.Sprintf("remove %s.%s from %s (use the user value %s)", es.name, k, scopeName(s), show(k, uv)), nil, key1, members...)),
						setting(upper, fmt.Sprintf("copy %s up: set %s.%s to %s in %s", show(k, wv), es.name, k, show(k, wv), scopeName(upper)), check.Str(wv), key2, members2...),
					}
					var folder string
					if fs := foldersOf(ws, s); len(fs) == 1 {
						folder = fs[0].Path
					}
					out = append(out, check.Finding{Message: msg, Folder: folder, Contexts: ids, Location: loc(s.Path, e.Node.Start), Fixes: fixes})
				}
			}
		}
	}
	return out
}

func appendUnique(s []string, v string) []string {
	for _, x := range s {
		if x == v {
			return s
		}
	}
	return append(s, v)
}
