package netrun

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/mod/module"

	"github.com/go-env-doctor/go-env-doctor/server/internal/probe"
	"github.com/go-env-doctor/go-env-doctor/server/internal/redact"
)

// MaxModuleQueries is how many modules Modules asks about; the rest are answered
// probe.NotAsked without a request.
const MaxModuleQueries = 50

// moduleParallel bounds the module requests in flight, over all proxies.
const moduleParallel = 4

// AnyProxyAnswered reports whether a module proxy of a probe gave an HTTP answer (its http
// stage passed): only then is it worth asking it about modules.
func AnyProxyAnswered(results []probe.Result) bool {
	for _, r := range results {
		if r.Role != probe.RoleProxy {
			continue
		}
		for _, st := range r.Stages {
			if st.Stage == probe.StageHTTP && st.OK {
				return true
			}
		}
	}
	return false
}

// Modules asks each module proxy of plan (its probe.RoleProxy targets, in plan order) about
// each query, as the go command does when it resolves a requirement:
// GET <proxy>/<escaped path>/@v/<escaped version>.info, or @v/list when the version is "".
//
// Each proxy is reached along the route Run takes (DNS, the HTTP proxy of Via with CONNECT, TLS
// verified with the context's roots, also for every further connection); when the route fails,
// every query to that proxy gets that failure. Each request is bounded by StageTimeout, at most
// moduleParallel are in flight, and ctx cancels them all. Only the first MaxModuleQueries
// queries are asked.
//
// Credentials are sent as the go command sends them: the user info of an https GOPROXY URL as
// Basic auth to that host and nowhere else (redirects to another host are not followed); a
// plain http:// URL with user info is not contacted at all, because the go command refuses it
// ("refusing to pass credentials to insecure URL"). Every Proxy and Detail is redacted.
//
// Answers are per query, in qs order, then per proxy in plan order; the queries over the limit
// follow, one answer each, with an empty Proxy.
func Modules(ctx context.Context, plan probe.Plan, qs []probe.ModuleQuery, opts Options) []probe.ModuleAnswer {
	s := newSettings(opts)
	var proxies []*moduleRoute
	for _, t := range plan.Targets {
		if t.Role == probe.RoleProxy {
			proxies = append(proxies, &moduleRoute{s: s, ctx: ctx, target: t})
		}
	}
	asked, skipped := qs, []probe.ModuleQuery(nil)
	if len(asked) > MaxModuleQueries {
		asked, skipped = qs[:MaxModuleQueries], qs[MaxModuleQueries:]
	}

	type job struct {
		i  int
		q  probe.ModuleQuery
		mr *moduleRoute
	}
	var jobs []job
	out := make([]probe.ModuleAnswer, 0, len(asked)*len(proxies)+len(skipped))
	for _, q := range asked {
		for _, mr := range proxies {
			out = append(out, probe.ModuleAnswer{Path: q.Path, Version: q.Version, Proxy: redact.Text(mr.target.URL)})
			jobs = append(jobs, job{len(out) - 1, q, mr})
		}
	}
	for _, q := range skipped {
		out = append(out, probe.ModuleAnswer{Path: q.Path, Version: q.Version, Failure: probe.NotAsked,
			Detail: fmt.Sprintf("not asked: only the first %d of %d modules are asked about", MaxModuleQueries, len(qs))})
	}
	if len(jobs) == 0 {
		return out
	}

	var mu sync.Mutex
	finished := make([]bool, len(out))
	abandoned := false
	set := func(i int, a probe.ModuleAnswer) {
		mu.Lock()
		defer mu.Unlock()
		if abandoned {
			return
		}
		out[i].Status, out[i].Failure, out[i].Detail = a.Status, a.Failure, redact.Known(redact.Text(a.Detail), s.secrets)
		finished[i] = true
	}

	queue := make(chan job)
	var wg sync.WaitGroup
	for range min(moduleParallel, len(jobs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range queue {
				set(j.i, j.mr.ask(j.q))
			}
		}()
	}
	go func() {
		defer close(queue)
		for _, j := range jobs {
			select {
			case queue <- j:
			case <-ctx.Done():
				return // the rest are reported canceled below
			}
		}
	}()
	done := make(chan struct{})
	go func() {
		wg.Wait()
		for _, mr := range proxies {
			mr.close()
		}
		close(done)
	}()

	select {
	case <-done:
	case <-ctx.Done():
		select {
		case <-done:
		case <-time.After(cancelGrace):
			// A request ignored the cancellation (a system resolver, say): report it canceled
			// now; its goroutine ends on its own and is no longer recorded.
		}
	}
	mu.Lock()
	defer mu.Unlock()
	abandoned = true
	for _, j := range jobs {
		if !finished[j.i] {
			out[j.i].Failure, out[j.i].Detail = probe.Canceled, "canceled: the probe was stopped before an answer"
		}
	}
	return append([]probe.ModuleAnswer(nil), out...)
}

// moduleRoute is the route to one module proxy, set up once by its first query and shared by
// the others: the connection the stages built, then fresh ones along the same route.
type moduleRoute struct {
	s      *settings
	ctx    context.Context
	target probe.Target

	once   sync.Once
	rt     *route
	x      *exchanger
	tr     *http.Transport
	base   string        // the target URL, with its user info when it is sent
	fail   probe.Failure // why no request can be sent, "" when the route works
	detail string
}

// setup builds the route as Run does and records why it failed, if it did.
func (mr *moduleRoute) setup() {
	u, err := url.Parse(mr.target.URL)
	if err != nil {
		mr.fail, mr.detail = probe.UnsupportedScheme, "not asked: cannot parse the GOPROXY URL: "+err.Error()
		return
	}
	switch u.Scheme {
	case "https":
	case "http":
		if u.User != nil {
			// web/http.go: the go command never sends user info over plain HTTP.
			mr.fail = probe.InsecureCredentials
			mr.detail = fmt.Sprintf("not asked: the go command fails with \"refusing to pass credentials to insecure URL: %s\"; "+
				"put the credentials in an https:// URL or in .netrc / GOAUTH", redactURL(u))
			return
		}
	default:
		mr.fail, mr.detail = probe.UnsupportedScheme, fmt.Sprintf("not asked: the probe does not contact %s:// URLs", u.Scheme)
		return
	}
	mr.base = strings.TrimSuffix(mr.target.URL, "/")

	p := &prober{s: mr.s, ctx: mr.ctx, res: probe.Result{Target: mr.target}}
	rt := &route{p: p, target: u}
	mr.rt = rt
	if mr.target.Via != "" {
		pu, err := url.Parse(mr.target.Via)
		if err != nil {
			mr.fail, mr.detail = probe.UnsupportedScheme, "not asked: cannot parse the proxy URL: "+err.Error()
			return
		}
		if pu.Scheme != "http" && pu.Scheme != "https" {
			mr.fail, mr.detail = probe.UnsupportedScheme,
				fmt.Sprintf("not asked: the route goes through the %s proxy %s, which the probe does not try", pu.Scheme, pu.Redacted())
			return
		}
		rt.proxy = pu
	}
	conn := rt.establish()
	if conn == nil {
		mr.fail, mr.detail = probe.Canceled, "the route could not be set up"
		if last := p.res.Last(); last != nil {
			mr.fail, mr.detail = last.Failure, fmt.Sprintf("%s: %s", last.Stage, last.Detail)
		}
		return
	}
	rt.mu.Lock()
	rt.first = conn
	rt.mu.Unlock()
	mr.tr = &http.Transport{
		DialContext:         rt.dial, // reconnects verify TLS (route.redial): they may carry credentials
		DialTLSContext:      rt.dial,
		TLSNextProto:        map[string]func(string, *tls.Conn) http.RoundTripper{}, // HTTP/1.1 only
		DisableCompression:  true,
		MaxIdleConnsPerHost: moduleParallel,
	}
	if rt.proxy != nil && u.Scheme == "http" {
		mr.tr.Proxy = http.ProxyURL(rt.proxy) // absolute URL and Proxy-Authorization, as net/http does
	}
	mr.x = &exchanger{client: &http.Client{Transport: mr.tr}}
}

// verifiedHandshake is a TLS handshake whose chain must verify with roots: what any connection
// after the recorded stages needs (only the tls stage itself looks at a chain that does not).
func verifiedHandshake(ctx context.Context, conn net.Conn, host string, roots *x509.CertPool) (net.Conn, error) {
	tc, chain, err := handshake(ctx, conn, host)
	if err != nil {
		return nil, err
	}
	if len(chain) == 0 {
		tc.Close()
		return nil, fmt.Errorf("TLS with %s: no certificate presented", host)
	}
	if _, err := verifyChain(chain, host, roots); err != nil {
		tc.Close()
		return nil, fmt.Errorf("TLS with %s: tls: failed to verify certificate: %w", host, err)
	}
	return tc, nil
}

func (mr *moduleRoute) close() {
	if mr.tr != nil {
		mr.tr.CloseIdleConnections()
	}
	if mr.rt != nil {
		mr.rt.close()
	}
}

// ask sends one query; the answer's Path, Version and Proxy are the caller's.
func (mr *moduleRoute) ask(q probe.ModuleQuery) probe.ModuleAnswer {
	if err := mr.ctx.Err(); err != nil {
		return probe.ModuleAnswer{Failure: probe.Canceled, Detail: "canceled before it was sent: " + err.Error()}
	}
	mr.once.Do(mr.setup)
	if mr.fail != "" {
		return probe.ModuleAnswer{Failure: mr.fail, Detail: mr.detail}
	}
	ep, err := module.EscapePath(q.Path)
	if err != nil {
		return probe.ModuleAnswer{Failure: probe.NotAsked, Detail: "not asked: " + err.Error()}
	}
	rawURL := mr.base + "/" + pathEscape(ep) + "/@v/list"
	if q.Version != "" {
		ev, err := module.EscapeVersion(q.Version)
		if err != nil {
			return probe.ModuleAnswer{Failure: probe.NotAsked, Detail: "not asked: " + err.Error()}
		}
		rawURL = mr.base + "/" + pathEscape(ep) + "/@v/" + pathEscape(ev) + ".info"
	}
	if err := mr.ctx.Err(); err != nil {
		return probe.ModuleAnswer{Failure: probe.Canceled, Detail: "canceled before it was sent: " + err.Error()}
	}
	rctx, cancel := context.WithTimeout(mr.ctx, mr.s.timeout)
	defer cancel()
	a, err := mr.x.get(rctx, rawURL)
	if err != nil {
		d := requestError(err, rawURL, mr.s)
		if mr.ctx.Err() != nil {
			return probe.ModuleAnswer{Failure: probe.Canceled, Detail: "canceled: " + d}
		}
		return probe.ModuleAnswer{Failure: httpFailure(err), Detail: d}
	}
	out := probe.ModuleAnswer{Status: a.code}
	switch {
	case a.code == http.StatusOK && isHTML(a):
		out.Failure, out.Detail = probe.NotAModuleProxy, a.status+": an HTML page, not a module proxy (a login page?)"
	case a.code == http.StatusOK:
		out.Detail = a.status
	case a.code == http.StatusNotFound || a.code == http.StatusGone:
		out.Failure, out.Detail = probe.NotFound, a.status+serverSays(a.header, a.body)
	case a.code == http.StatusProxyAuthRequired:
		out.Failure, out.Detail = probe.ProxyAuth, a.status+" from the HTTP proxy"+serverSays(a.header, a.body)
	case a.note != "":
		out.Failure, out.Detail = probe.HTTPStatus, a.status+": "+a.note
	default:
		out.Failure, out.Detail = probe.HTTPStatus, a.status+serverSays(a.header, a.body)
	}
	return out
}
