package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runCLI runs the CLI in-process with an environment that points only into dir.
func runCLI(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	off := false
	env := map[string]string{"HOME": filepath.Join(dir, "home"), "PATH": filepath.Join(fixturesDir(t), "goroot", "bin")}
	code := Run(args, IO{Stdout: &out, Stderr: &errb, Getenv: func(k string) string { return env[k] },
		Environ: func() map[string]string { return env }, Color: &off})
	return code, out.String(), errb.String()
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestExitCodesAndUsage(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{nil, 2, "Usage"},
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{[]string{"explain", "--format", "yaml", dir}, 2, `--format "yaml"`},
		{[]string{"check", "--format", "html", dir}, 2, `--format "html"`},
		{[]string{"explain", filepath.Join(dir, "missing")}, 2, "no such file or directory"},
		{[]string{"explain", "--context", "nope", dir}, 2, `--context "nope" matches no context`},
		{[]string{"explain", "--env-file", filepath.Join(dir, "none.env"), dir}, 2, "none.env"},
		{[]string{"check", "--probe", "--stage-timeout", "soon", dir}, 2, "invalid value"},
		{[]string{"probe", dir, dir}, 2, "one folder"},
		{[]string{"probe", "--format", "sarif", dir}, 2, "--format"},
		{[]string{"check", dir}, 0, ""},
		{[]string{"version"}, 0, ""},
	} {
		code, out, errs := runCLI(t, dir, c.args...)
		if code != c.code || !strings.Contains(out+errs, c.msg) {
			t.Errorf("%v: exit %d, output %q %q; want exit %d containing %q", c.args, code, out, errs, c.code, c.msg)
		}
	}
}

func TestCheckJSONShape(t *testing.T) {
	dir := t.TempDir()
	code, out, _ := runCLI(t, dir, "check", "--format", "json", dir)
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var got struct {
		Version  int               `json:"version"`
		Findings []json.RawMessage `json:"findings"`
		Contexts []struct{ ID, Folder string }
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if got.Version != 1 || got.Findings == nil || len(got.Contexts) != 5 || got.Contexts[0].ID != "shell" {
		t.Errorf("check json = %s", out)
	}
	code, out, _ = runCLI(t, dir, "check", "--format", "sarif", dir)
	if code != 0 || !strings.Contains(out, `"version": "2.1.0"`) || !strings.Contains(out, `"results": []`) {
		t.Errorf("sarif: exit %d %s", code, out)
	}
}

func TestBrokenSettingsAreReportedNotFatal(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, ".vscode", "settings.json"), "{\n  \"go.toolsEnvVars\": { \"GOPROXY\": \"off\" \n  \"x\": 1\n}\n")
	code, out, errs := runCLI(t, dir, "explain", "GOPROXY", dir)
	if code != 0 || !strings.Contains(errs, "settings.json: line 3, column 3") || !strings.Contains(errs, "ignored") {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
	if !strings.Contains(out, "GOPROXY = https://proxy.golang.org,direct") {
		t.Errorf("a broken file must not change other results:\n%s", out)
	}
	_, js, _ := runCLI(t, dir, "explain", "--format", "json", dir)
	if !strings.Contains(js, `"problems"`) {
		t.Errorf("json output should list the problem: %s", js)
	}
}

func TestExplainVarsAndContextFilter(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, ".vscode", "settings.json"), `{"go.toolsEnvVars": {"GOEXPERIMENT": "rangefunc"}}`)
	_, out, _ := runCLI(t, dir, "explain", "--format", "json", "--context", "gopls", "goexperiment", "https_proxy", dir)
	var got jsonExplain
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Contexts) != 1 || got.Contexts[0].ID != "gopls" {
		t.Fatalf("contexts = %+v", got.Contexts)
	}
	// Lowercase proxy names map to the uppercase variable; other names are taken as written.
	if _, ok := got.Contexts[0].Vars["HTTPS_PROXY"]; !ok {
		t.Errorf("vars = %v", got.Contexts[0].Vars)
	}
	if v, ok := got.Contexts[0].Vars["goexperiment"]; !ok || v.Value != "" {
		t.Errorf("goexperiment = %+v", v)
	}
	_, out, _ = runCLI(t, dir, "explain", "--format", "json", "--context", "gopls", "GOEXPERIMENT", dir)
	if !strings.Contains(out, `"value": "rangefunc"`) {
		t.Errorf("an untracked variable is still explained: %s", out)
	}
}

// TestNoCredentialInAnyFormat plants credentials where users put them and reads every output.
func TestNoCredentialInAnyFormat(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "user.json"), `{"http.proxy": "http://alice:canary-s3cret@proxy.example:3128"}`)
	writeFile(t, filepath.Join(dir, ".vscode", "settings.json"), `{"go.toolsEnvVars": {"GOPROXY": "https://bob:canary-token@goproxy.corp.example", "GOAUTH": "curl -H canary-bearer"}}`)
	writeFile(t, filepath.Join(dir, "shell.env"), "HOME="+dir+"\nPATH="+filepath.Join(fixturesDir(t), "goroot", "bin")+"\nHTTPS_PROXY=http://carol:canary-pw@p.example\n")
	for _, args := range [][]string{
		{"explain", "--format", "text"}, {"explain", "--format", "json"}, {"explain", "--format", "markdown"},
		{"check", "--format", "text"}, {"check", "--format", "json"}, {"check", "--format", "markdown"}, {"check", "--format", "sarif"},
	} {
		args = append(args, "--user-settings", filepath.Join(dir, "user.json"), "--env-file", filepath.Join(dir, "shell.env"), dir)
		_, out, errs := runCLI(t, dir, args...)
		if strings.Contains(out+errs, "canary") {
			t.Errorf("%v printed a credential:\n%s%s", args[:3], out, errs)
		}
	}
}
