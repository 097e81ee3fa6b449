package netrun

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"

	"github.com/go-env-doctor/go-env-doctor/server/internal/probe"
	"github.com/go-env-doctor/go-env-doctor/server/internal/redact"
)

const (
	maxRedirects = 3       // same-host redirects followed; others are reported, not followed
	maxBody      = 1 << 20 // enough for any @v/list or lookup
	maxShown     = 200     // bytes of a server's text/plain error shown in a detail
)

// answer is one HTTP exchange, its body read.
type answer struct {
	url    string // redacted
	code   int
	status string // "200 OK"
	header http.Header
	body   []byte
	hops   int    // same-host redirects followed
	note   string // why a redirect was not followed
}

// exchanger sends the protocol requests over the route's connection.
type exchanger struct {
	p      *prober
	client *http.Client
}

// exchange runs the http and protocol stages over conn, the connection the earlier stages built.
func (p *prober) exchange(rt *route, conn net.Conn) {
	rt.first = conn
	tr := &http.Transport{
		// Both dials return the route's connection: TLS, CONNECT and the proxy are already done
		// (except for an http:// target through a proxy, where Proxy below makes the transport
		// send the absolute URL and Proxy-Authorization, as net/http does).
		DialContext:         rt.dial,
		DialTLSContext:      rt.dial,
		TLSNextProto:        map[string]func(string, *tls.Conn) http.RoundTripper{}, // HTTP/1.1 only
		DisableCompression:  true,
		MaxIdleConnsPerHost: 1,
	}
	if rt.proxy != nil && rt.target.Scheme == "http" {
		tr.Proxy = http.ProxyURL(rt.proxy)
	}
	defer tr.CloseIdleConnections()
	x := &exchanger{p: p, client: &http.Client{Transport: tr}}

	t := p.res.Target
	base := strings.TrimSuffix(t.URL, "/")
	switch {
	case t.Role == probe.RoleProxy:
		mod := t.Module
		if mod == "" {
			mod = probe.ListModule
		}
		esc, err := module.EscapePath(mod)
		if err != nil {
			p.fail(probe.StageHTTP, probe.HTTPStatus, "cannot escape the module path: "+err.Error())
			return
		}
		a := x.httpStage(base + "/" + pathEscape(esc) + "/@v/list")
		if a == nil {
			return
		}
		p.stage(probe.StageProtocol, func(context.Context) (string, probe.Failure) { return checkList(a, mod) })

	case t.Role == probe.RoleSumDB:
		mod, ver := t.Module, t.Version
		if mod == "" {
			mod, ver = probe.LookupModule, probe.LookupVersion
		}
		emod, err1 := module.EscapePath(mod)
		ever, err2 := module.EscapeVersion(ver)
		if err1 != nil || err2 != nil {
			p.fail(probe.StageHTTP, probe.HTTPStatus, fmt.Sprintf("cannot escape %s@%s", mod, ver))
			return
		}
		lookup := base + "/lookup/" + pathEscape(emod) + "@" + pathEscape(ever)
		if t.SumDBDirect() {
			a := x.httpStage(lookup)
			if a == nil {
				return
			}
			p.stage(probe.StageProtocol, func(context.Context) (string, probe.Failure) { return checkLookup(a, mod, ver) })
			return
		}
		// Through a module proxy: the go command first asks whether it serves the database.
		a := x.httpStage(base + "/supported")
		if a == nil {
			return
		}
		p.stage(probe.StageProtocol, func(ctx context.Context) (string, probe.Failure) {
			if d, f := checkStatus(a, "the proxy does not serve this checksum database"); f != "" {
				if f == probe.NotFound {
					f = probe.SumDBNotServed // "try the next entry", unlike a lookup's 404/410
				}
				return d, f
			}
			b, err := x.get(ctx, lookup)
			if err != nil {
				return "supported; " + requestError(err, lookup, p.s), httpFailure(err)
			}
			p.setStatus(b.code)
			d, f := checkLookup(b, mod, ver)
			return "supported; " + d, f
		})

	default:
		p.fail(probe.StageHTTP, probe.UnsupportedScheme, fmt.Sprintf("no protocol request for the role %q", t.Role))
	}
}

// httpStage sends the first request of the protocol and records its status line. It returns nil
// when there was no HTTP answer.
func (x *exchanger) httpStage(rawURL string) *answer {
	var a *answer
	x.p.stage(probe.StageHTTP, func(ctx context.Context) (string, probe.Failure) {
		b, err := x.get(ctx, rawURL)
		if err != nil {
			return requestError(err, rawURL, x.p.s), httpFailure(err)
		}
		x.p.setStatus(b.code)
		if b.code == http.StatusProxyAuthRequired {
			// Only an HTTP proxy answers 407: an http:// target through it.
			return fmt.Sprintf("GET %s: %s from the proxy%s", b.url, b.status, serverSays(b.header, b.body)), probe.ProxyAuth
		}
		a = b
		d := fmt.Sprintf("GET %s: %s", b.url, b.status)
		if b.hops > 0 {
			d += fmt.Sprintf(" (after %d redirect(s) on the same host)", b.hops)
		}
		return d, ""
	})
	return a
}

// get sends GET rawURL and reads the body, all within ctx. It follows up to maxRedirects
// redirects to the same scheme and host and stops at any other, with a note.
func (x *exchanger) get(ctx context.Context, rawURL string) (*answer, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, err
	}
	if req.URL.Scheme == "http" && req.URL.User != nil {
		// cmd/go/internal/web: "refusing to pass credentials to insecure URL". net/http would
		// send them as Basic auth; the go command sends nothing, and neither does the probe.
		return nil, errInsecureCredentials
	}
	req.Header.Set("User-Agent", UserAgent)
	a := &answer{url: redactURL(req.URL)}
	c := *x.client
	c.CheckRedirect = func(next *http.Request, via []*http.Request) error {
		first := via[0].URL
		switch {
		case next.URL.Scheme != first.Scheme || next.URL.Host != first.Host:
			a.note = "redirected to " + redactURL(next.URL) + ", another host: not followed"
			return http.ErrUseLastResponse
		case len(via) > maxRedirects:
			a.note = fmt.Sprintf("more than %d redirects: not followed", maxRedirects)
			return http.ErrUseLastResponse
		}
		a.hops = len(via)
		return nil
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return nil, err
	}
	a.code, a.status, a.header, a.body = resp.StatusCode, resp.Status, resp.Header, body
	return a, nil
}

var errInsecureCredentials = errors.New("the go command refuses to pass credentials to an insecure (http://) URL; nothing was sent")

func httpFailure(err error) probe.Failure {
	if errors.Is(err, errInsecureCredentials) {
		return probe.InsecureCredentials
	}
	if isTimeout(err) {
		return probe.HTTPTimeout
	}
	return probe.HTTPStatus // connected, but no usable HTTP answer
}

func requestError(err error, rawURL string, s *settings) string {
	if isTimeout(err) {
		return fmt.Sprintf("no HTTP answer within %v to GET %s", s.timeout, redact.Text(rawURL))
	}
	if errors.Is(err, errInsecureCredentials) {
		return err.Error()
	}
	return fmt.Sprintf("no HTTP answer: %v", err)
}

// checkStatus judges a status where 200 is needed: 404/410 are "not here" (the go command then
// tries the next GOPROXY entry), anything else an error.
func checkStatus(a *answer, notFound string) (string, probe.Failure) {
	switch {
	case a.code == http.StatusOK:
		return "", ""
	case a.code == http.StatusNotFound || a.code == http.StatusGone:
		return a.status + ": " + notFound, probe.NotFound
	case a.note != "":
		return a.status + ": " + a.note, probe.HTTPStatus
	}
	return fmt.Sprintf("GET %s: %s%s", a.url, a.status, serverSays(a.header, a.body)), probe.HTTPStatus
}

// checkList judges a proxy's @v/list answer.
func checkList(a *answer, mod string) (string, probe.Failure) {
	if d, f := checkStatus(a, "the proxy does not have "+mod); f != "" {
		return d, f
	}
	if isHTML(a) {
		return "an HTML page, not a module proxy (a login page?)", probe.NotAModuleProxy
	}
	var versions []string
	for _, line := range strings.Split(string(a.body), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if !strings.HasPrefix(f[0], "v") {
			return fmt.Sprintf("not a version list: %q", clip(line, 80)), probe.NotAModuleProxy
		}
		if semver.IsValid(f[0]) {
			versions = append(versions, f[0])
		}
	}
	if len(versions) == 0 {
		return fmt.Sprintf("no versions of %s in the answer: %q", mod, clip(string(a.body), 80)), probe.NotAModuleProxy
	}
	semver.Sort(versions)
	return fmt.Sprintf("%d versions of %s, up to %s", len(versions), mod, versions[len(versions)-1]), ""
}

// checkLookup judges a checksum database's lookup answer: its records name module version.
func checkLookup(a *answer, mod, ver string) (string, probe.Failure) {
	if d, f := checkStatus(a, fmt.Sprintf("the checksum database does not have %s@%s", mod, ver)); f != "" {
		return d, f
	}
	if isHTML(a) {
		return "an HTML page, not a checksum database (a login page?)", probe.NotAModuleProxy
	}
	if !strings.Contains(string(a.body), mod+" "+ver+" ") {
		return fmt.Sprintf("the lookup answer has no record of %s@%s: %q", mod, ver, clip(string(a.body), 80)), probe.NotAModuleProxy
	}
	return fmt.Sprintf("lookup %s@%s: found", mod, ver), ""
}

func isHTML(a *answer) bool {
	mt, _, _ := mime.ParseMediaType(a.header.Get("Content-Type"))
	if mt == "text/html" || mt == "application/xhtml+xml" {
		return true
	}
	head := strings.ToLower(strings.TrimSpace(string(a.body[:min(len(a.body), 64)])))
	return strings.HasPrefix(head, "<!doctype html") || strings.HasPrefix(head, "<html")
}

// serverSays is ": server response: …" for a text/plain body, as the go command shows it.
func serverSays(h http.Header, body []byte) string {
	mt, _, _ := mime.ParseMediaType(h.Get("Content-Type"))
	text := strings.TrimSpace(string(body))
	if mt != "text/plain" || text == "" {
		return ""
	}
	return ": server response: " + clip(text, maxShown)
}

// readSome reads the start of a body.
func readSome(r io.Reader) []byte {
	b, _ := io.ReadAll(io.LimitReader(r, maxShown+1))
	return b
}

// clip cuts s to n bytes on a rune boundary, marking the cut.
func clip(s string, n int) string {
	s = strings.ToValidUTF8(s, "?")
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// pathEscape escapes a path for a URL but keeps its slashes, as the go command does.
func pathEscape(s string) string {
	return strings.ReplaceAll(url.PathEscape(s), "%2F", "/")
}

func redactURL(u *url.URL) string {
	return redact.Text(u.Redacted())
}
