// Package network holds the checks of the Network table: they turn a probe of a context's
// download route (check.Workspace.Probes, filled by check --probe or the extension's Probe
// network command) into findings that say which layer broke and what to do.
package network

import (
	"fmt"
	"strings"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/model"
	"github.com/go-env-doctor/go-env-doctor/server/internal/probe"
	"github.com/go-env-doctor/go-env-doctor/server/internal/redact"
)

// Checks returns the checks of this table.
func Checks() []check.Check {
	return []check.Check{
		netCheck(probe.CheckDNS, check.Error, "a proxy, sumdb or HTTP proxy host does not resolve (NXDOMAIN, or no resolver reachable)"),
		netCheck(probe.CheckTCP, check.Error, "a connection to a proxy or sumdb host is refused or times out"),
		netCheck(probe.CheckTLS, check.Error, "a proxy's or sumdb's certificate chain does not verify (unknown or intercepting CA, expired, wrong host)"),
		netCheck(probe.CheckIntercept, check.Info, "the TLS chain verifies only through a non-public root: the connection is intercepted"),
		netCheck(probe.CheckHTTPProxy, check.Error, "the HTTPS_PROXY is unreachable, needs authentication (407) or refuses CONNECT"),
		netCheck(probe.CheckProtocol, check.Error, "a GOPROXY answers, but not as a module proxy: an HTML page, 401/403, 5xx"),
		netCheck(probe.CheckSumDB, check.Error, "the checksum database can be reached neither through a proxy nor directly"),
	}
}

func netCheck(id string, sev check.Severity, summary string) check.Check {
	return check.Check{ID: id, Severity: sev, Summary: summary, Network: true,
		Run: func(ws *check.Workspace) []check.Finding { return findings(ws, id, sev) }}
}

// findings reports each failing target once per probed context; the same host failing the same
// way for several targets (a proxy and the sumdb through it) is one finding.
func findings(ws *check.Workspace, id string, sev check.Severity) []check.Finding {
	var out []check.Finding
	for _, p := range ws.Probes {
		if len(p.Contexts) == 0 {
			continue
		}
		seen := map[string]bool{}
		for i := range p.Results {
			r := &p.Results[i]
			if r.Check != id {
				continue
			}
			key := hostOf(r.URL) + "|" + string(r.Failed)
			if seen[key] {
				continue
			}
			seen[key] = true
			c := p.Contexts[0]
			var ids []string
			for _, pc := range p.Contexts {
				ids = append(ids, pc.ID)
			}
			fsev := sev
			if r.Note == probe.NoteFallsBackOnError && p.Assessment.ProxyOK {
				fsev = check.Warning // a later entry serves the downloads; this one only costs time
			}
			f := check.Finding{Severity: fsev, Message: redact.Text(message(p, r)), Folder: c.Folder,
				Contexts: ids, Fixes: []check.Fix{}}
			// The setting behind the target, from a context of the route where it is written in
			// a file (gopls's go.toolsEnvVars, say), so the diagnostic has a place.
			for _, pc := range p.Contexts {
				if o := origin(pc, r); o != nil && o.File != "" {
					f.Location = check.At(*o)
					break
				}
			}
			out = append(out, f)
		}
	}
	return out
}

// origin is the setting behind a target: GOPROXY for a proxy, GOSUMDB for the direct checksum
// database, HTTPS_PROXY for the HTTP proxy.
func origin(c *model.Context, r *probe.Result) *model.Origin {
	name := "GOPROXY"
	switch {
	case r.Role == probe.RoleHTTPProxy || r.Failed == probe.StageConnect:
		name = "HTTPS_PROXY"
	case r.Role == probe.RoleSumDB && r.SumDBDirect():
		name = "GOSUMDB"
	}
	if v := c.Get(name); v != nil {
		return &v.Origin
	}
	return nil
}

func hostOf(u string) string {
	s := u
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
	}
	if i := strings.IndexAny(s, "/?#"); i >= 0 {
		s = s[:i]
	}
	if i := strings.LastIndex(s, "@"); i >= 0 {
		s = s[i+1:]
	}
	return s
}

// what names a target the way the user wrote it.
func what(r *probe.Result) string {
	switch {
	case r.Role == probe.RoleHTTPProxy:
		return "the HTTP proxy " + r.URL + " (HTTPS_PROXY)"
	case r.Role == probe.RoleSumDB && r.SumDBDirect():
		return fmt.Sprintf("the checksum database %s at %s", r.SumDB, r.URL)
	case r.Role == probe.RoleSumDB:
		return fmt.Sprintf("the checksum database %s through the proxy %s", r.SumDB, strings.TrimSuffix(r.URL, "/sumdb/"+r.SumDB))
	}
	return fmt.Sprintf("the GOPROXY entry %s", r.URL)
}

func message(p *check.Probe, r *probe.Result) string {
	st := r.Last()
	detail := ""
	if st != nil {
		detail = st.Detail
	}
	route := ""
	if r.Via != "" && r.Role != probe.RoleHTTPProxy {
		route = " through the HTTP proxy " + r.Via
	}
	head := fmt.Sprintf("In %s, %s%s failed at the %s stage: %s.", p.Contexts[0].ID, what(r), route, r.Failed, detail)
	if r.OK() {
		head = fmt.Sprintf("In %s, %s%s answers.", p.Contexts[0].ID, what(r), route)
	}
	var failure probe.Failure
	if st != nil {
		failure = st.Failure
	}
	return head + " " + advice(r, failure)
}

// advice says what the failure means for downloads and what to do, per stage and failure.
func advice(r *probe.Result, f probe.Failure) string {
	switch r.Check {
	case probe.CheckIntercept:
		root := ""
		if r.TLS != nil {
			root = r.TLS.Root
		}
		return fmt.Sprintf("The certificate chain verifies only through %q, which is not a public CA: the connection is intercepted (a corporate proxy, antivirus, Clash or Charles). It works here because that root is trusted; a context or machine without it fails with \"x509: certificate signed by unknown authority\".", root)
	case probe.CheckTLS:
		return tlsAdvice(r, f)
	case probe.CheckSumDB:
		return "Every download of a module that is not in go.sum then fails with \"verifying module: …\". Make a GOPROXY entry serve <proxy>/sumdb/" + r.SumDB + ", or make the checksum database reachable; for private modules only, list them in GONOSUMDB (or GOPRIVATE). Do not set GOSUMDB=off: it turns off verification for every module."
	case probe.CheckHTTPProxy:
		switch f {
		case probe.ProxyAuth:
			return "The proxy wants credentials (407): put them in the proxy URL's user info (they are redacted here) or use a proxy that does not need them."
		case probe.ProxyRefused:
			return "The proxy refuses to open a tunnel to this host: ask for it to be allowed, or add the host to NO_PROXY if it is reachable without the proxy."
		case probe.DNSNotFound, probe.DNSNoAnswer, probe.DNSError:
			return "The proxy's host name does not resolve: check HTTPS_PROXY (and where it is set) or the DNS of this machine."
		}
		return "The go command sends its HTTPS requests through HTTPS_PROXY (net/http: upper case first, then lower case; NO_PROXY and localhost bypass it), so every download fails while it cannot be reached. Check that the proxy runs and that HTTPS_PROXY names it."
	case probe.CheckDNS:
		if f == probe.DNSNoAnswer {
			return "No DNS server answered: the resolver this machine uses (/etc/resolv.conf on Linux, where the go command uses its own resolver and no NSS plugins) is unreachable. Check the network, the VPN, or the resolver settings."
		}
		return "The name does not exist for this machine's resolver (NXDOMAIN): check the spelling, or whether it resolves only on a VPN or in split DNS (on Linux the go command reads /etc/resolv.conf and /etc/hosts itself, not NSS plugins such as sssd or systemd-resolved's per-link DNS)."
	case probe.CheckTCP:
		if f == probe.TCPRefused {
			return "Nothing listens there (connection refused): check the port in the URL, or whether the service is up."
		}
		return "The connection is not answered: a firewall drops it, or this network needs an HTTP proxy (HTTPS_PROXY) to reach the internet."
	case probe.CheckProtocol:
		switch f {
		case probe.NotAModuleProxy:
			return "It answered with something that is not a module proxy (an HTML page: a login page, a captive portal, or the wrong URL). The go command fails on it; check the URL and the proxy's authentication (GOAUTH or .netrc)."
		case probe.HTTPTimeout:
			return "It accepted the connection but did not answer in time."
		}
		return "A module proxy must answer 200 (or 404/410 for \"not here\"); anything else stops the go command at this entry unless it is followed by '|'. 401/403 usually mean missing credentials (GOAUTH, .netrc) or a policy block."
	}
	return ""
}

func tlsAdvice(r *probe.Result, f probe.Failure) string {
	switch f {
	case probe.TLSExpired:
		return "A certificate of the chain has expired (or this machine's clock is wrong): the server must renew it; check the date here."
	case probe.TLSWrongHost:
		return "The certificate is for another host name: check the URL, or whether something on the route (a proxy, DNS) sends you elsewhere."
	}
	issuer, public := "", false
	if r.TLS != nil && len(r.TLS.Chain) > 0 {
		issuer = r.TLS.Chain[len(r.TLS.Chain)-1].Issuer
		public = r.TLS.Public
	}
	what := "The chain does not verify with the roots this context trusts."
	if issuer != "" && !public {
		what = fmt.Sprintf("The chain is issued by %q, which is not a public CA: the connection is intercepted (a corporate proxy, antivirus, Clash or Charles) or the server uses a private CA.", issuer)
	} else if issuer != "" {
		what = fmt.Sprintf("The chain is issued by %q, a public CA, but this context does not trust it: SSL_CERT_FILE or SSL_CERT_DIR may replace the system roots with a bundle that lacks it.", issuer)
	}
	return what + " Add that CA where the go command looks: on Linux a bundle that contains it in SSL_CERT_FILE (or its directory in SSL_CERT_DIR) for every context, or the system store (update-ca-certificates); on macOS and Windows the system trust store. GOINSECURE does not help (it never applies to GOPROXY or the checksum database) and GOSUMDB=off only hides the symptom."
}
