package netrun

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/netip"
	"net/url"
	"os"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/go-env-doctor/go-env-doctor/server/internal/probe"
)

// route is how a target is reached: directly, or through an HTTP(S) proxy. Its first hop is the
// host the probe dials (the proxy when there is one).
type route struct {
	p      *prober
	target *url.URL
	proxy  *url.URL // nil when direct

	hopHost string
	hopPort string
	addrs   []netip.Addr // the first hop's addresses, from the dns stage

	mu      sync.Mutex
	first   net.Conn // the connection the stages built, handed to the HTTP client once
	closers []io.Closer
}

// run probes the target.
func (p *prober) run() {
	t := p.res.Target
	u, err := url.Parse(t.URL)
	if err != nil {
		p.fail(probe.StageProtocol, probe.UnsupportedScheme, "cannot parse the URL: "+err.Error())
		return
	}
	if t.Role == probe.RoleHTTPProxy {
		p.runHTTPProxy(u)
		return
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		p.fail(probe.StageProtocol, probe.UnsupportedScheme, fmt.Sprintf("the probe does not contact %s:// URLs", u.Scheme))
		return
	}
	rt := &route{p: p, target: u}
	defer rt.close()
	if t.Via != "" {
		pu, err := url.Parse(t.Via)
		if err != nil {
			p.fail(probe.StageConnect, probe.UnsupportedScheme, "cannot parse the proxy URL: "+err.Error())
			return
		}
		if pu.Scheme != "http" && pu.Scheme != "https" {
			p.fail(probe.StageConnect, probe.UnsupportedScheme,
				fmt.Sprintf("the route goes through the %s proxy %s, which the probe does not try", pu.Scheme, pu.Redacted()))
			return
		}
		rt.proxy = pu
	}
	conn := rt.establish()
	if conn == nil {
		return
	}
	p.exchange(rt, conn)
}

// runHTTPProxy checks that an HTTP proxy accepts connections: dns → tcp.
func (p *prober) runHTTPProxy(u *url.URL) {
	switch u.Scheme {
	case "http", "https", "socks5", "socks5h":
	default:
		p.fail(probe.StageTCP, probe.UnsupportedScheme, fmt.Sprintf("the probe does not contact %s:// proxies", u.Scheme))
		return
	}
	rt := &route{p: p, hopHost: u.Hostname(), hopPort: portOf(u)}
	defer rt.close()
	if !rt.dnsStage() {
		return
	}
	rt.tcpStage()
}

// establish runs the stages up to a connection that speaks HTTP to the target: dns and tcp to
// the first hop, TLS to an https proxy, CONNECT for an https target through a proxy, TLS to an
// https target. It returns nil when a stage failed.
func (rt *route) establish() net.Conn {
	hop := rt.target
	if rt.proxy != nil {
		hop = rt.proxy
	}
	rt.hopHost, rt.hopPort = hop.Hostname(), portOf(hop)
	if !rt.dnsStage() {
		return nil
	}
	conn := rt.tcpStage()
	if conn == nil {
		return nil
	}
	if rt.proxy != nil && rt.proxy.Scheme == "https" {
		if conn = rt.p.tlsStage(conn, rt.proxy.Hostname(), true); conn == nil {
			return nil
		}
	}
	if rt.proxy != nil && rt.target.Scheme == "https" {
		if conn = rt.p.connectStage(conn, rt.proxy, targetAddr(rt.target)); conn == nil {
			return nil
		}
	}
	if rt.target.Scheme == "https" {
		if conn = rt.p.tlsStage(conn, rt.target.Hostname(), false); conn == nil {
			return nil
		}
	}
	return conn
}

// redial builds another connection along the same route, without recording stages: the HTTP
// client needs one when the server closed the first (Connection: close, a redirect). Its TLS
// handshakes must verify with the context's roots: these connections may carry credentials.
func (rt *route) redial(ctx context.Context) (net.Conn, error) {
	conn, err := dialAddrs(ctx, rt.addrs, rt.hopPort)
	if err != nil {
		return nil, err
	}
	rt.track(conn)
	if rt.proxy != nil && rt.proxy.Scheme == "https" {
		tc, err := verifiedHandshake(ctx, conn, rt.proxy.Hostname(), rt.p.s.context)
		if err != nil {
			return nil, err
		}
		conn = tc
	}
	if rt.proxy != nil && rt.target.Scheme == "https" {
		c, detail, fail := connect(ctx, conn, rt.proxy, targetAddr(rt.target))
		if fail != "" {
			return nil, errors.New(detail)
		}
		conn = c
	}
	if rt.target.Scheme == "https" {
		tc, err := verifiedHandshake(ctx, conn, rt.target.Hostname(), rt.p.s.context)
		if err != nil {
			return nil, err
		}
		conn = tc
	}
	return conn, nil
}

// dial hands the HTTP client the connection the stages built, then fresh ones.
func (rt *route) dial(ctx context.Context, _, _ string) (net.Conn, error) {
	rt.mu.Lock()
	c := rt.first
	rt.first = nil
	rt.mu.Unlock()
	if c != nil {
		return c, nil
	}
	return rt.redial(ctx)
}

func (rt *route) track(c io.Closer) {
	rt.mu.Lock()
	rt.closers = append(rt.closers, c)
	rt.mu.Unlock()
}

func (rt *route) close() {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	for _, c := range rt.closers {
		c.Close()
	}
	rt.closers = nil
}

// dnsStage resolves the first hop.
func (rt *route) dnsStage() bool {
	host := rt.hopHost
	if ip, err := netip.ParseAddr(host); err == nil {
		rt.addrs = []netip.Addr{ip}
		rt.p.record(probe.Stage{Stage: probe.StageDNS, OK: true, Detail: "IP address"})
		return true
	}
	return rt.p.stage(probe.StageDNS, func(ctx context.Context) (string, probe.Failure) {
		addrs, err := rt.p.s.resolver.LookupNetIP(ctx, "ip", host)
		if err != nil {
			return err.Error(), dnsFailure(err)
		}
		if len(addrs) == 0 {
			return fmt.Sprintf("lookup %s: no addresses", host), probe.DNSNotFound
		}
		var list []string
		for i, a := range addrs {
			addrs[i] = a.Unmap()
			list = append(list, addrs[i].String())
		}
		rt.addrs = addrs
		n := "1 address"
		if len(list) > 1 {
			n = fmt.Sprintf("%d addresses", len(list))
		}
		return fmt.Sprintf("%s: %s: %s", host, n, strings.Join(list, ", ")), ""
	})
}

// dnsFailure tells a name that does not exist from a resolver that does not answer from one
// that answers with an error.
func dnsFailure(err error) probe.Failure {
	var de *net.DNSError
	if !errors.As(err, &de) {
		if isTimeout(err) {
			return probe.DNSNoAnswer
		}
		return probe.DNSError
	}
	switch {
	case de.IsNotFound:
		return probe.DNSNotFound
	case de.IsTimeout || isTimeout(err):
		return probe.DNSNoAnswer
	case de.Err == "server misbehaving":
		return probe.DNSError // SERVFAIL, REFUSED: a resolver answered, with an error
	case de.IsTemporary:
		return probe.DNSNoAnswer // socket-level: no resolver reachable
	}
	return probe.DNSError
}

// tcpStage connects to the first hop.
func (rt *route) tcpStage() net.Conn {
	var conn net.Conn
	rt.p.stage(probe.StageTCP, func(ctx context.Context) (string, probe.Failure) {
		c, err := dialAddrs(ctx, rt.addrs, rt.hopPort)
		if err != nil {
			return err.Error(), tcpFailure(err)
		}
		rt.track(c)
		conn = c
		return "connected to " + c.RemoteAddr().String(), ""
	})
	return conn
}

// dialAddrs tries each address in turn, giving each a fair share of the time left (as net.Dialer
// does), and returns the first connection or the first error.
func dialAddrs(ctx context.Context, addrs []netip.Addr, port string) (net.Conn, error) {
	var d net.Dialer
	var firstErr error
	for i, a := range addrs {
		actx := ctx
		if dl, ok := ctx.Deadline(); ok && i < len(addrs)-1 {
			share := time.Until(dl) / time.Duration(len(addrs)-i)
			var cancel context.CancelFunc
			actx, cancel = context.WithTimeout(ctx, share)
			defer cancel()
		}
		c, err := d.DialContext(actx, "tcp", net.JoinHostPort(a.String(), port))
		if err == nil {
			return c, nil
		}
		if firstErr == nil {
			firstErr = err
		}
		if ctx.Err() != nil {
			break
		}
	}
	if firstErr == nil {
		firstErr = errors.New("no address to dial")
	}
	return nil, firstErr
}

func tcpFailure(err error) probe.Failure {
	switch {
	case errors.Is(err, syscall.ECONNREFUSED) || strings.Contains(err.Error(), "refused"):
		return probe.TCPRefused
	case isTimeout(err):
		return probe.TCPTimeout
	}
	return probe.TCPError
}

// isTimeout reports whether err is a deadline: the stage's or a socket's.
func isTimeout(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// portOf is u's port, or the default of its scheme.
func portOf(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	switch u.Scheme {
	case "https":
		return "443"
	case "socks5", "socks5h":
		return "1080"
	}
	return "80"
}

// targetAddr is host:port for a CONNECT to u.
func targetAddr(u *url.URL) string {
	return net.JoinHostPort(u.Hostname(), portOf(u))
}
