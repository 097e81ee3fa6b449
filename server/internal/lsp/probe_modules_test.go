package lsp_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/go-env-doctor/go-env-doctor/server/internal/lsp"
)

// After goEnvDoctor/probe, a requirement every module proxy refused (while serving public
// modules) is reported on go.mod, though its path looks public.
func TestProbeRequestAsksAboutRequirements(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/golang.org/x/text/@v/list":
			_, _ = w.Write([]byte("v0.3.0\n"))
		case "/golang.org/x/net/@v/v0.38.0.info":
			_, _ = w.Write([]byte(`{"Version":"v0.38.0"}`))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	w := probeWorkspace(t, srv.URL)
	w.env["GOSUMDB"] = "sum.golang.org " + srv.URL + "/sumdb" // sum.golang.org, at a loopback URL
	gomod := filepath.Join(w.folder, "go.mod")
	if err := os.WriteFile(gomod, []byte("module example.com/chat\n\ngo 1.26.0\n\nrequire (\n\tgolang.org/x/net v0.38.0\n\tgithub.com/acme/secret v1.2.3\n)\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c := start(t, w.env, w.state())
	c.waitFor("a first status", func() bool { return len(c.status) > 0 })
	uri := fileURI(gomod)
	if slices.Contains(codes(c.diags[uri]), "private-module-not-covered") {
		t.Fatalf("offline, github.com/acme/secret looks public: %+v", c.diags[uri])
	}

	var res lsp.ProbeResult
	c.call(lsp.MethodProbe, lsp.ProbeParams{}, &res)
	if res.Canceled {
		t.Fatalf("probe result = %+v", res)
	}
	c.waitFor("private-module-not-covered on go.mod", func() bool {
		for _, d := range c.diags[uri] {
			if d.Code == "private-module-not-covered" && strings.Contains(d.Message, "github.com/acme/secret") &&
				strings.Contains(d.Message, srv.URL+" answered 404 Not Found") && strings.Contains(d.Message, "GOPRIVATE=github.com/acme") {
				return true
			}
		}
		return false
	})
}
