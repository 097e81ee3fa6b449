package lsp_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-env-doctor/go-env-doctor/server/internal/bench/benchws"
	"github.com/go-env-doctor/go-env-doctor/server/internal/lsp"
)

// result is everything a client has been told, as sent: the diagnostics of every file that has
// some, the last status, and the report and explain texts.
type result struct {
	diags   map[string]string
	status  string
	report  string
	explain string
}

// settle waits until the server has diagnosed every change it knows of and then been quiet
// for a while (file events arrive through the watcher's debounce), and returns what it sent.
func (c *client) settle() result {
	c.t.Helper()
	var rep, ex lsp.TextResult
	c.call(lsp.MethodReport, lsp.ReportParams{}, &rep)
	deadline := time.Now().Add(20 * time.Second)
	for {
		c.mu.Lock()
		quiet := time.Since(c.lastMsg)
		c.mu.Unlock()
		if quiet > 1500*time.Millisecond {
			break
		}
		if time.Now().After(deadline) {
			c.t.Fatal("the server never went quiet")
		}
		time.Sleep(100 * time.Millisecond)
	}
	c.call(lsp.MethodReport, lsp.ReportParams{}, &rep)
	c.call(lsp.MethodExplain, lsp.ExplainParams{Variables: []string{"GOPROXY", "GOSUMDB", "GOPRIVATE", "GOFLAGS", "GONOSUMDB", "HTTPS_PROXY"}}, &ex)
	c.mu.Lock()
	defer c.mu.Unlock()
	r := result{diags: map[string]string{}, status: string(c.rawStatus), report: rep.Text, explain: ex.Text}
	for u, raw := range c.rawDiags {
		var p struct {
			Diagnostics []json.RawMessage `json:"diagnostics"`
		}
		if err := json.Unmarshal(raw, &p); err != nil {
			c.t.Fatal(err)
		}
		if len(p.Diagnostics) > 0 { // a cleared file is the same as one never published
			r.diags[u] = string(raw)
		}
	}
	return r
}

// TestIncrementalEqualsFresh drives one server through a sequence of editor-state changes, file
// edits on disk and unsaved buffers, then starts a fresh server on the final state: both must
// have published the same diagnostics and status, and answer the same report — what the
// long-running server caches and skips (file contents, unchanged diagnostics) never changes a
// result.
func TestIncrementalEqualsFresh(t *testing.T) {
	l, err := benchws.Write(t.TempDir(), benchws.Options{Folders: 3})
	if err != nil {
		t.Fatal(err)
	}
	goroot, _ := filepath.Abs("../../../test/fixtures/goroot")
	env := l.Env(filepath.Join(goroot, "bin") + ":/usr/bin:/bin")
	userSettings, wsFile := l.UserSettings, l.WorkspaceFile
	st := lsp.EditorState{ExtensionVersion: "test", Platform: runtime.GOOS, AppName: "test", Trusted: true,
		HostEnv: map[string]string{}, UserSettingsFile: &userSettings, WorkspaceFile: &wsFile,
		VSCodeGo: lsp.VSCodeGo{Installed: true, Active: true}}
	for k, v := range env {
		st.HostEnv[k] = v
	}
	for _, f := range l.Folders {
		st.Folders = append(st.Folders, lsp.FolderRef{URI: fileURI(f), Name: filepath.Base(f), Path: f})
	}
	c := start(t, env, st)
	c.waitFor("the first status", func() bool { return len(c.status) > 0 })
	initial := c.settle()

	write := func(p, text string) {
		t.Helper()
		// As editors and `go env -w` do: a new file renamed over the old one.
		tmp := p + ".tmp"
		if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, p); err != nil {
			t.Fatal(err)
		}
	}
	edit := func(p, old, new string) {
		t.Helper()
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), old) {
			t.Fatalf("%s has no %q", p, old)
		}
		write(p, strings.Replace(string(data), old, new, 1))
	}
	sendState := func() { c.notify(lsp.MethodDidChangeEditorState, st) }
	doc := func(p string) map[string]any { return map[string]any{"uri": fileURI(p)} }
	launch0 := filepath.Join(l.Folders[0], ".vscode", "launch.json")
	launchText, _ := os.ReadFile(launch0)
	tasks2 := filepath.Join(l.Folders[2], ".vscode", "tasks.json")
	tasksText, _ := os.ReadFile(tasks2)
	openTasks := strings.Replace(string(tasksText), `"-mod=readonly"`, `"-mod=vendor"`, 1)

	steps := []struct {
		name string
		do   func()
	}{
		{"the extension host gets a GOPROXY", func() {
			st.HostEnv["GOPROXY"] = "https://corp-proxy.example,direct"
			sendState()
		}},
		{"folder settings written on disk", func() {
			write(filepath.Join(l.Folders[1], ".vscode", "settings.json"),
				"{\n\t\"go.toolsEnvVars\": { \"GOPROXY\": \"off\", \"GOFLAGS\": \"-mod=mod\" },\n}\n")
		}},
		{"launch.json opened with unsaved changes", func() {
			text := strings.Replace(string(launchText), `"GOTOOLCHAIN": "local"`, `"GOPROXY": "off"`, 1)
			c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": fileURI(launch0), "languageId": "jsonc", "version": 1, "text": text}})
		}},
		{"the launch.json buffer edited again", func() {
			text := strings.Replace(string(launchText), `"-mod=mod"`, `"-mod=readonly"`, 1)
			c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": fileURI(launch0), "version": 2},
				"contentChanges": []any{map[string]any{"text": text}}})
		}},
		{"go env -w rewrites the go/env file", func() {
			write(l.GoEnv, "GOPRIVATE=corp.example\nGOFLAGS=-mod=mod\nGOPROXY=https://goproxy.corp.example|https://proxy.golang.org\n")
		}},
		{"an env file is deleted", func() {
			if err := os.Remove(filepath.Join(l.Folders[2], "dev.env")); err != nil {
				t.Fatal(err)
			}
		}},
		{"vscode-go uninstalled, another folder active", func() {
			u := fileURI(l.Folders[2])
			st.ActiveFolder = &u
			st.VSCodeGo = lsp.VSCodeGo{}
			sendState()
		}},
		{"user settings written on disk", func() {
			write(l.UserSettings, "{\n\t\"go.toolsEnvVars\": { \"GOPRIVATE\": \"corp.example,*.internal\" },\n\t\"http.proxy\": \"http://proxy.corp.example:3128\",\n}\n")
		}},
		{"the launch.json buffer closed without saving", func() {
			c.notify("textDocument/didClose", map[string]any{"textDocument": doc(launch0)})
		}},
		{"tasks.json opened with unsaved changes (stays open)", func() {
			c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": fileURI(tasks2), "languageId": "jsonc", "version": 1, "text": openTasks}})
		}},
		{"the workspace file edited on disk", func() {
			edit(l.WorkspaceFile, `"GOFLAGS": "-tags=integration"`, `"GOFLAGS": "-mod=vendor", "GOPROXY": "direct"`)
		}},
		{"a folder removed from the workspace file", func() {
			edit(l.WorkspaceFile, `{ "path": "f01" },`, "")
		}},
		{"a debug launch request observed", func() {
			st.Processes = []lsp.ObservedProcess{{Context: "delve", Env: map[string]string{"GOPROXY": "https://stale.example"}}}
			sendState()
		}},
		{"one folder's settings written on disk (the others unchanged)", func() {
			write(filepath.Join(l.Folders[2], ".vscode", "settings.json"), "{\n\t\"go.testEnvVars\": { \"GOPROXY\": \"off\" },\n}\n")
		}},
		{"the folder back, named", func() {
			edit(l.WorkspaceFile, `{ "path": "f02" },`, `{ "path": "f01", "name": "back" }, { "path": "f02" },`)
		}},
		{"vscode-go back, the host env without GOPROXY but with a proxy", func() {
			delete(st.HostEnv, "GOPROXY")
			st.HostEnv["HTTPS_PROXY"] = "http://proxy.corp.example:3128"
			st.VSCodeGo = lsp.VSCodeGo{Installed: true, Active: true}
			sendState()
		}},
	}
	for _, s := range steps {
		c.mu.Lock()
		n := len(c.status)
		c.mu.Unlock()
		s.do()
		c.waitFor(s.name+": a new status", func() bool { return len(c.status) > n })
	}
	final := c.settle()

	// The same state again: a new status, and no diagnostics re-sent (none changed).
	c.mu.Lock()
	n, published := len(c.status), c.published
	c.mu.Unlock()
	sendState()
	c.waitFor("the status after a repeated state", func() bool { return len(c.status) > n })
	if again := c.settle(); again.status != final.status || !mapsEqual(again.diags, final.diags) {
		t.Errorf("the same editor state again changed the result")
	}
	c.mu.Lock()
	if c.published != published {
		t.Errorf("%d publishDiagnostics after an editor state that changed nothing; want none", c.published-published)
	}
	c.mu.Unlock()

	// A fresh server on the final state: the full recompute.
	fresh := start(t, env, st)
	fresh.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": fileURI(tasks2), "languageId": "jsonc", "version": 1, "text": openTasks}})
	fresh.waitFor("the fresh server's first status", func() bool { return len(fresh.status) > 0 })
	full := fresh.settle()

	if final.status == initial.status || mapsEqual(final.diags, initial.diags) {
		t.Fatalf("the steps changed nothing; the test does not test anything")
	}
	var codes []string
	for _, raw := range full.diags {
		var p struct{ Diagnostics []diag }
		_ = json.Unmarshal([]byte(raw), &p)
		for _, d := range p.Diagnostics {
			codes = append(codes, d.Code)
		}
	}
	for _, want := range []string{"envfile-missing", "goproxy-off", "goproxy-fallback"} {
		if !slices.Contains(codes, want) {
			t.Errorf("the final state has no %s finding (codes: %v)", want, codes)
		}
	}
	if final.status != full.status {
		t.Errorf("status differs:\nincremental: %s\nfresh:       %s", final.status, full.status)
	}
	for u := range mergeKeys(final.diags, full.diags) {
		if final.diags[u] != full.diags[u] {
			t.Errorf("diagnostics of %s differ:\nincremental: %s\nfresh:       %s", u, final.diags[u], full.diags[u])
		}
	}
	if final.report != full.report {
		t.Errorf("report differs:\nincremental:\n%s\nfresh:\n%s", final.report, full.report)
	}
	if final.explain != full.explain {
		t.Errorf("explain differs:\nincremental:\n%s\nfresh:\n%s", final.explain, full.explain)
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if bv, ok := b[k]; !ok || bv != v {
			return false
		}
	}
	return true
}

func mergeKeys(a, b map[string]string) map[string]bool {
	out := map[string]bool{}
	for k := range a {
		out[k] = true
	}
	for k := range b {
		out[k] = true
	}
	return out
}
