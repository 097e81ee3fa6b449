// Package lsp is go-env-doctor's language server: it diagnoses the workspace the editor has
// open, publishes findings as diagnostics where the values are written, answers code actions
// with the checks' fixes, runs `go env -w/-u` for the editor, and re-diagnoses when a watched
// file or the editor's state changes.
//
// Transport is github.com/sourcegraph/jsonrpc2 over stdio; standard LSP types come from
// go.lsp.dev/protocol (encoded with its own codec, which understands LSP's union types); the
// custom goEnvDoctor/ messages are in protocol.go and docs/PROTOCOL.md.
package lsp

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sync"
	"time"

	"github.com/sourcegraph/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/go-env-doctor/go-env-doctor/server/internal/catalog"
	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/probe"
	"github.com/go-env-doctor/go-env-doctor/server/internal/procenv"
	"github.com/go-env-doctor/go-env-doctor/server/internal/remote"
	"github.com/go-env-doctor/go-env-doctor/server/internal/resolve"
	"github.com/go-env-doctor/go-env-doctor/server/internal/system"
	"github.com/go-env-doctor/go-env-doctor/server/internal/watch"
)

// Options configure a server; zero values take defaults.
type Options struct {
	Version string
	GOOS    string                   // default runtime.GOOS
	Logf    func(string, ...any)     // default: discard
	Environ func() map[string]string // the host env until the editor sends one (default: this process's)
	// Debounce is the quiet time after a buffer edit or a file change before diagnosing
	// (default 30ms). Editor-state changes are diagnosed at once: the extension already
	// debounces them, and a settings change should reach the status bar without delay.
	Debounce time.Duration
	Watch    watch.Options
	Now      func() time.Time // for tests
	Procs    procenv.Reader   // reads running processes (tests point it at a fixture /proc)
	// ProcessPoll is how often the observed processes are checked for restarts (default 3s).
	ProcessPoll time.Duration
	// ProbeRun probes one plan (default: over the network with netrun).
	ProbeRun func(ctx context.Context, plan probe.Plan, env probe.Env) []probe.Result
	// Root is where system files (/proc/version, /etc/wsl.conf, /mnt/c/...) are read: "" for
	// the real system, a fixture root in tests (--root, $GO_ENV_DOCTOR_ROOT).
	Root string
}

// Server is one language-server session.
type Server struct {
	opts  Options
	conn  *jsonrpc2.Conn
	world *system.World
	watch *watch.Watcher

	mu          sync.Mutex
	state       EditorState
	haveState   bool
	initFolders []FolderRef
	snap        *snapshot
	resolved    resolve.Cache                 // each folder's contexts, resolved again only when its inputs change (the loop's)
	published   map[uri.URI][sha256.Size]byte // hash of the diagnostics last sent per file, to send only changes
	open        map[string]int32              // paths with an editor overlay, and its version
	shutdown    bool

	probes    map[string]*storedProbe       // by check.ProbeKey: the last probe of each download environment
	cancels   map[string]context.CancelFunc // running cancelable requests, by id
	checkByID map[string]check.Check

	sysMu  sync.Mutex
	sysKey string         // what the last detection depended on
	sys    *remote.System // the machine the Go tools run on, detected once per key

	procMu  sync.Mutex
	procs   []procenv.Proc // the last process table scan (processList)
	procsAt time.Time

	kick      chan struct{} // a change to diagnose after the debounce
	kickNow   chan struct{} // a change to diagnose at once
	done      chan struct{}
	connected chan struct{}   // closed once conn is set: the read loop may deliver a message before
	diagGen   int             // bumped per diagnosis request
	waiters   []chan struct{} // callers waiting for the next diagnosis
}

// Serve runs a server on rwc until the client disconnects or ctx ends.
func Serve(ctx context.Context, rwc io.ReadWriteCloser, opts Options) error {
	s := New(opts)
	s.conn = jsonrpc2.NewConn(ctx, jsonrpc2.NewBufferedStream(rwc, jsonrpc2.VSCodeObjectCodec{}), s)
	close(s.connected)
	go s.loop()
	go s.watchProcesses(s.opts.ProcessPoll)
	select {
	case <-s.conn.DisconnectNotify():
	case <-ctx.Done():
		_ = s.conn.Close()
	}
	s.close()
	return nil
}

// New returns a server that is not connected yet (Serve connects it).
func New(opts Options) *Server {
	if opts.GOOS == "" {
		opts.GOOS = runtime.GOOS
	}
	if opts.Logf == nil {
		opts.Logf = func(string, ...any) {}
	}
	if opts.Environ == nil {
		opts.Environ = system.Environ
	}
	if opts.Debounce == 0 {
		opts.Debounce = 30 * time.Millisecond
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.ProcessPoll == 0 {
		opts.ProcessPoll = 3 * time.Second
	}
	if opts.ProbeRun == nil {
		opts.ProbeRun = defaultProbeRun
	}
	s := &Server{opts: opts, world: system.NewWorld(), published: map[uri.URI][sha256.Size]byte{}, open: map[string]int32{},
		probes: map[string]*storedProbe{}, cancels: map[string]context.CancelFunc{}, checkByID: map[string]check.Check{},
		kick: make(chan struct{}, 1), kickNow: make(chan struct{}, 1), done: make(chan struct{}), connected: make(chan struct{})}
	wo := opts.Watch
	if wo.Logf == nil {
		wo.Logf = opts.Logf
	}
	s.watch = watch.New(s.filesChanged, wo)
	for _, c := range catalog.All() {
		s.checkByID[c.ID] = c
	}
	return s
}

func (s *Server) close() {
	s.mu.Lock()
	select {
	case <-s.done:
	default:
		close(s.done)
	}
	s.mu.Unlock()
	s.watch.Close()
}

// Handle implements jsonrpc2.Handler. It runs in the connection's read loop, so notifications
// are handled in order; anything slow replies from its own goroutine.
func (s *Server) Handle(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) {
	<-s.connected
	result, err := s.dispatch(ctx, req)
	if req.Notif {
		if err != nil {
			s.opts.Logf("%s: %v", req.Method, err)
		}
		return
	}
	if errors.Is(err, errAsync) {
		return
	}
	s.reply(ctx, req, result, err)
}

var errAsync = errors.New("replied asynchronously")

// async answers req from its own goroutine, so the read loop goes on: a request that waits for
// a diagnosis (up to waitFresh's bound) never holds up the messages behind it, goEnvDoctor/ping
// above all. What the request depends on (decoded params, changes scheduled before it) is
// settled before the call, in order.
func (s *Server) async(ctx context.Context, req *jsonrpc2.Request, answer func() (any, error)) (any, error) {
	go func() {
		res, err := answer()
		s.reply(ctx, req, res, err)
	}()
	return nil, errAsync
}

func (s *Server) reply(ctx context.Context, req *jsonrpc2.Request, result any, err error) {
	if err != nil {
		var rpcErr *jsonrpc2.Error
		if !errors.As(err, &rpcErr) {
			rpcErr = &jsonrpc2.Error{Code: jsonrpc2.CodeInternalError, Message: err.Error()}
		}
		if e := s.conn.ReplyWithError(ctx, req.ID, rpcErr); e != nil {
			s.opts.Logf("reply %s: %v", req.Method, e)
		}
		return
	}
	if e := s.conn.Reply(ctx, req.ID, result); e != nil {
		s.opts.Logf("reply %s: %v", req.Method, e)
	}
}

func (s *Server) dispatch(ctx context.Context, req *jsonrpc2.Request) (any, error) {
	if req.Method == MethodPing {
		// Before any lock or wait: the answer says only that the read loop turns, which is what
		// the extension's watchdog needs to tell a busy server from a stuck one.
		return nil, nil
	}
	s.mu.Lock()
	down := s.shutdown
	s.mu.Unlock()
	if down && req.Method != "exit" {
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidRequest, Message: "the server is shutting down"}
	}
	switch req.Method {
	case "initialize":
		var p protocol.InitializeParams
		if err := decodeLSP(req, &p); err != nil {
			return nil, err
		}
		return lspResult(s.initialize(&p))
	case "initialized":
		s.schedule()
		return nil, nil
	case "shutdown":
		s.mu.Lock()
		s.shutdown = true
		s.mu.Unlock()
		return nil, nil
	case "exit":
		go func() { _ = s.conn.Close() }()
		return nil, nil
	case MethodDidChangeEditorState:
		var st EditorState
		if err := decode(req, &st); err != nil {
			return nil, err
		}
		s.setState(st)
		return nil, nil
	case "textDocument/didOpen":
		var p protocol.DidOpenTextDocumentParams
		if err := decodeLSP(req, &p); err != nil {
			return nil, err
		}
		s.setOverlay(p.TextDocument.URI, []byte(p.TextDocument.Text), p.TextDocument.Version)
		return nil, nil
	case "textDocument/didChange":
		var p protocol.DidChangeTextDocumentParams
		if err := decodeLSP(req, &p); err != nil {
			return nil, err
		}
		if text, ok := fullText(p.ContentChanges); ok {
			s.setOverlay(p.TextDocument.URI, []byte(text), p.TextDocument.Version)
		}
		return nil, nil
	case "textDocument/didClose":
		var p protocol.DidCloseTextDocumentParams
		if err := decodeLSP(req, &p); err != nil {
			return nil, err
		}
		s.setOverlay(p.TextDocument.URI, nil, 0)
		return nil, nil
	case "textDocument/didSave", "workspace/didChangeConfiguration", "workspace/didChangeWatchedFiles", "$/setTrace":
		return nil, nil // settings arrive as EditorState; files are watched by the server itself
	case "textDocument/codeAction":
		var p protocol.CodeActionParams
		if err := decodeLSP(req, &p); err != nil {
			return nil, err
		}
		return s.async(ctx, req, func() (any, error) {
			s.waitFresh(ctx)
			return lspResult(s.codeActions(&p))
		})
	case "workspace/executeCommand":
		var p protocol.ExecuteCommandParams
		if err := decodeLSP(req, &p); err != nil {
			return nil, err
		}
		return s.async(ctx, req, func() (any, error) { return s.executeCommand(ctx, &p) })
	case MethodReport:
		var p ReportParams
		if err := decode(req, &p); err != nil {
			return nil, err
		}
		return s.async(ctx, req, func() (any, error) {
			s.waitFresh(ctx)
			return s.report(p), nil
		})
	case MethodExplain:
		var p ExplainParams
		if err := decode(req, &p); err != nil {
			return nil, err
		}
		return s.async(ctx, req, func() (any, error) {
			s.waitFresh(ctx)
			return s.explain(p), nil
		})
	case MethodProbe:
		var p ProbeParams
		if err := decode(req, &p); err != nil {
			return nil, err
		}
		s.startProbe(ctx, req, p)
		return nil, errAsync
	case "$/cancelRequest":
		var p struct {
			ID jsonrpc2.ID `json:"id"`
		}
		if err := decode(req, &p); err != nil {
			return nil, err
		}
		s.cancelRequest(p.ID)
		return nil, nil
	case MethodRecheck:
		s.world.ForgetAll()
		s.mu.Lock()
		for u := range s.published {
			s.published[u] = [sha256.Size]byte{} // send every file's diagnostics again, changed or not
		}
		s.mu.Unlock()
		s.schedule()
		return s.async(ctx, req, func() (any, error) {
			s.waitFresh(ctx)
			s.mu.Lock()
			n := 0
			if s.snap != nil {
				n = len(s.snap.findings)
			}
			s.mu.Unlock()
			return RecheckResult{Findings: n}, nil
		})
	}
	if req.Notif {
		return nil, nil // unknown notifications are ignored, as LSP asks ($/ ones included)
	}
	return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeMethodNotFound, Message: "method not supported: " + req.Method}
}

func (s *Server) initialize(p *protocol.InitializeParams) *protocol.InitializeResult {
	s.mu.Lock()
	if folders, ok := p.WorkspaceFolders.Get(); ok {
		for _, f := range folders {
			s.initFolders = append(s.initFolders, FolderRef{URI: f.URI.String(), Name: f.Name, Path: fsPath(f.URI)})
		}
	}
	s.mu.Unlock()
	if len(p.InitializationOptions) > 0 && string(p.InitializationOptions) != "null" {
		var st EditorState
		if err := json.Unmarshal(p.InitializationOptions, &st); err != nil {
			s.opts.Logf("initializationOptions: %v; waiting for %s", err, MethodDidChangeEditorState)
		} else {
			s.setState(st)
		}
	}
	change := protocol.TextDocumentSyncKindFull
	openClose := true
	return &protocol.InitializeResult{
		Capabilities: protocol.ServerCapabilities{
			TextDocumentSync: &protocol.TextDocumentSyncOptions{OpenClose: &openClose, Change: &change},
			CodeActionProvider: &protocol.CodeActionOptions{
				CodeActionKinds: []protocol.CodeActionKind{protocol.CodeActionKindQuickFix},
			},
			ExecuteCommandProvider: protocol.ExecuteCommandOptions{Commands: []string{CommandGoEnv}},
		},
		ServerInfo: protocol.ServerInfo{Name: "go-env-doctor", Version: protocol.NewOptional(s.opts.Version)},
	}
}

func (s *Server) setState(st EditorState) {
	s.mu.Lock()
	s.state = st
	s.haveState = true
	s.mu.Unlock()
	s.scheduleNow()
}

func (s *Server) setOverlay(u uri.URI, data []byte, version int32) {
	path := fsPath(u)
	if path == "" {
		return
	}
	s.mu.Lock()
	if data == nil {
		delete(s.open, path)
	} else {
		s.open[path] = version
	}
	s.mu.Unlock()
	s.world.SetOverlay(path, data)
	s.schedule()
}

// filesChanged is the watcher's callback.
func (s *Server) filesChanged(paths []string) {
	s.opts.Logf("changed on disk: %v", paths)
	s.world.Forget(paths...)
	s.schedule()
}

// schedule asks the loop for a diagnosis; bursts coalesce.
func (s *Server) schedule() {
	s.mu.Lock()
	s.diagGen++
	s.mu.Unlock()
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// scheduleNow asks the loop for a diagnosis without the debounce (editor-state changes).
func (s *Server) scheduleNow() {
	s.mu.Lock()
	s.diagGen++
	s.mu.Unlock()
	select {
	case s.kickNow <- struct{}{}:
	default:
	}
}

// waitFresh blocks until every change scheduled so far is diagnosed (bounded), so a code
// action or a report never answers from a state older than the request.
func (s *Server) waitFresh(ctx context.Context) {
	s.mu.Lock()
	if s.snap != nil && s.snap.gen == s.diagGen {
		s.mu.Unlock()
		return
	}
	ch := make(chan struct{})
	s.waiters = append(s.waiters, ch)
	s.mu.Unlock()
	select {
	case <-ch:
	case <-ctx.Done():
	case <-s.done:
	case <-time.After(10 * time.Second):
		s.opts.Logf("diagnosis is slow; answering from the previous one")
	}
}

// idleTrim is how long the server waits without a diagnosis before returning freed memory to
// the system.
const idleTrim = time.Second

// loop diagnoses after changes settle, one diagnosis at a time.
func (s *Server) loop() {
	var trim <-chan time.Time // armed after each diagnosis
	for {
		now := false
		select {
		case <-s.done:
			return
		case <-s.kick:
		case <-s.kickNow:
			now = true
		case <-trim:
			// Idle since the last diagnosis: give the memory it used back to the system, so
			// a sidecar that sits in the background for hours stays small.
			trim = nil
			// Twice: what sync.Pools hold (encoding/json's buffer of the last status, hundreds
			// of KiB with many folders) survives one collection.
			runtime.GC()
			debug.FreeOSMemory()
			continue
		}
		if !now {
			// Debounce: more changes during the quiet time join this diagnosis; an
			// editor-state change ends the wait.
			t := time.NewTimer(s.opts.Debounce)
		settle:
			for {
				select {
				case <-s.kick:
					t.Reset(s.opts.Debounce)
				case <-s.kickNow:
					t.Stop()
					break settle
				case <-t.C:
					break settle
				case <-s.done:
					t.Stop()
					return
				}
			}
		}
		// This diagnosis reads the state as it is now, so it covers every change scheduled so
		// far: drop their pending kicks (a change after this point kicks again).
		select {
		case <-s.kick:
		default:
		}
		select {
		case <-s.kickNow:
		default:
		}
		s.mu.Lock()
		gen, ready := s.diagGen, s.haveState || len(s.initFolders) > 0
		s.mu.Unlock()
		if !ready {
			continue
		}
		snap := s.safeDiagnose()
		snap.gen = gen
		s.publish(snap)
		s.mu.Lock()
		s.snap = snap
		var wake []chan struct{}
		if gen == s.diagGen {
			wake, s.waiters = s.waiters, nil
		}
		s.mu.Unlock()
		for _, ch := range wake {
			close(ch)
		}
		s.watchFiles()
		trim = time.After(idleTrim)
	}
}

// safeDiagnose turns a bug in a check into an error status instead of a dead server (which
// the editor would restart into the same crash).
func (s *Server) safeDiagnose() (snap *snapshot) {
	defer func() {
		if r := recover(); r != nil {
			s.opts.Logf("internal error while diagnosing: %v\n%s", r, debug.Stack())
			snap = &snapshot{err: fmt.Errorf("internal error: %v", r)}
			snap.status = StatusParams{Health: "error", Message: "go-env-doctor hit an internal error; see its log", Folders: []FolderStatus{}}
		}
	}()
	return s.diagnose()
}

// decode reads custom params with encoding/json.
func decode(req *jsonrpc2.Request, v any) error {
	if req.Params == nil {
		return nil
	}
	if err := json.Unmarshal(*req.Params, v); err != nil {
		return &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidParams, Message: fmt.Sprintf("%s: %v", req.Method, err)}
	}
	return nil
}

// decodeLSP reads standard LSP params with go.lsp.dev/protocol's codec (it knows the unions).
func decodeLSP(req *jsonrpc2.Request, v any) error {
	if req.Params == nil {
		return &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidParams, Message: req.Method + ": missing params"}
	}
	if err := protocol.Unmarshal(*req.Params, v); err != nil {
		return &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidParams, Message: fmt.Sprintf("%s: %v", req.Method, err)}
	}
	return nil
}

// lspResult encodes a standard LSP value with go.lsp.dev/protocol's codec.
func lspResult(v any) (any, error) {
	b, err := protocol.Marshal(v)
	if err != nil {
		return nil, err
	}
	return json.RawMessage(b), nil
}

func fullText(changes []protocol.TextDocumentContentChangeEvent) (string, bool) {
	if len(changes) == 0 {
		return "", false
	}
	// Full sync: the last change is the whole document.
	switch c := changes[len(changes)-1].(type) {
	case *protocol.TextDocumentContentChangeWholeDocument:
		return c.Text, true
	}
	return "", false
}

// notify sends a notification; an encoding failure is logged, not fatal.
func (s *Server) notify(method string, params any) {
	if err := s.conn.Notify(context.Background(), method, params); err != nil {
		s.opts.Logf("notify %s: %v", method, err)
	}
}

// fsPath is the file path of a file: URI, "" for other schemes.
func fsPath(u uri.URI) string {
	if !u.IsFile() {
		return ""
	}
	return filepath.Clean(u.FsPath())
}

// pathOfURI reads a URI the client sent as a string; "" when it is not a file URI.
func pathOfURI(s string) string {
	u, err := uri.Parse(s)
	if err != nil {
		return ""
	}
	return fsPath(u)
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
