package vscode

import (
	"github.com/go-env-doctor/go-env-doctor/server/internal/jsonc"
)

// StringAt is a string value with its position.
type StringAt struct {
	Value string
	Pos   jsonc.Pos
}

// LaunchConfig is one entry of launch.json "configurations".
type LaunchConfig struct {
	File     string
	Path     []any     // JSON path of the configuration object in File, for edits
	Pos      jsonc.Pos // start of the configuration object
	Name     string
	Type     string
	Request  string
	Console  string
	Env      []EnvEntry
	EnvFiles []StringAt // envFile: one string or an array; later files win
}

// ParseLaunch reads the configurations of a launch.json root object (or the "launch" member
// of settings or a .code-workspace file, whose JSON path in file is base).
func ParseLaunch(file string, root *jsonc.Node, base []any) []LaunchConfig {
	if root == nil || root.Kind != jsonc.Object {
		return nil
	}
	cfgs := root.Get("configurations")
	if cfgs == nil || cfgs.Kind != jsonc.Array {
		return nil
	}
	var out []LaunchConfig
	for i, c := range cfgs.Elems {
		if c.Kind != jsonc.Object {
			continue
		}
		lc := LaunchConfig{File: file, Path: JSONPath(base, "configurations", i), Pos: c.Start, Name: str(c.Get("name")), Type: str(c.Get("type")),
			Request: str(c.Get("request")), Console: str(c.Get("console")), Env: EnvMap(c.Get("env"))}
		switch ef := c.Get("envFile"); {
		case ef == nil:
		case ef.Kind == jsonc.String:
			lc.EnvFiles = []StringAt{{ef.Str, ef.Start}}
		case ef.Kind == jsonc.Array:
			for _, e := range ef.Elems {
				if e.Kind == jsonc.String {
					lc.EnvFiles = append(lc.EnvFiles, StringAt{e.Str, e.Start})
				}
			}
		}
		out = append(out, lc)
	}
	return out
}

// Task is one tasks.json task with the environment layers VS Code merges for it.
type Task struct {
	File  string
	Pos   jsonc.Pos
	Label string
	Type  string // "go", "shell", "process", ...
	// EnvLayers are the options.env objects that apply, lowest precedence first: global
	// options, global OS options, task options, task OS options. VS Code merges them key by key.
	EnvLayers []TaskEnv
}

// TaskEnv is one options.env object and what it is.
type TaskEnv struct {
	What    string // e.g. "set in the global options.env", "linux.options.env"
	Path    []any  // JSON path of the env object in the task's file, for edits
	Entries []EnvEntry
}

// ParseTasks reads a tasks.json root (or the "tasks" member of settings / .code-workspace,
// whose JSON path in file is base).
func ParseTasks(file string, root *jsonc.Node, goos string, base []any) []Task {
	if root == nil || root.Kind != jsonc.Object {
		return nil
	}
	osKey := osKey(goos)
	global := []TaskEnv{
		{"set in the global options.env", JSONPath(base, "options", "env"), EnvMap(optionsEnv(root))},
		{"set in the global " + osKey + ".options.env", JSONPath(base, osKey, "options", "env"), EnvMap(optionsEnv(root.Get(osKey)))},
	}
	tasks := root.Get("tasks")
	if tasks == nil || tasks.Kind != jsonc.Array {
		return nil
	}
	var out []Task
	for i, t := range tasks.Elems {
		if t.Kind != jsonc.Object {
			continue
		}
		tp := JSONPath(base, "tasks", i)
		label := str(t.Get("label"))
		if label == "" {
			label = str(t.Get("taskName"))
		}
		typ := str(t.Get("type"))
		if label == "" {
			label = typ + ": " + str(t.Get("command"))
		}
		layers := append([]TaskEnv(nil), global...)
		layers = append(layers, TaskEnv{"set in the task's options.env", JSONPath(tp, "options", "env"), EnvMap(optionsEnv(t))},
			TaskEnv{"set in the task's " + osKey + ".options.env", JSONPath(tp, osKey, "options", "env"), EnvMap(optionsEnv(t.Get(osKey)))})
		out = append(out, Task{File: file, Pos: t.Start, Label: label, Type: typ, EnvLayers: layers})
	}
	return out
}

func optionsEnv(n *jsonc.Node) *jsonc.Node {
	if n == nil || n.Kind != jsonc.Object {
		return nil
	}
	o := n.Get("options")
	if o == nil || o.Kind != jsonc.Object {
		return nil
	}
	return o.Get("env")
}

func osKey(goos string) string {
	switch goos {
	case "windows":
		return "windows"
	case "darwin":
		return "osx"
	}
	return "linux"
}

// WorkspaceFolderRef is one entry of a .code-workspace "folders" array.
type WorkspaceFolderRef struct {
	Path string // as written (relative to the workspace file, or absolute)
	Name string
	URI  string // set instead of Path for remote or virtual folders
	Pos  jsonc.Pos
}

// WorkspaceFile is a parsed .code-workspace file.
type WorkspaceFile struct {
	Path     string
	Folders  []WorkspaceFolderRef
	Settings *Settings
	Launch   *jsonc.Node
	Tasks    *jsonc.Node
	Err      error
}

// ParseWorkspaceFile parses a .code-workspace file.
func ParseWorkspaceFile(path string, data []byte) *WorkspaceFile {
	w := &WorkspaceFile{Path: path, Settings: &Settings{Path: path, Scope: ScopeWorkspace, Prefix: []any{"settings"}}}
	root, err := jsonc.Parse(data)
	if err != nil {
		w.Err, w.Settings.Err = err, err
		return w
	}
	if root == nil || root.Kind != jsonc.Object {
		w.Err = &jsonc.SyntaxError{Msg: "a .code-workspace file must be a JSON object"}
		return w
	}
	if s := root.Get("settings"); s != nil && s.Kind == jsonc.Object {
		w.Settings.Root = s
	}
	w.Launch, w.Tasks = root.Get("launch"), root.Get("tasks")
	if fs := root.Get("folders"); fs != nil && fs.Kind == jsonc.Array {
		for _, f := range fs.Elems {
			if f.Kind != jsonc.Object {
				continue
			}
			w.Folders = append(w.Folders, WorkspaceFolderRef{Path: str(f.Get("path")), Name: str(f.Get("name")), URI: str(f.Get("uri")), Pos: f.Start})
		}
	}
	return w
}

func str(n *jsonc.Node) string {
	if n == nil || n.Kind != jsonc.String {
		return ""
	}
	return n.Str
}

// JSONPath returns a new path: base followed by more. It never aliases base, so paths built
// from a shared prefix stay independent.
func JSONPath(base []any, more ...any) []any {
	out := make([]any, 0, len(base)+len(more))
	return append(append(out, base...), more...)
}
