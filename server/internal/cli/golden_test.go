package cli

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files of test/fixtures/workspaces")

// fixturesDir is test/fixtures at the repository root.
func fixturesDir(t *testing.T) string {
	t.Helper()
	d, err := filepath.Abs("../../../test/fixtures")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// caseRun runs one fixture workspace through explain. Each case holds shell.env (and
// optionally host.env, user-settings.json, target) with $CASE and $FIXTURES placeholders, so
// nothing of the machine running the test leaks in.
type caseRun struct {
	dir, fixtures, tmp string
}

func (c caseRun) expand(s string) string {
	return strings.NewReplacer("$CASE", c.dir, "$FIXTURES", c.fixtures).Replace(s)
}

func (c caseRun) normalize(s string) string {
	return strings.NewReplacer(c.tmp, "$TMP", c.dir, "$CASE", c.fixtures, "$FIXTURES").Replace(s)
}

func (c caseRun) args(t *testing.T, format string) []string {
	t.Helper()
	args := []string{"explain", "--format", format}
	for _, f := range []struct{ file, flag string }{{"shell.env", "--env-file"}, {"host.env", "--host-env-file"}} {
		data, err := os.ReadFile(filepath.Join(c.dir, f.file))
		if os.IsNotExist(err) {
			continue
		} else if err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(c.tmp, f.file)
		if err := os.WriteFile(out, []byte(c.expand(string(data))), 0o600); err != nil {
			t.Fatal(err)
		}
		args = append(args, f.flag, out)
	}
	if _, err := os.Stat(filepath.Join(c.dir, "user-settings.json")); err == nil {
		args = append(args, "--user-settings", filepath.Join(c.dir, "user-settings.json"))
	}
	target := "ws"
	if data, err := os.ReadFile(filepath.Join(c.dir, "target")); err == nil {
		target = strings.TrimSpace(string(data))
	}
	return append(args, filepath.Join(c.dir, target))
}

func (c caseRun) run(t *testing.T, format string) string {
	t.Helper()
	var out, errb bytes.Buffer
	off := false
	code := Run(c.args(t, format), IO{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" },
		Environ: func() map[string]string { return nil }, Color: &off})
	if code != 0 {
		t.Fatalf("explain exited %d: %s", code, errb.String())
	}
	return c.normalize(out.String())
}

func goldenCompare(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./server/internal/cli -run Golden -update)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the output (rerun with -update after checking the change):\n--- got ---\n%s", path, got)
	}
}

// expect is one fact a fixture exists to show: in folder (suffix) and context, name has value
// set by layer.
type expect struct {
	folder, ctx, name, value, layer string
}

var goldenFacts = map[string][]expect{
	// gopls never sees a GOPROXY exported only in the shell when VS Code starts from a launcher.
	"shell-only-goproxy": {
		{"ws", "shell", "GOPROXY", "https://goproxy.corp.example,direct", "shell-env"},
		{"ws", "terminal", "GOPROXY", "https://goproxy.corp.example,direct", "shell-env"},
		{"ws", "gopls", "GOPROXY", "https://proxy.golang.org,direct", "vscode-go-activation"},
		{"ws", "test", "GOPROXY", "https://proxy.golang.org,direct", "vscode-go-activation"},
		{"ws", "gopls", "GOTOOLCHAIN", "auto", "goroot-go.env"},
	},
	// Everything lives in the go/env file, so every context agrees and check passes.
	"clean": {
		{"ws", "shell", "GOPRIVATE", "git.corp.example.com", "user-go-env"},
		{"ws", "gopls", "GOPRIVATE", "git.corp.example.com", "user-go-env"},
		{"ws", "delve:Launch package", "GONOSUMDB", "git.corp.example.com", "derived"},
		{"ws", "gopls", "GOPROXY", "https://proxy.golang.org,direct", "vscode-go-activation"},
	},
	"workspace-overrides-user": {
		{"ws", "gopls", "GOPROXY", "https://athens.team.example", "go.toolsEnvVars:workspace"},
		{"ws", "gopls", "GOPRIVATE", "*.corp.example.com", "go.toolsEnvVars:user"},
		{"ws", "gopls", "GONOSUMDB", "*.corp.example.com", "derived"},
		{"ws", "shell", "GOPROXY", "https://proxy.golang.org,direct", "goroot-go.env"},
		{"ws", "terminal", "GOPRIVATE", "", "default"},
	},
	"multi-root": {
		{"a", "gopls", "GOPRIVATE", "a.corp.example", "go.toolsEnvVars:folder"},
		{"b", "gopls", "GOPRIVATE", "b.corp.example", "go.toolsEnvVars:folder"},
		{"b", "gopls", "GOPROXY", "off", "go.toolsEnvVars:folder"},
		{"a", "gopls", "GOFLAGS", "-mod=mod", "go.toolsEnvVars:workspace"},
		{"b", "test", "GOFLAGS", "-mod=mod", "go.toolsEnvVars:workspace"},
		// Activation runs `go env` with workspace-level settings only, so the copy is go.env's.
		{"a", "gopls", "GOPROXY", "https://proxy.golang.org,direct", "vscode-go-activation"},
	},
	"launch-env": {
		{"ws", "delve:Launch server", "GOPROXY", "off", "launch.envFile"},
		// dev.env cannot see base.env: ${GONOSUMDB} expands to "", which the go command treats as unset.
		{"ws", "delve:Launch server", "GOINSECURE", "", "default"},
		{"ws", "delve:Launch server", "GOFLAGS", "-mod=mod", "launch.env"},
		{"ws", "delve:Launch server", "GONOSUMDB", "", "derived"},
		{"ws", "delve:Launch in terminal", "GOPRIVATE", "$CASE/home/not-a-pattern", "launch.env"},
		{"ws", "task:go build", "GOPROXY", "direct", "task.options.env"},
		{"ws", "task:go build", "GOFLAGS", "-v", "task.options.env"},
		{"ws", "task:lint", "GOPROXY", "off", "task.options.env"},
		{"ws", "gopls", "GOPROXY", "https://proxy.golang.org,direct", "vscode-go-activation"},
	},
	"test-env": {
		{"ws", "test", "GOPROXY", "direct", "go.testEnvFile"},
		{"ws", "test", "GOFLAGS", "-count=1", "go.testEnvVars:workspace"},
		{"ws", "test", "GOPRIVATE", "${env:HOME}", "go.testEnvVars:workspace"},
		{"ws", "test-debug", "GOPRIVATE", "$CASE/home", "go.testEnvVars:workspace"},
		{"ws", "gopls", "GOFLAGS", "", "default"},
	},
	"gopls-build-env": {
		{"ws", "gopls", "GOPRIVATE", "*.corp.example", "gopls.build.env:workspace"},
		{"ws", "gopls", "GOFLAGS", "-tags=integration", "gopls.build.env:workspace"},
		{"ws", "test", "GOPRIVATE", "tools.example", "go.toolsEnvVars:workspace"},
		{"ws", "test", "GOFLAGS", "", "default"},
	},
	"http-proxy": {
		{"ws", "gopls", "HTTPS_PROXY", "http://***@vscode-proxy.example:3128", "http.proxy:user"},
		{"ws", "shell", "HTTPS_PROXY", "http://shell-proxy.example:8080", "shell-env"},
		{"ws", "terminal", "HTTPS_PROXY", "http://shell-proxy.example:8080", "shell-env"},
		{"ws", "gopls", "NO_PROXY", ".corp.example", "shell-env"},
	},
	"terminal-env": {
		{"ws", "terminal", "GOPROXY", "https://goproxy.cn,direct", "terminal.integrated.env.linux:workspace"},
		{"ws", "terminal", "GOSUMDB", "sum.golang.org", "goroot-go.env"},
		{"ws", "shell", "GOSUMDB", "off", "shell-env"},
		{"ws", "gopls", "GOPROXY", "https://proxy.golang.org,direct", "vscode-go-activation"},
	},
	"goenv-quirks": {
		{"ws", "shell", "GOPROXY", "", "default"},
		{"ws", "shell", "GOSUMDB", "off\r", "user-go-env"},
		{"ws", "shell", "GOPRIVATE", `"*.corp.example"`, "user-go-env"},
		{"ws", "shell", "GOFLAGS", "", "default"},
		{"ws", "shell", "GONOSUMDB", "b.example", "user-go-env"},
		{"ws", "shell", "GOINSECURE", "", "default"},
	},
}

func TestGoldenWorkspaces(t *testing.T) {
	fixtures := fixturesDir(t)
	dirs, err := os.ReadDir(filepath.Join(fixtures, "workspaces"))
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		name := d.Name()
		seen++
		t.Run(name, func(t *testing.T) {
			c := caseRun{dir: filepath.Join(fixtures, "workspaces", name), fixtures: fixtures, tmp: t.TempDir()}
			goldenCompare(t, filepath.Join(c.dir, "explain.golden.txt"), c.run(t, "text"))
			js := c.run(t, "json")
			goldenCompare(t, filepath.Join(c.dir, "explain.golden.json"), js)

			var got jsonExplain
			if err := json.Unmarshal([]byte(js), &got); err != nil {
				t.Fatal(err)
			}
			facts, ok := goldenFacts[name]
			if !ok {
				t.Fatalf("fixture %s has no entry in goldenFacts: say what it shows", name)
			}
			for _, f := range facts {
				v, found := lookupVar(got, f.folder, f.ctx, f.name)
				if !found {
					t.Errorf("%s/%s %s: not in output", f.folder, f.ctx, f.name)
					continue
				}
				if v.Value != f.value || v.Layer != f.layer {
					t.Errorf("%s/%s %s = %q from %s; want %q from %s (origin %s)", f.folder, f.ctx, f.name, v.Value, v.Layer, f.value, f.layer, v.Origin)
				}
			}
		})
	}
	if seen < len(goldenFacts) {
		t.Errorf("found %d fixture workspaces, want at least %d", seen, len(goldenFacts))
	}
}

func lookupVar(e jsonExplain, folder, ctx, name string) (jsonVar, bool) {
	for _, c := range e.Contexts {
		if c.ID == ctx && (filepath.Base(c.Folder) == folder) {
			v, ok := c.Vars[name]
			return v, ok
		}
	}
	return jsonVar{}, false
}
