package resolve

import (
	"path"
	"regexp"
	"strings"

	"github.com/go-env-doctor/go-env-doctor/server/internal/model"
	"github.com/go-env-doctor/go-env-doctor/server/internal/remote"
	"github.com/go-env-doctor/go-env-doctor/server/internal/shellrc"
	"github.com/go-env-doctor/go-env-doctor/server/internal/vscode"
)

// The remote half of resolution: where values came from when VS Code is split across machines
// (Remote-WSL, SSH, Dev Containers). The environments themselves are what they are — a WSL
// shell already has its WSLENV variables, a container already has its containerEnv — so this
// mostly says where a value was set; only devcontainer.json remoteEnv adds values, to what VS
// Code's server starts when its environment is not known.

// attributeShell names the real source of shell variables: Windows (through WSLENV) or
// devcontainer.json (containerEnv, or remoteEnv when the shell is a VS Code terminal).
func (r *resolver) attributeShell(e *model.Env, source string) {
	sys := r.in.System
	if sys == nil {
		return
	}
	if w := sys.WSL; w != nil {
		for _, entry := range w.WSLENV {
			if w.FromWindows(entry.Name) {
				e.Attribute(entry.Name, model.Origin{Layer: model.LayerShell, Source: source, Side: string(remote.SideWindows),
					Note: "a Windows variable passed into WSL by WSLENV (" + entry.Name + flagSuffix(entry.Flags) + ")"})
			}
		}
	}
	if sys.InRemoteWindow() {
		r.attributeServerEnvSetup(e)
	}
	if !inDevContainer(sys) || r.in.DevContainer == nil {
		return
	}
	for _, layer := range []model.Layer{model.LayerContainerEnv, model.LayerRemoteEnv} {
		for _, d := range r.devContainerEnv(layer, e) {
			if v, ok := e.Lookup(d.origin.Var); ok && d.known && v == d.origin.Value {
				o := d.origin
				o.Note = "the value " + d.where() + " sets"
				e.Attribute(d.origin.Var, o)
			}
		}
	}
}

// attributeServerEnvSetup names ~/.vscode-server/server-env-setup as the source of the values
// it exports: VS Code's server sources it before it starts, in WSL and over SSH, so the extension
// host and everything below it inherit them.
func (r *resolver) attributeServerEnvSetup(e *model.Env) {
	home := e.Getenv("HOME")
	if home == "" {
		return
	}
	dirs := []string{path.Join(home, ".vscode-server"), path.Join(home, ".vscode-server-insiders")}
	if a := e.Getenv("VSCODE_AGENT_FOLDER"); a != "" {
		dirs = append([]string{a}, dirs...)
	}
	for _, dir := range dirs {
		p := path.Join(dir, "server-env-setup")
		data, err := r.w.ReadFile(p)
		if err != nil {
			continue
		}
		for _, x := range shellrc.Exports(data, append(TrackedVars, r.in.ExtraVars...)...) {
			if v, ok := e.Lookup(x.Name); ok && !x.Dynamic && v == x.Value {
				e.Attribute(x.Name, model.Origin{Layer: model.LayerHost, File: p, Line: x.Line, Column: x.Column,
					Note: "VS Code's server sources server-env-setup before it starts"})
			}
		}
		return
	}
}

// applyRemoteEnv lays devcontainer.json remoteEnv over the extension host's environment inside
// a container: VS Code's server starts the extension host, gopls, terminals and tasks with it.
// With the host env known (from the editor) it only attributes matching values; a differing
// value stays and is noted, since the server applied remoteEnv when it started.
func (r *resolver) applyRemoteEnv(host *model.Env, known bool) {
	if !inDevContainer(r.in.System) || r.in.DevContainer == nil {
		return
	}
	for _, d := range r.devContainerEnv(model.LayerRemoteEnv, host) {
		name := d.origin.Var
		cur, present := host.Lookup(name)
		switch {
		case !d.known:
			continue
		case present && cur == d.origin.Value:
			o := d.origin
			o.Note = "the value " + d.where() + " sets"
			host.Attribute(name, o)
		case known:
			st := host.Stack(name)
			if len(st) > 0 {
				o := st[len(st)-1]
				o.Note = model.JoinNotes(o.Note, d.where()+" sets "+d.origin.Value+"; VS Code's server started with another value (rebuild or reopen the container to apply it)")
				host.Attribute(name, o)
			}
		default:
			o := d.origin
			o.Note = "VS Code's server in the container starts its processes with " + d.where()
			host.Set(name, o)
		}
	}
}

// inDevContainer: a container VS Code's Dev Containers manages, so its devcontainer.json
// describes it (a CI container that merely holds the repository is not one).
func inDevContainer(sys *remote.System) bool {
	return sys != nil && sys.Container != nil && sys.Container.DevContainer
}

type devEnv struct {
	origin model.Origin
	known  bool // false when the value uses ${localEnv:…}, which only the local machine knows
}

func (d devEnv) where() string {
	return "devcontainer.json " + strings.TrimPrefix(string(d.origin.Layer), "devcontainer.")
}

// devContainerEnv lists the string members of remoteEnv or containerEnv with their values
// substituted against env (the container's own environment for ${containerEnv:…}).
func (r *resolver) devContainerEnv(layer model.Layer, env *model.Env) []devEnv {
	d := r.in.DevContainer
	entries, key := d.ContainerEnv, "containerEnv"
	if layer == model.LayerRemoteEnv {
		entries, key = d.RemoteEnv, "remoteEnv"
	}
	var out []devEnv
	for _, e := range entries {
		if !e.IsString() {
			continue
		}
		val, known := substDevContainer(e.Node.Str, env, r.firstFolder())
		out = append(out, devEnv{known: known, origin: model.Origin{Layer: layer, Value: val, Var: e.Key, File: d.Path,
			Line: e.Node.Start.Line, Column: e.Node.Start.Column, JSONPath: []any{key, e.Key}, Side: string(remote.SideContainer)}})
	}
	return out
}

var devContainerVar = regexp.MustCompile(`\$\{([^}]*)\}`)

// substDevContainer expands the variables of a devcontainer.json value that the container side
// knows; known is false when one can only be known on the local machine.
func substDevContainer(s string, env *model.Env, folder string) (string, bool) {
	known := true
	out := devContainerVar.ReplaceAllStringFunc(s, func(m string) string {
		inner := m[2 : len(m)-1]
		kind, arg, _ := strings.Cut(inner, ":")
		switch kind {
		case "containerEnv":
			name, def, _ := strings.Cut(arg, ":")
			if v, ok := env.Lookup(name); ok {
				return v
			}
			return def
		case "containerWorkspaceFolder":
			return folder
		case "containerWorkspaceFolderBasename":
			return baseName(folder)
		}
		known = false
		return m
	})
	return out, known
}

func baseName(p string) string {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[i+1:]
	}
	return p
}

func flagSuffix(flags string) string {
	if flags == "" {
		return ""
	}
	return "/" + flags
}

// annotateSides records on every origin which machine it was set on, when that is not obvious:
// in a remote window user settings live on the local machine (Windows for WSL), the rest with
// the Go tools.
func annotateSides(ctxs []*model.Context, sys *remote.System) {
	if !sys.Split() {
		return
	}
	for _, c := range ctxs {
		for _, v := range c.Vars {
			annotateVar(v, sys)
		}
		if c.Observed != nil {
			for _, v := range c.Observed.Vars {
				annotateVar(v, sys)
			}
			for _, v := range c.Observed.Intended {
				annotateVar(v, sys)
			}
		}
	}
}

func annotateVar(v *model.Var, sys *remote.System) {
	if v == nil {
		return
	}
	setSide(&v.Origin, sys)
	for i := range v.Overridden {
		setSide(&v.Overridden[i], sys)
	}
}

func setSide(o *model.Origin, sys *remote.System) {
	if o.CopiedFrom != nil {
		c := *o.CopiedFrom
		setSide(&c, sys)
		o.CopiedFrom = &c
	}
	if o.Side != "" {
		return
	}
	switch {
	case o.Layer == model.LayerDefault || o.Layer == model.LayerDerived || o.Layer == model.LayerUnset:
		return // not set anywhere
	case sys.WSL.OnWindowsDrive(o.File):
		o.Side = string(remote.SideWindows) // the CLI read the Windows user settings through /mnt/c
	case strings.HasSuffix(string(o.Layer), ":"+string(vscode.ScopeUser)):
		o.Side = string(sys.UI())
	default:
		o.Side = string(sys.Here())
	}
}
