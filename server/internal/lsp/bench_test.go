package lsp_test

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"path/filepath"
	"testing"
	"time"

	"github.com/sourcegraph/jsonrpc2"

	"github.com/go-env-doctor/go-env-doctor/server/internal/bench"
	"github.com/go-env-doctor/go-env-doctor/server/internal/bench/benchws"
	"github.com/go-env-doctor/go-env-doctor/server/internal/lsp"
)

// The language server in-process on the 50-folder workspace, as make bench drives the binary:
//
//	go test -run '^$' -bench Change -benchmem ./server/internal/lsp
//
// Each iteration sends an editor state with a new user value of go.toolsEnvVars.GONOSUMDB and
// waits for the status that shows it: the latency make bench times, without the pipes of a
// child process.

type statusWaiter struct{ status chan []byte }

func (w statusWaiter) Handle(_ context.Context, _ *jsonrpc2.Conn, req *jsonrpc2.Request) {
	if req.Method == lsp.MethodStatus && req.Params != nil {
		w.status <- append([]byte(nil), *req.Params...)
	}
}

func benchChange(b *testing.B, o benchws.Options) {
	l, err := benchws.Write(b.TempDir(), o)
	if err != nil {
		b.Fatal(err)
	}
	goroot, _ := filepath.Abs("../../../test/fixtures/goroot")
	hostEnv := l.Env(filepath.Join(goroot, "bin") + ":/usr/bin:/bin")
	serverSide, clientSide := net.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		_ = lsp.Serve(ctx, serverSide, lsp.Options{Version: "bench", Environ: func() map[string]string { return hostEnv }})
	}()
	w := statusWaiter{status: make(chan []byte, 64)}
	conn := jsonrpc2.NewConn(ctx, jsonrpc2.NewBufferedStream(clientSide, jsonrpc2.VSCodeObjectCodec{}), w)
	defer conn.Close()
	wait := func(marker string) {
		timeout := time.After(30 * time.Second)
		for {
			select {
			case raw := <-w.status:
				if bytes.Contains(raw, []byte(marker)) {
					return
				}
			case <-timeout:
				b.Fatalf("no status showing %s", marker)
			}
		}
	}
	if err := conn.Call(ctx, "initialize", map[string]any{"capabilities": map[string]any{},
		"initializationOptions": bench.EditorState(l, hostEnv, "start.bench.example")}, nil); err != nil {
		b.Fatal(err)
	}
	_ = conn.Notify(ctx, "initialized", map[string]any{})
	wait("start.bench.example")
	i := 0
	for b.Loop() {
		marker := fmt.Sprintf("n%06d.bench.example", i)
		i++
		if err := conn.Notify(ctx, lsp.MethodDidChangeEditorState, bench.EditorState(l, hostEnv, marker)); err != nil {
			b.Fatal(err)
		}
		wait(marker)
	}
}

func BenchmarkChange50Folders(b *testing.B) { benchChange(b, benchws.Options{Folders: 50}) }
func BenchmarkChange1Folder(b *testing.B)   { benchChange(b, benchws.Options{Folders: 1}) }
