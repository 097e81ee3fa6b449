package netrun

import (
	"crypto/x509"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"golang.org/x/crypto/x509roots/fallback/bundle"

	"github.com/go-env-doctor/go-env-doctor/server/internal/probe"

	"github.com/go-env-doctor/go-env-doctor/server/internal/regularfile"
)

// maxCertFile bounds one certificate file or bundle; a named pipe or device in SSL_CERT_FILE or
// SSL_CERT_DIR is refused instead of blocking the probe beyond every stage's deadline.
const maxCertFile = 64 << 20

// Root file and directory lists of crypto/x509 (root_linux.go, root_bsd.go, root_solaris.go,
// root_aix.go): the go command of a context reads exactly these, so the probe does too.
var (
	linuxCertFiles = []string{
		"/etc/ssl/certs/ca-certificates.crt",                // Debian/Ubuntu/Gentoo etc.
		"/etc/pki/tls/certs/ca-bundle.crt",                  // Fedora/RHEL 6
		"/etc/ssl/ca-bundle.pem",                            // OpenSUSE
		"/etc/pki/tls/cacert.pem",                           // OpenELEC
		"/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem", // CentOS/RHEL 7
		"/etc/ssl/cert.pem",                                 // Alpine Linux
	}
	linuxCertDirs = []string{"/etc/ssl/certs", "/etc/pki/tls/certs"}

	bsdCertFiles = []string{
		"/usr/local/etc/ssl/cert.pem",
		"/etc/ssl/cert.pem",
		"/usr/local/share/certs/ca-root-nss.crt",
		"/etc/openssl/certs/ca-certificates.crt",
	}
	bsdCertDirs = []string{"/etc/ssl/certs", "/usr/local/share/certs", "/etc/openssl/certs"}

	solarisCertFiles = []string{"/etc/certs/ca-certificates.crt", "/etc/ssl/certs/ca-certificates.crt", "/etc/ssl/cacert.pem"}
	solarisCertDirs  = []string{"/etc/certs/CA"}

	aixCertFiles = []string{"/var/ssl/certs/ca-bundle.crt"}
	aixCertDirs  = []string{"/var/ssl/certs"}
)

// certPaths is the default file and directory list of crypto/x509 on goos; ok is false where
// the platform verifier is used instead (darwin, ios, windows) or goos is unknown.
func certPaths(goos string) (files, dirs []string, ok bool) {
	switch goos {
	case "linux", "android":
		return linuxCertFiles, linuxCertDirs, true
	case "freebsd", "openbsd", "netbsd", "dragonfly":
		return bsdCertFiles, bsdCertDirs, true
	case "solaris", "illumos":
		return solarisCertFiles, solarisCertDirs, true
	case "aix":
		return aixCertFiles, aixCertDirs, true
	}
	return nil, nil, false
}

// ContextRoots returns the roots the go command of a context trusts on goos, and where they come
// from in words ("the roots from SSL_CERT_FILE=…", "the system roots (/etc/ssl/…)"). On Unix it mirrors crypto/x509's root_unix.go with the context's SSL_CERT_FILE
// (replaces the file list; only the first readable file counts) and SSL_CERT_DIR (a colon list
// that replaces the directories). On darwin and windows the go command asks the platform
// verifier and ignores SSL_CERT_*, so this is x509.SystemCertPool.
func ContextRoots(env probe.Env, goos string) (*x509.CertPool, string, error) {
	files, dirs, unix := certPaths(goos)
	if !unix {
		pool, err := x509.SystemCertPool()
		if err != nil {
			return x509.NewCertPool(), "the system roots", err
		}
		return pool, "the system roots", nil
	}
	var src []string
	if f := env["SSL_CERT_FILE"]; f != "" {
		files = []string{f}
		src = append(src, "SSL_CERT_FILE="+f)
	}
	if d := env["SSL_CERT_DIR"]; d != "" {
		dirs = strings.Split(d, ":")
		src = append(src, "SSL_CERT_DIR="+d)
	}

	pool := x509.NewCertPool()
	var firstErr error
	loaded, found := "", false
	for _, file := range files {
		data, err := regularfile.Read(file, maxCertFile)
		if err == nil {
			found = pool.AppendCertsFromPEM(data) || found
			loaded = file
			break
		}
		if firstErr == nil && !os.IsNotExist(err) {
			firstErr = err
		}
	}
	for _, dir := range dirs {
		entries, err := os.ReadDir(dir)
		if err != nil {
			if firstErr == nil && !os.IsNotExist(err) {
				firstErr = err
			}
			continue
		}
		for _, e := range entries {
			if isSameDirSymlink(e, dir) {
				continue // c_rehash links to a file read anyway
			}
			if data, err := regularfile.Read(dir+"/"+e.Name(), maxCertFile); err == nil {
				found = pool.AppendCertsFromPEM(data) || found
			}
		}
	}

	where := "the roots from " + strings.Join(src, ", ")
	if len(src) == 0 {
		where = "the system roots"
		if loaded != "" {
			where += " (" + loaded + ")"
		}
	}
	if found {
		firstErr = nil // crypto/x509 ignores read errors once it has roots
	}
	return pool, where, firstErr
}

// isSameDirSymlink is crypto/x509's test: a symlink whose target has no slash.
func isSameDirSymlink(e fs.DirEntry, dir string) bool {
	if e.Type()&fs.ModeSymlink == 0 {
		return false
	}
	target, err := os.Readlink(filepath.Join(dir, e.Name()))
	return err == nil && !strings.Contains(target, "/")
}

// PublicRoots returns the public Web PKI roots (Mozilla NSS, from x509roots/fallback's bundle).
// It reads the bundle package directly: importing x509roots/fallback itself would call
// x509.SetFallbackRoots and change the process's own trust.
var PublicRoots = sync.OnceValue(func() *x509.CertPool {
	pool := x509.NewCertPool()
	for r := range bundle.Roots() {
		c, err := x509.ParseCertificate(r.Certificate)
		if err != nil {
			continue
		}
		if r.Constraint != nil {
			pool.AddCertWithConstraint(c, r.Constraint)
		} else {
			pool.AddCert(c)
		}
	}
	return pool
})
