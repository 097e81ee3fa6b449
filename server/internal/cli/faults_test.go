//go:build unix

package cli

// Faults (issue 9): files the product reads that cannot be read — a named pipe with no writer
// where a settings file is expected, a directory, a dangling symlink, a symlink loop — and a
// go command that is missing or broken. `check` and `explain` must neither hang nor panic,
// must name the file and the reason, and must go on with everything else.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// faultDeadline bounds one in-process command; a FIFO read blocks forever, so a hang is a
// failure here rather than a stuck test binary.
const faultDeadline = 10 * time.Second

// runFault runs the CLI in-process with env as its whole environment, bounded in time.
func runFault(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	type result struct {
		code     int
		out, err string
	}
	done := make(chan result, 1)
	go func() {
		var out, errb bytes.Buffer
		off := false
		code := Run(args, IO{Stdout: &out, Stderr: &errb, Getenv: func(k string) string { return env[k] },
			Environ: func() map[string]string { return env }, Color: &off})
		done <- result{code, out.String(), errb.String()}
	}()
	select {
	case r := <-done:
		return r.code, r.out, r.err
	case <-time.After(faultDeadline):
		t.Fatalf("%v did not return within %v (a blocking read?)", args, faultDeadline)
		return 0, "", ""
	}
}

// faultFixture is a workspace in which every file the product reads exists and is fine: the
// dev container machine of test/fixtures/systems (so devcontainer.json, Remote settings and
// shell profiles are read too), a GOROOT of its own, a go/env file, env files, launch.json,
// tasks.json, go.mod and go.work.
type faultFixture struct {
	dir, ws string
	env     map[string]string
	args    []string // the flags that select the machine and the environments
	files   map[string]string
}

func newFaultFixture(t *testing.T) *faultFixture {
	t.Helper()
	fixtures := fixturesDir(t)
	dir := t.TempDir()
	home := filepath.Join(dir, "home")
	goroot := filepath.Join(dir, "goroot")
	f := &faultFixture{dir: dir, ws: filepath.Join(dir, "ws"), files: map[string]string{
		"goroot/go.env":                                  "GOPROXY=https://proxy.golang.org,direct\nGOSUMDB=sum.golang.org\nGOTOOLCHAIN=auto\n",
		"goroot/VERSION":                                 "go1.26.0\ntime 2026-02-01T00:00:00Z\n",
		"home/.config/go/env":                            "GOPRIVATE=example.com/private\n",
		"home/.config/Code/User/settings.json":           `{"go.toolsEnvVars": {"GOFLAGS": "-mod=mod"}}`,
		"home/.vscode-server/data/Machine/settings.json": `{"go.toolsEnvVars": {"GONOSUMDB": "example.com/x"}}`,
		"home/.bashrc":                                   "export GOPROXY=https://bashrc.example.com\n",
		"ws/go.mod":                                      "module example.com/m\n\ngo 1.26\n",
		"ws/go.work":                                     "go 1.26\n\nuse .\n",
		"ws/.vscode/settings.json":                       `{"go.testEnvFile": "${workspaceFolder}/test.env", "go.toolsEnvVars": {"GOINSECURE": "example.com/i"}}`,
		"ws/.vscode/launch.json": `{"version": "0.2.0", "configurations": [{"name": "Launch", "type": "go", "request": "launch",
			"program": "${workspaceFolder}", "envFile": "${workspaceFolder}/launch.env"}]}`,
		"ws/.vscode/tasks.json":              `{"version": "2.0.0", "tasks": [{"label": "build", "type": "shell", "command": "go build"}]}`,
		"ws/test.env":                        "GOFLAGS=-v\n",
		"ws/launch.env":                      "GOFLAGS=-v\n",
		"ws/.devcontainer/devcontainer.json": `{"remoteEnv": {"GOPROXY": "https://devcontainer.example.com"}}`,
		"ws.code-workspace":                  `{"folders": [{"path": "ws"}], "settings": {"go.toolsEnvVars": {"GONOPROXY": "example.com/n"}}}`,
	}}
	for rel, content := range f.files {
		writeFile(t, filepath.Join(dir, rel), content)
	}
	writeFile(t, filepath.Join(goroot, "bin", "go"), "#!/bin/sh\necho 'fault fixture go: never run' >&2\nexit 1\n")
	if err := os.Chmod(filepath.Join(goroot, "bin", "go"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(goroot, "pkg", "tool"), 0o755); err != nil {
		t.Fatal(err)
	}
	shell := fmt.Sprintf("HOME=%s\nXDG_CONFIG_HOME=%s\nPATH=%s\nSHELL=/bin/bash\nREMOTE_CONTAINERS=true\nGOTOOLCHAIN=local\n",
		home, filepath.Join(home, ".config"), filepath.Join(goroot, "bin"))
	writeFile(t, filepath.Join(dir, "shell.env"), shell)
	writeFile(t, filepath.Join(dir, "host.env"), shell) // the host lacks the .bashrc export: remote-env-source
	f.env = map[string]string{"HOME": home, "PATH": filepath.Join(goroot, "bin")}
	f.args = []string{"--root", filepath.Join(fixtures, "systems", "devcontainer", "root"),
		"--env-file", filepath.Join(dir, "shell.env"), "--host-env-file", filepath.Join(dir, "host.env")}
	return f
}

func (f *faultFixture) path(rel string) string { return filepath.Join(f.dir, filepath.FromSlash(rel)) }

// checkJSON runs check --format json on target and decodes its findings and problems.
func (f *faultFixture) checkJSON(t *testing.T, target string) (int, checkJSON, string) {
	t.Helper()
	code, out, errs := runFault(t, f.env, append(append([]string{"check", "--format", "json"}, f.args...), target)...)
	var got checkJSON
	if code == ExitOK || code == ExitFindings {
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("check json: %v\n%s\n%s", err, out, errs)
		}
	}
	return code, got, errs
}

func findingChecks(c checkJSON) map[string]bool {
	out := map[string]bool{}
	for _, f := range c.Findings {
		out[f.Check] = true
	}
	return out
}

// faults are the ways a file can be there and unreadable; each replaces the file at p.
var faults = []struct {
	name  string
	plant func(t *testing.T, p string)
	why   string // in the problem's message
}{
	{"fifo", func(t *testing.T, p string) {
		if err := syscall.Mkfifo(p, 0o644); err != nil {
			t.Skipf("mkfifo: %v", err)
		}
	}, "named pipe"},
	{"directory", func(t *testing.T, p string) { mustDo(t, os.Mkdir(p, 0o755)) }, "is a directory"},
	{"dangling-symlink", func(t *testing.T, p string) { mustDo(t, os.Symlink(p+".gone", p)) }, "does not exist"},
	{"symlink-loop", func(t *testing.T, p string) { mustDo(t, os.Symlink(filepath.Base(p), p)) }, "too many levels of symbolic links"},
}

func mustDo(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestUnreadableFilesAreNamedNotFatal replaces each file the product reads with each fault and
// runs check and explain: they finish, exit 0 or 1, name the file with the reason (a problem
// in JSON, a warning on stderr) and still report what the other files say.
func TestUnreadableFilesAreNamedNotFatal(t *testing.T) {
	if _, err := os.Stat("/proc/self"); err != nil {
		t.Skip("no /proc; the fixtures' machine is a Linux dev container")
	}
	// Baseline: every file is read, and each says something that shows up.
	base := newFaultFixture(t)
	code, got, errs := base.checkJSON(t, base.ws)
	if code != ExitFindings || len(got.Problems) != 0 {
		t.Fatalf("baseline: exit %d, problems %+v\n%s", code, got.Problems, errs)
	}
	baseChecks := findingChecks(got)
	for _, id := range []string{"remote-env-source", "goinsecure-set", "goflags-invalid"} {
		if !baseChecks[id] {
			t.Logf("baseline findings: %v", baseChecks)
		}
	}

	// explainOnly: files read while loading and resolving, which explain reports too; the
	// others (go.mod, go.work, shell profiles) are read by checks only.
	targets := []struct {
		rel         string
		explainSees bool
		target      string // "" = the folder
	}{
		{"ws/.vscode/settings.json", true, ""},
		{"ws/.vscode/launch.json", true, ""},
		{"ws/.vscode/tasks.json", true, ""},
		{"home/.config/Code/User/settings.json", true, ""},
		{"home/.vscode-server/data/Machine/settings.json", true, ""},
		{"home/.config/go/env", true, ""},
		{"goroot/go.env", true, ""},
		{"ws/test.env", true, ""},
		{"ws/launch.env", true, ""},
		{"ws/.devcontainer/devcontainer.json", true, ""},
		{"ws/go.mod", false, ""},
		{"home/.bashrc", false, ""},
		{"ws/.vscode/settings.json", true, "ws.code-workspace"}, // a folder's settings in a multi-root window
	}
	for _, tc := range targets {
		for _, fault := range faults {
			name := strings.ReplaceAll(tc.rel, "/", "_") + "/" + fault.name
			if tc.target != "" {
				name = "multiroot_" + name
			}
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				f := newFaultFixture(t)
				p := f.path(tc.rel)
				mustDo(t, os.Remove(p))
				fault.plant(t, p)
				target := f.ws
				if tc.target != "" {
					target = f.path(tc.target)
				}
				code, got, errs := f.checkJSON(t, target)
				if code != ExitOK && code != ExitFindings {
					t.Fatalf("check: exit %d\n%s", code, errs)
				}
				var named *jsonProblem
				for i, pr := range got.Problems {
					if pr.File == p {
						named = &got.Problems[i]
					}
				}
				if named == nil || !strings.Contains(named.Message, fault.why) {
					t.Errorf("check names no problem with %s containing %q: %+v", p, fault.why, got.Problems)
				}
				// Everything else is still read: the workspace settings' GOINSECURE finding
				// stays unless it is the workspace settings that broke.
				if tc.rel != "ws/.vscode/settings.json" && !findingChecks(got)["goinsecure-set"] {
					t.Errorf("goinsecure-set from the healthy settings.json is gone: %v", findingChecks(got))
				}

				code, out, errs := runFault(t, f.env, append(append([]string{"explain"}, f.args...), target)...)
				if code != ExitOK || !strings.Contains(out, "GOPROXY = ") {
					t.Fatalf("explain: exit %d\n%s\n%s", code, out, errs)
				}
				if tc.explainSees && !(strings.Contains(errs, "warning: "+p+": ") && strings.Contains(errs, fault.why)) {
					t.Errorf("explain stderr does not name %s (%s):\n%s", p, fault.why, errs)
				}
			})
		}
	}
}

// TestBrokenOrMissingGo: check and explain never run go, so a go that fails, prints junk or
// hangs changes nothing and is never spawned (a marker file would show it); without any go on
// PATH they still finish. A GOROOT written into go/env that points nowhere is reported with a
// go env -u GOROOT fix that names a GOROOT that works: the one of the go on PATH.
func TestBrokenOrMissingGo(t *testing.T) {
	for _, c := range []struct{ name, script string }{
		{"fails", "echo 'go: something is wrong' >&2\nexit 1\n"},
		{"junk", "printf '\\000\\377{{{ not json\\n'\nexit 0\n"},
		{"hangs", "sleep 60\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			f := newFaultFixture(t)
			marker := f.path("go-was-run")
			writeFile(t, f.path("goroot/bin/go"), "#!/bin/sh\necho \"$@\" >> "+marker+"\n"+c.script)
			mustDo(t, os.Chmod(f.path("goroot/bin/go"), 0o755))
			writeFile(t, f.path("home/.config/go/env"), "GOROOT=/nonexistent/sdk/go1.21.5\n")
			code, got, errs := f.checkJSON(t, f.ws)
			if code != ExitFindings {
				t.Fatalf("check: exit %d\n%s", code, errs)
			}
			var fix *struct{ env map[string]string }
			for _, fd := range got.Findings {
				if fd.Check == "goenv-goroot" && len(fd.Fixes) > 0 && fd.Fixes[0].GoEnv != nil {
					fix = &struct{ env map[string]string }{fd.Fixes[0].GoEnv.Env}
				}
			}
			if fix == nil || fix.env["GOROOT"] != f.path("goroot") {
				t.Errorf("goenv-goroot fix should run go env -u with GOROOT=%s: %+v", f.path("goroot"), got.Findings)
			}
			if code, out, errs := runFault(t, f.env, append(append([]string{"explain"}, f.args...), f.ws)...); code != ExitOK || !strings.Contains(out, "GOPROXY = ") {
				t.Errorf("explain: exit %d\n%s%s", code, out, errs)
			}
			if data, err := os.ReadFile(marker); err == nil {
				t.Errorf("go was run: %q", data)
			}
		})
	}
	t.Run("missing", func(t *testing.T) {
		t.Parallel()
		f := newFaultFixture(t)
		mustDo(t, os.RemoveAll(f.path("goroot/bin")))
		writeFile(t, f.path("home/.config/go/env"), "GOROOT=/nonexistent/sdk/go1.21.5\n")
		code, got, errs := f.checkJSON(t, f.ws)
		if code != ExitFindings {
			t.Fatalf("check: exit %d\n%s", code, errs)
		}
		checks := findingChecks(got)
		if !checks["goenv-goroot"] || !checks["goinsecure-set"] {
			t.Errorf("findings without go on PATH: %v", checks)
		}
		code, out, errs := runFault(t, f.env, append(append([]string{"explain"}, f.args...), f.ws)...)
		if code != ExitOK || !strings.Contains(out, "GOPROXY = ") {
			t.Errorf("explain: exit %d\n%s%s", code, out, errs)
		}
	})
}
