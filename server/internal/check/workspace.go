package check

import (
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/go-env-doctor/go-env-doctor/server/internal/goenv"
	"github.com/go-env-doctor/go-env-doctor/server/internal/model"
	"github.com/go-env-doctor/go-env-doctor/server/internal/probe"
	"github.com/go-env-doctor/go-env-doctor/server/internal/resolve"
	"github.com/go-env-doctor/go-env-doctor/server/internal/vscode"
	"golang.org/x/mod/modfile"
)

// Workspace is what checks look at: the loaded input, every resolved context, and read access
// to files (go.mod, go/env, env files) through the same adapter resolution used.
type Workspace struct {
	Input    *resolve.Input
	Contexts []*model.Context
	// World reads files (go.mod, go/env, env files) through the adapter resolution used; nil
	// means no file can be read.
	World World
	// Probes are network probes that were run, one per probed context; none without --probe.
	Probes []*Probe

	// Caches, shared by the checks (which Run runs concurrently): Input and Contexts must not
	// change once a check has run.
	mu         sync.Mutex
	goenvFiles map[string]*goenv.File
	goMods     map[string]*GoMod
	uses       map[string][]ValueUse
	usesAcross map[string][]ValueUse
	byID       map[[2]string]*model.Context
}

// memo returns (*m)[k], computing it with f the first time. f runs without the lock (it may
// use other caches); if two callers compute it at once, both get the value stored first.
func memo[K comparable, V any](mu *sync.Mutex, m *map[K]V, k K, f func() V) V {
	mu.Lock()
	v, ok := (*m)[k]
	mu.Unlock()
	if ok {
		return v
	}
	v = f()
	mu.Lock()
	defer mu.Unlock()
	if old, ok := (*m)[k]; ok {
		return old
	}
	if *m == nil {
		*m = map[K]V{}
	}
	(*m)[k] = v
	return v
}

// World is the file access checks need: resolution's, plus whether a directory exists.
type World interface {
	resolve.World
	IsDir(path string) bool
}

// ReadFile reads a file through the workspace's adapter.
func (ws *Workspace) ReadFile(p string) ([]byte, error) {
	if ws.World == nil {
		return nil, errNoReader
	}
	return ws.World.ReadFile(p)
}

// IsDir reports whether path is an existing directory.
func (ws *Workspace) IsDir(p string) bool {
	return ws.World != nil && p != "" && ws.World.IsDir(p)
}

// DiscoverGoroot finds the GOROOT of the go binary on pathList, as cmd/go does.
func (ws *Workspace) DiscoverGoroot(pathList string) string {
	if ws.World == nil {
		return ""
	}
	g, _ := ws.World.DiscoverGoroot(pathList)
	return g
}

type noReader struct{}

func (noReader) Error() string { return "no file access" }

var errNoReader error = noReader{}

// Folders returns the workspace folders in order.
func (ws *Workspace) Folders() []resolve.Folder {
	if ws.Input == nil {
		return nil
	}
	return ws.Input.Folders
}

// FolderContexts returns the contexts of one folder, in resolution order.
func (ws *Workspace) FolderContexts(folder string) []*model.Context {
	var out []*model.Context
	for _, c := range ws.Contexts {
		if c.Folder == folder {
			out = append(out, c)
		}
	}
	return out
}

// Context returns the context with id in folder, or nil.
func (ws *Workspace) Context(folder, id string) *model.Context {
	ws.mu.Lock()
	defer ws.mu.Unlock()
	if ws.byID == nil {
		// Built once: checks look contexts up thousands of times in a large workspace.
		ws.byID = make(map[[2]string]*model.Context, len(ws.Contexts))
		for _, c := range ws.Contexts {
			k := [2]string{c.Folder, c.ID}
			if _, dup := ws.byID[k]; !dup {
				ws.byID[k] = c
			}
		}
	}
	return ws.byID[[2]string{folder, id}]
}

// Settings returns every settings object that exists, lowest scope first: user, remote,
// workspace, then each folder's.
func (ws *Workspace) Settings() []*vscode.Settings {
	if ws.Input == nil {
		return nil
	}
	var out []*vscode.Settings
	seen := map[*vscode.Settings]bool{}
	add := func(s *vscode.Settings) {
		if s != nil && s.Root != nil && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	add(ws.Input.User)
	add(ws.Input.Remote)
	add(ws.Input.Workspace)
	for _, f := range ws.Input.Folders {
		add(f.Settings)
	}
	return out
}

// FolderScopes returns the settings that apply to folder f for a resource-scoped setting, lowest first.
func (ws *Workspace) FolderScopes(f resolve.Folder) []*vscode.Settings {
	var out []*vscode.Settings
	for _, s := range []*vscode.Settings{ws.Input.User, ws.Input.Remote, ws.Input.Workspace, f.Settings} {
		if s != nil && s.Root != nil {
			out = append(out, s)
		}
	}
	return out
}

// SettingsAt returns the settings object written in file at scope, or nil.
func (ws *Workspace) SettingsAt(file string, scope vscode.Scope) *vscode.Settings {
	for _, s := range ws.Settings() {
		if s.Path == file && s.Scope == scope {
			return s
		}
	}
	return nil
}

// GoEnvFile returns the parsed user go/env file at path (nil when it does not exist).
func (ws *Workspace) GoEnvFile(path string) *goenv.File {
	if path == "" {
		return nil
	}
	return memo(&ws.mu, &ws.goenvFiles, path, func() *goenv.File {
		if data, err := ws.ReadFile(path); err == nil {
			return goenv.Parse(path, data)
		}
		return nil
	})
}

// GoEnvFiles returns the distinct user go/env files the contexts read, with the contexts that
// read each, in first-use order. Files that do not exist are left out.
func (ws *Workspace) GoEnvFiles() []GoEnvUse {
	var out []GoEnvUse
	idx := map[string]int{}
	for _, c := range ws.Contexts {
		f := ws.GoEnvFile(c.GoEnvFile)
		if f == nil {
			continue
		}
		i, ok := idx[f.Path]
		if !ok {
			i = len(out)
			idx[f.Path] = i
			out = append(out, GoEnvUse{File: f})
		}
		out[i].Contexts = append(out[i].Contexts, c)
	}
	return out
}

// GoEnvUse is a user go/env file and the contexts that read it.
type GoEnvUse struct {
	File     *goenv.File
	Contexts []*model.Context
}

// GoMod is a folder's go.mod, parsed.
type GoMod struct {
	Path string
	Data []byte
	File *modfile.File
}

// GoMod returns the go.mod at the root of folder (nil when absent or unparsable: the go
// command reports those itself).
func (ws *Workspace) GoMod(folder string) *GoMod {
	return memo(&ws.mu, &ws.goMods, folder, func() *GoMod {
		p := filepath.Join(folder, "go.mod")
		if data, err := ws.ReadFile(p); err == nil {
			// Parse, not ParseLax: ParseLax drops replace, toolchain and exclude lines, which
			// checks need. A go.mod the go command rejects is its own, louder error.
			if f, err := modfile.Parse(p, data, nil); err == nil {
				return &GoMod{Path: p, Data: data, File: f}
			}
		}
		return nil
	})
}

// GoVersion returns the version of the Go installation at goroot ("go1.26.8"), read from its
// VERSION file, or "".
func (ws *Workspace) GoVersion(goroot string) string {
	if goroot == "" {
		return ""
	}
	data, err := ws.ReadFile(filepath.Join(goroot, "VERSION"))
	if err != nil {
		return ""
	}
	line, _, _ := strings.Cut(string(data), "\n")
	return strings.TrimSpace(line)
}

// IDs returns the ids of contexts.
func IDs(cs []*model.Context) []string {
	out := make([]string, 0, len(cs))
	for _, c := range cs {
		out = append(out, c.ID)
	}
	return out
}

// Probe is the network probe of one context's download route (check --probe, the extension's
// Probe network command); the Network checks read it.
type Probe struct {
	// Contexts share the probed environment (ProbeEnv); the first is the one named.
	Contexts   []*model.Context
	Plan       probe.Plan
	Results    []probe.Result
	Assessment probe.Assessment
	// Modules are the proxies' answers about the folder's requirements (netrun.Modules with
	// modules.ProbeQueries); none when no proxy answered or nothing needed asking.
	Modules []probe.ModuleAnswer
	At      time.Time // when it ran
}

// ProbeVars are the variables that decide a download route.
var ProbeVars = []string{"GOPROXY", "GOSUMDB", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "SSL_CERT_FILE", "SSL_CERT_DIR"}

// ProbeEnv is the part of a context's effective environment a probe uses.
func ProbeEnv(c *model.Context) probe.Env {
	env := probe.Env{}
	for _, name := range ProbeVars {
		if v := c.Get(name); v != nil && v.Origin.Layer != model.LayerUnset && !v.Origin.Unset {
			env[name] = v.Value
		}
	}
	return env
}

// ProbeKey identifies a download environment: the variables that decide the route.
func ProbeKey(env probe.Env) string {
	var b strings.Builder
	for _, name := range ProbeVars {
		b.WriteString(name + "=" + env[name] + "\x00")
	}
	return b.String()
}

// ProbeGroups groups contexts by their ProbeEnv, in order, so that each distinct route is
// probed once.
func ProbeGroups(ctxs []*model.Context) [][]*model.Context {
	var keys []string
	groups := map[string][]*model.Context{}
	for _, c := range ctxs {
		k := ProbeKey(ProbeEnv(c))
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], c)
	}
	out := make([][]*model.Context, 0, len(keys))
	for _, k := range keys {
		out = append(out, groups[k])
	}
	return out
}
