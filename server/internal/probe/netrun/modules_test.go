package netrun

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/elazarl/goproxy"

	"github.com/go-env-doctor/go-env-doctor/server/internal/probe"
)

// moduleServer is a module proxy that serves example.com/pub and github.com/BurntSushi/toml,
// answers 404, 410 or 403 for three github.com/acme modules, and records what it was sent.
type moduleServer struct {
	mu       sync.Mutex
	paths    []string
	auths    []string // the Authorization header of each request ("" when none)
	inFlight atomic.Int32
	maxIn    atomic.Int32
	delay    time.Duration
}

func (m *moduleServer) handler() http.Handler {
	return override(map[string]http.HandlerFunc{
		"/example.com/pub/@v/v1.0.0.info":           m.wrap(respond(200, "application/json", `{"Version":"v1.0.0","Time":"2024-01-01T00:00:00Z"}`)),
		"/github.com/!burnt!sushi/toml/@v/list":     m.wrap(respond(200, "text/plain; charset=utf-8", "v1.0.0\nv1.3.2\n")),
		"/github.com/acme/secret/@v/v1.2.3.info":    m.wrap(respond(404, "text/plain; charset=utf-8", "not found: github.com/acme/secret@v1.2.3: terminal prompts disabled")),
		"/github.com/acme/gone/@v/v1.0.0.info":      m.wrap(respond(410, "text/plain; charset=utf-8", "gone")),
		"/github.com/acme/forbidden/@v/v1.0.0.info": m.wrap(respond(403, "text/plain; charset=utf-8", "blocked by corporate policy")),
		"/portal.test/x/@v/v1.0.0.info":             m.wrap(respond(200, "text/html", "<!DOCTYPE html><html>Sign in</html>")),
	})
}

func (m *moduleServer) wrap(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		n := m.inFlight.Add(1)
		defer m.inFlight.Add(-1)
		for {
			old := m.maxIn.Load()
			if n <= old || m.maxIn.CompareAndSwap(old, n) {
				break
			}
		}
		m.mu.Lock()
		m.paths = append(m.paths, r.URL.Path)
		m.auths = append(m.auths, r.Header.Get("Authorization"))
		m.mu.Unlock()
		if m.delay > 0 {
			time.Sleep(m.delay)
		}
		h(w, r)
	}
}

func (m *moduleServer) seen() (paths, auths []string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]string(nil), m.paths...), append([]string(nil), m.auths...)
}

var moduleQueries = []probe.ModuleQuery{
	{Path: "example.com/pub", Version: "v1.0.0"},
	{Path: "github.com/acme/secret", Version: "v1.2.3"},
	{Path: "github.com/acme/gone", Version: "v1.0.0"},
	{Path: "github.com/acme/forbidden", Version: "v1.0.0"},
	{Path: "github.com/BurntSushi/toml"}, // no version: @v/list, case-escaped
	{Path: "portal.test/x", Version: "v1.0.0"},
}

type wantAnswer struct {
	status  int
	failure probe.Failure
	detail  string
}

func checkAnswers(t *testing.T, got []probe.ModuleAnswer, qs []probe.ModuleQuery, proxies []string, want [][]wantAnswer) {
	t.Helper()
	if len(got) != len(qs)*len(proxies) {
		t.Fatalf("%d answers, want %d: %+v", len(got), len(qs)*len(proxies), got)
	}
	i := 0
	for qi, q := range qs {
		for pi, px := range proxies {
			a, w := got[i], want[qi][pi]
			i++
			if a.Path != q.Path || a.Version != q.Version || a.Proxy != px {
				t.Errorf("answer %d is for %s@%s from %s; want %s@%s from %s", i-1, a.Path, a.Version, a.Proxy, q.Path, q.Version, px)
			}
			if a.Status != w.status || a.Failure != w.failure || !strings.Contains(a.Detail, w.detail) {
				t.Errorf("%s@%s from %s: %+v; want status %d failure %q detail ~%q", q.Path, q.Version, px, a, w.status, w.failure, w.detail)
			}
		}
	}
}

// Two proxies in plan order (an https one with credentials, a plain http one that has nothing);
// the sumdb target is not asked. Credentials go to the https proxy as Basic auth, and never show.
func TestModulesAnswers(t *testing.T) {
	var ms moduleServer
	f := newFixture(t, ms.handler())
	u, _ := url.Parse(f.url)
	u.User = url.UserPassword("bob", canary)
	empty := startHTTP(t, http.NotFoundHandler())
	plan := probe.Plan{Targets: []probe.Target{
		proxyTarget(u.String()),
		proxyTarget(empty.URL),
		sumdbDirect("https://sum.golang.org"),
	}}
	got := Modules(context.Background(), plan, moduleQueries, f.opts())

	redacted := "https://***@proxy.test:" + portOfServer(f.server)
	nf := wantAnswer{404, probe.NotFound, "404 Not Found"}
	checkAnswers(t, got, moduleQueries, []string{redacted, empty.URL}, [][]wantAnswer{
		{{200, "", "200 OK"}, nf},
		{{404, probe.NotFound, "404 Not Found: server response: not found: github.com/acme/secret@v1.2.3"}, nf},
		{{410, probe.NotFound, "410 Gone"}, nf},
		{{403, probe.HTTPStatus, "403 Forbidden: server response: blocked by corporate policy"}, nf},
		{{200, "", "200 OK"}, nf},
		{{200, probe.NotAModuleProxy, "an HTML page"}, nf},
	})
	paths, auths := ms.seen()
	want := map[string]bool{
		"/example.com/pub/@v/v1.0.0.info": true, "/github.com/acme/secret/@v/v1.2.3.info": true,
		"/github.com/acme/gone/@v/v1.0.0.info": true, "/github.com/acme/forbidden/@v/v1.0.0.info": true,
		"/github.com/!burnt!sushi/toml/@v/list": true, "/portal.test/x/@v/v1.0.0.info": true,
	}
	if len(paths) != len(want) {
		t.Errorf("the https proxy saw %v", paths)
	}
	basic := "Basic " + base64.StdEncoding.EncodeToString([]byte("bob:"+canary))
	for i, p := range paths {
		if !want[p] {
			t.Errorf("unexpected request %s", p)
		}
		if auths[i] != basic {
			t.Errorf("%s: Authorization %q, want the GOPROXY URL's user info", p, auths[i])
		}
	}
	for _, a := range got {
		if strings.Contains(a.Detail+a.Proxy, canary) || strings.Contains(a.Detail, base64.StdEncoding.EncodeToString([]byte("bob:"+canary))) {
			t.Errorf("credentials leaked: %+v", a)
		}
	}
}

// authRecorder is a plain-HTTP module proxy that counts requests and any credentials it sees.
type authRecorder struct {
	requests atomic.Int32
	withAuth atomic.Int32
}

func (a *authRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a.requests.Add(1)
	if r.Header.Get("Authorization") != "" || strings.Contains(r.URL.String(), canary) {
		a.withAuth.Add(1)
	}
	http.NotFound(w, r)
}

// A plain http:// GOPROXY URL with user info is never contacted, directly or through an HTTP
// proxy: the go command refuses it, and the answer says so without the password.
func TestModulesNoCredentialsOverHTTP(t *testing.T) {
	var rec authRecorder
	s := startHTTP(t, &rec)
	var proxied atomic.Int32
	px := startGoproxy(t, s.Listener.Addr().String(), nil, func(p *goproxy.ProxyHttpServer) {
		p.OnRequest().DoFunc(func(r *http.Request, _ *goproxy.ProxyCtx) (*http.Request, *http.Response) {
			proxied.Add(1)
			return r, nil
		})
	})
	u, _ := url.Parse(s.URL)
	u.User = url.UserPassword("bob", canary)
	via := proxyTarget(u.String())
	via.Via = "http://" + px
	plan := probe.Plan{Targets: []probe.Target{proxyTarget(u.String()), via}}
	got := Modules(context.Background(), plan, moduleQueries[:2], plainOpts())
	if len(got) != 4 {
		t.Fatalf("answers: %+v", got)
	}
	for _, a := range got {
		if a.Failure != probe.InsecureCredentials || a.Status != 0 ||
			!strings.Contains(a.Detail, "refusing to pass credentials to insecure URL: http://***@127.0.0.1") {
			t.Errorf("answer %+v", a)
		}
		if strings.Contains(a.Detail+a.Proxy, canary) {
			t.Errorf("password shown: %+v", a)
		}
	}
	if n, m, p := rec.requests.Load(), rec.withAuth.Load(), proxied.Load(); n != 0 || m != 0 || p != 0 {
		t.Errorf("the server saw %d requests (%d with credentials), the HTTP proxy %d", n, m, p)
	}

	// The same URL without user info is asked, and carries no Authorization.
	got = Modules(context.Background(), probe.Plan{Targets: []probe.Target{proxyTarget(s.URL)}}, moduleQueries[:2], plainOpts())
	for _, a := range got {
		if a.Status != 404 || a.Failure != probe.NotFound {
			t.Errorf("answer %+v", a)
		}
	}
	if n, m := rec.requests.Load(), rec.withAuth.Load(); n != 2 || m != 0 {
		t.Errorf("the server saw %d requests, %d with credentials", n, m)
	}
}

// Through an HTTP proxy with CONNECT: the first connection is the stages', the others are
// built the same way, each TLS handshake verified with the context's roots.
func TestModulesThroughHTTPProxy(t *testing.T) {
	ms := moduleServer{delay: 20 * time.Millisecond}
	f := newFixture(t, ms.handler())
	var connects atomic.Int32
	px := startGoproxy(t, f.server.Listener.Addr().String(), nil, func(p *goproxy.ProxyHttpServer) {
		p.OnRequest().HandleConnectFunc(func(host string, _ *goproxy.ProxyCtx) (*goproxy.ConnectAction, string) {
			connects.Add(1)
			return goproxy.OkConnect, host
		})
	})
	tg := proxyTarget(f.url)
	tg.Via = "http://carol:" + canary + "@" + px
	got := Modules(context.Background(), probe.Plan{Targets: []probe.Target{tg}}, moduleQueries, f.opts())
	wantStatus := []int{200, 404, 410, 403, 200, 200}
	for i, a := range got {
		if a.Status != wantStatus[i] {
			t.Errorf("%s: %+v", a.Path, a)
		}
		if strings.Contains(a.Detail, canary) {
			t.Errorf("leak: %+v", a)
		}
	}
	if n := connects.Load(); n < 2 || n > int32(len(moduleQueries)) {
		t.Errorf("%d CONNECTs for %d requests, %d at a time", n, len(moduleQueries), moduleParallel)
	}
	if m := ms.maxIn.Load(); m < 2 || m > moduleParallel {
		t.Errorf("%d requests in flight at most, want 2..%d", m, moduleParallel)
	}
}

// The first connection verifies; a later one presents a certificate the context does not
// trust: no request, so no credentials, goes over it.
func TestModulesRedialVerifiesTLS(t *testing.T) {
	ca := newCA(t, "Env Doctor Test Root CA")
	evil := newCA(t, "Evil CA")
	good, bad := ca.validLeaf(t), evil.validLeaf(t)
	var handshakes atomic.Int32
	var ms moduleServer
	h := ms.handler()
	s := httptestTLS(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Connection", "close") // every request needs a new connection
		h.ServeHTTP(w, r)
	}), func(*tls.ClientHelloInfo) (*tls.Certificate, error) {
		if handshakes.Add(1) == 1 {
			return &good, nil
		}
		return &bad, nil
	})
	resolver := startDNS(t, dnsAnswer, map[string]string{"proxy.test": "127.0.0.1"})
	u := "https://bob:" + canary + "@proxy.test:" + portOfServer(s)
	opts := Options{Env: probe.Env{"SSL_CERT_FILE": ca.file(t)}, GOOS: "linux", StageTimeout: 2 * time.Second, Resolver: resolver}
	got := Modules(context.Background(), probe.Plan{Targets: []probe.Target{proxyTarget(u)}}, moduleQueries[:3], opts)
	ok, refused := 0, 0
	for _, a := range got {
		switch {
		case a.Status != 0:
			ok++
		case a.Failure == probe.HTTPStatus && strings.Contains(a.Detail, "failed to verify certificate"):
			refused++
		default:
			t.Errorf("answer %+v", a)
		}
	}
	paths, _ := ms.seen()
	if ok != 1 || refused != 2 || len(paths) != 1 {
		t.Errorf("%d answered, %d refused, server saw %v", ok, refused, paths)
	}
}

// httptestTLS serves h over TLS with certificates chosen per handshake.
func httptestTLS(t *testing.T, h http.Handler, get func(*tls.ClientHelloInfo) (*tls.Certificate, error)) *httptest.Server {
	t.Helper()
	s := httptest.NewUnstartedServer(h)
	s.TLS = &tls.Config{GetCertificate: get} // used for every handshake with a server name
	s.Config.ErrorLog = quietLog
	s.StartTLS()
	t.Cleanup(s.Close)
	return s
}

// When the route fails (a name that does not resolve, an untrusted certificate), every query
// to that proxy gets the failure and nothing is sent.
func TestModulesRouteFailure(t *testing.T) {
	var ms moduleServer
	f := newFixture(t, ms.handler())
	qs := moduleQueries[:2]
	got := Modules(context.Background(), probe.Plan{Targets: []probe.Target{proxyTarget("https://nowhere.test")}}, qs, f.opts())
	for _, a := range got {
		if a.Failure != probe.DNSNotFound || !strings.HasPrefix(a.Detail, "dns: ") {
			t.Errorf("answer %+v", a)
		}
	}
	opts := f.opts()
	opts.Env = nil
	opts.ContextRoots = x509.NewCertPool()
	u := strings.Replace(f.url, "https://", "https://bob:"+canary+"@", 1)
	got = Modules(context.Background(), probe.Plan{Targets: []probe.Target{proxyTarget(u)}}, qs, opts)
	for _, a := range got {
		if a.Failure != probe.TLSUnknownAuth || !strings.HasPrefix(a.Detail, "tls: ") || strings.Contains(a.Detail+a.Proxy, canary) {
			t.Errorf("answer %+v", a)
		}
	}
	if paths, _ := ms.seen(); len(paths) != 0 {
		t.Errorf("requests went out over an untrusted connection: %v", paths)
	}
}

// At most MaxModuleQueries modules are asked, the rest answered NotAsked; at most
// moduleParallel requests are in flight.
func TestModulesLimit(t *testing.T) {
	ms := moduleServer{delay: 10 * time.Millisecond}
	s := startHTTP(t, ms.wrap(http.NotFound))
	var qs []probe.ModuleQuery
	for i := range MaxModuleQueries + 7 {
		qs = append(qs, probe.ModuleQuery{Path: "example.com/pub", Version: fmt.Sprintf("v1.0.%d", i)})
	}
	got := Modules(context.Background(), probe.Plan{Targets: []probe.Target{proxyTarget(s.URL)}}, qs, plainOpts())
	if len(got) != len(qs) {
		t.Fatalf("%d answers for %d queries", len(got), len(qs))
	}
	for i, a := range got {
		if a.Version != qs[i].Version {
			t.Errorf("answer %d is for %s", i, a.Version)
		}
		switch {
		case i < MaxModuleQueries && (a.Failure != probe.NotFound || a.Proxy != s.URL):
			t.Errorf("answer %d: %+v", i, a)
		case i >= MaxModuleQueries && (a.Failure != probe.NotAsked || a.Proxy != "" || !strings.Contains(a.Detail, "only the first 50 of 57 modules")):
			t.Errorf("answer %d: %+v", i, a)
		}
	}
	paths, _ := ms.seen()
	if len(paths) != MaxModuleQueries {
		t.Errorf("%d requests, want %d", len(paths), MaxModuleQueries)
	}
	if m := ms.maxIn.Load(); m > moduleParallel || m < 2 {
		t.Errorf("%d requests in flight at most", m)
	}
}

// Canceling ctx stops every request promptly; the answers say canceled.
func TestModulesCancel(t *testing.T) {
	silent := silentListener(t)
	var qs []probe.ModuleQuery
	for i := range 10 {
		qs = append(qs, probe.ModuleQuery{Path: fmt.Sprintf("example.com/m%d", i), Version: "v1.0.0"})
	}
	plan := probe.Plan{Targets: []probe.Target{proxyTarget("http://" + silent), proxyTarget("https://" + silent)}}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	got := Modules(ctx, plan, qs, Options{StageTimeout: 10 * time.Second, ContextRoots: x509.NewCertPool()})
	if el := time.Since(start); el > time.Second {
		t.Fatalf("Modules took %v after a cancel at 100ms", el)
	}
	if len(got) != 20 {
		t.Fatalf("%d answers", len(got))
	}
	for _, a := range got {
		if a.Failure != probe.Canceled || !strings.Contains(a.Detail, "canceled") {
			t.Errorf("answer %+v", a)
		}
	}
	// Already canceled: nothing is attempted.
	got = Modules(ctx, plan, qs[:1], Options{})
	for _, a := range got {
		if a.Failure != probe.Canceled {
			t.Errorf("answer %+v", a)
		}
	}
}

func TestModulesNothingToAsk(t *testing.T) {
	if got := Modules(context.Background(), probe.Plan{Targets: []probe.Target{sumdbDirect("https://sum.golang.org")}}, moduleQueries, Options{}); len(got) != 0 {
		t.Errorf("no proxy, yet %+v", got)
	}
	if got := Modules(context.Background(), probe.Plan{Targets: []probe.Target{proxyTarget("https://proxy.test")}}, nil, Options{}); len(got) != 0 {
		t.Errorf("no query, yet %+v", got)
	}
}

func TestAnyProxyAnswered(t *testing.T) {
	ok := probe.Result{Target: proxyTarget("https://a"), Stages: []probe.Stage{{Stage: probe.StageDNS, OK: true}, {Stage: probe.StageHTTP, OK: true}, {Stage: probe.StageProtocol, Failure: probe.NotFound}}}
	dead := probe.Result{Target: proxyTarget("https://b"), Stages: []probe.Stage{{Stage: probe.StageDNS, Failure: probe.DNSNotFound}}}
	sumdb := probe.Result{Target: sumdbDirect("https://s"), Stages: ok.Stages}
	if !AnyProxyAnswered([]probe.Result{dead, ok}) || AnyProxyAnswered([]probe.Result{dead, sumdb}) || AnyProxyAnswered(nil) {
		t.Error("AnyProxyAnswered")
	}
}
