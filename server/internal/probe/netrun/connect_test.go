package netrun

import (
	"context"
	"encoding/base64"
	"io"
	"net"
	"net/http"
	"net/url"
	"sync/atomic"
	"testing"

	"github.com/elazarl/goproxy"

	"github.com/go-env-doctor/go-env-doctor/server/internal/probe"
)

const canary = "canary-Pa55w0rd-7f3e"

// The whole plan for GOPROXY=https://proxy.test:PORT with HTTPS_PROXY: every https target goes
// through goproxy's CONNECT tunnel, and the proxy itself is a target.
func TestThroughHTTPProxy(t *testing.T) {
	f := newFixture(t, nil)
	px := startGoproxy(t, f.server.Listener.Addr().String(), nil, nil)
	env := probe.Env{"GOPROXY": f.url, "GOSUMDB": "sum.golang.org", "HTTPS_PROXY": "http://" + px, "SSL_CERT_FILE": f.caFile}
	plan := probe.NewPlan(env, "linux")
	if len(plan.Targets) != 4 {
		t.Fatalf("plan: %+v", plan.Targets)
	}
	opts := f.opts()
	opts.Env = env
	rs := Run(context.Background(), plan, opts)
	for _, r := range rs[:3] {
		wantOK(t, r, "dns,tcp,connect,tls,http,protocol")
		if r.Stages[0].Detail != "IP address" {
			t.Errorf("dns of the proxy: %q", r.Stages[0].Detail)
		}
		if !r.TLS.Verified || r.TLS.Public || r.TLS.Root != f.ca.name {
			t.Errorf("TLS: %+v", r.TLS)
		}
	}
	if d := rs[0].Stages[2].Detail; d != "CONNECT proxy.test:"+portOfServer(f.server)+" through "+px+": 200 Connection established" {
		t.Errorf("connect detail %q", d)
	}
	if d := rs[2].Stages[2].Detail; d != "CONNECT sum.golang.org:443 through "+px+": 200 Connection established" {
		t.Errorf("connect detail %q", d)
	}
	if rs[3].Role != probe.RoleHTTPProxy {
		t.Fatalf("last target: %+v", rs[3].Target)
	}
	wantOK(t, rs[3], "dns,tcp")
}

// requireAuth makes goproxy answer 407 to a CONNECT without the right Proxy-Authorization.
func requireAuth(user, pass string) func(*goproxy.ProxyHttpServer) {
	want := "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pass))
	return func(px *goproxy.ProxyHttpServer) {
		px.OnRequest().HandleConnectFunc(func(host string, ctx *goproxy.ProxyCtx) (*goproxy.ConnectAction, string) {
			if ctx.Req.Header.Get("Proxy-Authorization") == want {
				return goproxy.OkConnect, host
			}
			ctx.Resp = plainResponse(http.StatusProxyAuthRequired, "", http.Header{"Proxy-Authenticate": {`Basic realm="corp"`}})
			return goproxy.RejectConnect, host
		})
		px.OnRequest().DoFunc(func(r *http.Request, ctx *goproxy.ProxyCtx) (*http.Request, *http.Response) {
			if r.Header.Get("Proxy-Authorization") == want {
				return r, nil
			}
			return r, plainResponse(http.StatusProxyAuthRequired, "authenticate first", http.Header{"Proxy-Authenticate": {`Basic realm="corp"`}})
		})
	}
}

func TestProxyAuth(t *testing.T) {
	f := newFixture(t, nil)
	plain := startHTTP(t, healthy())
	px := startGoproxy(t, f.server.Listener.Addr().String(), nil, requireAuth("alice", "right-password"))
	pxPlain := startGoproxy(t, plain.Listener.Addr().String(), nil, requireAuth("alice", "right-password"))
	via := func(addr, userinfo string) string {
		if userinfo == "" {
			return "http://" + addr
		}
		return "http://" + userinfo + "@" + addr
	}
	var all []probe.Result

	t.Run("missing", func(t *testing.T) {
		tg := proxyTarget(f.url)
		tg.Via = via(px, "")
		r := runOne(t, tg, f.opts())
		wantFail(t, r, probe.StageConnect, probe.ProxyAuth, "407 Proxy Authentication Required", "has no user name", `Basic realm="corp"`)
		all = append(all, r)
	})
	t.Run("wrong", func(t *testing.T) {
		tg := proxyTarget(f.url)
		tg.Via = via(px, "alice:"+canary)
		r := runOne(t, tg, f.opts())
		wantFail(t, r, probe.StageConnect, probe.ProxyAuth, "407", "refused the user name and password")
		all = append(all, r)
	})
	t.Run("right", func(t *testing.T) {
		tg := proxyTarget(f.url)
		tg.Via = via(px, "alice:right-password")
		wantOK(t, runOne(t, tg, f.opts()), "dns,tcp,connect,tls,http,protocol")
	})
	// An http:// target through the proxy: no CONNECT, the proxy answers the GET itself.
	t.Run("http target wrong", func(t *testing.T) {
		tg := proxyTarget("http://modproxy.test")
		tg.Via = via(pxPlain, "alice:"+canary)
		r := runOne(t, tg, f.opts())
		wantFail(t, r, probe.StageHTTP, probe.ProxyAuth, "407", "authenticate first")
		all = append(all, r)
	})
	t.Run("http target right", func(t *testing.T) {
		tg := proxyTarget("http://modproxy.test")
		tg.Via = via(pxPlain, "alice:right-password")
		r := runOne(t, tg, f.opts())
		wantOK(t, r, "dns,tcp,http,protocol")
		if r.Stages[0].Detail != "IP address" || r.TLS != nil {
			t.Errorf("%s", dump(r))
		}
	})
	wantNoSecret(t, all, canary, base64.StdEncoding.EncodeToString([]byte("alice:"+canary)))
}

// Credentials in the module proxy URL itself: sent as Basic auth, never shown.
func TestTargetCredentialsRedacted(t *testing.T) {
	auth := func(w http.ResponseWriter, r *http.Request) {
		if u, p, ok := r.BasicAuth(); !ok || u != "bob" || p != "right" {
			w.Header().Set("Content-Type", "text/plain")
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, "bad credentials")
			return
		}
		healthy().ServeHTTP(w, r)
	}
	f := newFixture(t, http.HandlerFunc(auth))
	u, _ := url.Parse(f.url)

	u.User = url.UserPassword("bob", canary)
	r := runOne(t, proxyTarget(u.String()), f.opts())
	wantFail(t, r, probe.StageProtocol, probe.HTTPStatus, "401 Unauthorized", "bad credentials", "https://***@proxy.test")
	// The same through goproxy, with the canary in the proxy URL too.
	px := startGoproxy(t, f.server.Listener.Addr().String(), nil, nil)
	tg := proxyTarget(u.String())
	tg.Via = "http://carol:" + canary + "@" + px
	r2 := runOne(t, tg, f.opts())
	wantFail(t, r2, probe.StageProtocol, probe.HTTPStatus, "401 Unauthorized")
	wantNoSecret(t, []probe.Result{r, r2}, canary)

	u.User = url.UserPassword("bob", "right")
	wantOK(t, runOne(t, proxyTarget(u.String()), f.opts()), "dns,tcp,tls,http,protocol")
}

func TestProxyRefusesConnect(t *testing.T) {
	f := newFixture(t, nil)
	px := startGoproxy(t, f.server.Listener.Addr().String(), nil, func(px *goproxy.ProxyHttpServer) {
		px.OnRequest().HandleConnectFunc(func(host string, ctx *goproxy.ProxyCtx) (*goproxy.ConnectAction, string) {
			ctx.Resp = plainResponse(http.StatusForbidden, "blocked by corporate policy", nil)
			return goproxy.RejectConnect, host
		})
	})
	tg := proxyTarget(f.url)
	tg.Via = "http://" + px
	r := runOne(t, tg, f.opts())
	wantFail(t, r, probe.StageConnect, probe.ProxyRefused, "403 Forbidden", "blocked by corporate policy")

	// goproxy's AlwaysReject closes the connection without a word.
	px2 := startGoproxy(t, f.server.Listener.Addr().String(), nil, func(px *goproxy.ProxyHttpServer) {
		px.OnRequest().HandleConnect(goproxy.AlwaysReject)
	})
	tg.Via = "http://" + px2
	r = runOne(t, tg, f.opts())
	wantFail(t, r, probe.StageConnect, probe.ProxyRefused, "closed the connection without answering")
}

func TestProxyBroken(t *testing.T) {
	f := newFixture(t, nil)
	garbage := rawListener(t, func(c net.Conn) {
		buf := make([]byte, 1024)
		c.Read(buf)
		io.WriteString(c, "SSH-2.0-OpenSSH_9.6\r\n\r\n")
	})
	tg := proxyTarget(f.url)
	tg.Via = "http://" + garbage
	r := runOne(t, tg, f.opts())
	wantFail(t, r, probe.StageConnect, probe.ProxyBroken, "not HTTP")

	tg.Via = "http://" + silentListener(t)
	opts := f.opts()
	opts.StageTimeout = testTimeout
	r = runOne(t, tg, opts)
	wantFail(t, r, probe.StageConnect, probe.ProxyBroken, "did not answer CONNECT")
}

// goproxy intercepting TLS with its own CA, as a TLS-inspecting corporate proxy does.
func TestMITMProxy(t *testing.T) {
	f := newFixture(t, nil)
	mitmCA := newCA(t, "Corp Inspection CA")
	mitmCert := mitmCA.tlsCert()
	px := startGoproxy(t, f.server.Listener.Addr().String(), f.ca.pool(), func(px *goproxy.ProxyHttpServer) {
		mitm := &goproxy.ConnectAction{Action: goproxy.ConnectMitm, TLSConfig: goproxy.TLSConfigFromCA(&mitmCert)}
		px.OnRequest().HandleConnect(goproxy.FuncHttpsHandler(func(host string, _ *goproxy.ProxyCtx) (*goproxy.ConnectAction, string) {
			return mitm, host
		}))
	})
	tg := proxyTarget(f.url)
	tg.Via = "http://" + px

	t.Run("trusted", func(t *testing.T) {
		opts := f.opts()
		opts.Env = probe.Env{"SSL_CERT_FILE": mitmCA.file(t)}
		r := runOne(t, tg, opts)
		wantOK(t, r, "dns,tcp,connect,tls,http,protocol")
		if !r.TLS.Verified || r.TLS.Public || r.TLS.Root != mitmCA.name {
			t.Errorf("TLS: %+v", r.TLS)
		}
		if len(r.TLS.Chain) != 2 || r.TLS.Chain[0].Issuer != mitmCA.name || r.TLS.Chain[1].Subject != mitmCA.name {
			t.Errorf("chain: %+v", r.TLS.Chain)
		}
	})
	t.Run("untrusted", func(t *testing.T) {
		r := runOne(t, tg, f.opts()) // SSL_CERT_FILE has the real server's CA only
		wantFail(t, r, probe.StageTLS, probe.TLSUnknownAuth, `issued by "`+mitmCA.name+`"`)
		if r.TLS.Verified || r.TLS.Public || len(r.TLS.Chain) != 2 {
			t.Errorf("TLS: %+v", r.TLS)
		}
	})
}

// An https:// HTTP proxy: TLS to the proxy first, then CONNECT and TLS to the target inside.
func TestHTTPSProxy(t *testing.T) {
	f := newFixture(t, nil)
	px := goproxy.NewProxyHttpServer()
	px.Logger = quietLog
	upstream := f.server.Listener.Addr().String()
	px.ConnectDial = func(network, _ string) (net.Conn, error) { return net.Dial(network, upstream) }
	ps := startHTTPS(t, px, f.ca.validLeaf(t, "corpproxy.test"))
	f2 := startDNS(t, dnsAnswer, map[string]string{"proxy.test": "127.0.0.1", "corpproxy.test": "127.0.0.1"})
	tg := proxyTarget(f.url)
	tg.Via = "https://corpproxy.test:" + portOfServer(ps)
	opts := f.opts()
	opts.Resolver = f2
	r := runOne(t, tg, opts)
	wantOK(t, r, "dns,tcp,tls,connect,tls,http,protocol")
	if r.Stages[0].Detail != "corpproxy.test: 1 address: 127.0.0.1" {
		t.Errorf("dns detail %q", r.Stages[0].Detail)
	}
	if r.TLS == nil || r.TLS.Chain[0].Subject != "CN=proxy.test" {
		t.Errorf("Result.TLS is not the target's: %+v", r.TLS)
	}

	// The proxy's own certificate is not trusted: the first tls stage fails, naming the proxy.
	opts.ContextRoots = newCA(t, "Unrelated").pool()
	r = runOne(t, tg, opts)
	wantFail(t, r, probe.StageTLS, probe.TLSUnknownAuth, "the proxy corpproxy.test", f.ca.name)
	if stageNames(r) != "dns,tcp,tls" || r.TLS.Chain[0].Subject != "CN=corpproxy.test" {
		t.Errorf("%s", dump(r))
	}
}

// The server closes the connection after /supported: the lookup needs a second connection along
// the same route (CONNECT and TLS again).
func TestRedialThroughTunnel(t *testing.T) {
	var connects int32
	f := newFixture(t, override(map[string]http.HandlerFunc{
		"/sumdb/sum.golang.org/supported": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Connection", "close")
			w.WriteHeader(http.StatusOK)
		},
	}))
	px := startGoproxy(t, f.server.Listener.Addr().String(), nil, func(px *goproxy.ProxyHttpServer) {
		px.OnRequest().HandleConnectFunc(func(host string, _ *goproxy.ProxyCtx) (*goproxy.ConnectAction, string) {
			atomic.AddInt32(&connects, 1)
			return goproxy.OkConnect, host
		})
	})
	tg := sumdbViaProxy(f.url)
	tg.Via = "http://" + px
	r := runOne(t, tg, f.opts())
	wantOK(t, r, "dns,tcp,connect,tls,http,protocol")
	if n := atomic.LoadInt32(&connects); n != 2 {
		t.Errorf("%d CONNECTs, want 2", n)
	}
}
