package netrun

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/go-env-doctor/go-env-doctor/server/internal/probe"
)

// handshake does a TLS handshake that accepts any certificate, so that the presented chain is
// always known; verification is the caller's. It returns the chain even when the handshake fails
// after the server's certificates arrived.
func handshake(ctx context.Context, conn net.Conn, host string) (*tls.Conn, []*x509.Certificate, error) {
	var chain []*x509.Certificate
	cfg := &tls.Config{
		ServerName:         host,
		InsecureSkipVerify: true, // verified by verifyChain, against the context's roots
		NextProtos:         []string{"http/1.1"},
		VerifyConnection: func(cs tls.ConnectionState) error {
			chain = cs.PeerCertificates
			return nil
		},
	}
	tc := tls.Client(conn, cfg)
	if err := tc.HandshakeContext(ctx); err != nil {
		return nil, chain, err
	}
	return tc, tc.ConnectionState().PeerCertificates, nil
}

// tlsStage does the TLS handshake with host on conn (the target, or an https proxy when
// toProxy), records what was presented in Result.TLS and verifies it like the go command would
// with the context's roots. Public (is the chain anchored in the Web PKI?) ignores the host
// name, so an expired public certificate is not Public either.
func (p *prober) tlsStage(conn net.Conn, host string, toProxy bool) net.Conn {
	var out net.Conn
	whom := host
	if toProxy {
		whom = "the proxy " + host
	}
	p.stage(probe.StageTLS, func(ctx context.Context) (string, probe.Failure) {
		tc, chain, err := handshake(ctx, conn, host)
		info := &probe.TLSInfo{Chain: describeChain(chain)}
		if err != nil {
			if len(chain) > 0 {
				p.setTLS(info) // the chain is known even when the handshake failed later
			}
			if isTimeout(err) {
				return fmt.Sprintf("no TLS answer from %s within %v", whom, p.s.timeout), probe.TLSError
			}
			return fmt.Sprintf("TLS handshake with %s failed: %v", whom, err), probe.TLSError
		}
		if len(chain) == 0 {
			p.setTLS(info)
			return fmt.Sprintf("%s presented no certificate", whom), probe.TLSError
		}

		chains, verr := verifyChain(chain, host, p.s.context)
		if verr == nil {
			info.Verified = true
			info.Root = certName(chains[0][len(chains[0])-1])
		}
		// Public asks only whether the chain is anchored in the Web PKI (a corporate or
		// intercepting CA is not), so the host name plays no part there.
		_, perr := verifyChain(chain, "", p.s.public)
		info.Public = perr == nil
		// Result.TLS describes the target; an https proxy's chain is kept only when it fails.
		if !toProxy || verr != nil {
			p.setTLS(info)
		}
		if verr != nil {
			return p.tlsVerifyDetail(whom, chain, verr), tlsFailure(verr)
		}
		out = tc
		kind := "not a public root"
		if info.Public {
			kind = "a public root"
		}
		return fmt.Sprintf("%s with %s: certificate for %s issued by %s, verified to %s (%s)",
			tls.VersionName(tc.ConnectionState().Version), whom, certName(chain[0]), chain[0].Issuer, info.Root, kind), ""
	})
	return out
}

// verifyChain verifies a presented chain (leaf first) as crypto/tls would for host; host ""
// skips the name check.
func verifyChain(chain []*x509.Certificate, host string, roots *x509.CertPool) ([][]*x509.Certificate, error) {
	inter := x509.NewCertPool()
	for _, c := range chain[1:] {
		inter.AddCert(c)
	}
	return chain[0].Verify(x509.VerifyOptions{DNSName: host, Roots: roots, Intermediates: inter})
}

func tlsFailure(err error) probe.Failure {
	var ua x509.UnknownAuthorityError
	var ci x509.CertificateInvalidError
	var he x509.HostnameError
	switch {
	case errors.As(err, &ua):
		return probe.TLSUnknownAuth
	case errors.As(err, &ci) && ci.Reason == x509.Expired:
		return probe.TLSExpired
	case errors.As(err, &he):
		return probe.TLSWrongHost
	}
	return probe.TLSError
}

// tlsVerifyDetail says why verification failed in the words a user needs: for an unknown
// authority, who issued the top of the presented chain and which roots do not include it.
func (p *prober) tlsVerifyDetail(whom string, chain []*x509.Certificate, err error) string {
	var ua x509.UnknownAuthorityError
	var ci x509.CertificateInvalidError
	switch {
	case errors.As(err, &ua):
		top := chain[len(chain)-1]
		d := fmt.Sprintf("%s presented a chain that ends at %s, issued by %q, which is not among %s: %v",
			whom, certName(top), top.Issuer.String(), p.s.rootsSource, err)
		if p.s.rootsErr != nil {
			d += fmt.Sprintf(" (reading the roots failed: %v)", p.s.rootsErr)
		}
		return d
	case errors.As(err, &ci) && ci.Reason == x509.Expired:
		c := ci.Cert
		return fmt.Sprintf("%s presented a certificate (%s) valid from %s until %s: %v",
			whom, certName(c), c.NotBefore.UTC().Format(time.RFC3339), c.NotAfter.UTC().Format(time.RFC3339), err)
	}
	return fmt.Sprintf("%s: %v", whom, err)
}

func describeChain(chain []*x509.Certificate) []probe.Cert {
	var out []probe.Cert
	for _, c := range chain {
		out = append(out, probe.Cert{Subject: certName(c), Issuer: c.Issuer.String(), NotAfter: c.NotAfter.UTC().Format(time.RFC3339)})
	}
	return out
}

// certName is a certificate's subject, or its names when the subject is empty (leaves often
// carry only SANs).
func certName(c *x509.Certificate) string {
	if s := c.Subject.String(); s != "" {
		return s
	}
	names := append([]string(nil), c.DNSNames...)
	for _, ip := range c.IPAddresses {
		names = append(names, ip.String())
	}
	return "(no subject; names: " + strings.Join(names, ", ") + ")"
}
