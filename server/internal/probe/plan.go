package probe

import (
	"net/url"
	"strings"

	"golang.org/x/net/http/httpproxy"

	"github.com/go-env-doctor/go-env-doctor/server/internal/modcfg"
)

// Well-known public modules the protocol stage asks for: a proxy's @v/list of the first, a
// checksum database's lookup of the second. Both have been on proxy.golang.org and in
// sum.golang.org for years and never go away.
const (
	ListModule    = "golang.org/x/text"
	LookupModule  = "golang.org/x/text"
	LookupVersion = "v0.3.0"
)

// Env is the effective environment of one context, as the go command there would see it:
// GOPROXY, GOSUMDB, HTTP_PROXY, HTTPS_PROXY, NO_PROXY, REQUEST_METHOD, SSL_CERT_FILE,
// SSL_CERT_DIR (upper-case names; the resolver has already folded in the lower-case proxy
// variables the way net/http reads them).
type Env map[string]string

// Plan is what a probe contacts for one environment, in the go command's order.
type Plan struct {
	Targets []Target
	// SumDBOff is true for GOSUMDB=off: no checksum database is consulted.
	SumDBOff bool
	// Problems are what prevents the plan itself (GOPROXY=off, an unparsable GOSUMDB), in words.
	Problems []string
}

// NewPlan lists the targets for env on goos: each reached GOPROXY entry (direct, off and file://
// are not contacted), the checksum database through each proxy (<proxy>/sumdb/<name>) and
// directly (https://<name>, or GOSUMDB's URL), and each HTTP proxy one of them goes through,
// chosen by net/http's rules (x/net/http/httpproxy: HTTPS_PROXY for https, NO_PROXY,
// localhost never proxied).
func NewPlan(env Env, goos string) Plan {
	var p Plan
	cfg := &httpproxy.Config{
		HTTPProxy:  env["HTTP_PROXY"],
		HTTPSProxy: env["HTTPS_PROXY"],
		NoProxy:    env["NO_PROXY"],
		CGI:        env["REQUEST_METHOD"] != "",
	}
	proxyFor := cfg.ProxyFunc()
	via := func(raw string) string {
		u, err := url.Parse(raw)
		if err != nil {
			return ""
		}
		pu, err := proxyFor(u)
		if err != nil || pu == nil {
			return ""
		}
		return pu.String()
	}

	entries, probs := modcfg.ParseGOPROXYFor(env["GOPROXY"], goos)
	if modcfg.HasFatal(probs) {
		for _, pr := range probs {
			if pr.Fatal {
				p.Problems = append(p.Problems, pr.Msg)
			}
		}
	}
	var proxies []Target
	for i, e := range entries {
		if e.Unreached {
			break
		}
		if e.Kind == modcfg.ProxyOff {
			p.Problems = append(p.Problems, "GOPROXY reaches \"off\": the go command downloads nothing from there on")
			break
		}
		if e.Kind != modcfg.ProxyURL {
			continue // direct: each module's own host, which the probe cannot know in advance
		}
		sep := ""
		if i+1 < len(entries) && !entries[i+1].Unreached {
			sep = ","
			if e.FallbackOnError {
				sep = "|"
			}
		}
		if !strings.HasPrefix(e.URL, "https://") && !strings.HasPrefix(e.URL, "http://") {
			continue // file:// is on disk
		}
		t := Target{URL: strings.TrimSuffix(e.URL, "/"), Role: RoleProxy, Index: len(proxies), Separator: sep,
			Module: ListModule}
		t.Via = via(t.URL)
		proxies = append(proxies, t)
	}
	p.Targets = append(p.Targets, proxies...)

	sdb, sprobs := modcfg.ParseGOSUMDB(env["GOSUMDB"])
	switch {
	case sdb.Off:
		p.SumDBOff = true
	case modcfg.HasFatal(sprobs):
		for _, pr := range sprobs {
			if pr.Fatal {
				p.Problems = append(p.Problems, pr.Msg)
			}
		}
	default:
		if sdb.URL == "" {
			// initBase: each proxy is asked whether it serves the database, in order.
			for _, px := range proxies {
				t := Target{URL: px.URL + "/sumdb/" + sdb.Name, Role: RoleSumDB, Index: px.Index, Separator: px.Separator,
					SumDB: sdb.Name, Module: LookupModule, Version: LookupVersion, Via: px.Via}
				p.Targets = append(p.Targets, t)
			}
		}
		direct := "https://" + sdb.Name
		if sdb.URL != "" {
			direct = strings.TrimSuffix(sdb.URL, "/")
		}
		t := Target{URL: direct, Role: RoleSumDB, Index: -1, SumDB: sdb.Name, Module: LookupModule, Version: LookupVersion}
		t.Via = via(t.URL)
		p.Targets = append(p.Targets, t)
	}

	// Each HTTP proxy in use, once, as a target of its own.
	seen := map[string]bool{}
	for _, t := range p.Targets {
		if t.Via != "" && !seen[t.Via] {
			seen[t.Via] = true
			p.Targets = append(p.Targets, Target{URL: t.Via, Role: RoleHTTPProxy, Index: -1})
		}
	}
	return p
}

// SumDBDirect reports whether t is the checksum database reached without a module proxy.
func (t *Target) SumDBDirect() bool { return t.Role == RoleSumDB && t.Index < 0 }
