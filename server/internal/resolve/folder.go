package resolve

import (
	"strings"

	"github.com/go-env-doctor/go-env-doctor/server/internal/model"
	"github.com/go-env-doctor/go-env-doctor/server/internal/subst"
	"github.com/go-env-doctor/go-env-doctor/server/internal/vscode"
)

func (r *resolver) folderContexts(f *Folder) []*model.Context {
	active := ""
	if len(r.in.Folders) > 1 {
		active = "vscode-go gives this context the go.toolsEnvVars of the folder of the active editor; shown as if a file of this folder were active"
	}
	terminal := r.terminalEnv(f)
	// vscode-go's toolExecutionEnvironment(folder) is the base of gopls, tests and the env-file
	// lookups of launch configurations: build it once per folder.
	tool := r.toolEnv(f, r.host, r.host)
	out := []*model.Context{
		r.context("shell", model.Shell, f, r.shell, "the environment of a `go` typed in this shell ("+r.in.Shell.Name+")"),
		r.context("terminal", model.Terminal, f, terminal),
	}

	gopls := tool.Clone()
	for _, s := range r.scopes(f) {
		n := s.Get("gopls")
		key := vscode.GoplsBuildEnvKey(n)
		for _, e := range vscode.GoplsBuildEnv(n) {
			o := settingOrigin(model.LayerBuildEnv, s, e.Node, "gopls", key, e.Key)
			o.Var = e.Key
			switch {
			case e.IsString():
				o.Value = e.Node.Str
			case e.Node.Kind.String() == "number":
				o.Value = e.Node.Raw
			default:
				continue // gopls rejects the option: "invalid type"; the checks report it
			}
			gopls.Set(e.Key, o)
		}
	}
	goplsCtx := r.context("gopls", model.Gopls, f, gopls, r.hostAssume, active,
		"gopls.build.env applies to the go commands gopls runs for this folder, on top of the gopls process environment")
	r.observe(goplsCtx, tool) // the gopls process has no build.env: gopls applies it to the go commands it runs
	out = append(out, goplsCtx)

	for _, lc := range f.Launch {
		if lc.Type != "go" || lc.Request != "launch" {
			continue
		}
		out = append(out, r.delve(f, lc, terminal, tool))
	}
	out = append(out, r.test(f, tool.Clone(), active), r.testDebug(f, tool.Clone()))
	for _, t := range f.Tasks {
		out = append(out, r.task(f, t, terminal))
	}
	return out
}

// resolverFor is VS Code's variable resolver for folder f, reading ${env:…} from env.
func (r *resolver) resolverFor(f *Folder, env *model.Env) subst.Resolver {
	folders := r.folderPaths
	sep := "/"
	if r.in.GOOS == "windows" {
		sep = `\`
	}
	return subst.Resolver{Folder: f.Path, Folders: folders, Home: homeOf(env, r.in.GOOS), Sep: sep, Env: env.Getenv,
		Config: func(key string) (string, bool) {
			val, ok := "", false
			for _, s := range r.scopes(f) {
				if v, n := s.String(key); n != nil {
					val, ok = v, true
				}
			}
			return val, ok
		}}
}

// setResolved applies one env object with VS Code's resolver; null removes the variable.
func setResolved(env *model.Env, entries []vscode.EnvEntry, base model.Origin, res subst.Resolver) {
	for _, e := range entries {
		o := base
		o.Line, o.Column, o.Var = e.Node.Start.Line, e.Node.Start.Column, e.Key
		o.JSONPath = vscode.JSONPath(base.JSONPath, e.Key)
		switch {
		case e.IsNull():
			o.Unset = true
		case e.IsString():
			v, unresolved := res.Resolve(e.Node.Str)
			o.Value = v
			if len(unresolved) > 0 {
				o.Note = model.JoinNotes(o.Note, "contains "+strings.Join(unresolved, ", ")+", which depends on the editor state and is shown unresolved")
			} else if v != e.Node.Str {
				o.Note = model.JoinNotes(o.Note, "written as "+quote(e.Node.Str))
			}
		default:
			o.Value = e.NodeString()
			o.Note = model.JoinNotes(o.Note, "not a string ("+e.Node.Kind.String()+")")
		}
		env.Set(e.Key, o)
	}
}

// terminalEnv is the integrated terminal: the shell env plus terminal.integrated.env.<os>
// (window scope: user, remote and workspace settings, never folder settings).
func (r *resolver) terminalEnv(f *Folder) *model.Env {
	env := r.shell.Clone()
	key := vscode.TerminalEnvKey(r.in.GOOS)
	res := r.resolverFor(f, r.shell)
	for _, s := range r.windowScopes() {
		n := s.Get(key)
		if n == nil {
			continue
		}
		setResolved(env, vscode.EnvMap(n), model.Origin{Layer: model.Scoped(model.Layer(key), string(s.Scope)), File: s.Path,
			JSONPath: vscode.JSONPath(s.Prefix, key)}, res)
	}
	return env
}

// delve is a launch configuration: extension host env (or the terminal env for
// console: integratedTerminal/externalTerminal) < go.toolsEnvVars (session folder) < envFile
// (later files win) < env (vscode-go resolveDebugConfigurationWithSubstitutedVariables).
func (r *resolver) delve(f *Folder, lc vscode.LaunchConfig, terminal, tool *model.Env) *model.Context {
	base, note := r.host, ""
	if lc.Console == "integratedTerminal" || lc.Console == "externalTerminal" {
		base = terminal
		note = "console: " + lc.Console + " — the program starts from the terminal environment, not the extension host's"
	}
	env := r.toolEnv(f, base, r.host)
	res := r.resolverFor(f, r.host)
	var notes []string
	// parseEnvFiles reads every file on its own against toolExecutionEnvironment(folder):
	// a later file cannot reference an earlier one's keys.
	lookup := tool
	for _, ef := range lc.EnvFiles {
		p, _ := res.Resolve(ef.Value)
		origins, problem := r.readEnvFile(p, model.LayerLaunchEnvFile, lookup)
		if problem != "" {
			notes = append(notes, problem)
		}
		for _, o := range origins {
			env.Set(o.Var, o)
		}
	}
	setResolved(env, lc.Env, model.Origin{Layer: model.LayerLaunchEnv, File: lc.File, JSONPath: vscode.JSONPath(lc.Path, "env")}, res)
	notes = append(notes, note, r.hostAssume, "launch configuration "+quote(lc.Name)+" in "+lc.File)
	return r.context("delve:"+lc.Name, model.Delve, f, env, notes...)
}

// testEnvFile returns the go.testEnvFile setting that applies to f.
func (r *resolver) testEnvFile(f *Folder) (string, *vscode.Settings) {
	val, from := "", (*vscode.Settings)(nil)
	for _, s := range r.scopes(f) {
		if v, n := s.String("go.testEnvFile"); n != nil {
			val, from = v, s
		}
	}
	return val, from
}

// testSubst is how one test path transforms the file path, the file's values and
// go.testEnvVars (resolvePath for run-test; VS Code's resolver for debug-test).
type testSubst struct {
	path, fileValue, varValue func(string) string
}

// testVars applies go.testEnvFile then go.testEnvVars.
func (r *resolver) testVars(f *Folder, env *model.Env, ts testSubst) []string {
	var notes []string
	if p, s := r.testEnvFile(f); p != "" {
		p = ts.path(p)
		origins, problem := r.readEnvFile(p, model.LayerTestEnvFile, env)
		if problem != "" {
			notes = append(notes, problem+" (go.testEnvFile in "+s.Path+")")
		}
		for _, o := range origins {
			o.Value = ts.fileValue(o.Value)
			env.Set(o.Var, o)
		}
	}
	for _, s := range r.scopes(f) {
		for _, e := range vscode.EnvMap(s.Get("go.testEnvVars")) {
			o := settingOrigin(model.LayerTestEnvVars, s, e.Node, "go.testEnvVars", e.Key)
			o.Var, o.Value = e.Key, e.NodeString()
			if e.IsString() {
				o.Value = ts.varValue(e.Node.Str)
				if o.Value != e.Node.Str {
					o.Note = "written as " + quote(e.Node.Str)
				}
			}
			env.Set(e.Key, o)
		}
	}
	return notes
}

// test is "run test" (code lens, Test Explorer): tool env of the active editor, then
// go.testEnvFile, then go.testEnvVars, all through resolvePath (no ${env:…}).
func (r *resolver) test(f *Folder, env *model.Env, active string) *model.Context {
	home := homeOf(r.host, r.in.GOOS)
	rp := func(s string) string { return subst.GoExtPath(s, f.Path, home) }
	notes := r.testVars(f, env, testSubst{rp, rp, rp})
	notes = append(notes, r.hostAssume, active, "go.testEnvVars are not ${env:…}-substituted when running tests (they are when debugging them)")
	return r.context("test", model.Test, f, env, notes...)
}

// testDebug is "debug test": it becomes a debug session with env=go.testEnvVars and
// envFile=go.testEnvFile, so VS Code's resolver runs first and launch.json is not used.
func (r *resolver) testDebug(f *Folder, env *model.Env) *model.Context {
	res := r.resolverFor(f, r.host)
	rv := func(s string) string { v, _ := res.Resolve(s); return v }
	same := func(s string) string { return s }
	notes := r.testVars(f, env, testSubst{path: rv, fileValue: same, varValue: rv})
	notes = append(notes, r.hostAssume, "debug test uses go.testEnvVars and go.testEnvFile; launch.json is not used (golang/vscode-go#855)")
	return r.context("test-debug", model.TestDebug, f, env, notes...)
}

// task is a tasks.json task. "go" tasks get vscode-go's tool env of the task folder (without
// the extension host's process env) on top of VS Code's task environment; other tasks run in
// a terminal. options.env layers come last, merged key by key.
func (r *resolver) task(f *Folder, t vscode.Task, terminal *model.Env) *model.Context {
	var env *model.Env
	var notes []string
	if t.Type == "go" {
		env = r.toolEnv(f, r.hostPlain, r.host)
		notes = append(notes, "a \"go\" task: vscode-go adds go.toolsEnvVars of the task's folder, http.proxy and GOPATH")
	} else {
		env = terminal.Clone()
		notes = append(notes, "a \""+t.Type+"\" task runs in a terminal: it gets the terminal environment, not go.toolsEnvVars")
	}
	res := r.resolverFor(f, r.hostPlain)
	for _, l := range t.EnvLayers {
		setResolved(env, l.Entries, model.Origin{Layer: model.LayerTaskEnv, File: t.File, Note: l.What, JSONPath: l.Path}, res)
	}
	notes = append(notes, "task "+quote(t.Label)+" in "+t.File)
	return r.context("task:"+t.Label, model.Task, f, env, notes...)
}
