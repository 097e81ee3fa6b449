package system

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-env-doctor/go-env-doctor/server/internal/jsonc"
	"github.com/go-env-doctor/go-env-doctor/server/internal/remote"
	"github.com/go-env-doctor/go-env-doctor/server/internal/resolve"
	"github.com/go-env-doctor/go-env-doctor/server/internal/vscode"
)

// Problem is a file that could not be used; the run continues without it.
type Problem struct {
	File string
	Msg  string
}

func (p Problem) String() string { return p.File + ": " + p.Msg }

// Editor is a VS Code distribution and where it keeps user settings.
type Editor struct {
	Name string
	Path string
}

// UserSettingsCandidates lists the user settings.json of VS Code, Insiders, VSCodium and
// code-server for goos, in that order, computed from env.
func UserSettingsCandidates(goos string, env func(string) string) []Editor {
	var config string
	switch goos {
	case "windows":
		config = env("APPDATA")
	case "darwin":
		if h := env("HOME"); h != "" {
			config = filepath.Join(h, "Library", "Application Support")
		}
	default:
		config = env("XDG_CONFIG_HOME")
		if config == "" && env("HOME") != "" {
			config = filepath.Join(env("HOME"), ".config")
		}
	}
	var out []Editor
	if config != "" {
		for _, name := range []string{"Code", "Code - Insiders", "VSCodium"} {
			out = append(out, Editor{name, filepath.Join(config, name, "User", "settings.json")})
		}
	}
	data := env("XDG_DATA_HOME")
	if data == "" && env("HOME") != "" {
		data = filepath.Join(env("HOME"), ".local", "share")
	}
	if data != "" {
		out = append(out, Editor{"code-server", filepath.Join(data, "code-server", "User", "settings.json")})
	}
	return out
}

// Options says what to load.
type Options struct {
	GOOS         string
	Target       string   // a folder or a .code-workspace file
	Folders      []string // instead of Target: the folders of a window that has no workspace file
	UserSettings string   // explicit --user-settings; "" means the first existing default location
	// NoUserSettings leaves Input.User nil: the caller knows the user settings better (the
	// language server gets them from the editor).
	NoUserSettings bool
	Env            func(string) string
	// System is the detected machine (nil: plain local) and Files its rooted system files;
	// with WSL the Windows user settings are read through Files.
	System *remote.System
	Files  remote.Files
	// MachineSettings is VS Code's Remote ("Machine") settings.json: "" looks in the usual
	// server data folders, "-" loads none.
	MachineSettings string
}

// Loaded is a workspace ready for resolution, plus what could not be read.
type Loaded struct {
	Input        *resolve.Input
	UserSettings string // the user settings file used ("" when none exists)
	// MachineSettings is the Remote settings file used ("" when none exists).
	MachineSettings string
	OtherEditors    []Editor
	WorkspaceFile   string
	Problems        []Problem
}

// Load reads everything VS Code would read for Target.
func Load(w *World, o Options) (*Loaded, error) {
	l := &Loaded{Input: &resolve.Input{GOOS: o.GOOS, VSCodeGo: true, System: o.System}}
	abs, err := filepath.Abs(o.Target)
	if err != nil {
		return nil, err
	}
	switch {
	case o.NoUserSettings:
	case o.UserSettings != "":
		if _, err := w.ReadFile(o.UserSettings); err != nil {
			return nil, fmt.Errorf("--user-settings: %w", err)
		}
		l.UserSettings = o.UserSettings
	default:
		// Under WSL the window, and its user settings, are on Windows.
		if u := l.windowsUserSettings(o); u != nil {
			l.Input.User, l.UserSettings = u, u.Path
		}
		for _, e := range UserSettingsCandidates(o.GOOS, o.Env) {
			if _, err := w.ReadFile(e.Path); err == nil {
				if l.UserSettings == "" {
					l.UserSettings = e.Path
				} else {
					l.OtherEditors = append(l.OtherEditors, e)
				}
			}
		}
	}
	if l.UserSettings != "" && l.Input.User == nil {
		l.Input.User = l.settings(w, l.UserSettings, vscode.ScopeUser)
	}
	l.loadMachineSettings(w, o)
	defer l.loadDevContainer(w) // once the folders are known, however they are loaded

	if o.Target == "" && len(o.Folders) > 0 {
		l.loadFolders(w, o.Folders)
		return l, nil
	}
	if strings.HasSuffix(abs, ".code-workspace") {
		return l, l.loadWorkspaceFile(w, abs)
	}
	st, err := os.Stat(abs)
	if err != nil {
		return nil, fmt.Errorf("cannot open %s: %w", o.Target, unwrapPath(err))
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("%s is a file; give a folder or a .code-workspace file", o.Target)
	}
	// A single-folder window: the folder's .vscode/settings.json is the workspace scope.
	f := resolve.Folder{Name: filepath.Base(abs), Path: abs}
	ws := l.settings(w, filepath.Join(abs, ".vscode", "settings.json"), vscode.ScopeWorkspace)
	l.Input.Workspace = ws
	l.folderFiles(w, &f, ws)
	l.Input.Folders = []resolve.Folder{f}
	return l, nil
}

// loadFolders loads an untitled multi-root window: VS Code keeps its workspace settings in a
// file of its own we cannot see, so only the folders' settings count.
func (l *Loaded) loadFolders(w *World, paths []string) {
	l.Input.Workspace = &vscode.Settings{Scope: vscode.ScopeWorkspace}
	names := map[string]bool{}
	for i, p := range paths {
		l.Input.Folders = append(l.Input.Folders, l.multiRootFolder(w, names, i, "", p))
	}
}

// multiRootFolder loads folder i of a multi-root window, with its own settings; names keeps
// display names unique ("api (2)").
func (l *Loaded) multiRootFolder(w *World, names map[string]bool, i int, name, path string) resolve.Folder {
	if name == "" {
		name = filepath.Base(path)
	}
	if names[name] {
		name = fmt.Sprintf("%s (%d)", name, i+1)
	}
	names[name] = true
	f := resolve.Folder{Name: name, Path: filepath.Clean(path)}
	fs := l.settings(w, filepath.Join(f.Path, ".vscode", "settings.json"), vscode.ScopeFolder)
	f.Settings = fs
	l.folderFiles(w, &f, fs)
	return f
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func (l *Loaded) loadWorkspaceFile(w *World, path string) error {
	data, err := w.ReadFile(path)
	if err != nil {
		return fmt.Errorf("cannot read %s: %w", path, unwrapPath(err))
	}
	l.WorkspaceFile = path
	wf := vscode.ParseWorkspaceFile(path, data)
	if wf.Err != nil {
		return fmt.Errorf("%s: %v", path, wf.Err)
	}
	l.Input.Workspace = wf.Settings
	dir := filepath.Dir(path)
	names := map[string]bool{}
	for i, ref := range wf.Folders {
		if ref.Path == "" {
			l.Problems = append(l.Problems, Problem{path, fmt.Sprintf("folder %d has no local path (uri %q); skipped", i+1, ref.URI)})
			continue
		}
		p := ref.Path
		if !filepath.IsAbs(p) {
			p = filepath.Join(dir, p)
		}
		f := l.multiRootFolder(w, names, i, ref.Name, p)
		if i == 0 {
			// Workspace-level launch configurations and tasks run without a folder of their
			// own; they are listed with the first folder.
			f.Launch = append(f.Launch, vscode.ParseLaunch(path, wf.Launch, []any{"launch"})...)
			f.Tasks = append(f.Tasks, vscode.ParseTasks(path, wf.Tasks, l.Input.GOOS, []any{"tasks"})...)
		}
		l.Input.Folders = append(l.Input.Folders, f)
	}
	if len(l.Input.Folders) == 0 {
		return fmt.Errorf("%s lists no local folders", path)
	}
	return nil
}

// folderFiles reads launch.json and tasks.json of f (and the "launch"/"tasks" members of its
// settings, which VS Code also honours).
func (l *Loaded) folderFiles(w *World, f *resolve.Folder, s *vscode.Settings) {
	if n := s.Get("launch"); n != nil {
		f.Launch = append(f.Launch, vscode.ParseLaunch(s.Path, n, vscode.JSONPath(s.Prefix, "launch"))...)
	}
	if n := s.Get("tasks"); n != nil {
		f.Tasks = append(f.Tasks, vscode.ParseTasks(s.Path, n, l.Input.GOOS, vscode.JSONPath(s.Prefix, "tasks"))...)
	}
	if root, p := l.jsoncFile(w, filepath.Join(f.Path, ".vscode", "launch.json")); root != nil {
		f.Launch = append(f.Launch, vscode.ParseLaunch(p, root, nil)...)
	}
	if root, p := l.jsoncFile(w, filepath.Join(f.Path, ".vscode", "tasks.json")); root != nil {
		f.Tasks = append(f.Tasks, vscode.ParseTasks(p, root, l.Input.GOOS, nil)...)
	}
}

// settings reads one settings.json; a missing file is an empty scope, a broken one a problem.
func (l *Loaded) settings(w *World, path string, scope vscode.Scope) *vscode.Settings {
	data, err := w.ReadFile(path)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			l.Problems = append(l.Problems, Problem{path, "cannot read: " + unwrapPath(err).Error() + "; its settings are ignored"})
		}
		return &vscode.Settings{Path: path, Scope: scope}
	}
	s := vscode.ParseSettings(path, scope, data)
	if s.Err != nil {
		l.Problems = append(l.Problems, Problem{path, s.Err.Error() + "; its settings are ignored"})
	}
	return s
}

func (l *Loaded) jsoncFile(w *World, path string) (*jsonc.Node, string) {
	data, err := w.ReadFile(path)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			l.Problems = append(l.Problems, Problem{path, "cannot read: " + unwrapPath(err).Error()})
		}
		return nil, path
	}
	root, err := jsonc.Parse(data)
	if err != nil {
		l.Problems = append(l.Problems, Problem{path, err.Error() + "; ignored"})
		return nil, path
	}
	// launch.json and tasks.json are objects; VS Code ignores any other top level without a
	// word, which would leave the user wondering why their configurations do nothing.
	if root != nil && root.Kind != jsonc.Object {
		l.Problems = append(l.Problems, Problem{path, (&jsonc.SyntaxError{Pos: root.Start, Msg: filepath.Base(path) + " must be a JSON object, not " + root.Kind.String()}).Error() + "; ignored"})
		return nil, path
	}
	return root, path
}
