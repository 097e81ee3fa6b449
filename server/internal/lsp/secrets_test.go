package lsp_test

// Issue 9 ("Secrets"): the language server gets the canary credentials of test/fixtures/secrets
// from every side (files, the editor's state, running processes, unsaved buffers, probes) and
// no message it writes, and no line it logs, may carry one.
//
// What may carry a real value: the data of a fix, never its title. A code action's text edit
// and the arguments of its command (ClientFix.setting.value, ClientFix.goEnv) are what the
// editor writes into a file or passes back to goEnvDoctor.server.goEnv, so they must be the
// value itself; likewise GoEnvResult.undo, which restores the file's previous value. The
// editor never shows those; everything it shows (titles, messages, status, report) is masked.

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-env-doctor/go-env-doctor/server/internal/lsp"
	"github.com/go-env-doctor/go-env-doctor/server/internal/procenv/proctest"
	"github.com/go-env-doctor/go-env-doctor/server/internal/redact/canary"
	"github.com/go-env-doctor/go-env-doctor/server/internal/system"
)

// secretCase is a copy of test/fixtures/secrets with $CASE and $FIXTURES expanded.
type secretCase struct {
	dir, fixtures string
	canaries      canary.Set
}

func newSecretCase(t *testing.T) *secretCase {
	t.Helper()
	fixtures, _ := filepath.Abs("../../../test/fixtures")
	s := &secretCase{dir: t.TempDir(), fixtures: fixtures}
	files, err := canary.Fixture(fixtures)
	if err != nil {
		t.Fatal(err)
	}
	for rel, content := range files {
		s.write(t, rel, content)
	}
	// Telemetry off in the case's config dir (see newWorkspace).
	s.write(t, "home/.config/go/telemetry/mode", "off")
	return s
}

// write writes a file of the case (placeholders expanded) and learns its canaries.
func (s *secretCase) write(t *testing.T, rel, content string) string {
	t.Helper()
	content = strings.NewReplacer("$CASE", s.dir, "$FIXTURES", s.fixtures).Replace(content)
	p := filepath.Join(s.dir, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	s.canaries.Learn(content)
	return p
}

func (s *secretCase) path(rel string) string { return filepath.Join(s.dir, rel) }

func (s *secretCase) envFile(t *testing.T, rel string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(s.path(rel))
	if err != nil {
		t.Fatal(err)
	}
	vars, err := system.ParseEnvFile(data)
	if err != nil {
		t.Fatal(err)
	}
	return vars
}

// tee records every byte the server writes to stdout.
type tee struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (w *tee) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.Write(p)
}

func (w *tee) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// recorded is what a server wrote: its protocol stream (stdout) and its log (stderr).
type recorded struct{ out, log tee }

// shownOnly removes from a message what the editor never shows and a fix must carry as is:
// code action edits and the values in code action command arguments; GoEnvResult.undo.
func shownOnly(t *testing.T, msg map[string]json.RawMessage) []byte {
	t.Helper()
	result, ok := msg["result"]
	if !ok {
		b, _ := json.Marshal(msg)
		return b
	}
	var actions []map[string]any
	if json.Unmarshal(result, &actions) == nil && len(actions) > 0 && actions[0]["title"] != nil {
		for _, a := range actions {
			delete(a, "edit")
			cmd, _ := a["command"].(map[string]any)
			args, _ := cmd["arguments"].([]any)
			for _, arg := range args {
				if m, ok := arg.(map[string]any); ok {
					if set, ok := m["setting"].(map[string]any); ok {
						delete(set, "value")
					}
					delete(m, "goEnv")
				}
			}
		}
		msg["result"], _ = json.Marshal(actions)
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(msg["result"], &obj) == nil {
		delete(obj, "undo")
		msg["result"], _ = json.Marshal(obj)
	}
	b, _ := json.Marshal(msg)
	return b
}

// assertNoLeak splits the recorded stream into messages and checks each, and the log.
func (s *secretCase) assertNoLeak(t *testing.T, raw *recorded) {
	t.Helper()
	stream := raw.out.String()
	n := 0
	for rest := stream; ; {
		i := strings.Index(rest, "\r\n\r\n")
		if i < 0 {
			break
		}
		var length int
		for _, h := range strings.Split(rest[:i], "\r\n") {
			if v, ok := strings.CutPrefix(h, "Content-Length: "); ok {
				length = atoi(v)
			}
		}
		body := rest[i+4 : min(len(rest), i+4+length)]
		rest = rest[min(len(rest), i+4+length):]
		var msg map[string]json.RawMessage
		if err := json.Unmarshal([]byte(body), &msg); err != nil {
			t.Errorf("message %d is not JSON: %v", n, err)
			continue
		}
		n++
		shown := shownOnly(t, msg)
		if l := s.canaries.Leaks(string(shown)); len(l) > 0 {
			t.Errorf("server message %s carries credentials %q:\n%s", msg["method"], l, clipText(string(shown), 3000))
		}
	}
	if n < 5 {
		t.Errorf("only %d messages recorded", n)
	}
	log := raw.log.String()
	if l := s.canaries.Leaks(log); len(l) > 0 {
		t.Errorf("the server's log carries credentials %q:\n%s", l, log)
	}
	t.Logf("%d messages, %d bytes, %d log bytes, %d canaries", n, len(stream), len(log), s.canaries.Len())
}

func atoi(s string) int {
	n := 0
	for _, r := range strings.TrimSpace(s) {
		n = n*10 + int(r-'0')
	}
	return n
}

func clipText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// TestSecretsNeverInServerMessages: diagnostics, status, code action titles, report, explain,
// the go env command's result, and the log, with canaries in every file and every part of the
// editor's state.
func TestSecretsNeverInServerMessages(t *testing.T) {
	s := newSecretCase(t)
	env := s.envFile(t, "shell.env")
	env["PATH"] = filepath.Join(s.dir, "nogo") + ":/usr/bin:/bin" // no go: go env -w is done in process
	procEnv := s.envFile(t, "process.env")
	var procList []string
	for k, v := range procEnv {
		procList = append(procList, k+"="+v)
	}
	proctest.Start(t, "gopls", procList) // below the test process, which plays the extension host
	termPID, _ := proctest.Start(t, "bash", procList)
	user := s.path("user-settings.json")
	ws := s.path("ws")
	launchEnv := map[string]string{"GOPROXY": "https://canaryLaunchReqUserK1:canaryLaunchReqPwK1@dlv.example",
		"GOAUTH": "command /bin/h canaryLaunchReqTokK2"}
	s.canaries.Learn(launchEnv["GOPROXY"] + " " + launchEnv["GOAUTH"])
	global := json.RawMessage(`"http://canaryInspectUserK3:canaryInspectPwK3@p.example:8080"`)
	s.canaries.Learn(string(global))
	live := map[string]string{"GOPROXY": "https://canaryLiveUserK4:canaryLivePwK4@live.example", "GOAUTH": "command h canaryLiveTokK5"}
	s.canaries.Learn(live["GOPROXY"] + " " + live["GOAUTH"])
	st := lsp.EditorState{ExtensionVersion: "test", Platform: "linux", AppName: "test", Trusted: true, HostEnv: env,
		UserSettingsFile: &user, Folders: []lsp.FolderRef{{URI: fileURI(ws), Name: "ws", Path: ws}},
		VSCodeGo: lsp.VSCodeGo{Installed: true, Active: true}, HostPID: os.Getpid(), HostEnvLive: live,
		Settings:  []lsp.SettingInspection{{Key: "http.proxy", GlobalValue: global}},
		Processes: []lsp.ObservedProcess{{Context: "terminal", PID: &termPID}, {Context: "delve:Launch", Env: launchEnv}}}
	raw := &recorded{}
	c := startRecording(t, env, st, raw)
	settingsURI := fileURI(s.path("ws/.vscode/settings.json"))
	c.waitFor("findings and the observed gopls", func() bool {
		if len(c.diags[settingsURI]) == 0 || len(c.status) == 0 {
			return false
		}
		for _, o := range c.status[len(c.status)-1].Folders[0].Observed {
			if o.Context == "gopls" {
				return true
			}
		}
		return false
	})

	// Every fix of every diagnostic of every file.
	c.mu.Lock()
	uris := map[string][]diag{}
	for u, ds := range c.diags {
		uris[u] = append([]diag(nil), ds...)
	}
	c.mu.Unlock()
	actions := 0
	for u, ds := range uris {
		var got []codeAction
		c.call("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": u},
			"range":   map[string]any{"start": map[string]int{"line": 0, "character": 0}, "end": map[string]int{"line": 1000, "character": 0}},
			"context": map[string]any{"diagnostics": []any{}}}, &got)
		actions += len(got)
		for _, d := range ds {
			c.call("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": u}, "range": d.Range,
				"context": map[string]any{"diagnostics": []diag{d}}}, &got)
		}
	}
	if actions == 0 {
		t.Errorf("no code actions to look at")
	}

	var res lsp.TextResult
	c.call(lsp.MethodReport, lsp.ReportParams{}, &res)
	folder := fileURI(ws)
	c.call(lsp.MethodReport, lsp.ReportParams{Folder: &folder}, &res)
	c.call(lsp.MethodExplain, lsp.ExplainParams{}, &res)
	c.call(lsp.MethodExplain, lsp.ExplainParams{Variables: []string{"GOPROXY", "GOAUTH", "HTTPS_PROXY", "https_proxy", "NO_PROXY", "GOFLAGS", "GONOSUMDB", "GOSUMDB", "ALL_PROXY"}}, &res)
	if !strings.Contains(res.Text, "***@") {
		t.Errorf("explain shows no masked value; the fixture is not read as intended:\n%s", res.Text)
	}

	// go env -w of a GOAUTH command (no go on PATH: the server writes the file itself, and says
	// what it did).
	tok := "command /bin/h canaryGoEnvWriteTokK6"
	s.canaries.Learn(tok)
	var ge lsp.GoEnvResult
	c.call("workspace/executeCommand", map[string]any{"command": lsp.CommandGoEnv,
		"arguments": []any{lsp.GoEnvArgs{File: s.path("home/.config/go/env"), Set: map[string]string{"GOAUTH": tok}}}}, &ge)
	if ge.Undo == nil || !strings.Contains(ge.Undo.Set["GOAUTH"], "canaryGoenvAuthTokG2") {
		t.Errorf("undo must restore the real previous value: %+v", ge.Undo)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, bad := range []lsp.GoEnvArgs{
		{File: "canaryRelUserK7:canaryRelPwK7@x/env", Set: map[string]string{"GOPROXY": "https://canaryBadUserK8:canaryBadPwK8@x"}},
		{File: s.path("home/.config/go/env"), Set: map[string]string{"GOPROXY": "x"}, Env: map[string]string{"GOAUTH": "command h canaryBadEnvTokK9"}},
	} {
		s.canaries.Learn(bad.File + bad.Set["GOPROXY"] + bad.Env["GOAUTH"])
		if err := c.conn.Call(ctx, "workspace/executeCommand", map[string]any{"command": lsp.CommandGoEnv, "arguments": []any{bad}}, nil); err == nil {
			t.Errorf("%+v was accepted", bad)
		}
	}

	// An unsaved buffer with a credential next to a syntax error, then a re-check.
	broken := "{\n  \"go.toolsEnvVars\": {\n    \"GOAUTH\": \"command /bin/h canaryBufferTokL1,\n    \"GOPROXY\": \"https://canaryBufferUserL2:canaryBufferPwL2@x\"\n  }\n}\n"
	s.canaries.Learn(broken)
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": settingsURI, "languageId": "jsonc", "version": 1, "text": broken}})
	c.waitFor("the broken buffer reported", func() bool {
		for _, d := range c.diags[settingsURI] {
			if strings.Contains(d.Message, "cannot use this file") {
				return true
			}
		}
		return false
	})
	var rc lsp.RecheckResult
	c.call(lsp.MethodRecheck, map[string]any{}, &rc)
	c.call(lsp.MethodReport, lsp.ReportParams{}, &res)
	time.Sleep(100 * time.Millisecond) // the last notifications and log lines
	s.assertNoLeak(t, raw)
}

// TestSecretsNotInServerProbes probes a loopback module proxy that echoes the credentials it
// receives; the probe result, network status and findings must not carry them.
func TestSecretsNotInServerProbes(t *testing.T) {
	s := newSecretCase(t)
	echo := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, pw, _ := r.BasicAuth()
		got := "auth=" + r.Header.Get("Authorization") + " user=" + user + " pw=" + pw
		if r.URL.Path == "/golang.org/x/text/@v/list" && !strings.Contains(user, "Bad") {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			_, _ = w.Write([]byte("v0.3.0\n"))
			return
		}
		http.Error(w, "not allowed: "+got, http.StatusUnauthorized)
	}))
	t.Cleanup(echo.Close)
	ca := s.write(t, "ca.pem", string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: echo.Certificate().Raw})))
	host := strings.TrimPrefix(echo.URL, "https://")
	proxy := "https://canaryLspProbeUserM1:canaryLspProbePwM1@" + host + "|https://canaryLspProbeBadUserM2:canaryLspProbeBadPwM2@" + host + "/bad"
	s.write(t, "ws/.vscode/settings.json", "{\n\t\"go.toolsEnvVars\": {\n\t\t\"GOPROXY\": \"https://canaryLspProbeBadUserM3:canaryLspProbeBadPwM3@"+host+"/x\",\n\t},\n}\n")
	s.write(t, "user-settings.json", "{}\n")
	s.write(t, "home/.config/go/env", "")
	env := map[string]string{"HOME": s.path("home"), "XDG_CONFIG_HOME": s.path("home/.config"), "PATH": filepath.Join(s.fixtures, "goroot", "bin") + ":/usr/bin:/bin",
		"GOTOOLCHAIN": "local", "SSL_CERT_FILE": ca, "GOPROXY": proxy, "GOSUMDB": "off", "NO_PROXY": "", "HTTPS_PROXY": ""}
	user := s.path("user-settings.json")
	ws := s.path("ws")
	st := lsp.EditorState{ExtensionVersion: "test", Platform: "linux", AppName: "test", Trusted: true, HostEnv: env,
		UserSettingsFile: &user, Folders: []lsp.FolderRef{{URI: fileURI(ws), Name: "ws", Path: ws}},
		VSCodeGo: lsp.VSCodeGo{Installed: true, Active: true}}
	raw := &recorded{}
	c := startRecording(t, env, st, raw)
	c.waitFor("a first status", func() bool { return len(c.status) > 0 })
	var res lsp.ProbeResult
	c.call(lsp.MethodProbe, lsp.ProbeParams{}, &res)
	if res.Targets == 0 || res.Failed == 0 {
		t.Errorf("probe = %+v; the echoing proxy was not reached", res)
	}
	c.waitFor("the network status", func() bool {
		n := c.status[len(c.status)-1].Folders[0].Network
		return n != nil && len(n.Routes) > 0
	})
	var tr lsp.TextResult
	c.call(lsp.MethodReport, lsp.ReportParams{}, &tr)
	if !strings.Contains(raw.out.String(), "not allowed") {
		t.Errorf("the proxy's answer is not quoted anywhere; the test does not exercise the echo")
	}
	time.Sleep(100 * time.Millisecond)
	s.assertNoLeak(t, raw)
}
