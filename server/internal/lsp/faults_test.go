//go:build unix

package lsp_test

// Faults (issue 9) for the language server over stdio: a named pipe where a settings file is
// expected, a GOROOT in go/env that points nowhere (and its fix), a go/env file edited after a
// fix was offered, and a network probe that takes its time while the editor goes on.

import (
	"context"
	"encoding/json"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sourcegraph/jsonrpc2"

	"github.com/go-env-doctor/go-env-doctor/server/internal/lsp"
)

// A FIFO with no writer as the workspace's settings.json and as the go/env file: the server
// neither hangs on it nor dies, says which file it could not read and why (a diagnostic on the
// file, and a log line), publishes a status from everything else, and diagnoses the file once
// it becomes a regular one.
func TestFIFOSettingsDoNotHangTheServer(t *testing.T) {
	w := newWorkspace(t, "workspace-overrides-user")
	if err := os.Remove(w.settings); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(w.settings, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	os.Remove(w.goenv)
	if err := syscall.Mkfifo(w.goenv, 0o644); err != nil {
		t.Fatal(err)
	}
	c := start(t, w.env, w.state())
	// Each FIFO gets a diagnostic that says why it is not used.
	for _, p := range []string{w.settings, w.goenv} {
		c.waitFor("a diagnostic on "+p, func() bool {
			ds := c.diags[fileURI(p)]
			return len(c.status) > 0 && len(ds) == 1 && strings.Contains(ds[0].Message, "cannot read: not a regular file (a named pipe)")
		})
	}
	// Requests are answered meanwhile.
	var res lsp.TextResult
	c.call(lsp.MethodReport, lsp.ReportParams{}, &res)
	if !strings.Contains(res.Text, "GOPROXY") {
		t.Errorf("report:\n%s", res.Text)
	}

	// The FIFO becomes the settings file it should be: the watcher sees it.
	os.Remove(w.settings)
	data, _ := os.ReadFile(filepath.Join("../../../test/fixtures/checks/workspace-overrides-user/ws/.vscode/settings.json"))
	if err := os.WriteFile(w.settings, data, 0o644); err != nil {
		t.Fatal(err)
	}
	c.waitFor("the finding once the file is regular", func() bool {
		return slices.Contains(codes(c.diags[fileURI(w.settings)]), "workspace-overrides-user")
	})
}

// goenvGorootWorkspace: go/env says GOROOT=<a directory that is gone>.
func goenvGorootWorkspace(t *testing.T, pathDir string) *workspace {
	t.Helper()
	w := newWorkspace(t, "workspace-overrides-user")
	if err := os.WriteFile(w.goenv, []byte("GOPRIVATE=example.com/p\nGOROOT=/nonexistent/sdk/go1.21.5\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	w.env["PATH"] = pathDir + ":/usr/bin:/bin"
	w.env["GOTELEMETRY"] = "off"
	return w
}

// goEnvFixOf asks for the code actions on line 2 of the go/env file and returns the
// goenv-goroot fix's go env arguments.
func goEnvFixOf(t *testing.T, c *client, w *workspace) lsp.GoEnvArgs {
	t.Helper()
	uri := fileURI(w.goenv)
	c.waitFor("goenv-goroot", func() bool { return slices.Contains(codes(c.diags[uri]), "goenv-goroot") })
	var actions []codeAction
	c.call("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": uri},
		"range":        map[string]any{"start": map[string]int{"line": 1, "character": 0}, "end": map[string]int{"line": 1, "character": 0}},
		"context":      map[string]any{"diagnostics": []any{}},
	}, &actions)
	for _, a := range actions {
		if a.Command == nil || len(a.Command.Arguments) == 0 {
			continue
		}
		var cf lsp.ClientFix
		if err := json.Unmarshal(a.Command.Arguments[0], &cf); err == nil && cf.GoEnv != nil && slices.Equal(cf.GoEnv.Unset, []string{"GOROOT"}) {
			return *cf.GoEnv
		}
	}
	t.Fatalf("no go env -u GOROOT fix among %+v", actions)
	return lsp.GoEnvArgs{}
}

func execGoEnv(c *client, args lsp.GoEnvArgs) (lsp.GoEnvResult, error) {
	var res lsp.GoEnvResult
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	err := c.conn.Call(ctx, "workspace/executeCommand", map[string]any{"command": lsp.CommandGoEnv, "arguments": []any{args}}, &res)
	return res, err
}

// The goenv-goroot fix works with the real go command, although go refuses to start with the
// GOROOT the file names: the fix carries a working one. A fix offered before the file changed
// is refused rather than applied over the newer edit, and so is an undo.
func TestGoenvGorootFixAndStaleGoEnvFixes(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	w := goenvGorootWorkspace(t, filepath.Dir(goBin))
	c := start(t, w.env, w.state())
	fix := goEnvFixOf(t, c, w)
	if fix.Env["GOROOT"] == "" || fix.Expect["GOROOT"] == "" || fix.Expect["GOROOT"] == "unset" {
		t.Fatalf("fix = %+v", fix)
	}

	// The user edits the line first (another GOROOT): the fix planned before is refused.
	edited := "GOPRIVATE=example.com/p\nGOROOT=/elsewhere/go\n"
	if err := os.WriteFile(w.goenv, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = execGoEnv(c, fix)
	if err == nil || !strings.Contains(err.Error(), "changed after this fix was offered") || !strings.Contains(err.Error(), "/elsewhere/go") {
		t.Errorf("a stale fix: %v", err)
	}
	if data, _ := os.ReadFile(w.goenv); string(data) != edited {
		t.Errorf("the refused fix changed the file:\n%s", data)
	}

	// Offered again for the file as it is now, it applies with the real go.
	c.waitFor("the finding about the new GOROOT", func() bool {
		for _, d := range c.diags[fileURI(w.goenv)] {
			if d.Code == "goenv-goroot" && strings.Contains(d.Message, "/elsewhere/go") {
				return true
			}
		}
		return false
	})
	fix = goEnvFixOf(t, c, w)
	res, err := execGoEnv(c, fix)
	if err != nil {
		t.Fatalf("the goenv-goroot fix failed: %v", err)
	}
	if data, _ := os.ReadFile(w.goenv); string(data) != "GOPRIVATE=example.com/p\n" {
		t.Errorf("after the fix:\n%s", data)
	}
	if !strings.HasPrefix(res.Applied, "GOROOT=") || res.Undo == nil || res.Undo.Expect["GOROOT"] != "unset" {
		t.Errorf("result = %+v", res)
	}
	c.waitFor("goenv-goroot gone", func() bool { return !slices.Contains(codes(c.diags[fileURI(w.goenv)]), "goenv-goroot") })

	// The user writes GOROOT again by hand: the undo would overwrite it, so it is refused.
	again := "GOPRIVATE=example.com/p\nGOROOT=/by/hand\n"
	if err := os.WriteFile(w.goenv, []byte(again), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := execGoEnv(c, *res.Undo); err == nil || !strings.Contains(err.Error(), "changed after this fix was offered") {
		t.Errorf("a stale undo: %v", err)
	}
	if data, _ := os.ReadFile(w.goenv); string(data) != again {
		t.Errorf("the refused undo changed the file:\n%s", data)
	}
}

// A go on PATH that sits in no GOROOT: the fix can name no working GOROOT (a placeholder), so
// running go would only fail; the server makes the change go env -u would make itself.
func TestGoenvGorootFixWithoutAWorkingGOROOT(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "bin")
	marker := filepath.Join(filepath.Dir(bin), "go-was-run")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bin, "go"), []byte("#!/bin/sh\necho \"$@\" >> "+marker+"\necho 'go: cannot find GOROOT directory' >&2\nexit 2\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	w := goenvGorootWorkspace(t, bin)
	c := start(t, w.env, w.state())
	fix := goEnvFixOf(t, c, w)
	res, err := execGoEnv(c, fix)
	if err != nil {
		t.Fatalf("fix %+v: %v", fix, err)
	}
	if data, _ := os.ReadFile(w.goenv); string(data) != "GOPRIVATE=example.com/p\n" {
		t.Errorf("after the fix:\n%s", data)
	}
	if !strings.Contains(res.Applied, "no working GOROOT") {
		t.Errorf("applied = %q", res.Applied)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Errorf("go was run with a GOROOT that does not exist")
	}
}

// While a probe waits on a listener that never answers, the server goes on: an editor-state
// change is diagnosed and its status published within a second, and a report is answered.
func TestStatusStaysPromptDuringASlowProbe(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		var conns []net.Conn
		defer func() {
			for _, c := range conns {
				c.Close()
			}
		}()
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			conns = append(conns, conn) // accepted, never answered
		}
	}()
	w := probeWorkspace(t, "http://"+l.Addr().String())
	c := start(t, w.env, w.state())
	c.waitFor("a first status", func() bool { return len(c.status) > 0 })

	probeDone := make(chan lsp.ProbeResult, 1)
	go func() {
		var res lsp.ProbeResult
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		if err := c.conn.Call(ctx, lsp.MethodProbe, lsp.ProbeParams{}, &res, jsonrpc2.PickID(jsonrpc2.ID{Num: 9009})); err != nil {
			t.Errorf("probe: %v", err)
		}
		probeDone <- res
	}()
	time.Sleep(300 * time.Millisecond) // the probe is in its http stage, waiting

	for i, proxy := range []string{"https://one.example.com", "https://two.example.com"} {
		st := w.state()
		st.HostEnv = map[string]string{}
		for k, v := range w.env {
			st.HostEnv[k] = v
		}
		st.HostEnv["GOPROXY"] = proxy
		sent := time.Now()
		c.notify(lsp.MethodDidChangeEditorState, st)
		for !c.hasStatus(func(st lsp.StatusParams) bool { return matrixValue(st, "shell", "GOPROXY") == proxy }) {
			if time.Since(sent) > time.Second {
				t.Fatalf("change %d: no status with the shell's GOPROXY=%s within 1s of didChangeEditorState during a probe", i, proxy)
			}
			time.Sleep(10 * time.Millisecond)
		}
		t.Logf("status %d after %v", i, time.Since(sent).Round(time.Millisecond))
	}
	sent := time.Now()
	var res lsp.TextResult
	c.call(lsp.MethodReport, lsp.ReportParams{}, &res)
	if took := time.Since(sent); took > time.Second || !strings.Contains(res.Text, "two.example.com") {
		t.Errorf("report during a probe after %v:\n%s", took, res.Text)
	}
	select {
	case res := <-probeDone:
		t.Fatalf("the probe of a silent listener ended before the test canceled it: %+v", res)
	default:
	}
	c.notify("$/cancelRequest", map[string]any{"id": 9009})
	select {
	case res := <-probeDone:
		if !res.Canceled {
			t.Errorf("probe after cancel: %+v", res)
		}
	case <-time.After(3 * time.Second):
		t.Errorf("the probe did not end within 3s of $/cancelRequest")
	}
}

// hasStatus reports whether the last status published satisfies ok.
func (c *client) hasStatus(ok func(lsp.StatusParams) bool) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.status) > 0 && ok(c.status[len(c.status)-1])
}

// matrixValue is the value of name for context in the first folder of st.
func matrixValue(st lsp.StatusParams, context, name string) string {
	if len(st.Folders) == 0 {
		return ""
	}
	m := st.Folders[0].Matrix
	i := slices.Index(m.Vars, name)
	for _, r := range m.Rows {
		if r.Context == context && i >= 0 && i < len(r.Values) {
			return r.Values[i]
		}
	}
	return ""
}
