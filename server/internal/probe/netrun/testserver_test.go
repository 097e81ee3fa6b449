package netrun

// Shared fixtures: test CAs and certificates, a DNS server, module proxy handlers, silent
// listeners and elazarl/goproxy HTTP proxies, all on 127.0.0.1.

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/elazarl/goproxy"
	"github.com/miekg/dns"

	"github.com/go-env-doctor/go-env-doctor/server/internal/probe"
)

// testTimeout is the StageTimeout of tests that wait for something that never answers.
const testTimeout = 300 * time.Millisecond

// ---- certificates ----

type testCA struct {
	name string // subject as x509 prints it: "CN=…,O=…"
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
}

var serial int64 = 1000

var serialMu sync.Mutex

func nextSerial() *big.Int {
	serialMu.Lock()
	defer serialMu.Unlock()
	serial++
	return big.NewInt(serial)
}

func newCA(t testing.TB, cn string) *testCA {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          nextSerial(),
		Subject:               pkix.Name{CommonName: cn, Organization: []string{"Env Doctor Tests"}},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return &testCA{name: cert.Subject.String(), cert: cert, key: key}
}

func (ca *testCA) pem() []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ca.cert.Raw})
}

// file writes the CA to a temp file, for SSL_CERT_FILE.
func (ca *testCA) file(t testing.TB) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(p, ca.pem(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func (ca *testCA) pool() *x509.CertPool {
	p := x509.NewCertPool()
	p.AddCert(ca.cert)
	return p
}

// tlsCert is the CA itself as a tls.Certificate (goproxy's MITM signer wants one).
func (ca *testCA) tlsCert() tls.Certificate {
	return tls.Certificate{Certificate: [][]byte{ca.cert.Raw}, PrivateKey: ca.key, Leaf: ca.cert}
}

// leaf issues a server certificate for names, valid from notBefore to notAfter.
func (ca *testCA) leaf(t testing.TB, names []string, notBefore, notAfter time.Time) tls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: nextSerial(),
		Subject:      pkix.Name{CommonName: names[0]},
		NotBefore:    notBefore,
		NotAfter:     notAfter,
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	for _, n := range names {
		if ip := net.ParseIP(n); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, n)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

// validLeaf is a current certificate for the names the tests use.
func (ca *testCA) validLeaf(t testing.TB, names ...string) tls.Certificate {
	if len(names) == 0 {
		names = []string{"proxy.test", "sum.golang.org", "127.0.0.1"}
	}
	return ca.leaf(t, names, time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
}

// ---- DNS ----

// dnsMode selects how the test DNS server behaves.
type dnsMode int

const (
	dnsAnswer   dnsMode = iota // A records for known names, NXDOMAIN for others
	dnsSilent                  // reads queries and never answers
	dnsServFail                // SERVFAIL for everything
)

// startDNS runs a DNS server on 127.0.0.1 (UDP) and returns a pure-Go resolver that asks only it.
// records maps names ("proxy.test") to IPv4 addresses.
func startDNS(t testing.TB, mode dnsMode, records map[string]string) *net.Resolver {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := pc.LocalAddr().String()
	if mode == dnsSilent {
		go func() {
			buf := make([]byte, 2048)
			for {
				if _, _, err := pc.ReadFrom(buf); err != nil {
					return
				}
			}
		}()
		t.Cleanup(func() { pc.Close() })
	} else {
		srv := &dns.Server{PacketConn: pc, Handler: dns.HandlerFunc(func(w dns.ResponseWriter, r *dns.Msg) {
			m := new(dns.Msg)
			m.SetReply(r)
			m.Authoritative, m.RecursionAvailable = true, true
			q := r.Question[0]
			ip, known := records[strings.TrimSuffix(strings.ToLower(q.Name), ".")]
			switch {
			case mode == dnsServFail:
				m.Rcode = dns.RcodeServerFailure
			case !known:
				m.Rcode = dns.RcodeNameError
			case q.Qtype == dns.TypeA:
				m.Answer = append(m.Answer, &dns.A{
					Hdr: dns.RR_Header{Name: q.Name, Rrtype: dns.TypeA, Class: dns.ClassINET, Ttl: 60},
					A:   net.ParseIP(ip).To4(),
				})
			}
			w.WriteMsg(m)
		})}
		started := make(chan struct{})
		srv.NotifyStartedFunc = func() { close(started) }
		go srv.ActivateAndServe()
		<-started
		t.Cleanup(func() { srv.Shutdown() })
	}
	return &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, _, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "udp", addr)
	}}
}

// ---- module proxy ----

const (
	listBody   = "v0.3.0\nv0.3.1\nv0.3.2\nv0.3.8\n"
	lookupBody = "1234\ngolang.org/x/text v0.3.0 h1:g61tztE5qeGQ89tm6NTjjM9VPIm088od1l6aSorWRWg=\n" +
		"golang.org/x/text v0.3.0/go.mod h1:NqM8EUOU14njkJ3fqMW+pc6Ldnwhi/IjpwHt7yyuwOQ=\n\n" +
		"go.sum database tree\n5678\nabc=\n\n— sum.golang.org Az3grm…\n"
)

// healthy serves the paths the probe asks a module proxy and a checksum database for.
func healthy() *http.ServeMux {
	mux := http.NewServeMux()
	text := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			io.WriteString(w, body)
		}
	}
	mux.HandleFunc("GET /golang.org/x/text/@v/list", text(listBody))
	mux.HandleFunc("GET /sumdb/sum.golang.org/supported", text(""))
	mux.HandleFunc("GET /sumdb/sum.golang.org/lookup/golang.org/x/text@v0.3.0", text(lookupBody))
	mux.HandleFunc("GET /lookup/golang.org/x/text@v0.3.0", text(lookupBody)) // as sum.golang.org itself
	return mux
}

// override serves the given paths with their handlers and the rest like healthy.
func override(routes map[string]http.HandlerFunc) http.Handler {
	mux := healthy()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if h, ok := routes[r.URL.Path]; ok {
			h(w, r)
			return
		}
		mux.ServeHTTP(w, r)
	})
}

var quietLog = log.New(io.Discard, "", 0)

// startHTTPS serves h over TLS with cert.
func startHTTPS(t testing.TB, h http.Handler, cert tls.Certificate) *httptest.Server {
	t.Helper()
	s := httptest.NewUnstartedServer(h)
	s.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	s.Config.ErrorLog = quietLog
	s.StartTLS()
	t.Cleanup(s.Close)
	return s
}

func startHTTP(t testing.TB, h http.Handler) *httptest.Server {
	t.Helper()
	s := httptest.NewUnstartedServer(h)
	s.Config.ErrorLog = quietLog
	s.Start()
	t.Cleanup(s.Close)
	return s
}

func portOfServer(s *httptest.Server) string {
	_, port, _ := net.SplitHostPort(s.Listener.Addr().String())
	return port
}

// ---- raw listeners ----

// silentListener accepts connections and never sends a byte.
func silentListener(t testing.TB) string {
	t.Helper()
	return rawListener(t, func(net.Conn) {})
}

// rawListener runs serve on each accepted connection and keeps it open until the test ends.
func rawListener(t testing.TB, serve func(net.Conn)) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			go serve(c)
		}
	}()
	t.Cleanup(func() {
		l.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return l.Addr().String()
}

// closedPort is a loopback address nothing listens on.
func closedPort(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// ---- HTTP proxies (elazarl/goproxy) ----

// startGoproxy runs goproxy as an HTTP proxy whose every outgoing connection (CONNECT tunnels
// and forwarded requests alike) goes to upstream, a test server: the "proxy.test" and
// "sum.golang.org" the probe asks for. upstreamRoots verify upstream in MITM mode.
func startGoproxy(t testing.TB, upstream string, upstreamRoots *x509.CertPool, configure func(*goproxy.ProxyHttpServer)) string {
	t.Helper()
	px := goproxy.NewProxyHttpServer()
	px.Logger = quietLog
	px.Tr = &http.Transport{
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, network, upstream)
		},
		TLSClientConfig: &tls.Config{RootCAs: upstreamRoots},
	}
	px.ConnectDial = func(network, _ string) (net.Conn, error) { return net.Dial(network, upstream) }
	if configure != nil {
		configure(px)
	}
	s := startHTTP(t, px)
	return s.Listener.Addr().String()
}

// plainResponse builds a response for goproxy handlers.
func plainResponse(code int, body string, hdr http.Header) *http.Response {
	if hdr == nil {
		hdr = http.Header{}
	}
	hdr.Set("Content-Type", "text/plain; charset=utf-8")
	return &http.Response{
		StatusCode: code, Status: http.StatusText(code), ProtoMajor: 1, ProtoMinor: 1,
		Header: hdr, Body: io.NopCloser(strings.NewReader(body)), ContentLength: int64(len(body)),
	}
}

// ---- a healthy setup ----

// fixture is a healthy HTTPS module proxy at proxy.test (resolved by a local DNS server), with a
// private CA in SSL_CERT_FILE.
type fixture struct {
	ca       *testCA
	caFile   string
	server   *httptest.Server
	resolver *net.Resolver
	url      string // https://proxy.test:PORT
}

func newFixture(t testing.TB, h http.Handler) *fixture {
	t.Helper()
	if h == nil {
		h = healthy()
	}
	f := &fixture{ca: newCA(t, "Env Doctor Test Root CA")}
	f.caFile = f.ca.file(t)
	f.server = startHTTPS(t, h, f.ca.validLeaf(t))
	f.resolver = startDNS(t, dnsAnswer, map[string]string{"proxy.test": "127.0.0.1"})
	f.url = "https://proxy.test:" + portOfServer(f.server)
	return f
}

func (f *fixture) opts() Options {
	return Options{Env: probe.Env{"SSL_CERT_FILE": f.caFile}, GOOS: "linux", StageTimeout: 2 * time.Second, Resolver: f.resolver}
}

// ---- assertions ----

func proxyTarget(u string) probe.Target {
	return probe.Target{URL: u, Role: probe.RoleProxy, Module: probe.ListModule}
}

func sumdbViaProxy(proxyURL string) probe.Target {
	return probe.Target{URL: proxyURL + "/sumdb/sum.golang.org", Role: probe.RoleSumDB, SumDB: "sum.golang.org",
		Module: probe.LookupModule, Version: probe.LookupVersion}
}

func sumdbDirect(u string) probe.Target {
	return probe.Target{URL: u, Role: probe.RoleSumDB, Index: -1, SumDB: "sum.golang.org",
		Module: probe.LookupModule, Version: probe.LookupVersion}
}

func runOne(t testing.TB, tg probe.Target, opts Options) probe.Result {
	t.Helper()
	rs := Run(context.Background(), probe.Plan{Targets: []probe.Target{tg}}, opts)
	if len(rs) != 1 {
		t.Fatalf("got %d results, want 1", len(rs))
	}
	return rs[0]
}

func stageNames(r probe.Result) string {
	var s []string
	for _, st := range r.Stages {
		s = append(s, string(st.Stage))
	}
	return strings.Join(s, ",")
}

func dump(r probe.Result) string {
	b, _ := json.MarshalIndent(r, "", "  ")
	return string(b)
}

// wantOK asserts that every stage passed, in the order given.
func wantOK(t testing.TB, r probe.Result, stages string) {
	t.Helper()
	if !r.OK() || stageNames(r) != stages {
		t.Fatalf("want stages %s all OK, got:\n%s", stages, dump(r))
	}
	for _, st := range r.Stages {
		if !st.OK || st.Failure != "" || st.Detail == "" {
			t.Fatalf("stage %s: %+v", st.Stage, st)
		}
	}
}

// wantFail asserts the failed stage, its failure and that its detail contains each of details.
func wantFail(t testing.TB, r probe.Result, stage probe.StageName, f probe.Failure, details ...string) *probe.Stage {
	t.Helper()
	last := r.Last()
	if r.Failed != stage || last == nil || last.Stage != stage || last.OK || last.Failure != f {
		t.Fatalf("want %s to fail with %s, got:\n%s", stage, f, dump(r))
	}
	for _, st := range r.Stages[:len(r.Stages)-1] {
		if !st.OK {
			t.Fatalf("stage %s failed before the last: %+v", st.Stage, st)
		}
	}
	for _, d := range details {
		if !strings.Contains(last.Detail, d) {
			t.Errorf("detail %q does not contain %q", last.Detail, d)
		}
	}
	return last
}

// wantNoSecret asserts that secret appears in no stage detail and no certificate text.
func wantNoSecret(t testing.TB, rs []probe.Result, secrets ...string) {
	t.Helper()
	for _, r := range rs {
		var texts []string
		for _, st := range r.Stages {
			texts = append(texts, st.Detail)
		}
		if r.TLS != nil {
			texts = append(texts, r.TLS.Root)
			for _, c := range r.TLS.Chain {
				texts = append(texts, c.Subject, c.Issuer)
			}
		}
		for _, s := range secrets {
			for _, txt := range texts {
				if strings.Contains(txt, s) {
					t.Errorf("secret %q leaked in %q", s, txt)
				}
			}
		}
	}
}
