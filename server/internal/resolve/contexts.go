package resolve

import (
	"bytes"
	"crypto/sha256"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/go-env-doctor/go-env-doctor/server/internal/envfile"
	"github.com/go-env-doctor/go-env-doctor/server/internal/goenv"
	"github.com/go-env-doctor/go-env-doctor/server/internal/jsonc"
	"github.com/go-env-doctor/go-env-doctor/server/internal/model"
	"github.com/go-env-doctor/go-env-doctor/server/internal/redact"
	"github.com/go-env-doctor/go-env-doctor/server/internal/remote"
	"github.com/go-env-doctor/go-env-doctor/server/internal/subst"
	"github.com/go-env-doctor/go-env-doctor/server/internal/vscode"
)

// World is everything resolution needs from outside: file contents and the GOROOT a go binary
// found on a PATH would report. Adapters implement it over the real system.
type World interface {
	ReadFile(path string) ([]byte, error)
	// DiscoverGoroot finds the go binary on pathList and the GOROOT it lives in, as cmd/go's
	// findGOROOT does when neither the user file nor $GOROOT names one. how explains it.
	DiscoverGoroot(pathList string) (goroot, how string)
}

// Observed is the environment of a running process.
type Observed struct {
	PID    int
	Env    map[string]string
	Source string
	// Overlay: Env is only what was laid over the process's own environment (the env of a
	// dlv-dap launch request: go.toolsEnvVars, envFile, env); the rest is taken to be what a
	// process of the context gets now.
	Overlay bool
}

// EnvSource is an environment and where it came from.
type EnvSource struct {
	Vars map[string]string
	Name string // e.g. "process environment", "--env-file ci.env"
}

// Folder is one workspace folder and the files VS Code reads for it.
type Folder struct {
	Name     string
	Path     string
	Settings *vscode.Settings // folder-scope settings; nil when the folder's settings are the workspace's
	Launch   []vscode.LaunchConfig
	Tasks    []vscode.Task
}

// Input is a whole workspace as VS Code, vscode-go and the shell see it.
type Input struct {
	GOOS      string
	Shell     EnvSource
	Host      *EnvSource // the extension host's env; nil means "inherited from Shell"
	VSCodeGo  bool       // model vscode-go's activation-time copies into the extension host
	User      *vscode.Settings
	Remote    *vscode.Settings
	Workspace *vscode.Settings
	Folders   []Folder
	ExtraVars []string // variables to resolve besides TrackedVars (explain VAR)
	// Observed are environments read from running processes, by context id ("gopls",
	// "delve:Launch") or kind ("delve" for every launch configuration).
	Observed map[string]Observed
	// HostLive is the extension host's environment as it is now, with what extensions (vscode-go)
	// wrote into it after it started; nil when unknown (only the extension can send it).
	HostLive map[string]string
	// System is the machine the Go tools run on (WSL, a container, an SSH host); nil for a
	// plain local machine.
	System *remote.System
	// DevContainer is the window's devcontainer.json, when it runs in a dev container.
	DevContainer *vscode.DevContainer
	// HostKnown: the extension host's environment is known, not assumed — the editor sent it
	// (then it is Shell) or --host-env-file gave it (Host).
	HostKnown bool
}

// Resolve computes every context of every folder.
func Resolve(in *Input, w World) []*model.Context {
	return newResolver(in, w).all()
}

func newResolver(in *Input, w World) *resolver {
	return &resolver{in: in, w: w, parsed: &parsedFiles{files: map[string]parsedFile{}}}
}

type resolver struct {
	in *Input
	w  World

	shell      *model.Env
	host       *model.Env // extension host env after vscode-go's activation mutations
	hostPlain  *model.Env // before them (what tasks inherit)
	hostAssume string
	parsed     *parsedFiles
	// folderPaths maps folder names to paths for ${workspaceFolder:name}; built once per run
	// (subst only reads it).
	folderPaths map[string]string

	// With a Cache: the fingerprint of the inputs all folders share (cacheable: it could be
	// taken) and what the shared part of this run read.
	cache       *Cache
	sharedSum   [sha256.Size]byte
	cacheable   bool
	sharedReads *reads
}

// parsedFiles are the go/env and go.env files parsed in one run, shared by the folders
// resolved concurrently.
type parsedFiles struct {
	mu    sync.Mutex
	files map[string]parsedFile
}

type parsedFile struct {
	data []byte
	f    *goenv.File
}

func (r *resolver) all() []*model.Context {
	base := r.w
	if r.cache != nil {
		r.sharedReads = newReads()
		r.w = recording{base, r.sharedReads}
	}
	r.baseEnvs()
	r.host = r.activate(true)
	r.folderPaths = map[string]string{}
	for _, ff := range r.in.Folders {
		r.folderPaths[ff.Name] = ff.Path
	}

	// Folders do not depend on each other: resolve them on every core.
	per := make([][]*model.Context, len(r.in.Folders))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(r.in.Folders)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(r.in.Folders) {
					return
				}
				per[i] = r.folder(&r.in.Folders[i], base)
			}
		})
	}
	wg.Wait()
	return slices.Concat(per...)
}

// folder resolves f, or takes its contexts from the cache when its inputs did not change.
// Everything that completes a context happens here, before it is cached: cached contexts are
// shared with earlier results and never changed again.
func (r *resolver) folder(f *Folder, base World) []*model.Context {
	resolve := func(w World) []*model.Context {
		fr := *r
		fr.w = w
		ctxs := fr.folderContexts(f)
		annotateSides(ctxs, r.in.System)
		return ctxs
	}
	if r.cache == nil {
		return resolve(base)
	}
	key, cacheable := r.cache.key(r, f)
	if ctxs := r.cache.get(f.Path, key, base); ctxs != nil {
		return ctxs
	}
	rd := newReads()
	ctxs := resolve(recording{base, rd}) // the same run, noting what this folder reads
	if cacheable {
		r.cache.put(f.Path, &cachedFolder{key: key, shared: r.sharedReads, reads: rd, ctxs: ctxs})
	}
	return ctxs
}

// baseEnvs builds the shell's and the extension host's environments before vscode-go touches
// the latter.
func (r *resolver) baseEnvs() {
	r.shell = envFrom(r.in.Shell, model.LayerShell)
	r.attributeShell(r.shell, r.in.Shell.Name)
	if r.in.Host != nil {
		r.hostPlain = envFrom(*r.in.Host, model.LayerHost)
		r.attributeShell(r.hostPlain, r.in.Host.Name)
	} else {
		r.hostPlain = r.shell.Clone()
		r.hostAssume = "assumes VS Code's extension host has this shell's environment (true when VS Code is started from this shell or resolves it as a login shell; not when a desktop launcher starts it without one — use --host-env-file to model that)"
	}
	r.applyRemoteEnv(r.hostPlain, r.in.Host != nil)
}

func envFrom(s EnvSource, layer model.Layer) *model.Env {
	e := model.NewEnv()
	e.SetAll(s.Vars, model.Origin{Layer: layer, Source: s.Name})
	return e
}

// scopes lists the settings that apply to folder f for a resource-scoped setting, lowest first.
func (r *resolver) scopes(f *Folder) []*vscode.Settings {
	s := []*vscode.Settings{r.in.User, r.in.Remote, r.in.Workspace}
	if f != nil {
		s = append(s, f.Settings)
	}
	return s
}

// machineScopes are the settings a machine-overridable setting (go.goroot, go.gopath) reads:
// in a remote window VS Code takes it from Remote settings, never from the local user settings.
func (r *resolver) machineScopes(f *Folder) []*vscode.Settings {
	s := r.scopes(f)
	if r.in.System.InRemoteWindow() {
		s = s[1:]
	}
	return s
}

// windowScopes are the settings a window-scoped setting reads: never folder settings.
func (r *resolver) windowScopes() []*vscode.Settings {
	return []*vscode.Settings{r.in.User, r.in.Remote, r.in.Workspace}
}

// applicationScopes are where http.proxy is read from (ProxyScopes).
func (r *resolver) applicationScopes() []*vscode.Settings { return ProxyScopes(r.in) }

// ProxyScopes are the settings VS Code reads http.proxy from: the user settings only. It is an
// application setting, so never workspace or folder settings, and in a remote window it comes from
// the local user settings, not Remote settings: VS Code registers it with application scope
// unless http.useLocalProxyConfiguration is false (registerProxyConfigurations in
// platform/request/common/request.ts), and end to end in code-server 4.139 a Remote settings
// http.proxy never reached an extension, with that setting false as well.
func ProxyScopes(in *Input) []*vscode.Settings { return []*vscode.Settings{in.User} }

func settingOrigin(layer model.Layer, s *vscode.Settings, n *jsonc.Node, key ...any) model.Origin {
	return model.Origin{Layer: model.Scoped(layer, string(s.Scope)), File: s.Path, Line: n.Start.Line, Column: n.Start.Column,
		JSONPath: vscode.JSONPath(s.Prefix, key...)}
}

func homeOf(env *model.Env, goos string) string {
	if goos == "windows" {
		return env.Getenv("USERPROFILE")
	}
	return env.Getenv("HOME")
}

// activate reproduces vscode-go's updateGoVarsFromConfig: it runs `go env` with the
// workspace-level tool environment and copies GOPATH, GOPROXY, GOBIN and GOMODCACHE into the
// extension host's process.env when they are unset there. go.goroot is written to GOROOT.
//
// With live set and the extension host's current env known (Input.HostLive), a copy already made
// is what counts: vscode-go never takes it back, so every process it starts from now on gets
// that value, even when `go env` gives another one today (sticky-extension-env says so).
// ActivationCopies asks for what a fresh activation would copy instead.
func (r *resolver) activate(live bool) *model.Env {
	host := r.hostPlain.Clone()
	if !r.in.VSCodeGo {
		return host
	}
	for _, s := range r.machineScopes(nil) {
		if v, n := s.String("go.goroot"); n != nil && strings.TrimSpace(v) != "" {
			o := settingOrigin(model.LayerGoroot, s, n, "go.goroot")
			o.Value = subst.GoExtPath(subst.GoExtEnv(v, host.Getenv), r.firstFolder(), homeOf(host, r.in.GOOS))
			o.Note = "vscode-go writes go.goroot into the extension host's GOROOT"
			host.Set("GOROOT", o)
		}
	}
	tool := r.toolEnv(nil, host, host)
	cfg := r.goConfig(tool)
	for _, name := range ActivationVars {
		if host.Getenv(name) != "" {
			continue
		}
		src := Effective(name, tool, cfg)
		val := strings.TrimSpace(src.Value)
		if val == "" {
			continue
		}
		from := src.Origin
		if held := r.in.HostLive[name]; live && held != "" && held != val {
			host.Set(name, model.Origin{Layer: model.LayerActivation, Value: held, Stale: true,
				Source: "the extension host's environment now (vscode-go copied it from `go env` when it activated; `go env` now gives " + redact.Value(name, val) + ")",
				Note:   "vscode-go copied this into the extension host when it activated; it sticks until the window reloads"})
			continue
		}
		host.Set(name, model.Origin{Layer: model.LayerActivation, Value: val, CopiedFrom: &from,
			Source: "`go env` at activation, which read " + src.Origin.Where(),
			Note:   "vscode-go copies this into the extension host when it activates; it sticks until the window reloads"})
	}
	return host
}

// ActivationCopies returns what vscode-go would copy into the extension host if it activated
// now (GOPATH, GOPROXY, GOBIN, GOMODCACHE when the host env lacks them), by name.
func ActivationCopies(in *Input, w World) map[string]model.Origin {
	r := newResolver(in, w)
	r.baseEnvs()
	out := map[string]model.Origin{}
	host := r.activate(false)
	for _, name := range ActivationVars {
		if st := host.Stack(name); len(st) > 0 && st[len(st)-1].Layer == model.LayerActivation {
			out[name] = st[len(st)-1]
		}
	}
	return out
}

// ActivationVars are the variables vscode-go copies from `go env` into the extension host.
var ActivationVars = []string{"GOPATH", "GOPROXY", "GOBIN", "GOMODCACHE"}

func (r *resolver) firstFolder() string {
	if len(r.in.Folders) > 0 {
		return r.in.Folders[0].Path
	}
	return ""
}

// toolEnv is vscode-go's toolExecutionEnvironment(folder): base, then go.toolsEnvVars of the
// folder (substituted against the extension host env), then http.proxy, then GOPATH.
// f == nil means the workspace level (no active editor).
func (r *resolver) toolEnv(f *Folder, base, hostForSubst *model.Env) *model.Env {
	env := base.Clone()
	folder, home := r.firstFolder(), homeOf(hostForSubst, r.in.GOOS)
	if f != nil {
		folder = f.Path
	}
	for _, s := range r.scopes(f) {
		for _, e := range vscode.EnvMap(s.Get("go.toolsEnvVars")) {
			o := settingOrigin(model.LayerToolsEnvVars, s, e.Node, "go.toolsEnvVars", e.Key)
			o.Var = e.Key
			if e.IsString() {
				o.Value = subst.GoExtPath(subst.GoExtEnv(e.Node.Str, hostForSubst.Getenv), folder, home)
				if o.Value != e.Node.Str {
					o.Note = "written as " + quote(e.Node.Str) + "; vscode-go substitutes ${env:…}, ${workspaceFolder} and ~"
				}
			} else {
				o.Value = e.NodeString()
				o.Note = "not a string (" + e.Node.Kind.String() + "): vscode-go passes it through and Node.js turns it into " + quote(o.Value)
			}
			env.Set(e.Key, o)
		}
	}
	for _, s := range r.applicationScopes() {
		if v, n := s.String("http.proxy"); n != nil && v != "" {
			for _, name := range []string{"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY"} {
				o := settingOrigin(model.LayerHTTPProxy, s, n, "http.proxy")
				o.Value, o.Var = v, name
				o.Note = "vscode-go copies http.proxy into " + name
				env.Set(name, o)
			}
		}
	}
	gopath, o := "", model.Origin{}
	for _, s := range r.machineScopes(f) {
		if v, n := s.String("go.gopath"); n != nil && v != "" {
			o = settingOrigin(model.LayerGopath, s, n, "go.gopath")
			gopath = subst.GoExtPath(subst.GoExtEnv(v, hostForSubst.Getenv), folder, home)
		}
	}
	if gopath == "" {
		if gopath = hostForSubst.Getenv("GOPATH"); gopath != "" {
			o = model.Origin{Layer: model.LayerGopath, Source: "vscode-go re-applies the extension host's GOPATH"}
		}
	}
	if gopath != "" && gopath != env.Getenv("GOPATH") {
		o.Value, o.Var = gopath, "GOPATH"
		o.Note = "vscode-go sets GOPATH last (go.gopath, else its own process GOPATH), overriding go.toolsEnvVars"
		env.Set("GOPATH", o)
	}
	return env
}

// goConfig gathers what the go command reads for a process started with env.
func (r *resolver) goConfig(env *model.Env) *goenv.Config {
	c := &goenv.Config{GOOS: r.in.GOOS, Env: env.Getenv}
	c.UserPath, c.UserOff, c.UserErr = goenv.UserFile(env.Getenv, r.in.GOOS)
	if c.UserPath != "" {
		c.User = r.parseGoEnvFile(c.UserPath)
	}
	if ul, ok := c.User.Lookup("GOROOT"); ok && ul.Value != "" {
		c.Goroot, c.GorootHow = ul.Value, "GOROOT from "+c.UserPath
	} else if g := env.Getenv("GOROOT"); g != "" {
		c.Goroot, c.GorootHow = g, "$GOROOT"
	} else {
		c.Goroot, c.GorootHow = r.w.DiscoverGoroot(env.Getenv("PATH"))
	}
	if c.Goroot != "" {
		p := path.Join(c.Goroot, "go.env")
		if r.in.GOOS == "windows" {
			p = strings.TrimRight(c.Goroot, `\/`) + `\go.env`
		}
		c.GorootFile = r.parseGoEnvFile(p)
	}
	return c
}

// parseGoEnvFile parses a go/env-format file once per run; nil when it cannot be read. The
// file is read every time (World caches it) so that a cached folder knows it depends on it.
func (r *resolver) parseGoEnvFile(p string) *goenv.File {
	data, err := r.w.ReadFile(p)
	if err != nil {
		return nil
	}
	r.parsed.mu.Lock()
	defer r.parsed.mu.Unlock()
	if pf, ok := r.parsed.files[p]; ok && bytes.Equal(pf.data, data) {
		return pf.f
	}
	f := goenv.Parse(p, data)
	r.parsed.files[p] = parsedFile{data, f}
	return f
}

func (r *resolver) context(id string, kind model.ContextKind, f *Folder, env *model.Env, notes ...string) *model.Context {
	cfg := r.goConfig(env)
	c := &model.Context{ID: id, Kind: kind, Folder: f.Path, Vars: map[string]*model.Var{}, GoEnvFile: cfg.UserPath, Goroot: cfg.Goroot, Env: env.Map()}
	for _, n := range append(TrackedVars, r.in.ExtraVars...) {
		if c.Vars[n] == nil {
			c.Vars[n] = Effective(n, env, cfg)
		}
	}
	for _, n := range notes {
		if n != "" {
			c.Notes = append(c.Notes, n)
		}
	}
	r.observe(c, env)
	return c
}

// observe attaches what a running process of c has, if one was read. process is the
// environment a process of c would start with now.
func (r *resolver) observe(c *model.Context, process *model.Env) {
	obs, ok := r.in.Observed[c.ID]
	if !ok {
		obs, ok = r.in.Observed[string(c.Kind)]
	}
	if !ok {
		return
	}
	running := model.NewEnv()
	if obs.Overlay {
		running = process.Clone()
	}
	running.SetAll(obs.Env, model.Origin{Layer: model.LayerObserved, Source: obs.Source})
	o := &model.Observation{PID: obs.PID, Source: obs.Source, Vars: map[string]*model.Var{}, Intended: map[string]*model.Var{}}
	runCfg, wantCfg := r.goConfig(running), r.goConfig(process)
	for _, n := range append(TrackedVars, r.in.ExtraVars...) {
		o.Vars[n] = Effective(n, running, runCfg)
		o.Intended[n] = Effective(n, process, wantCfg)
	}
	c.Observed = o
}

func quote(s string) string { return `"` + s + `"` }

// readEnvFile reads an env file the way vscode-go does, returning origins for each entry.
func (r *resolver) readEnvFile(p string, layer model.Layer, lookup *model.Env) ([]model.Origin, string) {
	data, err := r.w.ReadFile(p)
	if err != nil {
		return nil, "cannot read env file " + p + ": " + err.Error() + " (vscode-go stops with an error here)"
	}
	entries, _ := envfile.Parse(data, func(k string) (string, bool) { return lookup.Lookup(k) })
	out := make([]model.Origin, 0, len(entries))
	for _, e := range entries {
		out = append(out, model.Origin{Layer: layer, Value: e.Value, Var: e.Key, File: p, Line: e.Line, Column: e.Column})
	}
	return out, ""
}
