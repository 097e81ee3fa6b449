package remotes

import (
	"path"
	"strings"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/jsonc"
	"github.com/go-env-doctor/go-env-doctor/server/internal/redact"
	"github.com/go-env-doctor/go-env-doctor/server/internal/remote"
	"github.com/go-env-doctor/go-env-doctor/server/internal/vscode"
)

// wslWindowsPath: in a Remote-WSL window the Windows user settings still apply to
// resource-scoped settings (go.toolsEnvVars, go.testEnvVars, go.testEnvFile, gopls), so a
// GOPATH=C:\… written for Windows windows lands in gopls and tests inside WSL. Remote settings
// are the place for WSL values: they override user settings in WSL windows only.
// (go.goroot and go.gopath are machine-overridable: VS Code ignores their user values there.)
var wslWindowsPath = check.Check{
	ID:       "wsl-windows-path",
	Severity: check.Warning,
	Summary:  "Windows paths (C:\\…, /mnt/c/… for GOROOT/GOPATH) reach the WSL side through user settings",
	Run: func(ws *check.Workspace) []check.Finding {
		w := wslOf(ws)
		user := ws.Input.User
		if w == nil || user == nil || !userSettingsOnWindows(ws.Input.System, user, w) {
			return nil
		}
		var out []check.Finding
		for _, s := range envSettings(user) {
			for _, e := range s.entries {
				if !e.IsString() || !windowsValue(e.Key, e.Node.Str, w) || overriddenInWSL(ws, s.key, s.member, e.Key) {
					continue
				}
				out = append(out, windowsPathFinding(ws, w, user, s.key, s.member, e.Key, e.Node))
			}
		}
		if v, n := user.String("go.testEnvFile"); n != nil && remote.IsWindowsPath(v) && !overriddenInWSL(ws, "go.testEnvFile", nil, "") {
			out = append(out, windowsPathFinding(ws, w, user, "go.testEnvFile", nil, "", n))
		}
		return out
	},
}

// userSettingsOnWindows: the window is a Remote-WSL window, or the CLI read the Windows user
// settings through the drive mount.
func userSettingsOnWindows(sys *remote.System, user *vscode.Settings, w *remote.WSL) bool {
	return sys.Editor == "wsl" || w.OnWindowsDrive(user.Path)
}

// overriddenInWSL reports whether Remote, workspace or folder settings write the same setting
// member, so the user value does not reach the Go tools in WSL.
func overriddenInWSL(ws *check.Workspace, key string, member []string, name string) bool {
	for _, s := range ws.Settings() {
		if s.Scope == vscode.ScopeUser {
			continue
		}
		n := s.Get(key) // Node.Get is nil-safe and nil for non-objects
		for _, m := range member {
			n = n.Get(m)
		}
		if name != "" {
			n = n.Get(name)
		}
		if n != nil {
			return true
		}
	}
	return false
}

type envSetting struct {
	key     string
	member  []string // members before the variable name
	entries []vscode.EnvEntry
}

// envSettings are the resource-scoped environment settings VS Code applies in WSL windows.
func envSettings(s *vscode.Settings) []envSetting {
	out := []envSetting{
		{key: "go.toolsEnvVars", entries: vscode.EnvMap(s.Get("go.toolsEnvVars"))},
		{key: "go.testEnvVars", entries: vscode.EnvMap(s.Get("go.testEnvVars"))},
	}
	if g := s.Get("gopls"); g != nil {
		out = append(out, envSetting{key: "gopls", member: []string{vscode.GoplsBuildEnvKey(g)}, entries: vscode.GoplsBuildEnv(g)})
	}
	return out
}

// pathVars are the variables whose value is a Linux path inside WSL, so /mnt/c/… is a Windows
// directory leaking in (for others only C:\… is certain to be wrong).
var pathVars = map[string]bool{"GOROOT": true, "GOPATH": true, "GOMODCACHE": true, "GOCACHE": true, "GOBIN": true, "GOENV": true}

func windowsValue(name, v string, w *remote.WSL) bool {
	return remote.IsWindowsPath(v) || (pathVars[name] && onWindowsDrive(w, v))
}

func windowsPathFinding(ws *check.Workspace, w *remote.WSL, user *vscode.Settings, key string, member []string, name string, n *jsonc.Node) check.Finding {
	setting := strings.Join(append([]string{key}, member...), ".")
	if name != "" {
		setting += "." + name
	}
	f := check.Finding{
		Message: "The user setting " + setting + " = `" + redact.Value(name, n.Str) + "` is a Windows path, and user settings come from Windows: VS Code applies this resource-scoped setting inside WSL too, where the Go tools cannot use it." +
			" Give WSL its own value in Remote settings (Preferences: Open Remote Settings (JSON)), which override user settings in WSL windows only; Windows windows keep this one.",
		Contexts: []string{},
	}
	if user.Path != "" {
		f.Location = &check.Location{File: user.Path, Line: n.Start.Line, Column: n.Start.Column}
	}
	if value := linuxValue(ws, name); value != "" && ws.Input.Remote != nil && ws.Input.Remote.Path != "" {
		members := append(append([]string{}, member...), name)
		fix := check.SettingFix(ws.Input.Remote.Path, string(vscode.ScopeRemote), ws.Input.Remote.Prefix,
			"set "+setting+" = "+value+" in Remote settings (WSL only)", &value, key, members...)
		f.Fixes = append(f.Fixes, withPreferred(fix))
	}
	return f
}

// linuxValue proposes the WSL value of a path variable: the go command's default under the
// Linux home, or the GOROOT of the Linux go on PATH; "" when there is no obvious one.
func linuxValue(ws *check.Workspace, name string) string {
	ctxs := ws.Contexts
	home := linuxHome(ctxs)
	switch name {
	case "GOPATH", "GOMODCACHE", "GOCACHE":
		if home != "" {
			return linuxDefault(name, home, ctxs)
		}
	case "GOBIN":
		if home != "" {
			return path.Join(home, "go", "bin")
		}
	case "GOROOT":
		for _, c := range ctxs {
			if g := ws.DiscoverGoroot(c.Env["PATH"]); g != "" && !strings.HasPrefix(g, "/mnt/") {
				return g
			}
		}
	}
	return ""
}
