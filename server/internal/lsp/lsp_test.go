package lsp_test

// These tests build the real go-env-doctor binary, start `go-env-doctor lsp` as a child
// process and speak LSP to it over its stdin/stdout, as VS Code does.

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sourcegraph/jsonrpc2"

	"github.com/go-env-doctor/go-env-doctor/server/internal/lsp"
	"github.com/go-env-doctor/go-env-doctor/server/internal/procenv/proctest"
)

var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "ged-lsp-test")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "go-env-doctor")
	build := exec.Command("go", "build", "-o", binary, "github.com/go-env-doctor/go-env-doctor/server/cmd/go-env-doctor")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building go-env-doctor:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// diag is the subset of an LSP diagnostic the tests look at.
type diag struct {
	Range           lspRange `json:"range"`
	Severity        int      `json:"severity"`
	Code            string   `json:"code"`
	Source          string   `json:"source"`
	Message         string   `json:"message"`
	CodeDescription struct {
		Href string `json:"href"`
	} `json:"codeDescription"`
}

type lspPos struct {
	Line      int `json:"line"`
	Character int `json:"character"`
}

type lspRange struct {
	Start lspPos `json:"start"`
	End   lspPos `json:"end"`
}

// client is the editor side of one server process.
type client struct {
	t      *testing.T
	conn   *jsonrpc2.Conn
	cmd    *exec.Cmd
	stderr *strings.Builder

	mu     sync.Mutex
	diags  map[string][]diag // by uri
	status []lsp.StatusParams
	change chan struct{}
	// raw keeps the last params of each publishDiagnostics (by uri) and of the last status, as
	// sent; published counts publishDiagnostics notifications.
	rawDiags  map[string]json.RawMessage
	rawStatus json.RawMessage
	published int
	lastMsg   time.Time
}

func (c *client) Handle(_ context.Context, _ *jsonrpc2.Conn, req *jsonrpc2.Request) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch req.Method {
	case "textDocument/publishDiagnostics":
		var p struct {
			URI         string `json:"uri"`
			Diagnostics []diag `json:"diagnostics"`
		}
		if err := json.Unmarshal(*req.Params, &p); err != nil {
			c.t.Errorf("publishDiagnostics: %v", err)
		}
		c.diags[p.URI] = p.Diagnostics
		c.rawDiags[p.URI] = append(json.RawMessage(nil), *req.Params...)
		c.published++
	case lsp.MethodStatus:
		var p lsp.StatusParams
		if err := json.Unmarshal(*req.Params, &p); err != nil {
			c.t.Errorf("status: %v", err)
		}
		c.status = append(c.status, p)
		c.rawStatus = append(json.RawMessage(nil), *req.Params...)
	}
	c.lastMsg = time.Now()
	select {
	case c.change <- struct{}{}:
	default:
	}
}

func start(t *testing.T, env map[string]string, state lsp.EditorState) *client {
	t.Helper()
	return startRecording(t, env, state, nil)
}

// startRecording is start, with everything the server writes to stdout and stderr also kept in
// raw when it is not nil.
func startRecording(t *testing.T, env map[string]string, state lsp.EditorState, raw *recorded) *client {
	t.Helper()
	cmd := exec.Command(binary, "lsp")
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	c := &client{t: t, cmd: cmd, stderr: &strings.Builder{}, diags: map[string][]diag{}, change: make(chan struct{}, 1),
		rawDiags: map[string]json.RawMessage{}}
	var errMu sync.Mutex
	cmd.Stderr = writerFunc(func(p []byte) (int, error) {
		errMu.Lock()
		defer errMu.Unlock()
		if raw != nil {
			raw.log.Write(p)
		}
		return c.stderr.Write(p)
	})
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var in io.ReadCloser = stdout
	if raw != nil {
		in = struct {
			io.Reader
			io.Closer
		}{io.TeeReader(stdout, &raw.out), stdout}
	}
	c.conn = jsonrpc2.NewConn(context.Background(), jsonrpc2.NewBufferedStream(rwc{in, stdin}, jsonrpc2.VSCodeObjectCodec{}), c)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = c.conn.Call(ctx, "shutdown", nil, nil)
		_ = c.conn.Notify(ctx, "exit", nil)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("server exited with %v", err)
			}
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			t.Errorf("server did not exit after shutdown/exit")
		}
		if t.Failed() {
			errMu.Lock()
			t.Logf("server stderr:\n%s", c.stderr.String())
			errMu.Unlock()
		}
	})
	var folders []map[string]string
	for _, f := range state.Folders {
		folders = append(folders, map[string]string{"uri": f.URI, "name": f.Name})
	}
	var res struct {
		Capabilities map[string]any `json:"capabilities"`
	}
	c.call("initialize", map[string]any{"processId": os.Getpid(), "rootUri": nil, "capabilities": map[string]any{},
		"workspaceFolders": folders, "initializationOptions": state}, &res)
	if res.Capabilities["codeActionProvider"] == nil {
		t.Fatalf("no codeActionProvider in %v", res.Capabilities)
	}
	c.notify("initialized", map[string]any{})
	return c
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

type rwc struct {
	io.ReadCloser
	io.WriteCloser
}

func (r rwc) Close() error {
	r.WriteCloser.Close()
	return r.ReadCloser.Close()
}

func (c *client) call(method string, params, result any) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := c.conn.Call(ctx, method, params, result); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

func (c *client) notify(method string, params any) {
	c.t.Helper()
	if err := c.conn.Notify(context.Background(), method, params); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

// waitFor polls cond under the client's lock until it holds (bounded).
func (c *client) waitFor(what string, cond func() bool) {
	c.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		c.mu.Lock()
		ok := cond()
		c.mu.Unlock()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			c.mu.Lock()
			c.t.Fatalf("timed out waiting for %s; diagnostics: %+v", what, c.diags)
		}
		select {
		case <-c.change:
		case <-time.After(200 * time.Millisecond):
		}
	}
}

func codes(ds []diag) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Code)
	}
	slices.Sort(out)
	return out
}

func fileURI(p string) string { return "file://" + filepath.ToSlash(p) }

// workspace is a temp copy of a check fixture with its own HOME and go/env file.
type workspace struct {
	dir, folder, user, goenv, settings string
	env                                map[string]string
}

func newWorkspace(t *testing.T, fixture string) *workspace {
	t.Helper()
	root, _ := filepath.Abs("../../../test/fixtures")
	dir := t.TempDir()
	w := &workspace{dir: dir, folder: filepath.Join(dir, "ws"), user: filepath.Join(dir, "user-settings.json"),
		goenv: filepath.Join(dir, "home", ".config", "go", "env")}
	copyDir(t, filepath.Join(root, "checks", fixture), dir)
	w.settings = filepath.Join(w.folder, ".vscode", "settings.json")
	// Telemetry off in the test's config dir: a real go run (go env -w) would otherwise start an
	// x/telemetry child that may write there while the test's temp dir is being removed.
	mode := filepath.Join(filepath.Dir(w.goenv), "telemetry", "mode")
	if err := os.MkdirAll(filepath.Dir(mode), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(mode, []byte("off"), 0o644); err != nil {
		t.Fatal(err)
	}
	w.env = map[string]string{
		"HOME":            filepath.Join(dir, "home"),
		"XDG_CONFIG_HOME": filepath.Join(dir, "home", ".config"),
		"PATH":            filepath.Join(root, "goroot", "bin") + ":/usr/bin:/bin",
		"GOTOOLCHAIN":     "local",
	}
	return w
}

func (w *workspace) state() lsp.EditorState {
	platform := runtime.GOOS
	user := w.user
	return lsp.EditorState{ExtensionVersion: "test", Platform: platform, AppName: "test", Trusted: true, HostEnv: w.env,
		UserSettingsFile: &user, Folders: []lsp.FolderRef{{URI: fileURI(w.folder), Name: "ws", Path: w.folder}},
		VSCodeGo: lsp.VSCodeGo{Installed: true, Active: true}}
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.Walk(from, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		if info.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, data, info.Mode())
	})
	if err != nil {
		t.Fatal(err)
	}
}

type textEdit struct {
	Range   lspRange `json:"range"`
	NewText string   `json:"newText"`
}

type codeAction struct {
	Title       string
	Kind        string
	IsPreferred bool
	Diagnostics []diag
	Edit        *struct {
		Changes         map[string][]textEdit
		DocumentChanges []struct {
			TextDocument struct {
				URI     string
				Version *int32
			}
			Edits []textEdit
		}
	}
	Command *struct {
		Command   string
		Arguments []json.RawMessage
	}
}

// applyEdits applies LSP edits (ASCII content: UTF-16 columns are byte columns) to text.
func applyEdits(t *testing.T, text string, edits []textEdit) string {
	t.Helper()
	lines := strings.SplitAfter(text, "\n")
	offset := func(line, char int) int {
		n := 0
		for i := 0; i < line; i++ {
			n += len(lines[i])
		}
		return n + char
	}
	slices.SortFunc(edits, func(a, b textEdit) int {
		return offset(b.Range.Start.Line, b.Range.Start.Character) - offset(a.Range.Start.Line, a.Range.Start.Character)
	})
	for _, e := range edits {
		s, end := offset(e.Range.Start.Line, e.Range.Start.Character), offset(e.Range.End.Line, e.Range.End.Character)
		text = text[:s] + e.NewText + text[end:]
	}
	return text
}

func TestDiagnosticsQuickFixAndWatch(t *testing.T) {
	w := newWorkspace(t, "workspace-overrides-user")
	c := start(t, w.env, w.state())
	uri := fileURI(w.settings)
	c.waitFor("the finding on settings.json", func() bool {
		return slices.Equal(codes(c.diags[uri]), []string{"workspace-overrides-user"}) && len(c.status) > 0
	})
	c.mu.Lock()
	d := c.diags[uri][0]
	st := c.status[len(c.status)-1]
	c.mu.Unlock()
	if d.Source != "go-env-doctor" || !strings.HasSuffix(d.CodeDescription.Href, "/docs/checks/"+d.Code+".md") {
		t.Errorf("diagnostic source/href: %+v", d)
	}
	// "GOPROXY": "https://proxy.golang.org,direct" on line 4 (0-based 3), the string underlined.
	if d.Range.Start.Line != 3 || d.Range.Start.Character != 13 || d.Range.End.Character != 13+len(`"https://proxy.golang.org,direct"`) {
		t.Errorf("range = %+v", d.Range)
	}
	// $GOROOT/go.env gives the shell the same GOPROXY, so the contexts agree.
	if len(st.Folders) != 1 || st.Folders[0].GOPROXY.Short != "proxy.golang.org,direct" || len(st.Folders[0].Disagree) != 0 {
		t.Errorf("status = %+v", st)
	}
	if st.Health != "ok" || st.Counts != (lsp.Counts{Info: 1}) {
		t.Errorf("status counts = %+v", st)
	}

	var actions []codeAction
	c.call("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": uri},
		"range":        map[string]any{"start": map[string]int{"line": 3, "character": 0}, "end": map[string]int{"line": 3, "character": 0}},
		"context":      map[string]any{"diagnostics": []any{}},
	}, &actions)
	var preferred *codeAction
	var editedFiles []string
	for i, a := range actions {
		if a.Kind != "quickfix" {
			t.Errorf("action %q kind %q", a.Title, a.Kind)
		}
		if a.IsPreferred && strings.Contains(a.Title, "remove go.toolsEnvVars.GOPROXY") {
			preferred = &actions[i]
		}
		if a.Edit != nil {
			for u := range a.Edit.Changes {
				editedFiles = append(editedFiles, u)
			}
		}
	}
	if preferred == nil || preferred.Edit == nil || preferred.Command == nil || preferred.Command.Command != lsp.CommandAfterFix {
		t.Fatalf("no preferred edit fix among %+v", actions)
	}
	var after lsp.AfterFix
	if err := json.Unmarshal(preferred.Command.Arguments[0], &after); err != nil || !after.RestartGopls || len(after.URIs) != 1 {
		t.Errorf("afterFix = %+v (%v)", after, err)
	}
	// The other fix copies the value up into the user settings file, as a text edit there.
	slices.Sort(editedFiles)
	if want := []string{fileURI(w.user), uri}; !slices.Equal(editedFiles, want) {
		t.Errorf("edited files = %v", editedFiles)
	}

	// Apply the edit the way VS Code would, to the file on disk: the watcher must notice.
	before, _ := os.ReadFile(w.settings)
	got := applyEdits(t, string(before), preferred.Edit.Changes[uri])
	want := "{\n\t// shared project settings\n\t\"go.toolsEnvVars\": {},\n\t\"go.lintTool\": \"golangci-lint\",\n}\n"
	if got != want {
		t.Errorf("after the fix:\n%s\nwant:\n%s", got, want)
	}
	if err := os.WriteFile(w.settings, []byte(got), 0o644); err != nil {
		t.Fatal(err)
	}
	c.waitFor("findings gone after the fix", func() bool { return len(c.diags[uri]) == 0 })
}

func TestUnsavedBufferIsWhatCounts(t *testing.T) {
	w := newWorkspace(t, "workspace-overrides-user")
	c := start(t, w.env, w.state())
	uri := fileURI(w.settings)
	c.waitFor("findings", func() bool { return len(c.diags[uri]) == 1 })
	text := "{\n\t\"go.toolsEnvVars\": {\"GOPROXY\": \"https://goproxy.cn,direct\"}\n}\n"
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "jsonc", "version": 1, "text": text}})
	// The unsaved buffer has the user's value: nothing is overridden any more, but gopls now
	// differs from the shell (which gets GOPROXY from $GOROOT/go.env), on line 2 of the buffer.
	c.waitFor("buffer diagnosed", func() bool {
		ds := c.diags[uri]
		return slices.Equal(codes(ds), []string{"context-divergence"}) && ds[0].Range.Start.Line == 1
	})
	c.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": uri}})
	c.waitFor("disk again after close", func() bool { return len(c.diags[uri]) == 1 })
}

// TestOpenBufferGetsAVersionedEdit: a fix of a file open in the editor names the buffer's
// version, so VS Code refuses it (nothing lost) when the user typed after it was computed.
func TestOpenBufferGetsAVersionedEdit(t *testing.T) {
	w := newWorkspace(t, "workspace-overrides-user")
	c := start(t, w.env, w.state())
	uri := fileURI(w.settings)
	c.waitFor("findings", func() bool { return len(c.diags[uri]) == 1 })
	text, _ := os.ReadFile(w.settings)
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "jsonc", "version": 7, "text": string(text)}})
	c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": uri, "version": 8},
		"contentChanges": []any{map[string]any{"text": string(text) + "\n"}}})
	var actions []codeAction
	c.waitFor("a versioned edit of the open buffer", func() bool {
		c.mu.Unlock()
		defer c.mu.Lock()
		c.call("textDocument/codeAction", map[string]any{
			"textDocument": map[string]any{"uri": uri},
			"range":        map[string]any{"start": map[string]int{"line": 3, "character": 0}, "end": map[string]int{"line": 3, "character": 0}},
			"context":      map[string]any{"diagnostics": []any{}},
		}, &actions)
		for _, a := range actions {
			if a.Edit != nil && len(a.Edit.DocumentChanges) == 1 {
				return true
			}
		}
		return false
	})
	for _, a := range actions {
		if a.Edit == nil || len(a.Edit.DocumentChanges) == 0 {
			continue
		}
		dc := a.Edit.DocumentChanges[0]
		if dc.TextDocument.URI != uri || dc.TextDocument.Version == nil || *dc.TextDocument.Version != 8 || len(dc.Edits) == 0 || a.Edit.Changes != nil {
			t.Errorf("action %q edit: %+v, want the edits of version 8 of %s", a.Title, a.Edit, uri)
		}
	}
}

// TestEditorStateChangeSpawnsNoGo: a change only VS Code knows (the extension host's env)
// is diagnosed again in memory; the go command is not run.
func TestEditorStateChangeSpawnsNoGo(t *testing.T) {
	w := newWorkspace(t, "workspace-overrides-user")
	goroot := filepath.Join(w.dir, "goroot")
	root, _ := filepath.Abs("../../../test/fixtures/goroot")
	copyDir(t, root, goroot)
	marker := filepath.Join(w.dir, "go-was-run")
	script := "#!/bin/sh\necho \"$@\" >> " + marker + "\nexit 1\n"
	if err := os.WriteFile(filepath.Join(goroot, "bin", "go"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	w.env["PATH"] = filepath.Join(goroot, "bin") + ":/usr/bin:/bin"
	c := start(t, w.env, w.state())
	uri := fileURI(w.settings)
	c.waitFor("findings", func() bool { return len(c.diags[uri]) == 1 })

	st := w.state()
	st.HostEnv = map[string]string{}
	for k, v := range w.env {
		st.HostEnv[k] = v
	}
	st.HostEnv["GOPROXY"] = "https://corp.example.com" // the shell now differs from gopls
	c.notify(lsp.MethodDidChangeEditorState, st)
	c.waitFor("the divergence", func() bool {
		if !slices.Equal(codes(c.diags[uri]), []string{"context-divergence", "workspace-overrides-user"}) {
			return false
		}
		last := c.status[len(c.status)-1]
		return last.Health == "warning" && slices.Contains(last.Folders[0].Disagree, "GOPROXY")
	})
	var res lsp.TextResult
	c.call(lsp.MethodReport, lsp.ReportParams{}, &res)
	if !strings.Contains(res.Text, "workspace-overrides-user") || !strings.Contains(res.Text, "| `GOPROXY` |") {
		t.Errorf("report:\n%s", res.Text)
	}
	if _, err := os.Stat(marker); err == nil {
		data, _ := os.ReadFile(marker)
		t.Errorf("the go command was run: %s", data)
	}
}

// TestGoEnvCommand runs the real go env -w through the server, then its undo.
func TestGoEnvCommand(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	w := newWorkspace(t, "workspace-overrides-user")
	original := "GOFLAGS=-mod=mod\nGOPROXY=https://old.example.com\n"
	if err := os.WriteFile(w.goenv, []byte(original), 0o644); err != nil {
		t.Fatal(err)
	}
	w.env["PATH"] = filepath.Dir(goBin) + ":/usr/bin:/bin"
	w.env["GOTELEMETRY"] = "off"
	c := start(t, w.env, w.state())
	c.waitFor("first diagnosis", func() bool { return len(c.status) > 0 })

	var res lsp.GoEnvResult
	c.call("workspace/executeCommand", map[string]any{"command": lsp.CommandGoEnv,
		"arguments": []any{lsp.GoEnvArgs{File: w.goenv, Set: map[string]string{"GOPROXY": "https://proxy.golang.org,direct"}}}}, &res)
	data, _ := os.ReadFile(w.goenv)
	if string(data) != "GOFLAGS=-mod=mod\nGOPROXY=https://proxy.golang.org,direct\n" {
		t.Errorf("after go env -w:\n%s", data)
	}
	if res.Undo == nil || res.Undo.Set["GOPROXY"] != "https://old.example.com" || !strings.HasPrefix(res.Applied, "go env -w") {
		t.Fatalf("result = %+v", res)
	}
	c.call("workspace/executeCommand", map[string]any{"command": lsp.CommandGoEnv, "arguments": []any{res.Undo}}, &res)
	if data, _ := os.ReadFile(w.goenv); string(data) != original {
		t.Errorf("after undo:\n%s\nwant:\n%s", data, original)
	}

	// Anything but a go/env change is refused.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, bad := range []lsp.GoEnvArgs{
		{File: "relative/env", Set: map[string]string{"GOPROXY": "x"}},
		{File: w.goenv, Set: map[string]string{"GOPROXY; rm -rf /": "x"}},
		{File: w.goenv, Set: map[string]string{"GOPROXY": "x"}, Env: map[string]string{"LD_PRELOAD": "/tmp/x.so"}},
		{File: w.goenv},
	} {
		err := c.conn.Call(ctx, "workspace/executeCommand", map[string]any{"command": lsp.CommandGoEnv, "arguments": []any{bad}}, nil)
		if err == nil {
			t.Errorf("%+v was accepted", bad)
		}
	}
	if data, _ := os.ReadFile(w.goenv); string(data) != original {
		t.Errorf("a refused command changed the file:\n%s", data)
	}
}

func TestBrokenSettingsFile(t *testing.T) {
	w := newWorkspace(t, "workspace-overrides-user")
	if err := os.WriteFile(w.settings, []byte("{\n  \"go.toolsEnvVars\": {\n    \"GOPROXY\": \n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c := start(t, w.env, w.state())
	uri := fileURI(w.settings)
	c.waitFor("a diagnostic about the broken file", func() bool {
		ds := c.diags[uri]
		return len(ds) == 1 && strings.Contains(ds[0].Message, "cannot use this file") && ds[0].Range.Start.Line == 3
	})
	// Unknown requests get an error, not a crash.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.conn.Call(ctx, "goEnvDoctor/noSuchThing", map[string]any{}, nil); err == nil || !strings.Contains(err.Error(), "not supported") {
		t.Errorf("unknown method: %v", err)
	}
	if err := c.conn.Call(ctx, lsp.MethodExplain, "not an object", nil); err == nil {
		t.Errorf("bad params accepted")
	}
	var res lsp.TextResult
	c.call(lsp.MethodExplain, lsp.ExplainParams{Variables: []string{"GOPROXY"}}, &res)
	if !strings.Contains(res.Text, "## GOPROXY") {
		t.Errorf("explain:\n%s", res.Text)
	}
}

// TestCodeActionsForOneDiagnostic: asked about one diagnostic (a Problems panel row), the
// server offers that finding's fixes only, even when another finding sits on the same line.
func TestCodeActionsForOneDiagnostic(t *testing.T) {
	w := newWorkspace(t, "workspace-overrides-user")
	w.env["GOPROXY"] = "https://corp.example.com" // the shell now differs from gopls: two findings on line 4
	c := start(t, w.env, w.state())
	uri := fileURI(w.settings)
	c.waitFor("two findings", func() bool { return len(c.diags[uri]) == 2 })
	c.mu.Lock()
	all := append([]diag(nil), c.diags[uri]...)
	c.mu.Unlock()
	titles := func(ds []diag) map[string]int {
		var actions []codeAction
		c.call("textDocument/codeAction", map[string]any{
			"textDocument": map[string]any{"uri": uri},
			"range":        map[string]any{"start": map[string]int{"line": 3, "character": 13}, "end": map[string]int{"line": 3, "character": 13}},
			"context":      map[string]any{"diagnostics": ds},
		}, &actions)
		byCode := map[string]int{}
		for _, a := range actions {
			if len(a.Diagnostics) != 1 {
				t.Errorf("action %q is tied to %d diagnostics", a.Title, len(a.Diagnostics))
				continue
			}
			byCode[a.Diagnostics[0].Code]++
		}
		return byCode
	}
	for _, d := range all {
		got := titles([]diag{d})
		if len(got) != 1 || got[d.Code] == 0 {
			t.Errorf("asked about %s, got fixes for %v", d.Code, got)
		}
	}
	if got := titles(all); len(got) != 2 {
		t.Errorf("asked about both, got fixes for %v", got)
	}
}

// startNamed runs a process called name with env, as a child of the test process.
func startNamed(t *testing.T, name string, env map[string]string) (int, func()) {
	t.Helper()
	var list []string
	for k, v := range env {
		list = append(list, k+"="+v)
	}
	return proctest.Start(t, name, list)
}

// TestObservedGoplsRestartAndVerify: a gopls below the extension host runs with an old GOPROXY;
// the server finds it, reports gopls-stale-env at the setting, and once a new gopls with the
// right env replaces it, the finding clears by itself (the process watcher notices).
func TestObservedGoplsRestartAndVerify(t *testing.T) {
	w := newWorkspace(t, "workspace-overrides-user")
	goplsEnv := map[string]string{"HOME": w.env["HOME"], "PATH": w.env["PATH"], "GOTOOLCHAIN": "local", "GOPROXY": "https://old.example.com"}
	oldPID, stopOld := startNamed(t, "gopls", goplsEnv)
	st := w.state()
	st.HostPID = os.Getpid() // the test process plays the extension host: gopls is its child
	termPID, _ := startNamed(t, "bash", map[string]string{"HOME": w.env["HOME"], "PATH": w.env["PATH"], "GOTOOLCHAIN": "local", "GOPRIVATE": "old.example.com"})
	st.Processes = []lsp.ObservedProcess{{Context: "terminal", PID: &termPID}}
	c := start(t, w.env, st)
	uri := fileURI(w.settings)
	c.waitFor("gopls-stale-env on settings.json", func() bool {
		return slices.Contains(codes(c.diags[uri]), "gopls-stale-env") && len(c.status) > 0
	})
	c.mu.Lock()
	var msg string
	for _, d := range c.diags[uri] {
		if d.Code == "gopls-stale-env" {
			msg = d.Message
		}
	}
	last := c.status[len(c.status)-1]
	c.mu.Unlock()
	if !strings.Contains(msg, fmt.Sprintf("PID %d", oldPID)) || !strings.Contains(msg, "https://old.example.com") {
		t.Errorf("message: %s", msg)
	}
	byCtx := map[string]lsp.ObservedStatus{}
	for _, o := range last.Folders[0].Observed {
		byCtx[o.Context] = o
	}
	if o := byCtx["gopls"]; o.PID != oldPID || !slices.Equal(o.Differs, []string{"GOPROXY"}) {
		t.Errorf("gopls status = %+v", o)
	}
	if o := byCtx["terminal"]; o.PID != termPID || !slices.Equal(o.Differs, []string{"GOPRIVATE"}) {
		t.Errorf("terminal status = %+v", o)
	}
	// The report shows the running values beside the intended ones, each with its origin.
	m := last.Folders[0].Matrix
	col := slices.Index(m.Vars, "GOPROXY")
	g := byCtx["gopls"]
	if len(g.Values) != len(m.Vars) || len(g.Origins) != len(m.Vars) || col < 0 {
		t.Fatalf("gopls observed values %q origins %q for vars %q", g.Values, g.Origins, m.Vars)
	}
	if g.Values[col] != "https://old.example.com" || !strings.Contains(g.Origins[col], fmt.Sprintf("/proc/%d/environ", oldPID)) {
		t.Errorf("gopls observed GOPROXY = %q from %q", g.Values[col], g.Origins[col])
	}
	for _, r := range m.Rows {
		if len(r.Origins) != len(m.Vars) {
			t.Errorf("row %s: %d origins for %d vars", r.Context, len(r.Origins), len(m.Vars))
		} else if r.Context == "gopls" && (r.Values[col] != "https://proxy.golang.org,direct" || !strings.Contains(r.Origins[col], "settings.json")) {
			t.Errorf("gopls intended GOPROXY = %q from %q", r.Values[col], r.Origins[col])
		}
	}

	// "Restart gopls": the new one has what the settings give.
	stopOld()
	goplsEnv["GOPROXY"] = "https://proxy.golang.org,direct"
	newPID, _ := startNamed(t, "gopls", goplsEnv)
	c.waitFor("the finding gone with the new gopls", func() bool {
		if slices.Contains(codes(c.diags[uri]), "gopls-stale-env") {
			return false
		}
		for _, o := range c.status[len(c.status)-1].Folders[0].Observed {
			if o.Context == "gopls" {
				return o.PID == newPID && len(o.Differs) == 0
			}
		}
		return false
	})
}
