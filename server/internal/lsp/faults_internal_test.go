//go:build unix

package lsp

// Faults (issue 9), in-process: a go command that hangs, fails or lies when the server runs
// go env -w for a fix, and a settings file changed on disk after the diagnosis read it, before
// the watcher reports it, when the editor asks for its fixes.

import (
	"context"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/sourcegraph/jsonrpc2"

	"github.com/go-env-doctor/go-env-doctor/server/internal/watch"
)

// goEnvServer is a server (not connected) whose host environment has PATH=bin, with a go
// script there when script is not "".
func goEnvServer(t *testing.T, script string) (*Server, string) {
	t.Helper()
	dir := t.TempDir()
	bin := filepath.Join(dir, "bin")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	if script != "" {
		if err := os.WriteFile(filepath.Join(bin, "go"), []byte("#!/bin/sh\n"+script), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	env := map[string]string{"HOME": dir, "PATH": bin}
	s := New(Options{Environ: func() map[string]string { return env }})
	t.Cleanup(s.close)
	file := filepath.Join(dir, "config", "go", "env")
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte("GOPROXY=https://old.example.com\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return s, file
}

func TestGoEnvCommandWithABrokenGo(t *testing.T) {
	old := goEnvTimeout
	goEnvTimeout = 500 * time.Millisecond
	t.Cleanup(func() { goEnvTimeout = old })
	for _, c := range []struct {
		name, script string
		want         string // in the error; "" = succeeds
		applied      string
	}{
		// sleep holds go's stderr open after go is killed: Wait must not wait for it.
		{"hangs", "/bin/sleep 30\n", "did not finish within 500ms and was stopped", ""},
		{"fails", "echo 'go: GOENV is not writable' >&2\nexit 1\n", "go env -w failed: exit status 1: go: GOENV is not writable", ""},
		{"lies", "echo '{junk'\nexit 0\n", "after go env -w, GOPROXY in ", ""},
		{"missing", "", "", "no go command on PATH; wrote the change"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			s, file := goEnvServer(t, c.script)
			start := time.Now()
			res, err := s.runGoEnv(context.Background(), GoEnvArgs{File: file, Set: map[string]string{"GOPROXY": "https://new.example.com"}})
			if took := time.Since(start); took > 3*time.Second {
				t.Errorf("took %v", took)
			}
			data, _ := os.ReadFile(file)
			if c.want != "" {
				if err == nil || !strings.Contains(err.Error(), c.want) {
					t.Errorf("error %v, want %q", err, c.want)
				}
				if c.name != "lies" && string(data) != "GOPROXY=https://old.example.com\n" {
					t.Errorf("the file changed:\n%s", data)
				}
				return
			}
			if err != nil || !strings.HasPrefix(res.Applied, c.applied) || string(data) != "GOPROXY=https://new.example.com\n" {
				t.Errorf("%+v, %v; file:\n%s", res, err, data)
			}
		})
	}
	t.Run("canceled", func(t *testing.T) {
		t.Parallel()
		s, file := goEnvServer(t, "/bin/sleep 30\n")
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(100*time.Millisecond, cancel)
		start := time.Now()
		_, err := s.runGoEnv(ctx, GoEnvArgs{File: file, Unset: []string{"GOPROXY"}})
		if err == nil || !strings.Contains(err.Error(), "go env -u was canceled") || time.Since(start) > 3*time.Second {
			t.Errorf("after %v: %v", time.Since(start), err)
		}
	})
	t.Run("fifo", func(t *testing.T) {
		t.Parallel()
		s, file := goEnvServer(t, "")
		os.Remove(file)
		if err := syscall.Mkfifo(file, 0o644); err != nil {
			t.Skipf("mkfifo: %v", err)
		}
		done := make(chan error, 1)
		go func() {
			_, err := s.runGoEnv(context.Background(), GoEnvArgs{File: file, Unset: []string{"GOPROXY"}})
			done <- err
		}()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), "not a regular file (a named pipe)") {
				t.Errorf("go env on a FIFO: %v", err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("go env blocked on a FIFO as the go/env file")
		}
	})
}

// diagClient records what an in-process server publishes.
type diagClient struct {
	mu    sync.Mutex
	diags map[string][]json.RawMessage
}

func (d *diagClient) Handle(_ context.Context, _ *jsonrpc2.Conn, req *jsonrpc2.Request) {
	if req.Method != "textDocument/publishDiagnostics" {
		return
	}
	var p struct {
		URI         string            `json:"uri"`
		Diagnostics []json.RawMessage `json:"diagnostics"`
	}
	_ = json.Unmarshal(*req.Params, &p)
	d.mu.Lock()
	d.diags[p.URI] = p.Diagnostics
	d.mu.Unlock()
}

// A settings file changes on disk after the diagnosis read it, and the editor asks for fixes
// before the watcher has said so (its debounce is an hour here). An edit planned from the old
// content would land on the wrong bytes of the new one and overwrite the change; the server
// diagnoses the file again and plans from what is there now.
func TestCodeActionAfterAnUnreportedChangeOnDisk(t *testing.T) {
	dir := t.TempDir()
	folder := filepath.Join(dir, "ws")
	settings := filepath.Join(folder, ".vscode", "settings.json")
	user := filepath.Join(dir, "user.json")
	if err := os.MkdirAll(filepath.Dir(settings), 0o755); err != nil {
		t.Fatal(err)
	}
	oldText := "{\n\t\"go.toolsEnvVars\": {\n\t\t\"GOPROXY\": \"https://ws.example.com\"\n\t}\n}\n"
	os.WriteFile(settings, []byte(oldText), 0o644)
	os.WriteFile(user, []byte(`{"go.toolsEnvVars": {"GOPROXY": "https://user.example.com"}}`), 0o644)
	env := map[string]string{"HOME": filepath.Join(dir, "home"), "PATH": "/nonexistent"}

	serverSide, clientSide := net.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan struct{})
	go func() {
		_ = Serve(ctx, serverSide, Options{Version: "test", Environ: func() map[string]string { return env }, Debounce: time.Millisecond,
			Watch: watch.Options{Debounce: time.Hour, PollInterval: time.Hour}})
		close(done)
	}()
	defer func() { cancel(); <-done }()
	rec := &diagClient{diags: map[string][]json.RawMessage{}}
	conn := jsonrpc2.NewConn(ctx, jsonrpc2.NewBufferedStream(clientSide, jsonrpc2.VSCodeObjectCodec{}), rec)
	state := EditorState{Platform: "linux", Trusted: true, HostEnv: env, UserSettingsFile: &user,
		Folders: []FolderRef{{URI: "file://" + folder, Name: "ws", Path: folder}}}
	if err := conn.Call(ctx, "initialize", map[string]any{"capabilities": map[string]any{}, "initializationOptions": state}, nil); err != nil {
		t.Fatal(err)
	}
	uri := "file://" + settings
	deadline := time.Now().Add(10 * time.Second)
	for {
		rec.mu.Lock()
		n := len(rec.diags[uri])
		rec.mu.Unlock()
		if n > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no diagnostics on settings.json")
		}
		time.Sleep(10 * time.Millisecond)
	}

	// The user adds lines above the value, on disk; nobody tells the server.
	newText := "{\n\t// proxies: see the wiki\n\t\"go.lintTool\": \"staticcheck\",\n\t\"go.toolsEnvVars\": {\n\t\t\"GOPROXY\": \"https://ws.example.com\"\n\t}\n}\n"
	if err := os.WriteFile(settings, []byte(newText), 0o644); err != nil {
		t.Fatal(err)
	}
	var actions []struct {
		Title string
		Edit  *struct {
			Changes map[string][]struct {
				Range struct {
					Start, End struct{ Line, Character int }
				}
				NewText string
			}
		}
	}
	if err := conn.Call(ctx, "textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": uri},
		"range":   map[string]any{"start": map[string]int{"line": 0, "character": 0}, "end": map[string]int{"line": 100, "character": 0}},
		"context": map[string]any{"diagnostics": []any{}}}, &actions); err != nil {
		t.Fatal(err)
	}
	applied := 0
	for _, a := range actions {
		if a.Edit == nil || a.Edit.Changes[uri] == nil {
			continue
		}
		// Apply as VS Code would, to the file as it is on disk now (ASCII: columns are bytes).
		lines := strings.SplitAfter(newText, "\n")
		offset := func(line, char int) int {
			n := 0
			for i := 0; i < line && i < len(lines); i++ {
				n += len(lines[i])
			}
			return n + char
		}
		edits := a.Edit.Changes[uri]
		sort.Slice(edits, func(i, j int) bool { return edits[i].Range.Start.Line > edits[j].Range.Start.Line })
		got := newText
		for _, e := range edits {
			s, end := offset(e.Range.Start.Line, e.Range.Start.Character), offset(e.Range.End.Line, e.Range.End.Character)
			if s > len(got) || end > len(got) || s > end {
				t.Fatalf("%q: edit out of the file: %+v", a.Title, e)
			}
			got = got[:s] + e.NewText + got[end:]
		}
		if !strings.Contains(got, "// proxies: see the wiki\n\t\"go.lintTool\": \"staticcheck\",\n") || strings.Contains(got, "ws.example.com") {
			t.Errorf("%q applied to the file as it is now:\n%s", a.Title, got)
		}
		applied++
	}
	if applied == 0 {
		t.Errorf("no edit offered for the file as it is now: %+v", actions)
	}
}
