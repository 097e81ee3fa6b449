// Package checktest builds small real workspaces on disk for check tests, resolves them the
// way `go-env-doctor check` does, and applies fixes to prove a finding goes away.
package checktest

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/fixes"
	"github.com/go-env-doctor/go-env-doctor/server/internal/remote"
	"github.com/go-env-doctor/go-env-doctor/server/internal/resolve"
	"github.com/go-env-doctor/go-env-doctor/server/internal/system"
)

// Env is a workspace on disk. Layout of the archive given to Load, relative to Dir:
//
//	shell.env               KEY=VALUE lines: the shell environment (HOME, PATH are added)
//	host.env                optional: the extension host's environment
//	user/settings.json      VS Code user settings
//	home/.config/go/env     the user go/env file (HOME is Dir/home)
//	goroot/go.env, VERSION  the Go installation (defaults: upstream go.env, go1.26.8)
//	ws/...                  the workspace folder (the target), or a ws.code-workspace file
//	root/...                optional: the system files (/proc/version, /mnt/c/...) of the machine
//	remote.txt              optional: the editor's remoteName (wsl, ssh-remote, dev-container)
//	machine/settings.json   optional: VS Code Remote settings
//
// "$DIR" in any file is replaced by Dir.
type Env struct {
	Dir    string
	Target string
	WS     *check.Workspace
	t      testing.TB
}

// DefaultGoEnv is the upstream $GOROOT/go.env.
const DefaultGoEnv = "GOPROXY=https://proxy.golang.org,direct\nGOSUMDB=sum.golang.org\nGOTOOLCHAIN=auto\n"

// Load writes archive (txtar-style "-- name --" sections) to a temp dir and resolves it.
func Load(t testing.TB, archive string) *Env {
	t.Helper()
	dir := t.TempDir()
	files := Parse(archive)
	if _, ok := files["goroot/go.env"]; !ok {
		files["goroot/go.env"] = DefaultGoEnv
	}
	if _, ok := files["goroot/VERSION"]; !ok {
		files["goroot/VERSION"] = "go1.26.8\ntime 2026-10-01T00:00:00Z\n"
	}
	files["goroot/bin/go"] = "#!/bin/sh\n"
	files["goroot/pkg/tool/.keep"] = ""
	hasWS := false
	for name := range files {
		if strings.HasPrefix(name, "ws/") {
			hasWS = true
		}
	}
	if !hasWS {
		files["ws/.keep"] = ""
	}
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		mode := os.FileMode(0o644)
		if name == "goroot/bin/go" {
			mode = 0o755
		}
		if err := os.WriteFile(p, []byte(strings.ReplaceAll(content, "$DIR", dir)), mode); err != nil {
			t.Fatal(err)
		}
	}
	e := &Env{Dir: dir, Target: filepath.Join(dir, "ws"), t: t}
	if _, ok := files["ws.code-workspace"]; ok {
		e.Target = filepath.Join(dir, "ws.code-workspace")
	}
	e.Reload()
	return e
}

// Parse splits a txtar-style archive into files.
func Parse(archive string) map[string]string {
	files := map[string]string{}
	name := ""
	var b strings.Builder
	flush := func() {
		if name != "" {
			files[name] = b.String()
		}
		b.Reset()
	}
	for _, line := range strings.SplitAfter(archive, "\n") {
		t := strings.TrimRight(line, "\r\n")
		if strings.HasPrefix(t, "-- ") && strings.HasSuffix(t, " --") && len(t) > 6 {
			flush()
			name = strings.TrimSpace(t[3 : len(t)-3])
			continue
		}
		if name != "" {
			b.WriteString(line)
		}
	}
	flush()
	return files
}

// Reload resolves the workspace again from disk, e.g. after applying a fix.
func (e *Env) Reload() {
	e.t.Helper()
	shell := map[string]string{}
	if data, err := os.ReadFile(filepath.Join(e.Dir, "shell.env")); err == nil {
		vars, err := system.ParseEnvFile(data)
		if err != nil {
			e.t.Fatal(err)
		}
		shell = vars
	}
	if _, ok := shell["HOME"]; !ok {
		shell["HOME"] = filepath.Join(e.Dir, "home")
	}
	if _, ok := shell["PATH"]; !ok {
		shell["PATH"] = filepath.Join(e.Dir, "goroot", "bin")
	}
	w := system.NewWorld()
	opts := system.Options{GOOS: runtime.GOOS, Target: e.Target, Env: func(k string) string { return shell[k] }, MachineSettings: "-"}
	e.system(&opts, shell)
	if _, err := os.Stat(filepath.Join(e.Dir, "user", "settings.json")); err == nil {
		opts.UserSettings = filepath.Join(e.Dir, "user", "settings.json")
	}
	l, err := system.Load(w, opts)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, p := range l.Problems {
		e.t.Logf("load problem: %s", p)
	}
	l.Input.Shell = resolve.EnvSource{Vars: shell, Name: "shell.env"}
	l.Input.VSCodeGo = true
	if data, err := os.ReadFile(filepath.Join(e.Dir, "host.env")); err == nil {
		vars, err := system.ParseEnvFile(data)
		if err != nil {
			e.t.Fatal(err)
		}
		l.Input.Host = &resolve.EnvSource{Vars: vars, Name: "host.env"}
		l.Input.HostKnown = true
	}
	// host-live.env: the extension host's live process.env (vscode-go's copies included).
	if data, err := os.ReadFile(filepath.Join(e.Dir, "host-live.env")); err == nil {
		vars, err := system.ParseEnvFile(data)
		if err != nil {
			e.t.Fatal(err)
		}
		l.Input.HostLive = vars
	}
	// observed/<context id>.env: the environment of a running process of that context.
	if entries, err := os.ReadDir(filepath.Join(e.Dir, "observed")); err == nil {
		l.Input.Observed = map[string]resolve.Observed{}
		for i, de := range entries {
			data, err := os.ReadFile(filepath.Join(e.Dir, "observed", de.Name()))
			if err != nil {
				e.t.Fatal(err)
			}
			vars, err := system.ParseEnvFile(data)
			if err != nil {
				e.t.Fatal(err)
			}
			// <id>.overlay.env: only what a debug launch request laid over the process env.
			id, overlay := strings.CutSuffix(strings.TrimSuffix(de.Name(), ".env"), ".overlay")
			l.Input.Observed[id] = resolve.Observed{PID: 1000 + i, Env: vars, Source: "observed/" + de.Name(), Overlay: overlay}
		}
	}
	e.WS = &check.Workspace{Input: l.Input, Contexts: resolve.Resolve(l.Input, w), World: w}
}

// system detects the machine from root/ and remote.txt; without root/ it is a plain local
// machine whatever this test machine is.
func (e *Env) system(opts *system.Options, shell map[string]string) {
	if _, err := os.Stat(e.Path("machine/settings.json")); err == nil {
		opts.MachineSettings = e.Path("machine/settings.json")
	}
	if _, err := os.Stat(e.Path("root")); err != nil {
		return
	}
	ed := remote.Editor{}
	if data, err := os.ReadFile(e.Path("remote.txt")); err == nil {
		ed.RemoteName = strings.TrimSpace(string(data))
	}
	files := system.RootFiles{Root: e.Path("root")}
	opts.System = remote.Detect(files, func(k string) string { return shell[k] }, ed, remote.Options{})
	opts.Files = files
}

// Run runs one check on the workspace.
func (e *Env) Run(c check.Check) []check.Finding {
	return check.Run(e.WS, []check.Check{c})
}

// Path returns the absolute path of an archive file name.
func (e *Env) Path(name string) string { return filepath.Join(e.Dir, filepath.FromSlash(name)) }

// Read returns the content of an archive file name.
func (e *Env) Read(name string) string {
	data, err := os.ReadFile(e.Path(name))
	if err != nil {
		e.t.Fatal(err)
	}
	return string(data)
}

// Apply plans fix, writes the result to disk and reloads the workspace.
func (e *Env) Apply(f check.Fix) *fixes.FileEdit {
	e.t.Helper()
	fe, err := fixes.Plan(f, os.ReadFile)
	if err != nil {
		e.t.Fatalf("planning fix %q: %v", f.Title, err)
	}
	if err := os.MkdirAll(filepath.Dir(fe.File), 0o755); err != nil {
		e.t.Fatal(err)
	}
	if err := os.WriteFile(fe.File, fe.After, 0o644); err != nil {
		e.t.Fatal(err)
	}
	e.Reload()
	return fe
}

// IDs returns the check ids of findings.
func IDs(fs []check.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Check)
	}
	return out
}

// Only keeps findings of check id.
func Only(fs []check.Finding, id string) []check.Finding {
	var out []check.Finding
	for _, f := range fs {
		if f.Check == id {
			out = append(out, f)
		}
	}
	return out
}
