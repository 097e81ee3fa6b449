// Package vscode reads VS Code's JSONC files (settings, .code-workspace, launch.json,
// tasks.json) into the few values that shape a Go environment, keeping each value's position.
// It parses bytes; reading files is the caller's job.
package vscode

import (
	"strings"

	"github.com/go-env-doctor/go-env-doctor/server/internal/jsonc"
)

// Scope is where a settings file sits in VS Code's precedence, lowest first.
type Scope string

const (
	ScopeUser      Scope = "user"
	ScopeRemote    Scope = "remote"
	ScopeWorkspace Scope = "workspace"
	ScopeFolder    Scope = "folder"
)

// Settings is one settings object: a settings.json file, or the "settings" member of a
// .code-workspace file.
type Settings struct {
	Path   string
	Scope  Scope
	Prefix []any       // JSON path of the settings object in Path: nil for settings.json, {"settings"} in a .code-workspace
	Root   *jsonc.Node // the settings object; nil when the file is empty or missing
	Err    error       // the file could not be read or parsed; Root is nil then
}

// ParseSettings parses a settings.json file.
func ParseSettings(path string, scope Scope, data []byte) *Settings {
	s := &Settings{Path: path, Scope: scope}
	root, err := jsonc.Parse(data)
	if err != nil {
		s.Err = err
		return s
	}
	if root != nil && root.Kind != jsonc.Object {
		s.Err = &jsonc.SyntaxError{Pos: root.Start, Msg: "settings must be a JSON object, not " + root.Kind.String()}
		return s
	}
	s.Root = root
	return s
}

// Get returns the value of a top-level, dotted setting key such as "go.toolsEnvVars".
// VS Code writes settings flat; that is the form the Go extension documents.
func (s *Settings) Get(key string) *jsonc.Node {
	if s == nil || s.Root == nil {
		return nil
	}
	return s.Root.Get(key)
}

// String returns a string setting and its node, or "" and nil.
func (s *Settings) String(key string) (string, *jsonc.Node) {
	n := s.Get(key)
	if n == nil || n.Kind != jsonc.String {
		return "", nil
	}
	return n.Str, n
}

// Bool returns a boolean setting and whether it is set.
func (s *Settings) Bool(key string) (bool, bool) {
	n := s.Get(key)
	if n == nil || n.Kind != jsonc.Bool {
		return false, false
	}
	return n.Bool, true
}

// EnvEntry is one member of an environment-valued object (go.toolsEnvVars, launch env, ...).
type EnvEntry struct {
	Key    string
	Node   *jsonc.Node // the value as written
	KeyPos jsonc.Pos
}

// IsString reports whether the value is a JSON string.
func (e EnvEntry) IsString() bool { return e.Node.Kind == jsonc.String }

// IsNull reports whether the value is JSON null.
func (e EnvEntry) IsNull() bool { return e.Node.Kind == jsonc.Null }

// NodeString is how Node.js turns a JSON value into an environment string when it spawns a
// process (`${value}`): vscode-go passes non-string values through unchanged.
func (e EnvEntry) NodeString() string {
	switch e.Node.Kind {
	case jsonc.String:
		return e.Node.Str
	case jsonc.Null:
		return "null"
	case jsonc.Object:
		return "[object Object]"
	case jsonc.Array:
		parts := make([]string, len(e.Node.Elems))
		for i, el := range e.Node.Elems {
			if el.Kind == jsonc.Null {
				continue // Array.prototype.join writes null as ""
			}
			parts[i] = EnvEntry{Node: el}.NodeString()
		}
		return strings.Join(parts, ",")
	}
	return e.Node.Raw
}

// EnvMap returns the members of an object node, last duplicate winning, in source order.
// A non-object node yields nothing.
func EnvMap(n *jsonc.Node) []EnvEntry {
	if n == nil || n.Kind != jsonc.Object {
		return nil
	}
	last := map[string]int{}
	for i, m := range n.Members {
		last[m.Key] = i
	}
	var out []EnvEntry
	for i, m := range n.Members {
		if last[m.Key] == i {
			out = append(out, EnvEntry{Key: m.Key, Node: m.Value, KeyPos: m.KeyPos})
		}
	}
	return out
}

// GoplsBuildEnv returns gopls's build.env from a "gopls" settings object. gopls keeps only the
// last segment of dotted names, so "build.env" and "env" mean the same option.
func GoplsBuildEnv(gopls *jsonc.Node) []EnvEntry {
	if gopls == nil || gopls.Kind != jsonc.Object {
		return nil
	}
	return EnvMap(gopls.Get(GoplsBuildEnvKey(gopls)))
}

// GoplsBuildEnvKey is the member of a "gopls" object that holds build.env: "build.env", or
// "env" when only that form is written.
func GoplsBuildEnvKey(gopls *jsonc.Node) string {
	if gopls != nil && gopls.Kind == jsonc.Object && gopls.Get("build.env") == nil && gopls.Get("env") != nil {
		return "env"
	}
	return "build.env"
}

// TerminalEnvKey is the terminal environment setting VS Code reads on goos.
func TerminalEnvKey(goos string) string {
	switch goos {
	case "windows":
		return "terminal.integrated.env.windows"
	case "darwin":
		return "terminal.integrated.env.osx"
	}
	return "terminal.integrated.env.linux"
}
