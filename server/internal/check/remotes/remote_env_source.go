package remotes

import (
	"path"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/redact"
	"github.com/go-env-doctor/go-env-doctor/server/internal/resolve"
	"github.com/go-env-doctor/go-env-doctor/server/internal/shellrc"
	"github.com/go-env-doctor/go-env-doctor/server/internal/vscode"
)

// remoteEnvSource: a remote window's extension host gets the shell profile's variables only
// when VS Code resolved them from a shell (`code .` in a WSL shell, or its `$SHELL -ilc` probe);
// a WSL window opened from the remote indicator inherits nothing. Then `export GOPROXY=…` in
// ~/.bashrc works in the terminal but never reaches gopls — the afternoon this tool is for.
var remoteEnvSource = check.Check{
	ID:       "remote-env-source",
	Severity: check.Info,
	Summary:  "in a remote window the extension host env did not come from a login shell, so shell-profile variables are missing",
	Run: func(ws *check.Workspace) []check.Finding {
		in := ws.Input
		if in == nil || !in.System.InRemoteWindow() || !in.HostKnown {
			return nil
		}
		host := in.Shell.Vars
		if in.Host != nil {
			host = in.Host.Vars
		}
		home := host["HOME"]
		if home == "" {
			return nil
		}
		var out []check.Finding
		for _, file := range profileFiles(host["SHELL"]) {
			p := path.Join(home, file)
			data, err := ws.ReadFile(p)
			if err != nil {
				continue
			}
			for _, e := range shellrc.Exports(data, resolve.TrackedVars...) {
				if e.Dynamic {
					continue
				}
				if v, ok := host[e.Name]; ok && v == e.Value {
					continue
				}
				out = append(out, envSourceFinding(ws, p, e, host))
			}
		}
		return out
	},
}

// profileFiles are the startup files the user's shell reads as a login or interactive shell.
func profileFiles(shell string) []string {
	switch path.Base(shell) {
	case "zsh":
		return []string{".zshenv", ".zprofile", ".zshrc"}
	case "fish":
		return []string{".config/fish/config.fish"}
	case "sh", "dash", "ash":
		return []string{".profile"}
	}
	return []string{".profile", ".bash_profile", ".bash_login", ".bashrc"}
}

func envSourceFinding(ws *check.Workspace, file string, e shellrc.Export, host map[string]string) check.Finding {
	has := "does not have it"
	if v, ok := host[e.Name]; ok {
		has = "has `" + redact.Value(e.Name, v) + "`"
	}
	editor := ws.Input.System.Editor
	f := check.Finding{
		Message: file + " exports `" + e.Name + "=" + redact.Value(e.Name, e.Value) + "`, but VS Code's extension host in this " + editor + " window " + has +
			", so gopls, Delve, tests and tasks miss it while a terminal has it. The window's environment did not come from a shell that reads this file: a WSL window opened from the remote indicator or the Start menu inherits no shell environment (`code .` in a WSL shell does), and VS Code's server runs no shell profile of its own." +
			" Open the window with `code .` from a shell, export the variable in ~/.vscode-server/server-env-setup (run before VS Code's server starts), or set it in go.toolsEnvVars in Remote settings.",
		Location: &check.Location{File: file, Line: e.Line, Column: e.Column},
		Contexts: []string{},
	}
	if r := ws.Input.Remote; r != nil && r.Path != "" {
		v := e.Value
		f.Fixes = append(f.Fixes, check.SettingFix(r.Path, string(vscode.ScopeRemote), r.Prefix,
			"set go.toolsEnvVars."+e.Name+" in Remote settings (gopls and the Go tools of remote windows)", &v, "go.toolsEnvVars", e.Name))
	}
	return f
}
