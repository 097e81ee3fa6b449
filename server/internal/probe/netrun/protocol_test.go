package netrun

import (
	"crypto/x509"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/go-env-doctor/go-env-doctor/server/internal/probe"
)

const listPath = "/golang.org/x/text/@v/list"

func respond(code int, ctype, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if ctype != "" {
			w.Header().Set("Content-Type", ctype)
		}
		w.WriteHeader(code)
		io.WriteString(w, body)
	}
}

// plainOpts is for plain-HTTP servers on 127.0.0.1.
func plainOpts() Options {
	return Options{StageTimeout: 2 * time.Second, ContextRoots: x509.NewCertPool()}
}

func TestProtocolAnswers(t *testing.T) {
	for _, c := range []struct {
		name    string
		routes  map[string]http.HandlerFunc
		target  func(base string) probe.Target
		failure probe.Failure // "" = OK
		status  int
		details []string
	}{
		{name: "login page", routes: map[string]http.HandlerFunc{
			listPath: respond(200, "text/html; charset=utf-8", "<!DOCTYPE html><html><body><form>Sign in</form></body></html>"),
		}, failure: probe.NotAModuleProxy, status: 200, details: []string{"an HTML page, not a module proxy (a login page?)"}},
		{name: "html without content type", routes: map[string]http.HandlerFunc{
			listPath: respond(200, "", "<html><body>Sign in</body></html>"),
		}, failure: probe.NotAModuleProxy, status: 200, details: []string{"an HTML page"}},
		{name: "not version lines", routes: map[string]http.HandlerFunc{
			listPath: respond(200, "text/plain", "hello world\n"),
		}, failure: probe.NotAModuleProxy, status: 200, details: []string{"not a version list", "hello world"}},
		{name: "empty list", routes: map[string]http.HandlerFunc{
			listPath: respond(200, "text/plain", ""),
		}, failure: probe.NotAModuleProxy, status: 200, details: []string{"no versions of golang.org/x/text"}},
		{name: "forbidden", routes: map[string]http.HandlerFunc{
			listPath: respond(403, "text/plain; charset=utf-8", "blocked by corporate policy\n"),
		}, failure: probe.HTTPStatus, status: 403, details: []string{"403 Forbidden: server response: blocked by corporate policy"}},
		{name: "forbidden html body not shown", routes: map[string]http.HandlerFunc{
			listPath: respond(403, "text/html", "<html>secret layout</html>"),
		}, failure: probe.HTTPStatus, status: 403, details: []string{"403 Forbidden"}},
		{name: "long body clipped", routes: map[string]http.HandlerFunc{
			listPath: respond(502, "text/plain", strings.Repeat("x", 500)),
		}, failure: probe.HTTPStatus, status: 502, details: []string{"502 Bad Gateway: server response: " + strings.Repeat("x", 200) + "…"}},
		{name: "gone", routes: map[string]http.HandlerFunc{
			listPath: respond(410, "text/plain", "gone"),
		}, failure: probe.NotFound, status: 410, details: []string{"410 Gone: the proxy does not have golang.org/x/text"}},
		{name: "not found", routes: map[string]http.HandlerFunc{
			listPath: respond(404, "text/plain", "not found"),
		}, failure: probe.NotFound, status: 404, details: []string{"404 Not Found: the proxy does not have golang.org/x/text"}},
		{name: "sumdb not supported", routes: map[string]http.HandlerFunc{
			"/sumdb/sum.golang.org/supported": respond(404, "text/plain", "no"),
		}, target: sumdbViaProxy, failure: probe.SumDBNotServed, status: 404,
			details: []string{"404 Not Found: the proxy does not serve this checksum database"}},
		{name: "sumdb supported but forbidden", routes: map[string]http.HandlerFunc{
			"/sumdb/sum.golang.org/supported": respond(403, "text/plain", "blocked by corporate policy"),
		}, target: sumdbViaProxy, failure: probe.HTTPStatus, status: 403,
			details: []string{"/sumdb/sum.golang.org/supported: 403 Forbidden: server response: blocked by corporate policy"}},
		{name: "sumdb lookup gone", routes: map[string]http.HandlerFunc{
			"/sumdb/sum.golang.org/lookup/golang.org/x/text@v0.3.0": respond(410, "text/plain", "gone"),
		}, target: sumdbViaProxy, failure: probe.NotFound, status: 410,
			details: []string{"supported; 410 Gone: the checksum database does not have golang.org/x/text@v0.3.0"}},
		{name: "sumdb lookup garbage", routes: map[string]http.HandlerFunc{
			"/lookup/golang.org/x/text@v0.3.0": respond(200, "text/plain", "hello"),
		}, target: sumdbDirect, failure: probe.NotAModuleProxy, status: 200,
			details: []string{"no record of golang.org/x/text@v0.3.0"}},
		{name: "redirect on the same host", routes: map[string]http.HandlerFunc{
			listPath:      http.RedirectHandler("/moved/list", http.StatusFound).ServeHTTP,
			"/moved/list": respond(200, "text/plain", listBody),
		}, status: 200},
		{name: "redirect to another host", routes: map[string]http.HandlerFunc{
			listPath: http.RedirectHandler("https://sso:"+canary+"@login.corp.test/auth", http.StatusFound).ServeHTTP,
		}, failure: probe.HTTPStatus, status: 302,
			details: []string{"302 Found: redirected to https://***@login.corp.test/auth, another host: not followed"}},
		{name: "redirect loop", routes: map[string]http.HandlerFunc{
			listPath: http.RedirectHandler(listPath, http.StatusFound).ServeHTTP,
		}, failure: probe.HTTPStatus, status: 302, details: []string{"302 Found: more than 3 redirects: not followed"}},
		{name: "connection close between requests", routes: map[string]http.HandlerFunc{
			"/sumdb/sum.golang.org/supported": func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Connection", "close")
				w.WriteHeader(200)
			},
		}, target: sumdbViaProxy, status: 200},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := startHTTP(t, override(c.routes))
			mk := c.target
			if mk == nil {
				mk = proxyTarget
			}
			r := runOne(t, mk(s.URL), plainOpts())
			if c.failure == "" {
				wantOK(t, r, "dns,tcp,http,protocol")
			} else {
				wantFail(t, r, probe.StageProtocol, c.failure, c.details...)
			}
			if r.Status != c.status {
				t.Errorf("status %d, want %d", r.Status, c.status)
			}
			wantNoSecret(t, []probe.Result{r}, canary)
		})
	}
}

// The http stage records the status line and the same-host redirects it followed.
func TestHTTPStageDetail(t *testing.T) {
	s := startHTTP(t, override(map[string]http.HandlerFunc{
		listPath:      http.RedirectHandler("/moved/list", http.StatusMovedPermanently).ServeHTTP,
		"/moved/list": respond(200, "text/plain", listBody),
	}))
	r := runOne(t, proxyTarget(s.URL+"/"), plainOpts())
	wantOK(t, r, "dns,tcp,http,protocol")
	want := "GET " + s.URL + "/golang.org/x/text/@v/list: 200 OK (after 1 redirect(s) on the same host)"
	if d := r.Stages[2].Detail; d != want {
		t.Errorf("http detail %q, want %q", d, want)
	}
}

// Module paths are case-escaped as the go command does.
func TestEscapedModulePath(t *testing.T) {
	s := startHTTP(t, override(map[string]http.HandlerFunc{
		"/github.com/!burnt!sushi/toml/@v/list": respond(200, "text/plain", "v1.0.0\n"),
	}))
	tg := proxyTarget(s.URL)
	tg.Module = "github.com/BurntSushi/toml"
	wantOK(t, runOne(t, tg, plainOpts()), "dns,tcp,http,protocol")
}
