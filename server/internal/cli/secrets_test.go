package cli

// Issue 9 ("Secrets"): canary credentials planted everywhere users write them
// (test/fixtures/secrets) must never come out of any command, format or stream.

import (
	"bytes"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/go-env-doctor/go-env-doctor/server/internal/procenv/proctest"
	"github.com/go-env-doctor/go-env-doctor/server/internal/redact/canary"
	"github.com/go-env-doctor/go-env-doctor/server/internal/system"
)

// secrets is a copy of test/fixtures/secrets with $CASE and $FIXTURES expanded, and the
// canaries it holds.
type secrets struct {
	dir, fixtures string
	canaries      canary.Set
}

func newSecrets(t *testing.T) *secrets {
	t.Helper()
	s := &secrets{dir: t.TempDir(), fixtures: fixturesDir(t)}
	files, err := canary.Fixture(s.fixtures)
	if err != nil {
		t.Fatal(err)
	}
	for rel, content := range files {
		s.write(t, rel, content)
	}
	if s.canaries.Len() < 40 {
		t.Fatalf("only %d canaries in the fixture", s.canaries.Len())
	}
	return s
}

// write writes a file of the case (placeholders expanded) and learns its canaries.
func (s *secrets) write(t *testing.T, rel, content string) string {
	t.Helper()
	content = strings.NewReplacer("$CASE", s.dir, "$FIXTURES", s.fixtures).Replace(content)
	p := filepath.Join(s.dir, rel)
	writeFile(t, p, content)
	s.canaries.Learn(content)
	return p
}

func (s *secrets) path(rel string) string { return filepath.Join(s.dir, rel) }

// env is the case's shell environment (shell.env).
func (s *secrets) env(t *testing.T) map[string]string {
	t.Helper()
	data, err := os.ReadFile(s.path("shell.env"))
	if err != nil {
		t.Fatal(err)
	}
	vars, err := system.ParseEnvFile(data)
	if err != nil {
		t.Fatal(err)
	}
	return vars
}

func (s *secrets) assertClean(t *testing.T, what, out string) {
	t.Helper()
	if l := s.canaries.Leaks(out); len(l) > 0 {
		t.Errorf("%s carries credentials %q in:\n%s", what, l, s.leakingLines(out))
	}
}

// leakingLines are the lines of out that carry a canary, for a readable failure.
func (s *secrets) leakingLines(out string) string {
	var b strings.Builder
	for _, line := range strings.SplitAfter(out, "\n") {
		if len(s.canaries.Leaks(line)) > 0 {
			b.WriteString("    " + strings.TrimSpace(line) + "\n")
		}
	}
	return b.String()
}

// run runs the CLI with env as the process environment.
func (s *secrets) run(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	off := false
	code := Run(args, IO{Stdout: &out, Stderr: &errb, Getenv: func(k string) string { return env[k] },
		Environ: func() map[string]string { return env }, Color: &off})
	return code, out.String(), errb.String()
}

// TestSecretsNeverPrinted runs explain and check in every format, from the process environment
// and from --env-file, with a running process observed, and greps stdout and stderr.
func TestSecretsNeverPrinted(t *testing.T) {
	s := newSecrets(t)
	env := s.env(t)
	ws := s.path("ws")
	procEnv, err := os.ReadFile(s.path("process.env"))
	if err != nil {
		t.Fatal(err)
	}
	pid, _ := proctest.Start(t, "", strings.Split(strings.TrimSpace(string(procEnv)), "\n"))
	observe := []string{"--observe", "gopls=" + strconv.Itoa(pid), "--observe", "terminal=" + strconv.Itoa(pid)}
	common := append([]string{"--user-settings", s.path("user-settings.json")}, observe...)
	vars := []string{"GOPROXY", "GOSUMDB", "GOAUTH", "GOFLAGS", "GOPRIVATE", "GONOPROXY", "GONOSUMDB",
		"HTTPS_PROXY", "HTTP_PROXY", "https_proxy", "http_proxy", "NO_PROXY", "ALL_PROXY", "GOENV"}
	var runs [][]string
	for _, format := range []string{"text", "json", "markdown"} {
		runs = append(runs, []string{"explain", "--format", format})
		runs = append(runs, append([]string{"explain", "--format", format}, vars...))
		runs = append(runs, []string{"explain", "--format", format, "--context", "task", "GOPROXY", "HTTPS_PROXY"})
		runs = append(runs, []string{"explain", "--format", format, "--context", "delve", "GOPROXY", "GOAUTH", "HTTPS_PROXY"})
	}
	for _, format := range []string{"text", "json", "markdown", "sarif"} {
		runs = append(runs, []string{"check", "--format", format})
		runs = append(runs, []string{"check", "--format", format, "--no-vscode-go"})
	}
	ran := 0
	for _, args := range runs {
		for _, source := range [][]string{nil, {"--env-file", s.path("shell.env")}, {"--host-env-file", s.path("shell.env")}} {
			full := append(append(append(slices.Clone(args), common...), source...), ws)
			code, out, errs := s.run(t, env, full...)
			if code == ExitUsage || out == "" {
				t.Errorf("%v: exit %d, stdout %q, stderr %q", full, code, out, errs)
			}
			s.assertClean(t, strings.Join(args, " ")+" stdout", out)
			s.assertClean(t, strings.Join(args, " ")+" stderr", errs)
			ran++
		}
	}
	// The canaries really are in what was read: without redaction the outputs would carry them.
	_, out, _ := s.run(t, env, append([]string{"explain", "--format", "json"}, append(common, ws)...)...)
	for _, want := range []string{"goenv-proxy.example", "ws-proxy.example", "corp-proxy.example", "running.example", "***@"} {
		if !strings.Contains(out, want) {
			t.Errorf("explain --format json does not show %s; the fixture is not read as intended:\n%s", want, out)
		}
	}
	t.Logf("%d runs, %d canaries", ran, s.canaries.Len())
}

// TestSecretsInBrokenFiles: files that cannot be used are reported on stderr (text) and in the
// output (json, markdown); what the report quotes of them must not carry the secrets beside
// the syntax error.
func TestSecretsInBrokenFiles(t *testing.T) {
	s := newSecrets(t)
	env := s.env(t)
	ws := s.path("ws")
	// A missing comma right after a credential, a string left open, an unquoted URL, a double comma.
	s.write(t, "ws/.vscode/settings.json", "{\n  \"go.toolsEnvVars\": {\n    \"GOPROXY\": \"https://canaryBrokenUserB1:canaryBrokenPwB1@x.example\"\n    \"GOAUTH\": \"command h canaryBrokenTokB2\"\n  }\n}\n")
	// A string left open runs on to the next quote: a parser error quoting it would carry the
	// token and whatever follows.
	s.write(t, "ws/.vscode/launch.json", "{\"configurations\": [{\"type\": \"go\", \"request\": \"launch\", \"name\": \"L\",\n \"env\": {\"GOAUTH\": \"command /bin/h canaryOpenTokD2,\n \"GOPROXY\": \"https://canaryBrokenLaunchUserB3:canaryBrokenLaunchPwB3@x\"}}]}\n")
	s.write(t, "ws/.vscode/tasks.json", "{\"tasks\": [{\"label\": \"t\", \"options\": {\"env\": {\"HTTPS_PROXY\": canaryUnquotedUserB5:canaryUnquotedPwB5@p:3128}}}]}\n")
	user := s.write(t, "user-settings.json", "{\"http.proxy\": \"http://canaryBrokenHttpUserB6:canaryBrokenHttpPwB6@p:8080\",, }\n")
	// Lines the go command ignores or misreads in the go/env file.
	s.write(t, "home/.config/go/env", "GOAUTH = command /bin/h canaryGoenvSpacedTokB7\n"+
		"GOPROXY=https://canaryCrlfUserB8:canaryCrlfPwB8@crlf.example\r\n"+
		"GOAUTH=command /bin/h canaryCrlfTokB9\r\n"+
		"export GOSUMDB=sum.golang.org https://canaryExportUserC1:canaryExportPwC1@sum.example\n"+
		"GONOSUMDB='canaryQuotedUserC2:canaryQuotedPwC2@x'\n"+
		" GOAUTH=command /bin/h canaryIndentedTokC3\n")
	// An env file of launch.json with lines a parser may quote.
	s.write(t, "ws/launch.env", "export GOAUTH=command h canaryEnvFileTokC4\nGOPROXY=\"https://canaryEnvFileUserC5:canaryEnvFilePwC5@x\n")
	for _, format := range []string{"text", "json", "markdown"} {
		for _, cmd := range [][]string{{"explain"}, {"explain", "GOAUTH", "GOPROXY", "GOSUMDB", "GONOSUMDB", "HTTPS_PROXY"}, {"check"}} {
			args := append(append(slices.Clone(cmd), "--format", format, "--user-settings", user, "--env-file", s.path("shell.env")), ws)
			_, out, errs := s.run(t, env, args...)
			s.assertClean(t, strings.Join(cmd, " ")+" "+format+" stdout", out)
			s.assertClean(t, strings.Join(cmd, " ")+" "+format+" stderr", errs)
		}
	}
	_, _, errs := s.run(t, env, "check", "--user-settings", user, ws)
	if !strings.Contains(errs, "settings.json") {
		t.Errorf("the broken files are not reported on stderr: %q", errs)
	}
	// Broken --env-file and --observe arguments: usage errors on stderr.
	bad := s.write(t, "bad.env", "HOME=/h\nGOPROXY https://canaryBadEnvUserC6:canaryBadEnvPwC6@x\n")
	for _, args := range [][]string{
		{"check", "--env-file", bad, ws},
		{"explain", "--host-env-file", bad, ws},
		{"check", "--observe", "gopls=https://canaryObsUserC7:canaryObsPwC7@x", ws},
		{"explain", "--context", "https://canaryCtxUserC9:canaryCtxPwC9@x", ws},
		{"probe", "--format", "json", "--env-file", bad, ws},
		{"check", "--format", "https://canaryFmtUserD1:canaryFmtPwD1@x", ws},
	} {
		code, out, errs := s.run(t, env, args...)
		if code != ExitUsage {
			t.Errorf("%v: exit %d", args, code)
		}
		s.assertClean(t, args[0]+" usage error", out+errs)
	}
}

// TestSecretsNotPrintedByProbes probes loopback servers through URLs with user info: a module
// proxy that echoes the credentials it receives back in its answers, a checksum database, and
// a refused port.
func TestSecretsNotPrintedByProbes(t *testing.T) {
	s := newSecrets(t)
	// The server answers with what it got: a credential the probe sent must not come back out
	// through a quoted answer.
	echo := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, pw, _ := r.BasicAuth()
		got := "auth=" + r.Header.Get("Authorization") + " user=" + user + " pw=" + pw + " url=" + r.URL.String()
		switch {
		case r.URL.Path == "/golang.org/x/text/@v/list":
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			_, _ = w.Write([]byte("v0.3.0\nv0.14.0\n"))
		case strings.Contains(r.URL.Path, "/sumdb/"):
			http.Error(w, "sumdb refused: "+got, http.StatusForbidden)
		default:
			w.Header().Set("WWW-Authenticate", `Basic realm="`+got+`"`)
			http.Error(w, "not allowed: "+got, http.StatusUnauthorized)
		}
	}))
	t.Cleanup(echo.Close)
	// https, trusted through SSL_CERT_FILE: the go command (and the probe) send URL user info
	// only over TLS.
	ca := s.write(t, "ca.pem", string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: echo.Certificate().Raw})))
	host := strings.TrimPrefix(echo.URL, "https://")
	refused := closedPort(t)
	goproxy := "https://canaryProbeUserH1:canaryProbePwH1@" + host + ",http://canaryProbeTokH2@" + refused + "|https://canaryProbeUserH3:canaryProbePwH3@" + host + "/private"
	shell := s.write(t, "probe.env", "HOME=$CASE/home\nPATH=$FIXTURES/goroot/bin\nGOTOOLCHAIN=local\nSSL_CERT_FILE="+ca+"\n"+
		"GOPROXY="+goproxy+"\n"+
		"GOSUMDB=sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8 https://canarySumProbeUserH4:canarySumProbePwH4@"+host+"\n"+
		"GOAUTH=command /bin/h canaryProbeAuthTokH5\n"+
		"HTTP_PROXY=http://canaryProbeProxyUserH6:canaryProbeProxyPwH6@"+refused+"\n"+
		"NO_PROXY=\n")
	// A requirement the proxy is asked about (private-module-not-covered).
	s.write(t, "ws/go.mod", "module example.com/secrets\n\ngo 1.26\n\nrequire corp.example/lib v1.2.3\n")
	ws := s.path("ws")
	env := s.env(t)
	for _, args := range [][]string{
		{"probe", "--format", "text"},
		{"probe", "--format", "json"},
		{"probe", "--format", "json", "--context", "gopls"},
		{"check", "--probe", "--format", "text"},
		{"check", "--probe", "--format", "json"},
		{"check", "--probe", "--format", "markdown"},
		{"check", "--probe", "--format", "sarif"},
	} {
		full := append(args, "--stage-timeout", "2s", "--probe-timeout", "4s", "--env-file", shell, ws)
		code, out, errs := s.run(t, env, full...)
		if code == ExitUsage {
			t.Errorf("%v: exit %d: %s", args, code, errs)
		}
		s.assertClean(t, strings.Join(args, " ")+" stdout", out)
		s.assertClean(t, strings.Join(args, " ")+" stderr", errs)
		if args[0] == "probe" && !strings.Contains(out, host) {
			t.Errorf("%v did not probe the loopback proxy:\n%s", args, out)
		}
	}
}
