package cli

import (
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
)

// A module proxy on loopback (plain http: the TLS stages are netrun's tests).
func moduleProxy(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/golang.org/x/text/@v/list" {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			_, _ = w.Write([]byte("v0.3.0\nv0.14.0\n"))
			return
		}
		http.NotFound(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// closedPort is a loopback address nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

func TestProbeJSONAgainstLoopbackProxy(t *testing.T) {
	dir := t.TempDir()
	envFile := filepath.Join(dir, "shell.env")
	writeFile(t, envFile, "HOME="+filepath.Join(dir, "home")+"\nGOPROXY="+moduleProxy(t)+"\nGOSUMDB=off\n")
	code, out, errOut := runCLI(t, dir, "probe", "--format", "json", "--env-file", envFile, dir)
	if code != 0 {
		t.Fatalf("exit %d: %s %s", code, out, errOut)
	}
	var got struct {
		Version int `json:"version"`
		Targets []struct {
			URL    string `json:"url"`
			Role   string `json:"role"`
			Stages []struct {
				Stage string `json:"stage"`
				OK    bool   `json:"ok"`
				MS    *int64 `json:"ms"`
			} `json:"stages"`
		} `json:"targets"`
		Assessment struct {
			ProxyOK bool `json:"proxyOK"`
		} `json:"assessment"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if got.Version != 1 || len(got.Targets) != 1 || got.Targets[0].Role != "proxy" || !got.Assessment.ProxyOK {
		t.Fatalf("probe = %s", out)
	}
	var stages []string
	for _, s := range got.Targets[0].Stages {
		if !s.OK || s.MS == nil {
			t.Errorf("stage %+v", s)
		}
		stages = append(stages, s.Stage)
	}
	if strings.Join(stages, ",") != "dns,tcp,http,protocol" {
		t.Errorf("stages = %v", stages)
	}
}

func TestProbeAndCheckProbeReportARefusedProxy(t *testing.T) {
	dir := t.TempDir()
	envFile := filepath.Join(dir, "shell.env")
	writeFile(t, envFile, "HOME="+filepath.Join(dir, "home")+"\nGOPROXY=http://"+closedPort(t)+"\nGOSUMDB=off\n")
	code, out, _ := runCLI(t, dir, "probe", "--env-file", envFile, dir)
	if code != 1 || !strings.Contains(out, "[tcp-failure]") || !strings.Contains(out, "connection refused") || !strings.Contains(out, "Module proxy: downloads fail.") {
		t.Errorf("probe: exit %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, dir, "check", "--probe", "--format", "json", "--env-file", envFile, dir)
	if code != 1 || !strings.Contains(out, `"check": "tcp-failure"`) {
		t.Errorf("check --probe: exit %d\n%s", code, out)
	}
	// Without --probe, no network check runs.
	if code, out, _ = runCLI(t, dir, "check", "--format", "json", "--env-file", envFile, dir); strings.Contains(out, "tcp-failure") {
		t.Errorf("check without --probe: exit %d\n%s", code, out)
	}
}

func TestProbeNeverPrintsCredentials(t *testing.T) {
	dir := t.TempDir()
	envFile := filepath.Join(dir, "shell.env")
	writeFile(t, envFile, "HOME="+filepath.Join(dir, "home")+"\nGOPROXY=http://user:CANARY-s3cret@"+closedPort(t)+"\nGOSUMDB=off\n")
	for _, format := range []string{"text", "json"} {
		_, out, errOut := runCLI(t, dir, "probe", "--format", format, "--env-file", envFile, dir)
		if strings.Contains(out+errOut, "CANARY-s3cret") {
			t.Errorf("%s output carries the password:\n%s%s", format, out, errOut)
		}
	}
}
