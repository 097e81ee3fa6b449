package netrun

import (
	"context"
	"crypto/x509"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/go-env-doctor/go-env-doctor/server/internal/probe"
)

// A healthy private HTTPS module proxy, planned by probe.NewPlan: the proxy, the checksum
// database through it and sum.golang.org directly (which the local DNS does not know).
func TestHealthyHTTPSProxy(t *testing.T) {
	f := newFixture(t, nil)
	env := probe.Env{"GOPROXY": f.url, "GOSUMDB": "sum.golang.org", "SSL_CERT_FILE": f.caFile}
	plan := probe.NewPlan(env, "linux")
	if len(plan.Targets) != 3 {
		t.Fatalf("plan: %+v", plan)
	}
	opts := f.opts()
	opts.Env = env
	rs := Run(context.Background(), plan, opts)

	for _, r := range rs[:2] {
		wantOK(t, r, "dns,tcp,tls,http,protocol")
		if r.Status != 200 || r.Check != "" {
			t.Errorf("status %d check %q", r.Status, r.Check)
		}
		if r.TLS == nil || !r.TLS.Verified || r.TLS.Public || r.TLS.Root != f.ca.name {
			t.Fatalf("TLS: %+v", r.TLS)
		}
		if len(r.TLS.Chain) != 1 || r.TLS.Chain[0].Subject != "CN=proxy.test" || r.TLS.Chain[0].Issuer != f.ca.name {
			t.Errorf("chain: %+v", r.TLS.Chain)
		}
		if _, err := time.Parse(time.RFC3339, r.TLS.Chain[0].NotAfter); err != nil {
			t.Errorf("NotAfter: %v", err)
		}
	}
	if d := rs[0].Stages[0].Detail; d != "proxy.test: 1 address: 127.0.0.1" {
		t.Errorf("dns detail %q", d)
	}
	if d := rs[0].Last().Detail; !strings.Contains(d, "4 versions of golang.org/x/text, up to v0.3.8") {
		t.Errorf("protocol detail %q", d)
	}
	if d := rs[1].Last().Detail; !strings.Contains(d, "supported; lookup golang.org/x/text@v0.3.0: found") {
		t.Errorf("sumdb detail %q", d)
	}
	if d := rs[1].Stages[3].Detail; !strings.Contains(d, "/sumdb/sum.golang.org/supported: 200 OK") {
		t.Errorf("http detail %q", d)
	}
	wantFail(t, rs[2], probe.StageDNS, probe.DNSNotFound, "sum.golang.org", "no such host")
}

// A direct checksum database (Index -1) is asked only for the lookup.
func TestDirectSumDB(t *testing.T) {
	f := newFixture(t, nil)
	r := runOne(t, sumdbDirect(f.url), f.opts())
	wantOK(t, r, "dns,tcp,tls,http,protocol")
	if !strings.Contains(r.Stages[3].Detail, "/lookup/golang.org/x/text@v0.3.0: 200 OK") {
		t.Errorf("http detail %q", r.Stages[3].Detail)
	}
}

func TestTLSUnknownAuthority(t *testing.T) {
	f := newFixture(t, nil)
	other := newCA(t, "Some Other CA")

	t.Run("ContextRoots", func(t *testing.T) {
		opts := f.opts()
		opts.ContextRoots = other.pool()
		r := runOne(t, proxyTarget(f.url), opts)
		wantFail(t, r, probe.StageTLS, probe.TLSUnknownAuth, `issued by "`+f.ca.name+`"`, "unknown authority")
		if r.TLS == nil || r.TLS.Verified || r.TLS.Public || r.TLS.Root != "" || len(r.TLS.Chain) != 1 || r.TLS.Chain[0].Issuer != f.ca.name {
			t.Errorf("TLS: %+v", r.TLS)
		}
	})
	t.Run("SSL_CERT_FILE", func(t *testing.T) {
		opts := f.opts()
		file := other.file(t)
		opts.Env = probe.Env{"SSL_CERT_FILE": file}
		r := runOne(t, proxyTarget(f.url), opts)
		wantFail(t, r, probe.StageTLS, probe.TLSUnknownAuth, f.ca.name, "SSL_CERT_FILE="+file)
	})
}

func TestTLSExpired(t *testing.T) {
	ca := newCA(t, "Expiry CA")
	leaf := ca.leaf(t, []string{"proxy.test"}, time.Now().Add(-48*time.Hour), time.Now().Add(-24*time.Hour))
	s := startHTTPS(t, healthy(), leaf)
	opts := Options{ContextRoots: ca.pool(), Resolver: startDNS(t, dnsAnswer, map[string]string{"proxy.test": "127.0.0.1"}), StageTimeout: 2 * time.Second}
	r := runOne(t, proxyTarget("https://proxy.test:"+portOfServer(s)), opts)
	wantFail(t, r, probe.StageTLS, probe.TLSExpired, "CN=proxy.test", "expired")
	if r.TLS == nil || r.TLS.Verified || len(r.TLS.Chain) != 1 {
		t.Errorf("TLS: %+v", r.TLS)
	}
}

func TestTLSWrongHost(t *testing.T) {
	ca := newCA(t, "Wrong Host CA")
	s := startHTTPS(t, healthy(), ca.validLeaf(t, "other.test"))
	opts := Options{ContextRoots: ca.pool(), Resolver: startDNS(t, dnsAnswer, map[string]string{"proxy.test": "127.0.0.1"}), StageTimeout: 2 * time.Second}
	r := runOne(t, proxyTarget("https://proxy.test:"+portOfServer(s)), opts)
	wantFail(t, r, probe.StageTLS, probe.TLSWrongHost, "other.test", "proxy.test")
	if r.TLS == nil || r.TLS.Verified || r.TLS.Chain[0].Subject != "CN=other.test" {
		t.Errorf("TLS: %+v", r.TLS)
	}
}

// An IP literal skips the lookup but still records the dns stage, and verifies against the IP.
func TestIPLiteral(t *testing.T) {
	f := newFixture(t, nil)
	r := runOne(t, proxyTarget(f.server.URL), f.opts())
	wantOK(t, r, "dns,tcp,tls,http,protocol")
	if r.Stages[0].Detail != "IP address" {
		t.Errorf("dns detail %q", r.Stages[0].Detail)
	}
}

// A server that accepts and never answers: the TLS stage ends at StageTimeout.
func TestTLSNoAnswer(t *testing.T) {
	addr := silentListener(t)
	start := time.Now()
	r := runOne(t, proxyTarget("https://"+addr), Options{StageTimeout: testTimeout, ContextRoots: x509.NewCertPool()})
	wantFail(t, r, probe.StageTLS, probe.TLSError, "no TLS answer")
	if el := time.Since(start); el > testTimeout+time.Second {
		t.Errorf("took %v", el)
	}
}

// Not TLS at all: a plain HTTP server on the https port.
func TestTLSNotTLS(t *testing.T) {
	s := startHTTP(t, healthy())
	_, port, _ := net.SplitHostPort(s.Listener.Addr().String())
	r := runOne(t, proxyTarget("https://127.0.0.1:"+port), Options{StageTimeout: 2 * time.Second, ContextRoots: x509.NewCertPool()})
	wantFail(t, r, probe.StageTLS, probe.TLSError, "TLS handshake with 127.0.0.1 failed")
}
