package check

import (
	"sort"
	"strings"
)

// FixKind says how a fix is applied. The strings are part of the JSON contract.
type FixKind string

const (
	SetSetting    FixKind = "set-setting"    // write a VS Code setting (a member of an object setting) at a scope
	RemoveSetting FixKind = "remove-setting" // delete it
	GoEnvWrite    FixKind = "go-env-w"       // `go env -w K=V`
	GoEnvUnset    FixKind = "go-env-u"       // `go env -u K`
	Edit          FixKind = "edit"           // a text edit of launch.json, tasks.json, a go/env or env file
	RestartGopls  FixKind = "restart-gopls"  // vscode-go's go.languageserver.restart
	ReloadWindow  FixKind = "reload-window"  // workbench.action.reloadWindow
)

// Fix is a remedy as data: the CLI prints it, the language server turns it into a quick fix,
// and package fixes turns it into text edits. Exactly one of JSON, GoEnv, Lines describes the
// change, except for restart and reload fixes, which carry only Command.
type Fix struct {
	Title     string  `json:"title"`
	Kind      FixKind `json:"kind"`
	Preferred bool    `json:"preferred,omitempty"` // the safe default among a finding's fixes
	File      string  `json:"file,omitempty"`      // the file the fix changes
	// Setting names the VS Code setting for set-setting/remove-setting, so an editor can use its
	// configuration API instead of a text edit.
	Setting *SettingRef  `json:"setting,omitempty"`
	JSON    *JSONChange  `json:"json,omitempty"`
	GoEnv   *GoEnvChange `json:"goenv,omitempty"`
	Lines   []LineChange `json:"lines,omitempty"`
	Command string       `json:"command,omitempty"` // the equivalent shell command, or the VS Code command id
}

// SettingRef is a VS Code setting at a scope: Key is the setting ("go.toolsEnvVars"), Member
// the key inside an object-valued setting ("GOPROXY"; for gopls: "build.env" then the name).
type SettingRef struct {
	Scope  string   `json:"scope"`
	Key    string   `json:"key"`
	Member []string `json:"member,omitempty"`
}

// JSONChange sets or removes one member of a JSONC document, addressed by object keys and
// array indices. Value nil removes the member.
type JSONChange struct {
	Path  []any   `json:"path"`
	Value *string `json:"value,omitempty"`
}

// GoEnvChange is what `go env -w` / `go env -u` would do to the user go/env file File. Env
// lists variables the command must run with (e.g. a working GOROOT when the file's is broken).
type GoEnvChange struct {
	Set   map[string]string `json:"set,omitempty"`
	Unset []string          `json:"unset,omitempty"`
	Env   map[string]string `json:"env,omitempty"`
}

// LineChange replaces (Text non-nil) or deletes (Text nil) one 1-based line of a line-based
// file. RemoveBOM drops a leading UTF-8 byte-order mark.
type LineChange struct {
	Line      int     `json:"line"`
	Text      *string `json:"text,omitempty"`
	RemoveBOM bool    `json:"removeBOM,omitempty"`
}

// Str returns a pointer to s, for optional values.
func Str(s string) *string { return &s }

// GoEnvCommand renders a go env change as the command a user would type.
func GoEnvCommand(c *GoEnvChange) string {
	var b strings.Builder
	for _, k := range sortedKeys(c.Env) {
		b.WriteString(k + "=" + shellQuote(c.Env[k]) + " ")
	}
	if len(c.Set) > 0 {
		b.WriteString("go env -w")
		for _, k := range sortedKeys(c.Set) {
			b.WriteString(" " + shellQuote(k+"="+c.Set[k]))
		}
	} else {
		b.WriteString("go env -u " + strings.Join(c.Unset, " "))
	}
	return b.String()
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// shellQuote quotes s for POSIX shells when it contains anything beyond a safe set.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.,/:=+@%") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// GoEnvW is `go env -w name=value` on the user file.
func GoEnvW(file, name, value, title string) Fix {
	c := &GoEnvChange{Set: map[string]string{name: value}}
	return Fix{Title: title, Kind: GoEnvWrite, File: file, GoEnv: c, Command: GoEnvCommand(c)}
}

// GoEnvU is `go env -u name` on the user file; env is needed when the file breaks go itself.
func GoEnvU(file, name, title string, env map[string]string) Fix {
	c := &GoEnvChange{Unset: []string{name}, Env: env}
	return Fix{Title: title, Kind: GoEnvUnset, File: file, GoEnv: c, Command: GoEnvCommand(c)}
}

// Restart asks vscode-go to restart gopls so it starts with the new environment.
func Restart() Fix {
	return Fix{Title: "restart gopls (Go: Restart Language Server)", Kind: RestartGopls, Command: "go.languageserver.restart"}
}

// Reload reloads the VS Code window so the extension host starts with a fresh environment.
func Reload() Fix {
	return Fix{Title: "reload the window (Developer: Reload Window)", Kind: ReloadWindow, Command: "workbench.action.reloadWindow"}
}
