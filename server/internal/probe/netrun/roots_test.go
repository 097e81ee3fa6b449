package netrun

import (
	"context"
	"crypto/x509"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/go-env-doctor/go-env-doctor/server/internal/probe"
)

func poolOf(cas ...*testCA) *x509.CertPool {
	p := x509.NewCertPool()
	for _, ca := range cas {
		p.AddCert(ca.cert)
	}
	return p
}

func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestContextRootsUnix(t *testing.T) {
	ca1, ca2, ca3 := newCA(t, "CA One"), newCA(t, "CA Two"), newCA(t, "CA Three")
	file1 := ca1.file(t)
	dir2, dir3 := t.TempDir(), t.TempDir()
	writeFile(t, dir2, "two.pem", ca2.pem())
	writeFile(t, dir3, "three.crt", ca3.pem())
	writeFile(t, dir3, "junk.txt", []byte("not a certificate"))

	for _, c := range []struct {
		name   string
		env    probe.Env
		want   *x509.CertPool
		source string
	}{
		// SSL_CERT_FILE replaces the file list; SSL_CERT_DIR replaces the directories.
		{"file and dirs", probe.Env{"SSL_CERT_FILE": file1, "SSL_CERT_DIR": dir2 + ":" + dir3}, poolOf(ca1, ca2, ca3),
			"the roots from SSL_CERT_FILE=" + file1 + ", SSL_CERT_DIR=" + dir2 + ":" + dir3},
		{"missing file, one dir", probe.Env{"SSL_CERT_FILE": filepath.Join(dir2, "absent.pem"), "SSL_CERT_DIR": dir2}, poolOf(ca2), "the roots from SSL_CERT_FILE="},
		{"file, empty dir", probe.Env{"SSL_CERT_FILE": file1, "SSL_CERT_DIR": t.TempDir()}, poolOf(ca1), "the roots from SSL_CERT_FILE="},
	} {
		for _, goos := range []string{"linux", "freebsd", "openbsd", "solaris"} {
			pool, src, err := ContextRoots(c.env, goos)
			if err != nil {
				t.Errorf("%s/%s: %v", c.name, goos, err)
			}
			if !pool.Equal(c.want) {
				t.Errorf("%s/%s: pool differs", c.name, goos)
			}
			if !strings.HasPrefix(src, c.source) {
				t.Errorf("%s/%s: source %q", c.name, goos, src)
			}
		}
	}

	// A chain of ca2 verifies against the pool of its directory only.
	pool, _, _ := ContextRoots(probe.Env{"SSL_CERT_FILE": "/nonexistent", "SSL_CERT_DIR": dir2}, "linux")
	leaf2, _ := x509.ParseCertificate(ca2.validLeaf(t, "proxy.test").Certificate[0])
	leaf1, _ := x509.ParseCertificate(ca1.validLeaf(t, "proxy.test").Certificate[0])
	if _, err := verifyChain([]*x509.Certificate{leaf2}, "proxy.test", pool); err != nil {
		t.Errorf("ca2 leaf: %v", err)
	}
	if _, err := verifyChain([]*x509.Certificate{leaf1}, "proxy.test", pool); err == nil {
		t.Errorf("ca1 leaf verified without ca1 in the roots")
	}
}

// Only the first readable file of the list counts, as in crypto/x509.
func TestContextRootsFirstFileWins(t *testing.T) {
	save := linuxCertFiles
	defer func() { linuxCertFiles = save }()
	ca1, ca2 := newCA(t, "First"), newCA(t, "Second")
	dir := t.TempDir()
	linuxCertFiles = []string{filepath.Join(dir, "absent"), writeFile(t, dir, "a.pem", ca1.pem()), writeFile(t, dir, "b.pem", ca2.pem())}
	empty := t.TempDir()
	pool, src, err := ContextRoots(probe.Env{"SSL_CERT_DIR": empty}, "linux")
	if err != nil || !pool.Equal(poolOf(ca1)) {
		t.Fatalf("pool differs, err %v", err)
	}
	if src != "the roots from SSL_CERT_DIR="+empty {
		t.Errorf("source %q", src)
	}
	_, src, _ = ContextRoots(probe.Env{}, "linux")
	if src != "the system roots ("+linuxCertFiles[1]+")" {
		t.Errorf("source %q", src)
	}
}

// On darwin and windows the platform verifier is used and SSL_CERT_* are ignored.
func TestContextRootsPlatformVerifier(t *testing.T) {
	sys, err := x509.SystemCertPool()
	if err != nil {
		t.Skip(err)
	}
	ca := newCA(t, "Ignored")
	for _, goos := range []string{"darwin", "windows", "ios"} {
		pool, src, err := ContextRoots(probe.Env{"SSL_CERT_FILE": ca.file(t)}, goos)
		if err != nil || !pool.Equal(sys) || src != "the system roots" {
			t.Errorf("%s: not the system pool (%q, %v)", goos, src, err)
		}
	}
}

// The public roots come from the bundle without touching the process's roots.
func TestPublicRoots(t *testing.T) {
	before, errBefore := x509.SystemCertPool()
	pub := PublicRoots()
	if n := len(pub.Subjects()); n < 100 { //lint:ignore SA1019 a plain pool, not the system one
		t.Fatalf("public roots: %d", n)
	}
	// A private chain is not public, but verifies with its own root.
	f := newFixture(t, nil)
	rs := Run(context.Background(), probe.Plan{Targets: []probe.Target{proxyTarget(f.url)}}, f.opts())
	if tls := rs[0].TLS; tls == nil || !tls.Verified || tls.Public {
		t.Fatalf("TLS: %+v", tls)
	}
	after, errAfter := x509.SystemCertPool()
	if (errBefore == nil) != (errAfter == nil) || (errBefore == nil && !before.Equal(after)) {
		t.Errorf("the system roots changed")
	}
	// The process's fallback roots were never set: setting them now does not panic. Once per
	// test process, since this does set them (to an empty pool, harmless here).
	fallbackOnce.Do(func() {
		defer func() {
			if e := recover(); e != nil {
				t.Errorf("fallback roots were already set: %v", e)
			}
		}()
		x509.SetFallbackRoots(x509.NewCertPool())
	})
}

var fallbackOnce sync.Once
