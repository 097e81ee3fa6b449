package system

import (
	"errors"
	"io/fs"
	"path"
	"path/filepath"

	"github.com/go-env-doctor/go-env-doctor/server/internal/vscode"
)

// MachineSettingsCandidates lists where VS Code's server keeps Remote ("Machine") settings on
// the machine it runs on, computed from env: $VSCODE_AGENT_FOLDER first (server-env-setup and
// --server-data-dir set it), then the server data folders of VS Code, Insiders, the OSS build
// and VSCodium, then code-server's.
func MachineSettingsCandidates(env func(string) string) []string {
	var out []string
	if a := env("VSCODE_AGENT_FOLDER"); a != "" {
		out = append(out, filepath.Join(a, "data", "Machine", "settings.json"))
	}
	if h := env("HOME"); h != "" {
		for _, d := range []string{".vscode-server", ".vscode-server-insiders", ".vscode-server-oss", ".vscodium-server"} {
			out = append(out, filepath.Join(h, d, "data", "Machine", "settings.json"))
		}
	}
	data := env("XDG_DATA_HOME")
	if data == "" && env("HOME") != "" {
		data = filepath.Join(env("HOME"), ".local", "share")
	}
	if data != "" {
		out = append(out, filepath.Join(data, "code-server", "Machine", "settings.json"))
	}
	return out
}

// loadMachineSettings reads the Remote settings: the file given, or the first that exists.
func (l *Loaded) loadMachineSettings(w *World, o Options) {
	p := o.MachineSettings
	switch p {
	case "-":
		return
	case "":
		for _, c := range MachineSettingsCandidates(o.Env) {
			if _, err := w.ReadFile(c); err == nil {
				p = c
				break
			}
		}
	}
	if p == "" {
		return
	}
	l.MachineSettings = p
	l.Input.Remote = l.settings(w, p, vscode.ScopeRemote)
}

// windowsUserSettings reads the Windows user settings of VS Code (then Insiders, VSCodium)
// through the system files when the Go tools run in WSL; nil when there are none.
func (l *Loaded) windowsUserSettings(o Options) *vscode.Settings {
	if o.System == nil || o.System.WSL == nil || o.System.WSL.WindowsHome == "" || o.Files == nil {
		return nil
	}
	for _, name := range []string{"Code", "Code - Insiders", "VSCodium"} {
		p := path.Join(o.System.WSL.WindowsHome, "AppData", "Roaming", name, "User", "settings.json")
		data, err := o.Files.ReadFile(p)
		if err != nil {
			if !errors.Is(err, fs.ErrNotExist) {
				l.Problems = append(l.Problems, Problem{p, "cannot read: " + unwrapPath(err).Error() + "; its settings are ignored"})
			}
			continue
		}
		s := vscode.ParseSettings(p, vscode.ScopeUser, data)
		if s.Err != nil {
			l.Problems = append(l.Problems, Problem{p, s.Err.Error() + "; its settings are ignored"})
		}
		return s
	}
	return nil
}

// loadDevContainer reads the devcontainer.json of the first folder that has one, when the Go
// tools run in a dev container: VS Code opens a container window from one configuration.
func (l *Loaded) loadDevContainer(w *World) {
	if sys := l.Input.System; sys == nil || sys.Container == nil || !sys.Container.DevContainer {
		return
	}
	for _, f := range l.Input.Folders {
		for _, rel := range vscode.DevContainerPaths {
			p := filepath.Join(f.Path, filepath.FromSlash(rel))
			data, err := w.ReadFile(p)
			if err != nil {
				if !errors.Is(err, fs.ErrNotExist) {
					l.Problems = append(l.Problems, Problem{p, "cannot read: " + unwrapPath(err).Error()})
				}
				continue
			}
			d := vscode.ParseDevContainer(p, data)
			if d.Err != nil {
				l.Problems = append(l.Problems, Problem{p, d.Err.Error() + "; its remoteEnv and containerEnv are ignored"})
				return
			}
			l.Input.DevContainer = d
			return
		}
	}
}
