package cli

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// privateProxy is a loopback module proxy and checksum database that serves golang.org/x/text
// and knows nothing else; it records the paths it was asked for.
func privateProxy(t *testing.T) (string, func() []string) {
	t.Helper()
	var mu sync.Mutex
	var paths []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		paths = append(paths, r.URL.Path)
		mu.Unlock()
		switch r.URL.Path {
		case "/golang.org/x/text/@v/list":
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			_, _ = w.Write([]byte("v0.3.0\nv0.14.0\n"))
		case "/golang.org/x/text/@v/v0.14.0.info":
			_, _ = w.Write([]byte(`{"Version":"v0.14.0"}`))
		default:
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte("not found: " + strings.TrimPrefix(r.URL.Path, "/")))
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), paths...)
	}
}

// check --probe asks the proxy about the requirements no pattern covers; the one it refuses,
// while serving public modules, is reported with a pattern for its owner.
func TestCheckProbeAsksAboutRequirements(t *testing.T) {
	dir := t.TempDir()
	proxy, seen := privateProxy(t)
	envFile := filepath.Join(dir, "shell.env")
	// GOSUMDB names sum.golang.org (so the requirements are not covered) at a loopback URL.
	writeFile(t, envFile, "HOME="+filepath.Join(dir, "home")+"\nGOPROXY="+proxy+"\nGOSUMDB=sum.golang.org "+proxy+"/sumdb\n")
	writeFile(t, filepath.Join(dir, "home", ".config", "go", "env"), "GOPRIVATE=example.com/covered\n")
	writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/app\n\ngo 1.26.8\n\nrequire (\n\tgithub.com/acme/secret v1.2.3\n\tgolang.org/x/text v0.14.0\n\texample.com/covered/lib v1.0.0\n\tgit.corp.internal/team/lib v1.0.0\n)\n")

	_, out, errOut := runCLI(t, dir, "check", "--format", "json", "--env-file", envFile, dir)
	if strings.Contains(out, "github.com/acme/secret v1.2.3, which looks private") {
		t.Fatalf("offline, github.com/acme/secret looks public:\n%s", out)
	}
	if p := seen(); len(p) != 0 {
		t.Fatalf("check without --probe contacted the proxy: %v", p)
	}

	_, out, errOut = runCLI(t, dir, "check", "--probe", "--format", "json", "--env-file", envFile, dir)
	var got struct {
		Findings []struct {
			Check   string `json:"check"`
			Message string `json:"message"`
			Fixes   []struct {
				Title string `json:"title"`
			} `json:"fixes"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v: %s %s", err, out, errOut)
	}
	var msgs []string
	for _, f := range got.Findings {
		if f.Check == "private-module-not-covered" {
			msgs = append(msgs, f.Message)
			if strings.Contains(f.Message, "github.com/acme/secret") && (len(f.Fixes) == 0 || f.Fixes[0].Title != "add github.com/acme to GOPRIVATE") {
				t.Errorf("fixes: %+v", f.Fixes)
			}
		}
	}
	if len(msgs) != 2 || !strings.Contains(msgs[0], "github.com/acme/secret v1.2.3, which looks private: every GOPROXY entry") ||
		!strings.Contains(msgs[0], proxy+" answered 404 Not Found (not found: github.com/acme/secret/@v/v1.2.3.info)") ||
		!strings.Contains(msgs[1], "git.corp.internal/team/lib") {
		t.Errorf("private-module-not-covered findings: %q", msgs)
	}
	// Asked: the two uncovered, public-looking requirements; never the covered one nor the
	// intranet host name.
	asked := map[string]bool{}
	for _, p := range seen() {
		asked[p] = true
	}
	for _, p := range []string{"/github.com/acme/secret/@v/v1.2.3.info", "/golang.org/x/text/@v/v0.14.0.info"} {
		if !asked[p] {
			t.Errorf("%s was not asked; asked %v", p, seen())
		}
	}
	for p := range asked {
		if strings.Contains(p, "covered") || strings.Contains(p, "corp.internal") {
			t.Errorf("asked about %s", p)
		}
	}

	// The probe command shows the answers.
	_, out, _ = runCLI(t, dir, "probe", "--env-file", envFile, dir)
	if !strings.Contains(out, "github.com/acme/secret@v1.2.3 from "+proxy+": 404 Not Found") || !strings.Contains(out, "golang.org/x/text@v0.14.0 from "+proxy+": 200 OK") {
		t.Errorf("probe text:\n%s", out)
	}
}

// Credentials in a plain http:// GOPROXY URL are never sent with a module query, and never
// shown.
func TestCheckProbeModuleQueriesKeepCredentials(t *testing.T) {
	dir := t.TempDir()
	var mu sync.Mutex
	var moduleAuth []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, ".info") {
			mu.Lock()
			moduleAuth = append(moduleAuth, r.Header.Get("Authorization"))
			mu.Unlock()
		}
		if r.URL.Path == "/golang.org/x/text/@v/list" {
			_, _ = w.Write([]byte("v0.3.0\n"))
			return
		}
		http.NotFound(w, r)
	}))
	t.Cleanup(srv.Close)
	proxy := strings.Replace(srv.URL, "http://", "http://user:CANARY-s3cret@", 1)
	envFile := filepath.Join(dir, "shell.env")
	writeFile(t, envFile, "HOME="+filepath.Join(dir, "home")+"\nGOPROXY="+proxy+"\nGOSUMDB=sum.golang.org "+srv.URL+"/sumdb\n")
	writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/app\n\ngo 1.26.8\n\nrequire github.com/acme/secret v1.2.3\n")
	for _, args := range [][]string{{"probe", "--format", "json"}, {"probe"}, {"check", "--probe", "--format", "json"}} {
		_, out, errOut := runCLI(t, dir, append(args, "--env-file", envFile, dir)...)
		if strings.Contains(out+errOut, "CANARY-s3cret") {
			t.Errorf("%v shows the password:\n%s%s", args, out, errOut)
		}
		if args[0] == "probe" && !strings.Contains(out, "refusing to pass credentials to insecure URL") {
			t.Errorf("%v does not say why the module was not asked:\n%s", args, out)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(moduleAuth) != 0 {
		t.Errorf("module queries were sent: %q", moduleAuth)
	}
}
