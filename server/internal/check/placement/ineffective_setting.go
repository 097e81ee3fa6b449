package placement

import (
	"fmt"
	"slices"
	"strings"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/jsonc"
	"github.com/go-env-doctor/go-env-doctor/server/internal/model"
	"github.com/go-env-doctor/go-env-doctor/server/internal/redact"
	"github.com/go-env-doctor/go-env-doctor/server/internal/resolve"
	"github.com/go-env-doctor/go-env-doctor/server/internal/vscode"
)

// ineffectiveSetting: a Go variable written where no consumer reads it. VS Code settings are
// not environment variables; vscode-go's only env settings are go.toolsEnvVars, go.testEnvVars
// and go.testEnvFile (plus gopls's build.env), read without a language; VS Code applies only
// the terminal.integrated.env key of the current OS and only string values there; http.proxy
// is an application setting. See docs/checks/ineffective-setting.md for the exact list.
var ineffectiveSetting = check.Check{
	ID:       "ineffective-setting",
	Severity: check.Warning,
	Summary:  "a Go variable is set where nothing reads it (top-level GOPROXY, go.env, a language block, another OS's terminal env, a non-string env value)",
	Run:      runIneffectiveSetting,
}

// inventedEnvMaps are go.* object settings people write for "the Go environment" that
// vscode-go does not define. Their members belong in go.toolsEnvVars.
var inventedEnvMaps = map[string]bool{
	"go.env": true, "go.environment": true, "go.envVars": true, "go.envvars": true,
	"go.toolEnvVars": true, "go.toolsEnv": true, "go.toolsEnvironment": true, "go.toolsEnvVar": true,
}

// machineOverridable are the vscode-go settings a remote window never takes from the local user
// settings (reference/vscode-go.md, "Settings scopes in remote windows").
var machineOverridable = map[string]bool{"go.goroot": true, "go.gopath": true, "go.toolsGopath": true, "go.toolsManagement.go": true}

// realGoSettings are vscode-go settings whose names look like a variable ("go." + GOPATH).
var realGoSettings = map[string]bool{"go.gopath": true, "go.goroot": true}

// inventedVar returns the variable an invented go.<name> setting means: "go.goproxy",
// "go.GOPRIVATE", "go.https_proxy" (any case of a tracked variable), and "go.proxy" for GOPROXY.
func inventedVar(key string) (string, bool) {
	rest, ok := strings.CutPrefix(key, "go.")
	if !ok || realGoSettings[key] {
		return "", false
	}
	if rest == "proxy" {
		return "GOPROXY", true
	}
	up := strings.ToUpper(rest)
	if resolve.IsTracked(up) {
		if lowerProxyVars[rest] {
			return rest, true
		}
		return up, true
	}
	return "", false
}

// languageBlockIgnored are settings vscode-go and VS Code read without a language, so inside a
// "[go]" block they are never applied.
var languageBlockIgnored = map[string]bool{
	"go.toolsEnvVars": true, "go.testEnvVars": true, "go.testEnvFile": true, "go.gopath": true, "go.goroot": true,
	"http.proxy": true, "terminal.integrated.env.linux": true, "terminal.integrated.env.osx": true, "terminal.integrated.env.windows": true,
}

var terminalKeys = []string{"terminal.integrated.env.linux", "terminal.integrated.env.osx", "terminal.integrated.env.windows"}

func isLanguageBlock(key string) bool {
	return len(key) > 2 && strings.HasPrefix(key, "[") && strings.HasSuffix(key, "]")
}

func runIneffectiveSetting(ws *check.Workspace) []check.Finding {
	var out []check.Finding
	for _, s := range ws.Settings() {
		for _, m := range lastMembers(s.Root) {
			if isLanguageBlock(m.Key) {
				for _, inner := range lastMembers(m.Value) {
					out = append(out, misplacedMember(ws, s, m.Key, inner)...)
				}
				continue
			}
			out = append(out, misplacedMember(ws, s, "", m)...)
		}
		out = append(out, otherOSTerminal(ws, s)...)
		out = append(out, nonStringSettings(ws, s)...)
		out = append(out, duplicateGoplsEnv(ws, s)...)
	}
	return append(out, nonStringLaunchEnv(ws)...)
}

// misplaced is a value written where nothing reads it, and where it belongs.
type misplaced struct {
	s        *vscode.Settings
	at       jsonc.Pos
	what     string
	why      string
	value    *jsonc.Node // nil: nothing to move
	remove   []any       // its path in the settings object
	to       [][]string  // setting key then members where it belongs, in the same settings object
	contexts []string
}

func (m misplaced) finding() check.Finding {
	var targets []string
	for _, t := range m.to {
		targets = append(targets, strings.Join(t, "."))
	}
	msg := fmt.Sprintf("%s in %s has no effect: %s.", m.what, scopeName(m.s), m.why)
	if len(targets) > 0 {
		msg += " It belongs in " + joinAnd(targets) + "."
	}
	text, movable := "", false
	if m.value != nil {
		text, movable = valueText(m.value)
	}
	var sets []check.Fix
	conflict := false
	for _, t := range m.to {
		if !movable {
			break
		}
		name := t[len(t)-1]
		if cur := nodeAt(m.s.Root, toPath(t)); cur != nil {
			if ct, ok := valueText(cur); ok && ct == text {
				continue // already there: only the removal is left
			}
			conflict = true
		}
		title := fmt.Sprintf("set %s to %s in %s", strings.Join(t, "."), show(name, text), scopeName(m.s))
		if conflict {
			title = fmt.Sprintf("replace %s (set to another value) with %s in %s", strings.Join(t, "."), show(name, text), scopeName(m.s))
		}
		sets = append(sets, setting(m.s, title, check.Str(text), t[0], t[1:]...))
	}
	removeTitle := "remove the ineffective " + m.what
	var fixes []check.Fix
	if len(sets) > 0 {
		n := len(sets) + 1
		for i := range sets {
			sets[i].Title = fmt.Sprintf("move (%d/%d): %s", i+1, n, sets[i].Title)
		}
		removeTitle = fmt.Sprintf("move (%d/%d): %s", n, n, removeTitle)
		if !conflict {
			sets[0].Preferred = true
		}
	}
	remove := textRemove(m.s, removeTitle, m.remove...)
	remove.Preferred = len(sets) == 0 || conflict
	fixes = append(sets, remove)
	return check.Finding{Message: msg, Contexts: m.contexts, Location: loc(m.s.Path, m.at), Fixes: fixes}
}

func toPath(t []string) []any {
	out := make([]any, len(t))
	for i, s := range t {
		out[i] = s
	}
	return out
}

// misplacedMember checks one member of a settings object, or of a language block when block
// is set.
func misplacedMember(ws *check.Workspace, s *vscode.Settings, block string, m jsonc.Member) []check.Finding {
	folders := foldersOf(ws, s)
	tools := contextIDs(ws, folders, toolKinds...)
	path := []any{m.Key}
	where := quote(m.Key)
	if block != "" {
		path = []any{block, m.Key}
		where = quote(m.Key) + " inside the " + quote(block) + " block"
	}
	httpTargets := [][]string{{"go.toolsEnvVars", "HTTPS_PROXY"}, {"go.toolsEnvVars", "HTTP_PROXY"}}
	if s.Scope == vscode.ScopeUser {
		httpTargets = [][]string{{"http.proxy"}}
	}
	one := func(p misplaced) []check.Finding {
		p.s, p.at = s, m.KeyPos
		if p.remove == nil {
			p.remove = path
		}
		return []check.Finding{p.finding()}
	}
	// perMember reports each member of an object value on its own, so each can be moved.
	perMember := func(why string, target func(key string) []string, contexts []string) []check.Finding {
		members := lastMembers(m.Value)
		if len(members) == 0 {
			return one(misplaced{what: where, why: why, contexts: contexts})
		}
		var out []check.Finding
		for _, mm := range members {
			p := misplaced{s: s, at: mm.KeyPos, what: quote(mm.Key) + " in " + where, why: why, value: mm.Value,
				remove: append(append([]any{}, path...), mm.Key), to: [][]string{target(mm.Key)}, contexts: contexts}
			if len(members) == 1 {
				p.remove = path
			}
			out = append(out, p.finding())
		}
		return out
	}
	toTools := func(k string) []string { return []string{"go.toolsEnvVars", k} }

	inBlock := ""
	if block != "" {
		inBlock = "; inside a language block it would not be read either"
	}
	switch {
	case isEnvVarName(m.Key):
		return one(misplaced{what: where, value: m.Value, to: [][]string{toTools(m.Key)}, contexts: tools,
			why: "settings are not environment variables, and no Go tool reads a setting named " + m.Key})
	case inventedEnvMaps[m.Key]:
		return perMember("vscode-go has no setting "+quote(m.Key)+"; its environment settings are go.toolsEnvVars (gopls, tools, debugging, tests), go.testEnvVars and go.testEnvFile"+inBlock,
			toTools, tools)
	}
	if v, ok := inventedVar(m.Key); ok {
		return one(misplaced{what: where, value: m.Value, to: [][]string{toTools(v)}, contexts: tools,
			why: "vscode-go has no setting " + quote(m.Key) + "; environment variables go in go.toolsEnvVars" + inBlock})
	}
	if block != "" && languageBlockIgnored[m.Key] {
		why := "vscode-go reads " + m.Key + " for a folder without a language, so VS Code never applies a value inside a language block"
		contexts := tools
		switch {
		case strings.HasPrefix(m.Key, "terminal.integrated.env."):
			why = "VS Code reads " + m.Key + " for the whole window, never per language"
			contexts = contextIDs(ws, folders, model.Terminal)
		case m.Key == "http.proxy":
			why = "VS Code reads http.proxy for the whole application, never per language"
		case m.Key == "go.testEnvVars" || m.Key == "go.testEnvFile":
			contexts = contextIDs(ws, folders, model.Test, model.TestDebug)
		}
		switch m.Key {
		case "go.toolsEnvVars", "go.testEnvVars", "terminal.integrated.env.linux", "terminal.integrated.env.osx", "terminal.integrated.env.windows":
			key := m.Key
			return perMember(why, func(k string) []string { return []string{key, k} }, contexts)
		case "http.proxy":
			return one(misplaced{what: where, why: why, value: m.Value, to: httpTargets, contexts: contexts})
		}
		return one(misplaced{what: where, why: why, value: m.Value, to: [][]string{{m.Key}}, contexts: contexts})
	}
	if block == "" && machineOverridable[m.Key] && s.Scope == vscode.ScopeUser && ws.Input.System.InRemoteWindow() {
		p := misplaced{what: where, contexts: tools,
			why: m.Key + " is machine-overridable: in a remote window VS Code reads it from Remote settings (and workspace settings), never from the local user settings"}
		if r := ws.Input.Remote; r != nil && r.Path != "" {
			p.why += "; set the value the remote machine needs in Remote settings (" + r.Path + ")"
		}
		return one(p)
	}
	if block == "" && m.Key == "http.proxy" && s.Scope == vscode.ScopeRemote && m.Value.Kind == jsonc.String && m.Value.Str != "" &&
		!slices.Contains(resolve.ProxyScopes(ws.Input), s) {
		return one(misplaced{what: where, contexts: tools, value: m.Value, to: httpTargets,
			why: "in a remote window VS Code takes http.proxy from the local user settings, so vscode-go never copies this value into HTTP(S)_PROXY"})
	}
	if block == "" && m.Key == "http.proxy" && (s.Scope == vscode.ScopeWorkspace || s.Scope == vscode.ScopeFolder) && m.Value.Kind == jsonc.String && m.Value.Str != "" {
		return one(misplaced{what: where, value: m.Value, to: httpTargets, contexts: tools,
			why: "http.proxy is an application setting: VS Code reads it only from user settings, so vscode-go never copies this value into HTTP(S)_PROXY"})
	}
	return nil
}

// otherOSTerminal: terminal.integrated.env.<other OS> sets a variable that the current OS's
// key does not, and the terminal here does not already have that value.
func otherOSTerminal(ws *check.Workspace, s *vscode.Settings) []check.Finding {
	if s.Scope == vscode.ScopeFolder {
		return nil // terminal env is read per window; folder settings never apply
	}
	cur := vscode.TerminalEnvKey(ws.Input.GOOS)
	var terminals []*model.Context
	for _, c := range ws.Contexts {
		if c.Kind == model.Terminal {
			terminals = append(terminals, c)
		}
	}
	var out []check.Finding
	for _, key := range terminalKeys {
		if key == cur {
			continue
		}
		for _, e := range vscode.EnvMap(s.Get(key)) {
			if !e.IsString() || !(resolve.IsTracked(e.Key) || lowerProxyVars[e.Key]) || currentTerminalSets(ws, cur, e.Key) {
				continue
			}
			differs, got := false, ""
			for _, c := range terminals {
				if v, _ := varOf(c, e.Key); v != e.Node.Str {
					differs, got = true, v
				}
			}
			if !differs {
				continue
			}
			msg := fmt.Sprintf("%s sets %s=%s in %s, but VS Code on %s applies only %s, which does not set %s: integrated terminals here use %s.",
				key, e.Key, show(e.Key, e.Node.Str), scopeName(s), ws.Input.GOOS, cur, e.Key, show(e.Key, got))
			fix := setting(s, fmt.Sprintf("set %s.%s to %s in %s", cur, e.Key, show(e.Key, e.Node.Str), scopeName(s)), check.Str(e.Node.Str), cur, e.Key)
			out = append(out, check.Finding{Message: msg, Contexts: check.IDs(terminals), Location: loc(s.Path, e.KeyPos), Fixes: []check.Fix{preferred(fix)}})
		}
	}
	return out
}

func currentTerminalSets(ws *check.Workspace, key, name string) bool {
	for _, s := range []*vscode.Settings{ws.Input.User, ws.Input.Remote, ws.Input.Workspace} {
		for _, e := range vscode.EnvMap(s.Get(key)) {
			if e.Key == name {
				return true
			}
		}
	}
	return false
}

// kindText names a JSON value's type for a message.
func kindText(n *jsonc.Node) string {
	switch n.Kind {
	case jsonc.Number:
		return "the number " + n.Raw
	case jsonc.Bool:
		return "the boolean " + n.Raw
	case jsonc.Null:
		return "null"
	case jsonc.Object:
		return "an object"
	case jsonc.Array:
		return "an array"
	}
	return "a string"
}

// nonStringSettings: env maps whose consumer mishandles values that are not strings.
func nonStringSettings(ws *check.Workspace, s *vscode.Settings) []check.Finding {
	folders := foldersOf(ws, s)
	var out []check.Finding
	add := func(e vscode.EnvEntry, msg string, contexts []string, fix check.Fix) {
		out = append(out, check.Finding{Message: msg, Contexts: contexts, Location: loc(s.Path, e.Node.Start), Fixes: []check.Fix{preferred(fix)}})
	}
	for _, key := range []string{"go.toolsEnvVars", "go.testEnvVars"} {
		contexts := contextIDs(ws, folders, toolKinds...)
		who := "gopls, tools, debug sessions and tests"
		if key == "go.testEnvVars" {
			contexts = contextIDs(ws, folders, model.Test, model.TestDebug)
			who = "tests"
		}
		for _, e := range vscode.EnvMap(s.Get(key)) {
			if e.IsString() {
				continue
			}
			str := e.NodeString()
			msg := fmt.Sprintf("%s.%s in %s is %s, not a string. vscode-go passes it through unchanged and Node.js turns it into %s when it starts %s",
				key, e.Key, scopeName(s), kindText(e.Node), quote(str), who)
			var fix check.Fix
			switch e.Node.Kind {
			case jsonc.Null:
				msg += ", so " + e.Key + " is the text \"null\", not unset"
				fix = setting(s, "remove "+key+"."+e.Key, nil, key, e.Key)
			case jsonc.Object:
				fix = setting(s, "remove "+key+"."+e.Key, nil, key, e.Key)
			default:
				fix = setting(s, fmt.Sprintf("write %s.%s as the string %s", key, e.Key, quote(redact.Value(e.Key, str))), check.Str(str), key, e.Key)
			}
			add(e, msg+".", contexts, fix)
		}
	}
	if g := s.Get("gopls"); g != nil {
		envKey := vscode.GoplsBuildEnvKey(g)
		for _, e := range vscode.GoplsBuildEnv(g) {
			if e.IsString() || e.Node.Kind == jsonc.Number {
				continue
			}
			msg := fmt.Sprintf("gopls %s.%s in %s is %s. gopls accepts only strings (and whole numbers) in build.env: it reports \"invalid map value\" and stops reading build.env at that entry, and since it visits the entries in random order, which of the other variables apply is a matter of luck.",
				envKey, e.Key, scopeName(s), kindText(e.Node))
			fix := setting(s, fmt.Sprintf("remove gopls %s.%s", envKey, e.Key), nil, "gopls", envKey, e.Key)
			if e.Node.Kind == jsonc.Bool {
				fix = setting(s, fmt.Sprintf("write gopls %s.%s as the string %s", envKey, e.Key, quote(e.Node.Raw)), check.Str(e.Node.Raw), "gopls", envKey, e.Key)
			}
			add(e, msg, contextIDs(ws, folders, model.Gopls), fix)
		}
	}
	if s.Scope != vscode.ScopeFolder {
		terms := contextIDs(ws, folders, model.Terminal)
		for _, key := range terminalKeys {
			for _, e := range vscode.EnvMap(s.Get(key)) {
				if e.IsString() || e.IsNull() {
					continue
				}
				msg := fmt.Sprintf("%s.%s in %s is %s. VS Code applies only string values to the terminal environment (null removes a variable); any other value removes %s too, so the terminal does not get it.",
					key, e.Key, scopeName(s), kindText(e.Node), e.Key)
				fix := setting(s, "remove "+key+"."+e.Key, nil, key, e.Key)
				if t, ok := valueText(e.Node); ok {
					fix = setting(s, fmt.Sprintf("write %s.%s as the string %s", key, e.Key, quote(redact.Value(e.Key, t))), check.Str(t), key, e.Key)
				}
				add(e, msg, terms, fix)
			}
		}
	}
	return out
}

// duplicateGoplsEnv: a "gopls" object with both "build.env" and "env". gopls keeps only the
// last segment of dotted names, so both are "env": it reports "duplicate value for env" and
// merges both in random order.
func duplicateGoplsEnv(ws *check.Workspace, s *vscode.Settings) []check.Finding {
	g := s.Get("gopls")
	if g == nil || g.Kind != jsonc.Object || g.Get("build.env") == nil {
		return nil
	}
	short, ok := member(g, "env")
	if !ok {
		return nil
	}
	long := vscode.EnvMap(g.Get("build.env"))
	have := map[string]string{}
	for _, e := range long {
		if t, ok := valueText(e.Node); ok {
			have[e.Key] = t
		}
	}
	var sets []check.Fix
	for _, e := range vscode.EnvMap(short.Value) {
		t, ok := valueText(e.Node)
		if !ok {
			continue
		}
		if cur, ok := have[e.Key]; ok && cur == t {
			continue
		}
		sets = append(sets, setting(s, fmt.Sprintf("set gopls build.env.%s to %s", e.Key, show(e.Key, t)), check.Str(t), "gopls", "build.env", e.Key))
	}
	remove := setting(s, "remove gopls \"env\" (keep \"build.env\")", nil, "gopls", "env")
	if len(sets) > 0 {
		n := len(sets) + 1
		for i := range sets {
			sets[i].Title = fmt.Sprintf("merge (%d/%d): %s", i+1, n, sets[i].Title)
		}
		remove.Title = fmt.Sprintf("merge (%d/%d): %s", n, n, remove.Title)
		sets[0].Preferred = true
	} else {
		remove.Preferred = true
	}
	msg := fmt.Sprintf("The gopls settings in %s have both \"build.env\" and \"env\". gopls drops everything before the last dot of a setting name, so both are its \"env\" option: it reports \"duplicate value for env\" and merges the two in random order, so a variable written in both with different values gets either one.", scopeName(s))
	return []check.Finding{{Message: msg, Contexts: contextIDs(ws, foldersOf(ws, s), model.Gopls), Location: loc(s.Path, short.KeyPos), Fixes: append(sets, remove)}}
}

// nonStringLaunchEnv: launch.json env values of "go" configurations that are neither string
// nor null.
func nonStringLaunchEnv(ws *check.Workspace) []check.Finding {
	var out []check.Finding
	for _, f := range ws.Folders() {
		for _, lc := range f.Launch {
			if lc.Type != "go" {
				continue
			}
			var contexts []string
			if ws.Context(f.Path, "delve:"+lc.Name) != nil {
				contexts = []string{"delve:" + lc.Name}
			}
			for _, e := range lc.Env {
				if e.IsString() || e.IsNull() {
					continue
				}
				path := vscode.JSONPath(lc.Path, "env", e.Key)
				msg := fmt.Sprintf("env.%s of launch configuration %s is %s. Only strings (and null, which unsets) are environment values: vscode-go passes it on unchanged, Node.js stringifies it for the Delve process, and Delve's launch request expects strings [inference: it rejects the configuration].",
					e.Key, quote(lc.Name), kindText(e.Node))
				fix := check.Fix{Title: "remove env." + e.Key, Kind: check.Edit, File: lc.File, JSON: &check.JSONChange{Path: path}}
				if t, ok := valueText(e.Node); ok {
					fix = check.Fix{Title: fmt.Sprintf("write env.%s as the string %s", e.Key, quote(redact.Value(e.Key, t))), Kind: check.Edit, File: lc.File,
						JSON: &check.JSONChange{Path: path, Value: check.Str(t)}}
				}
				out = append(out, check.Finding{Message: msg, Folder: f.Path, Contexts: contexts, Location: loc(lc.File, e.Node.Start), Fixes: []check.Fix{preferred(fix)}})
			}
		}
	}
	return out
}
