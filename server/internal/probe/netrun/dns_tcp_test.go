package netrun

import (
	"context"
	"errors"
	"fmt"
	"net"
	"syscall"
	"testing"
	"time"

	"github.com/go-env-doctor/go-env-doctor/server/internal/probe"
)

func TestDNSNotFound(t *testing.T) {
	res := startDNS(t, dnsAnswer, map[string]string{"proxy.test": "127.0.0.1"})
	r := runOne(t, proxyTarget("https://nx.test"), Options{Resolver: res, StageTimeout: 2 * time.Second})
	wantFail(t, r, probe.StageDNS, probe.DNSNotFound, "lookup nx.test", "no such host")
}

func TestDNSNoAnswer(t *testing.T) {
	res := startDNS(t, dnsSilent, nil)
	start := time.Now()
	r := runOne(t, proxyTarget("https://proxy.test"), Options{Resolver: res, StageTimeout: testTimeout})
	wantFail(t, r, probe.StageDNS, probe.DNSNoAnswer, "lookup proxy.test")
	if el := time.Since(start); el > testTimeout+time.Second {
		t.Errorf("took %v", el)
	}
}

func TestDNSServFail(t *testing.T) {
	res := startDNS(t, dnsServFail, nil)
	r := runOne(t, proxyTarget("https://proxy.test"), Options{Resolver: res, StageTimeout: 2 * time.Second})
	wantFail(t, r, probe.StageDNS, probe.DNSError, "server misbehaving")
}

// Nothing listens on the resolver's port: no resolver reachable.
func TestDNSNoResolver(t *testing.T) {
	addr := closedPortUDP(t)
	res := &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, _, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "udp", addr)
	}}
	r := runOne(t, proxyTarget("https://proxy.test"), Options{Resolver: res, StageTimeout: testTimeout})
	wantFail(t, r, probe.StageDNS, probe.DNSNoAnswer, "lookup proxy.test")
}

func closedPortUDP(t *testing.T) string {
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := pc.LocalAddr().String()
	pc.Close()
	return addr
}

func TestTCPRefused(t *testing.T) {
	addr := closedPort(t)
	r := runOne(t, proxyTarget("https://"+addr), Options{StageTimeout: 2 * time.Second})
	wantFail(t, r, probe.StageTCP, probe.TCPRefused, addr, "refused")
}

// An http:// proxy that accepts and never answers: the http stage times out.
func TestHTTPNoAnswer(t *testing.T) {
	addr := silentListener(t)
	start := time.Now()
	r := runOne(t, proxyTarget("http://"+addr), Options{StageTimeout: testTimeout})
	wantFail(t, r, probe.StageHTTP, probe.HTTPTimeout, "no HTTP answer within")
	if stageNames(r) != "dns,tcp,http" {
		t.Errorf("stages %s", stageNames(r))
	}
	if el := time.Since(start); el > testTimeout+time.Second {
		t.Errorf("took %v", el)
	}
}

// The HTTP proxy target itself: dns and tcp only.
func TestHTTPProxyRole(t *testing.T) {
	px := startGoproxy(t, closedPort(t), nil, nil)
	r := runOne(t, probe.Target{URL: "http://" + px, Role: probe.RoleHTTPProxy, Index: -1}, Options{StageTimeout: 2 * time.Second})
	wantOK(t, r, "dns,tcp")

	dead := closedPort(t)
	r = runOne(t, probe.Target{URL: "http://" + dead, Role: probe.RoleHTTPProxy, Index: -1}, Options{StageTimeout: 2 * time.Second})
	wantFail(t, r, probe.StageTCP, probe.TCPRefused, dead)
}

func TestFailureClasses(t *testing.T) {
	timeoutDNS := &net.DNSError{Err: "i/o timeout", Name: "x", IsTimeout: true}
	for _, c := range []struct {
		err  error
		dns  probe.Failure
		tcpF probe.Failure
	}{
		{&net.DNSError{Err: "no such host", Name: "x", IsNotFound: true}, probe.DNSNotFound, probe.TCPError},
		{timeoutDNS, probe.DNSNoAnswer, probe.TCPTimeout},
		{&net.DNSError{Err: "server misbehaving", Name: "x", IsTemporary: true}, probe.DNSError, probe.TCPError},
		{&net.DNSError{Err: "read udp: connection refused", Name: "x", IsTemporary: true}, probe.DNSNoAnswer, probe.TCPRefused},
		{fmt.Errorf("dial: %w", context.DeadlineExceeded), probe.DNSNoAnswer, probe.TCPTimeout},
		{&net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}, probe.DNSError, probe.TCPRefused},
		{&net.OpError{Op: "dial", Net: "tcp", Err: syscall.ENETUNREACH}, probe.DNSError, probe.TCPError},
		{errors.New("weird"), probe.DNSError, probe.TCPError},
	} {
		if got := dnsFailure(c.err); got != c.dns {
			t.Errorf("dnsFailure(%v) = %s, want %s", c.err, got, c.dns)
		}
		if got := tcpFailure(c.err); got != c.tcpF {
			t.Errorf("tcpFailure(%v) = %s, want %s", c.err, got, c.tcpF)
		}
	}
}

func TestUnsupportedSchemes(t *testing.T) {
	r := runOne(t, probe.Target{URL: "https://proxy.test", Role: probe.RoleProxy, Via: "socks5://127.0.0.1:1080"}, Options{})
	wantFail(t, r, probe.StageConnect, probe.UnsupportedScheme, "socks5")
	if len(r.Stages) != 1 {
		t.Errorf("stages: %s", stageNames(r))
	}
	r = runOne(t, probe.Target{URL: "file:///tmp/proxy", Role: probe.RoleProxy}, Options{})
	wantFail(t, r, probe.StageProtocol, probe.UnsupportedScheme, "file://")
}
