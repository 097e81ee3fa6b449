package lsp

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/sourcegraph/jsonrpc2"
)

// goEnvDoctor/ping is the extension's liveness check: it must be answered at once while a
// diagnosis is stuck and while requests that wait for that diagnosis are queued before it —
// otherwise the watchdog would kill a server that is only busy.
func TestPingAnswersWhileADiagnosisIsStuck(t *testing.T) {
	dir := t.TempDir()
	folder := filepath.Join(dir, "ws")
	os.MkdirAll(folder, 0o755)
	os.WriteFile(filepath.Join(folder, "go.mod"), []byte("module example.com/m\n\ngo 1.26\n"), 0o644)
	env := map[string]string{"HOME": filepath.Join(dir, "home"), "PATH": "/nonexistent"}

	// The diagnosis reads the host environment (the state below has none) and blocks there
	// until the test lets it go.
	entered, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	environ := func() map[string]string {
		once.Do(func() { close(entered) })
		<-release
		return env
	}
	var releaseOnce sync.Once
	letGo := func() { releaseOnce.Do(func() { close(release) }) }
	defer letGo()

	serverSide, clientSide := net.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan struct{})
	go func() {
		_ = Serve(ctx, serverSide, Options{Version: "test", Environ: environ, Debounce: time.Millisecond})
		close(done)
	}()
	conn := jsonrpc2.NewConn(ctx, jsonrpc2.NewBufferedStream(clientSide, jsonrpc2.VSCodeObjectCodec{}), &recorder{diags: map[string]int{}})
	state := EditorState{Platform: "linux", Trusted: true, Folders: []FolderRef{{URI: "file://" + folder, Name: "ws", Path: folder}}}
	if err := conn.Call(ctx, "initialize", map[string]any{"capabilities": map[string]any{}, "initializationOptions": state}, nil); err != nil {
		t.Fatal(err)
	}
	select {
	case <-entered:
	case <-time.After(10 * time.Second):
		t.Fatal("the diagnosis did not start")
	}

	// Requests that wait for the stuck diagnosis, sent before the ping.
	waiting := make(chan error, 2)
	go func() { waiting <- conn.Call(ctx, MethodRecheck, map[string]any{}, &RecheckResult{}) }()
	go func() { waiting <- conn.Call(ctx, MethodReport, ReportParams{}, &TextResult{}) }()
	time.Sleep(50 * time.Millisecond) // let them reach the server first

	for i := 0; i < 3; i++ {
		pingCtx, pingCancel := context.WithTimeout(ctx, 2*time.Second)
		start := time.Now()
		var res any = "unset"
		err := conn.Call(pingCtx, MethodPing, nil, &res)
		pingCancel()
		if err != nil {
			t.Fatalf("ping %d during a stuck diagnosis: %v (after %v)", i, err, time.Since(start))
		}
		if res != nil {
			t.Errorf("ping %d answered %v, want null", i, res)
		}
	}
	select {
	case err := <-waiting:
		t.Fatalf("a request waiting for the diagnosis was answered before it ended (err %v)", err)
	default:
	}

	letGo()
	for i := 0; i < 2; i++ {
		select {
		case err := <-waiting:
			if err != nil {
				t.Errorf("request waiting for the diagnosis: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("the requests waiting for the diagnosis were not answered after it ended")
		}
	}
	shutdownInProcess(t, ctx, conn, done)
}
