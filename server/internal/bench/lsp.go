package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/sourcegraph/jsonrpc2"

	"github.com/go-env-doctor/go-env-doctor/server/internal/bench/benchws"
	"github.com/go-env-doctor/go-env-doctor/server/internal/lsp"
)

// LSPResult is the language-server measurement on one workspace.
type LSPResult struct {
	Workspace string
	Folders   int
	// FirstStatus is the time from starting `go-env-doctor lsp` to its first status
	// notification (process start, initialize, the first full diagnosis).
	FirstStatus time.Duration
	// Idle memory of the process after the first status and Idle seconds without requests,
	// and again after the changes (same idle time).
	Idle                       time.Duration
	RSSIdle, HWMIdle, RSSAfter int64
	// The idle RSS split into anonymous memory (the Go heap, stacks, runtime) and file pages
	// (the executable's code and data that were touched).
	RSSAnonIdle, RSSFileIdle int64
	StatusBytes              int // size of one status notification's params
	Latencies                []time.Duration
	Sum                      Summary
	Changes, Warmup          int
	SpawnsStart, SpawnsAll   int // go runs during the start and first diagnosis / during the changes
	DiagnosticsPerChange     float64
}

// statusEvent is a status notification as it arrived.
type statusEvent struct {
	at  time.Time
	raw []byte
}

type lspClient struct {
	status chan statusEvent
	mu     sync.Mutex
	diags  int
}

func (c *lspClient) Handle(_ context.Context, _ *jsonrpc2.Conn, req *jsonrpc2.Request) {
	at := time.Now()
	switch req.Method {
	case lsp.MethodStatus:
		var raw []byte
		if req.Params != nil {
			raw = append(raw, *req.Params...)
		}
		c.status <- statusEvent{at, raw}
	case "textDocument/publishDiagnostics":
		c.mu.Lock()
		c.diags++
		c.mu.Unlock()
	}
}

type pipes struct {
	io.ReadCloser
	io.WriteCloser
}

func (p pipes) Close() error {
	_ = p.WriteCloser.Close()
	return p.ReadCloser.Close()
}

// inspectedKeys are the settings the extension inspects (extension/src/protocol.ts).
var inspectedKeys = []string{"go.toolsEnvVars", "go.testEnvVars", "go.testEnvFile", "gopls", "http.proxy",
	"terminal.integrated.env.linux", "terminal.integrated.env.osx", "terminal.integrated.env.windows",
	"go.goroot", "go.gopath", "go.alternateTools", "go.terminal.activateEnvironment", "go.inferGopath", "launch", "tasks"}

// EditorState is what the extension would send for the workspace, as in a window whose user
// settings file is not on this machine (Remote-WSL/SSH): the user settings arrive only as
// inspect() values, so a change of one is a change of VS Code layers only. marker is written
// into the user's go.toolsEnvVars.GONOSUMDB, which gopls's status row then shows.
func EditorState(l *benchws.Layout, hostEnv map[string]string, marker string) lsp.EditorState {
	st := lsp.EditorState{ExtensionVersion: "bench", Platform: runtime.GOOS, AppName: "Visual Studio Code", Trusted: true,
		HostEnv: hostEnv, HostEnvLive: hostEnv, HostPID: os.Getpid(), VSCodeGo: lsp.VSCodeGo{Installed: true, Active: true}}
	remote := "ssh-remote"
	st.RemoteName = &remote
	if l.WorkspaceFile != "" {
		wf := l.WorkspaceFile
		st.WorkspaceFile = &wf
	}
	global := map[string]string{
		"go.toolsEnvVars":               `{"GOPRIVATE":"corp.example","GONOSUMDB":"corp.example,` + marker + `"}`,
		"terminal.integrated.env.linux": `{"GOFLAGS":"-mod=mod"}`,
	}
	for i, f := range l.Folders {
		u := "file://" + filepath.ToSlash(f)
		st.Folders = append(st.Folders, lsp.FolderRef{URI: u, Name: filepath.Base(f), Path: f})
		if i == 0 {
			st.ActiveFolder = &u
		}
		for _, k := range inspectedKeys {
			si := lsp.SettingInspection{Folder: &u, Key: k, DefaultValue: json.RawMessage(`null`)}
			if g, ok := global[k]; ok {
				si.GlobalValue = json.RawMessage(g)
			}
			st.Settings = append(st.Settings, si)
		}
	}
	return st
}

// MeasureLSP starts `ged lsp` on the workspace as the extension would, waits for the first
// status, lets it idle, reads its memory, then sends changes editor-state changes (after warmup
// unrecorded ones), one at a time, each changing one inspect() value, and times each from the
// notification to the status that shows the new value.
func MeasureLSP(ged string, l *benchws.Layout, env []string, hostEnv map[string]string, spy *Spy, changes, warmup int, idle time.Duration) (*LSPResult, error) {
	res := &LSPResult{Workspace: l.Target, Folders: len(l.Folders), Changes: changes, Warmup: warmup, Idle: idle}
	cmd := exec.Command(ged, "lsp")
	cmd.Dir, cmd.Env = l.Root, env
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	var stderr lockedBuffer
	cmd.Stderr = &stderr
	spawns0 := spy.Count()
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	c := &lspClient{status: make(chan statusEvent, 1024)}
	conn := jsonrpc2.NewConn(context.Background(), jsonrpc2.NewBufferedStream(pipes{stdout, stdin}, jsonrpc2.VSCodeObjectCodec{}), c)
	defer conn.Close()
	fail := func(format string, a ...any) error {
		return fmt.Errorf("lsp on %s: %s; server stderr:\n%s", l.Target, fmt.Sprintf(format, a...), tail(stderr.String(), 20))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var folders []map[string]string
	for _, f := range l.Folders {
		folders = append(folders, map[string]string{"uri": "file://" + filepath.ToSlash(f), "name": filepath.Base(f)})
	}
	first := EditorState(l, hostEnv, "start.bench.example")
	if err := conn.Call(ctx, "initialize", map[string]any{"processId": os.Getpid(), "rootUri": nil, "capabilities": map[string]any{},
		"workspaceFolders": folders, "initializationOptions": first}, nil); err != nil {
		return nil, fail("initialize: %v", err)
	}
	if err := conn.Notify(ctx, "initialized", map[string]any{}); err != nil {
		return nil, fail("initialized: %v", err)
	}
	wait := func(marker string) (statusEvent, error) {
		timeout := time.After(30 * time.Second)
		for {
			select {
			case ev := <-c.status:
				if bytes.Contains(ev.raw, []byte(marker)) {
					return ev, nil
				}
			case <-timeout:
				return statusEvent{}, fail("no status showing %s within 30s", marker)
			}
		}
	}
	ev, err := wait("start.bench.example")
	if err != nil {
		return nil, err
	}
	res.FirstStatus = ev.at.Sub(start)
	res.StatusBytes = len(ev.raw)
	res.SpawnsStart = spy.Count() - spawns0
	time.Sleep(idle)
	res.RSSIdle, res.HWMIdle = procMem(cmd.Process.Pid)
	status, _ := os.ReadFile("/proc/" + strconv.Itoa(cmd.Process.Pid) + "/status")
	res.RSSAnonIdle, res.RSSFileIdle = ProcStatusKB(status, "RssAnon"), ProcStatusKB(status, "RssFile")

	spawns1 := spy.Count()
	c.mu.Lock()
	diags0 := c.diags
	c.mu.Unlock()
	for i := 0; i < warmup+changes; i++ {
		marker := fmt.Sprintf("n%04d.bench.example", i)
		st := EditorState(l, hostEnv, marker)
		t0 := time.Now()
		if err := conn.Notify(ctx, lsp.MethodDidChangeEditorState, st); err != nil {
			return nil, fail("notify: %v", err)
		}
		ev, err := wait(marker)
		if err != nil {
			return nil, err
		}
		if i >= warmup {
			res.Latencies = append(res.Latencies, ev.at.Sub(t0))
		}
		// Settle: let the server's loop return to idle, as between two real edits.
		time.Sleep(5 * time.Millisecond)
	}
	res.SpawnsAll = spy.Count() - spawns1
	c.mu.Lock()
	res.DiagnosticsPerChange = float64(c.diags-diags0) / float64(warmup+changes)
	c.mu.Unlock()
	res.Sum = Summarize(res.Latencies)
	time.Sleep(idle)
	res.RSSAfter, _ = procMem(cmd.Process.Pid)

	sctx, scancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer scancel()
	_ = conn.Call(sctx, "shutdown", nil, nil)
	_ = conn.Notify(sctx, "exit", nil)
	return res, nil
}

// procMem is VmRSS and VmHWM of pid, in bytes.
func procMem(pid int) (rss, hwm int64) {
	data, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	return ProcStatusKB(data, "VmRSS"), ProcStatusKB(data, "VmHWM")
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
