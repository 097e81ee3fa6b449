package placement

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/jsonc"
	"github.com/go-env-doctor/go-env-doctor/server/internal/model"
	"github.com/go-env-doctor/go-env-doctor/server/internal/redact"
	"github.com/go-env-doctor/go-env-doctor/server/internal/resolve"
	"github.com/go-env-doctor/go-env-doctor/server/internal/subst"
	"github.com/go-env-doctor/go-env-doctor/server/internal/vscode"
)

func preferred(f check.Fix) check.Fix {
	f.Preferred = true
	return f
}

// show is a value as a message may print it: credentials masked, empty made visible.
func show(name, v string) string {
	if v == "" {
		return `"" (empty)`
	}
	return redact.Value(name, v)
}

// hasCredentials reports whether printing v would need masking. Such a value is never copied
// into another file by a fix: settings files get synced and committed.
func hasCredentials(name, v string) bool { return redact.Value(name, v) != v }

// layerBase strips the ":scope" suffix of a layer ("go.toolsEnvVars:user" → "go.toolsEnvVars").
func layerBase(l model.Layer) model.Layer {
	s, _, _ := strings.Cut(string(l), ":")
	return model.Layer(s)
}

// isFileLayer: the go command's own fallback (go/env file, go.env, defaults), not a process
// environment.
func isFileLayer(l model.Layer) bool {
	switch l {
	case model.LayerDefault, model.LayerDerived, model.LayerGorootEnv, model.LayerUserGoEnv, model.LayerUnset:
		return true
	}
	return false
}

// envTop is the environment layer that decides a variable for a process: the winning origin
// when it is an environment layer, else the highest environment origin that lost (an empty
// value or a removal, after which the go command read its files). ok is false when no
// environment layer mentions the variable.
func envTop(v *model.Var) (model.Origin, bool) {
	if v == nil {
		return model.Origin{}, false
	}
	if !isFileLayer(v.Origin.Layer) {
		return v.Origin, true
	}
	for _, o := range v.Overridden { // environment losers come first, highest first
		if !isFileLayer(o.Layer) {
			return o, true
		}
	}
	return model.Origin{}, false
}

// setByEnvironment reports whether a non-empty variable of some process environment or
// setting decides v (so `go env -w` cannot change it).
func setByEnvironment(v *model.Var) bool {
	o, ok := envTop(v)
	return ok && !o.Unset && o.Value != ""
}

// describe says in a few words where an origin comes from.
func describe(o model.Origin) string {
	switch layerBase(o.Layer) {
	case model.LayerDefault:
		return "the go command's built-in default"
	case model.LayerDerived:
		if o.Source != "" {
			return o.Source
		}
		return "derived from another variable"
	case model.LayerUnset:
		return "set nowhere"
	case model.LayerActivation:
		return "vscode-go's activation-time copy of `go env` in the extension host"
	case model.LayerGorootEnv:
		return "$GOROOT/go.env, " + o.Where()
	case model.LayerUserGoEnv:
		return "the go/env file, " + o.Where()
	case model.LayerShell, model.LayerHost:
		return o.Where()
	}
	name := string(layerBase(o.Layer))
	if o.File != "" {
		return name + " in " + o.Where()
	}
	return name + " (" + o.Where() + ")"
}

// loc is a position in a file.
func loc(file string, p jsonc.Pos) *check.Location {
	return &check.Location{File: file, Line: p.Line, Column: p.Column}
}

func sameLoc(o model.Origin, file string, p jsonc.Pos) bool {
	return o.File == file && o.Line == p.Line && o.Column == p.Column
}

// scopeName names a settings object for a message.
func scopeName(s *vscode.Settings) string {
	switch s.Scope {
	case vscode.ScopeUser:
		return "user settings"
	case vscode.ScopeRemote:
		return "remote settings"
	case vscode.ScopeFolder:
		return "folder settings (" + s.Path + ")"
	}
	if strings.HasSuffix(s.Path, ".code-workspace") {
		return "the workspace file (" + s.Path + ")"
	}
	return "workspace settings (" + s.Path + ")"
}

// foldersOf returns the folders a settings object applies to.
func foldersOf(ws *check.Workspace, s *vscode.Settings) []resolve.Folder {
	if s.Scope != vscode.ScopeFolder {
		return ws.Folders()
	}
	var out []resolve.Folder
	for _, f := range ws.Folders() {
		if f.Settings == s {
			out = append(out, f)
		}
	}
	return out
}

// contextIDs returns the distinct ids of the contexts of folders whose kind is one of kinds.
func contextIDs(ws *check.Workspace, folders []resolve.Folder, kinds ...model.ContextKind) []string {
	in := map[string]bool{}
	for _, f := range folders {
		in[f.Path] = true
	}
	var out []string
	seen := map[string]bool{}
	for _, c := range ws.Contexts {
		if !in[c.Folder] || seen[c.ID] {
			continue
		}
		for _, k := range kinds {
			if c.Kind == k {
				seen[c.ID] = true
				out = append(out, c.ID)
				break
			}
		}
	}
	return out
}

// toolKinds are the contexts that get go.toolsEnvVars.
var toolKinds = []model.ContextKind{model.Gopls, model.Delve, model.Test, model.TestDebug}

// writeTarget is the settings object a fix writes user-level settings to: user settings, or
// when none exist, remote, then workspace settings.
func writeTarget(ws *check.Workspace) *vscode.Settings {
	for _, s := range []*vscode.Settings{ws.Input.User, ws.Input.Remote, ws.Input.Workspace} {
		if s != nil && s.Path != "" && s.Err == nil {
			return s
		}
	}
	return nil
}

// folderTarget is where a folder-specific setting is written: the folder's own settings in a
// multi-root workspace, else the workspace settings (.vscode/settings.json of the folder).
func folderTarget(ws *check.Workspace, f resolve.Folder) *vscode.Settings {
	if f.Settings != nil && f.Settings.Path != "" {
		return f.Settings
	}
	return ws.Input.Workspace
}

// setting returns a fix that writes value at key.members in s.
func setting(s *vscode.Settings, title string, value *string, key string, members ...string) check.Fix {
	return check.SettingFix(s.Path, string(s.Scope), s.Prefix, title, value, key, members...)
}

// textRemove deletes path (relative to the settings object) with a text edit. Used for keys
// VS Code does not know or will not write at that place: its configuration API refuses them.
func textRemove(s *vscode.Settings, title string, path ...any) check.Fix {
	return check.Fix{Title: title, Kind: check.Edit, File: s.Path, JSON: &check.JSONChange{Path: vscode.JSONPath(s.Prefix, path...)}}
}

// lastMembers returns the members of an object, the last of duplicate keys only (as JSON.parse
// keeps), in source order.
func lastMembers(n *jsonc.Node) []jsonc.Member {
	if n == nil || n.Kind != jsonc.Object {
		return nil
	}
	last := map[string]int{}
	for i, m := range n.Members {
		last[m.Key] = i
	}
	var out []jsonc.Member
	for i, m := range n.Members {
		if last[m.Key] == i {
			out = append(out, m)
		}
	}
	return out
}

// member returns the last member named key of an object.
func member(n *jsonc.Node, key string) (jsonc.Member, bool) {
	if n == nil || n.Kind != jsonc.Object {
		return jsonc.Member{}, false
	}
	for i := len(n.Members) - 1; i >= 0; i-- {
		if n.Members[i].Key == key {
			return n.Members[i], true
		}
	}
	return jsonc.Member{}, false
}

// nodeAt follows a JSON path of keys and indices from root.
func nodeAt(root *jsonc.Node, path []any) *jsonc.Node {
	n := root
	for _, p := range path {
		if n == nil {
			return nil
		}
		switch k := p.(type) {
		case string:
			n = n.Get(k)
		case int:
			if n.Kind != jsonc.Array || k < 0 || k >= len(n.Elems) {
				return nil
			}
			n = n.Elems[k]
		default:
			return nil
		}
	}
	return n
}

// readJSONC parses a JSONC file through the workspace (nil when unreadable or broken).
func readJSONC(ws *check.Workspace, file string) *jsonc.Node {
	data, err := ws.ReadFile(file)
	if err != nil {
		return nil
	}
	root, err := jsonc.Parse(data)
	if err != nil {
		return nil
	}
	return root
}

// hostEnv is the extension host's environment as given (the shell's when none was given).
func hostEnv(ws *check.Workspace) map[string]string {
	if ws.Input.Host != nil {
		return ws.Input.Host.Vars
	}
	return ws.Input.Shell.Vars
}

func homeOf(env map[string]string, goos string) string {
	if goos == "windows" {
		return env["USERPROFILE"]
	}
	return env["HOME"]
}

// vscodeResolver is VS Code's variable resolver for launch.json of folder f (as resolve builds
// it for debug sessions: ${env:…} from the extension host).
func vscodeResolver(ws *check.Workspace, f resolve.Folder) subst.Resolver {
	env := hostEnv(ws)
	folders := map[string]string{}
	for _, ff := range ws.Folders() {
		folders[ff.Name] = ff.Path
	}
	sep := "/"
	if ws.Input.GOOS == "windows" {
		sep = `\`
	}
	return subst.Resolver{Folder: f.Path, Folders: folders, Home: homeOf(env, ws.Input.GOOS), Sep: sep,
		Env: func(k string) string { return env[k] },
		Config: func(key string) (string, bool) {
			val, ok := "", false
			for _, s := range ws.FolderScopes(f) {
				if v, n := s.String(key); n != nil {
					val, ok = v, true
				}
			}
			return val, ok
		}}
}

// testEnvFileSetting returns the go.testEnvFile that applies to f and the settings it is in.
func testEnvFileSetting(ws *check.Workspace, f resolve.Folder) (string, *jsonc.Node, *vscode.Settings) {
	val, node, from := "", (*jsonc.Node)(nil), (*vscode.Settings)(nil)
	for _, s := range ws.FolderScopes(f) {
		if v, n := s.String("go.testEnvFile"); n != nil {
			val, node, from = v, n, s
		}
	}
	return val, node, from
}

// samePath compares two file paths after cleaning.
func samePath(a, b string) bool { return filepath.Clean(a) == filepath.Clean(b) }

// envName matches names that are environment variables of the go command (GOPROXY, GOFLAGS,
// CGO_ENABLED, ...) rather than VS Code settings, which are never upper case.
var envName = regexp.MustCompile(`^(GO[A-Z0-9_]+|CGO_[A-Z0-9_]+)$`)

// lowerProxyVars are the spellings net/http also reads.
var lowerProxyVars = map[string]bool{"http_proxy": true, "https_proxy": true, "no_proxy": true}

// isEnvVarName reports whether a settings key is really an environment variable name.
func isEnvVarName(k string) bool {
	return resolve.IsTracked(k) || lowerProxyVars[k] || envName.MatchString(k)
}

// valueText is the environment string a scalar JSON value stands for; false for null,
// objects and arrays, which have no sensible string form.
func valueText(n *jsonc.Node) (string, bool) {
	switch n.Kind {
	case jsonc.String:
		return n.Str, true
	case jsonc.Number, jsonc.Bool:
		return n.Raw, true
	}
	return "", false
}

func quote(s string) string { return fmt.Sprintf("%q", s) }

// joinAnd joins words as "a, b and c".
func joinAnd(s []string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

// varOf returns a context's value of name: resolved for tracked variables, the plain
// environment value otherwise.
func varOf(c *model.Context, name string) (string, bool) {
	if v := c.Get(name); v != nil {
		return v.Value, true
	}
	v, ok := c.Env[name]
	return v, ok
}
