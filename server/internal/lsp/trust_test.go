package lsp_test

// Workspace Trust (docs/EXTENSION.md, "Workspace Trust"): in Restricted Mode (EditorState.trusted
// false) the language server reads a hostile workspace but never runs anything of it and never
// starts a download. The workspace is the e2e scenario `trust`'s fixture
// (test/e2e/workspaces/trust): a go/gopls/go-env-doctor of its own named by every setting that can
// name one, GOFLAGS=-toolexec and GOTOOLCHAIN in go.toolsEnvVars, launch.json/tasks.json that run
// them, and a go.mod that needs go1.99.0 (a toolchain switch: with GOTOOLCHAIN=auto a go command
// run there would download it from GOPROXY, which points at a recording server here).

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-env-doctor/go-env-doctor/server/internal/lsp"
)

// recorder is a loopback HTTP server that remembers every request (a module proxy nobody may ask).
type recorder struct {
	*httptest.Server
	mu   sync.Mutex
	reqs []string
}

func newRecorder(t *testing.T) *recorder {
	r := &recorder{}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.mu.Lock()
		r.reqs = append(r.reqs, req.Method+" "+req.URL.String())
		r.mu.Unlock()
		http.NotFound(w, req)
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *recorder) requests() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.reqs...)
}

// hostileWorkspace copies the trust fixture to ws and fills in its placeholders.
func hostileWorkspace(t *testing.T, ws, pwned, goproxy string) {
	t.Helper()
	root, _ := filepath.Abs("../../../test/e2e/workspaces/trust")
	copyDir(t, root, ws)
	repl := strings.NewReplacer("@@WS@@", ws, "@@PWNED@@", pwned, "@@GOPROXY@@", goproxy)
	err := filepath.Walk(ws, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(p, []byte(repl.Replace(string(data))), info.Mode())
	})
	if err != nil {
		t.Fatal(err)
	}
}

// pwnedBy lists the marker files the workspace's programs left (one per program that ran).
func pwnedBy(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		data, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		out[e.Name()] = string(data)
	}
	return out
}

func TestRestrictedModeRunsNothingFromTheWorkspace(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the workspace's programs are shell scripts")
	}
	realGo, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	proxy := newRecorder(t)
	dir := t.TempDir()
	ws, pwned := filepath.Join(dir, "ws"), filepath.Join(dir, "pwned")
	hostileWorkspace(t, ws, pwned, proxy.URL)
	hostile := filepath.Join(ws, "hack", "goroot", "bin")

	// The user's own go (on the extension host's PATH): it notes each run, then is the real go.
	// Only a fix the user applied may run it, and never in the workspace.
	userBin := filepath.Join(dir, "userbin")
	userLog := filepath.Join(dir, "user-go.log")
	if err := os.MkdirAll(userBin, 0o755); err != nil {
		t.Fatal(err)
	}
	wrapper := "#!/bin/sh\necho \"$* | cwd $(pwd)\" >> '" + userLog + "'\nexec '" + realGo + "' \"$@\"\n"
	if err := os.WriteFile(filepath.Join(userBin, "go"), []byte(wrapper), 0o755); err != nil {
		t.Fatal(err)
	}
	home := filepath.Join(dir, "home")
	goenvFile := filepath.Join(home, ".config", "go", "env")
	if err := os.MkdirAll(filepath.Join(filepath.Dir(goenvFile), "telemetry"), 0o755); err != nil {
		t.Fatal(err)
	}
	_ = os.WriteFile(filepath.Join(filepath.Dir(goenvFile), "telemetry", "mode"), []byte("off"), 0o644)
	// GOPROXY= in the user's go/env file, shadowed by $GOPROXY: a finding whose fix is
	// `go env -u GOPROXY`, the one thing the server may run (goEnvDoctor.server.goEnv, after the
	// user chose that fix).
	if err := os.WriteFile(goenvFile, []byte("GOPROXY=\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	userSettings := filepath.Join(dir, "user-settings.json")
	if err := os.WriteFile(userSettings, []byte("{}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// The environment would download too: GOTOOLCHAIN=auto and the recording GOPROXY.
	env := map[string]string{
		"HOME": home, "XDG_CONFIG_HOME": filepath.Join(home, ".config"), "GOENV": goenvFile,
		"PATH": userBin + ":/usr/bin:/bin", "GOTOOLCHAIN": "auto", "GOPROXY": proxy.URL, "GOSUMDB": "off",
	}
	hostEnvLive := map[string]string{}
	for k, v := range env {
		hostEnvLive[k] = v
	}
	hostEnvLive["GOPATH"] = filepath.Join(home, "go")
	folder := fileURI(ws)
	state := lsp.EditorState{ExtensionVersion: "test", Platform: runtime.GOOS, AppName: "test", Trusted: false, HostEnv: env,
		HostEnvLive: hostEnvLive, HostPID: os.Getpid(), UserSettingsFile: &userSettings, ActiveFolder: &folder,
		Folders: []lsp.FolderRef{{URI: folder, Name: "ws", Path: ws}}}
	// Launch requests of the hostile launch.json as the debug tracker would send them.
	state.Processes = []lsp.ObservedProcess{{Context: "delve:Launch hostile", Folder: &folder,
		Env: map[string]string{"PATH": hostile + ":/usr/bin:/bin", "GOFLAGS": "-toolexec=" + filepath.Join(hostile, "go"), "GOTOOLCHAIN": "go1.99.0"}}}

	c := start(t, env, state)
	settingsURI := fileURI(filepath.Join(ws, ".vscode", "settings.json"))
	goenvURI := fileURI(goenvFile)
	c.waitFor("the first diagnosis (settings.json and the go/env file)", func() bool {
		return len(c.status) > 0 && len(c.diags[settingsURI]) > 0 && len(c.diags[goenvURI]) > 0
	})

	// Everything the extension does in Restricted Mode, except applying a fix.
	state.HostEnvLive["GOMODCACHE"] = filepath.Join(home, "go", "pkg", "mod")
	c.notify(lsp.MethodDidChangeEditorState, state)
	var text lsp.TextResult
	for _, f := range []*string{nil, &folder} {
		c.call(lsp.MethodReport, lsp.ReportParams{Folder: f}, &text)
		if !strings.Contains(text.Text, "Workspace trusted: false") {
			t.Errorf("the report does not say the workspace is not trusted:\n%s", text.Text)
		}
	}
	c.call(lsp.MethodExplain, lsp.ExplainParams{Variables: []string{"GOPROXY", "GOTOOLCHAIN", "GOFLAGS", "GOROOT", "GOSUMDB"}, Folder: &folder}, &text)
	c.call(lsp.MethodRecheck, map[string]any{}, &lsp.RecheckResult{})
	c.mu.Lock()
	diags := map[string][]diag{}
	for u, ds := range c.diags {
		diags[u] = append([]diag(nil), ds...)
	}
	c.mu.Unlock()
	var goEnvFixes []lsp.GoEnvArgs
	var userSettingFixes []string
	for u, ds := range diags {
		for _, d := range ds {
			var actions []codeAction
			c.call("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": u}, "range": d.Range,
				"context": map[string]any{"diagnostics": []diag{d}}}, &actions)
			for _, a := range actions {
				// VS Code applies an edit without asking: in Restricted Mode only inside the
				// workspace. A change of the user's own files is a command the extension confirms.
				if a.Edit != nil {
					for f := range a.Edit.Changes {
						if !strings.HasPrefix(f, fileURI(ws)+"/") {
							t.Errorf("%s: the fix %q edits %s, outside the untrusted workspace, without confirmation", d.Code, a.Title, f)
						}
					}
				}
				if a.Command == nil || a.Command.Command != lsp.CommandApplyFix || len(a.Command.Arguments) != 1 {
					continue
				}
				var fix lsp.ClientFix
				if err := json.Unmarshal(a.Command.Arguments[0], &fix); err != nil {
					t.Fatal(err)
				}
				if fix.GoEnv != nil {
					goEnvFixes = append(goEnvFixes, *fix.GoEnv)
				}
				if fix.Setting != nil && fix.Setting.Target == "user" {
					userSettingFixes = append(userSettingFixes, fix.Title)
				}
			}
		}
	}
	t.Logf("findings in %d files; go env fixes: %+v; user settings fixes: %q", len(diags), goEnvFixes, userSettingFixes)
	// The fix that copies gopls's GOFLAGS (-toolexec=<the workspace's go>) into the user's
	// terminal.integrated.env.linux is still offered, as a setting change the extension confirms.
	if !slices.ContainsFunc(userSettingFixes, func(s string) bool { return strings.Contains(s, "terminal.integrated.env.linux.GOFLAGS") }) {
		t.Errorf("no user settings fix for terminal.integrated.env.linux.GOFLAGS among %q", userSettingFixes)
	}
	// The process watcher polls every 3 s: let it run at least once more.
	time.Sleep(3500 * time.Millisecond)
	c.call(lsp.MethodRecheck, map[string]any{}, &lsp.RecheckResult{})

	if m := pwnedBy(t, pwned); len(m) > 0 {
		t.Errorf("programs of the untrusted workspace were run: %v", m)
	}
	if r := proxy.requests(); len(r) > 0 {
		t.Errorf("the recording GOPROXY was asked (a download): %q", r)
	}
	if data, err := os.ReadFile(userLog); err == nil {
		t.Errorf("the go command was run although no fix was applied: %s", data)
	}

	// A go env fix the user applied (the extension asks first in Restricted Mode) runs the user's
	// go — never the workspace's, never in the workspace, and without a toolchain download.
	i := slices.IndexFunc(goEnvFixes, func(a lsp.GoEnvArgs) bool { return slices.Equal(a.Unset, []string{"GOPROXY"}) })
	if i < 0 {
		t.Fatalf("no go env -u GOPROXY fix offered for GOPROXY= in the go/env file: %+v", goEnvFixes)
	}
	var res lsp.GoEnvResult
	c.call("workspace/executeCommand", map[string]any{"command": lsp.CommandGoEnv, "arguments": []any{goEnvFixes[i]}}, &res)
	if data, _ := os.ReadFile(goenvFile); strings.Contains(string(data), "GOPROXY=") {
		t.Errorf("the fix %+v did not change the go/env file:\n%s", goEnvFixes[i], data)
	}
	// Even with the GOROOT of the workspace in the fix's environment (a fix may carry a GOROOT
	// found on a context's PATH, and go.toolsEnvVars.PATH is the workspace's): the user's go reads
	// that GOROOT's go.env but runs nothing of it, and GOTOOLCHAIN=local keeps it from switching.
	c.call("workspace/executeCommand", map[string]any{"command": lsp.CommandGoEnv, "arguments": []any{lsp.GoEnvArgs{File: goenvFile,
		Set: map[string]string{"GOPRIVATE": "example.test"}, Env: map[string]string{"GOROOT": filepath.Dir(hostile), "GOFLAGS": "-toolexec=" + filepath.Join(hostile, "go")}}}}, &res)
	logData, _ := os.ReadFile(userLog)
	runs := strings.Split(strings.TrimSpace(string(logData)), "\n")
	if len(runs) != 2 {
		t.Errorf("the user's go ran %d times, want 2 (the two fixes): %q", len(runs), runs)
	}
	for _, r := range runs {
		if !strings.HasPrefix(r, "env -") || strings.Contains(r, "cwd "+ws) {
			t.Errorf("the user's go ran as %q: not a go env change outside the workspace", r)
		}
	}
	if m := pwnedBy(t, pwned); len(m) > 0 {
		t.Errorf("programs of the untrusted workspace were run by a fix: %v", m)
	}
	if r := proxy.requests(); len(r) > 0 {
		t.Errorf("the recording GOPROXY was asked by a fix (a download): %q", r)
	}
}
