package lsp

// The server in-process, on a pipe, under concurrent traffic: run with -race (make race) to
// check the handler, the diagnosis loop and the watcher share state safely.

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/go-env-doctor/go-env-doctor/server/internal/procenv"
	"github.com/sourcegraph/jsonrpc2"
)

type recorder struct {
	mu     sync.Mutex
	diags  map[string]int
	status int
}

func (r *recorder) Handle(_ context.Context, _ *jsonrpc2.Conn, req *jsonrpc2.Request) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch req.Method {
	case "textDocument/publishDiagnostics":
		var p struct {
			URI         string            `json:"uri"`
			Diagnostics []json.RawMessage `json:"diagnostics"`
		}
		_ = json.Unmarshal(*req.Params, &p)
		r.diags[p.URI] = len(p.Diagnostics)
	case MethodStatus:
		r.status++
	}
}

func TestConcurrentTraffic(t *testing.T) {
	dir := t.TempDir()
	folder := filepath.Join(dir, "ws")
	settings := filepath.Join(folder, ".vscode", "settings.json")
	os.MkdirAll(filepath.Dir(settings), 0o755)
	os.WriteFile(filepath.Join(folder, "go.mod"), []byte("module example.com/m\n\ngo 1.26\n"), 0o644)
	os.WriteFile(settings, []byte(`{"go.toolsEnvVars": {"GOPROXY": "https://a.example.com"}}`), 0o644)
	env := map[string]string{"HOME": filepath.Join(dir, "home"), "PATH": "/nonexistent"}

	serverSide, clientSide := net.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan struct{})
	go func() {
		_ = Serve(ctx, serverSide, Options{Version: "test", Environ: func() map[string]string { return env }, Debounce: time.Millisecond})
		close(done)
	}()
	rec := &recorder{diags: map[string]int{}}
	conn := jsonrpc2.NewConn(ctx, jsonrpc2.NewBufferedStream(clientSide, jsonrpc2.VSCodeObjectCodec{}), rec)
	state := EditorState{Platform: "linux", Trusted: true, HostEnv: env,
		Folders: []FolderRef{{URI: "file://" + folder, Name: "ws", Path: folder}}}
	if err := conn.Call(ctx, "initialize", map[string]any{"capabilities": map[string]any{}, "initializationOptions": state}, nil); err != nil {
		t.Fatal(err)
	}
	uri := "file://" + settings
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 25; i++ {
				switch i % 5 {
				case 0:
					st := state
					st.HostEnv = map[string]string{"HOME": env["HOME"], "GOPROXY": fmt.Sprintf("https://%d.example.com", i)}
					_ = conn.Notify(ctx, MethodDidChangeEditorState, st)
				case 1:
					_ = conn.Notify(ctx, "textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "jsonc", "version": i,
						"text": fmt.Sprintf(`{"go.toolsEnvVars": {"GOPROXY": "https://%d.example.com"}}`, i)}})
				case 2:
					_ = conn.Call(ctx, "textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": uri},
						"range":   map[string]any{"start": map[string]int{"line": 0, "character": 0}, "end": map[string]int{"line": 0, "character": 0}},
						"context": map[string]any{"diagnostics": []any{}}}, nil)
				case 3:
					var res TextResult
					_ = conn.Call(ctx, MethodReport, ReportParams{}, &res)
				case 4:
					_ = conn.Notify(ctx, "textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": uri}})
					os.WriteFile(settings, []byte(fmt.Sprintf(`{"go.toolsEnvVars": {"GOPROXY": "https://d%d.example.com"}}`, i)), 0o644)
				}
			}
		}()
	}
	wg.Wait()
	var res RecheckResult
	if err := conn.Call(ctx, MethodRecheck, map[string]any{}, &res); err != nil {
		t.Fatal(err)
	}
	rec.mu.Lock()
	statuses := rec.status
	rec.mu.Unlock()
	if statuses == 0 {
		t.Errorf("no status was published")
	}
	shutdownInProcess(t, ctx, conn, done)
}

// The gopls server is the one whose parent is not a gopls: gopls v0.23 runs a copy of itself
// as x/telemetry's crash monitor, which is newer and must not be named.
func TestGoplsPIDSkipsTelemetryChild(t *testing.T) {
	root := t.TempDir()
	proc := func(pid, ppid int, cmd string) {
		d := filepath.Join(root, "proc", fmt.Sprint(pid))
		os.MkdirAll(d, 0o755)
		os.WriteFile(filepath.Join(d, "stat"), []byte(fmt.Sprintf("%d (x) S %d 0 0", pid, ppid)), 0o644)
		os.WriteFile(filepath.Join(d, "cmdline"), []byte(cmd), 0o644)
	}
	proc(10, 1, "node\x00extensionHost\x00")
	proc(20, 10, "/home/u/go/bin/gopls\x00serve\x00")
	proc(30, 20, "/home/u/go/bin/gopls\x00** telemetry **\x00")
	proc(40, 10, "/home/u/go/bin/go-env-doctor\x00lsp\x00")
	s := New(Options{Procs: procenv.Reader{GOOS: "linux", Root: root}})
	defer s.close()
	if got := s.goplsPID(10); got != 20 {
		t.Errorf("goplsPID = %d, want the server 20", got)
	}
	// A restarted server (newer pid, same parent) wins over the old one.
	proc(50, 10, "/home/u/go/bin/gopls\x00serve\x00")
	s.procs = nil
	if got := s.goplsPID(10); got != 50 {
		t.Errorf("after a restart goplsPID = %d, want 50", got)
	}
}

// shutdownInProcess ends an in-process server the way a client does (shutdown, exit) and waits
// for Serve to return.
func shutdownInProcess(t *testing.T, ctx context.Context, conn *jsonrpc2.Conn, done <-chan struct{}) {
	t.Helper()
	if err := conn.Call(ctx, "shutdown", nil, nil); err != nil {
		t.Fatal(err)
	}
	_ = conn.Notify(ctx, "exit", nil)
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return after exit")
	}
}
