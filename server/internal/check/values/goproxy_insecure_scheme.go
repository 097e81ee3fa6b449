package values

import (
	"net/url"
	"strings"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/modcfg"
)

// goproxyInsecureScheme: web.Get(web.DefaultSecurity, …) fetches an explicit http:// proxy
// URL in plain text (cmd/go/internal/web/http.go); GOINSECURE has nothing to do with it.
// Loopback proxies (127.0.0.0/8, ::1, localhost: a local Athens, a test server) are not
// reported: that traffic never leaves the machine.
var goproxyInsecureScheme = check.Check{
	ID:       "goproxy-insecure-scheme",
	Severity: check.Warning,
	Summary:  "a GOPROXY entry uses http://, so modules travel unencrypted",
	Run: func(ws *check.Workspace) []check.Finding {
		var out []check.Finding
		for _, u := range uses(ws, "GOPROXY") {
			v := u.Var.Value
			entries, _ := parseProxy(ws, v)
			var hosts []string
			creds := false
			bad := map[int]bool{}
			for _, e := range reached(entries) {
				pu := insecureEntry(e)
				if pu == nil {
					continue
				}
				bad[e.Offset] = true
				hosts = append(hosts, "http://"+pu.Host)
				creds = creds || pu.User != nil
			}
			if len(hosts) == 0 {
				continue
			}
			msg := quoteV("GOPROXY", v) + ", set " + check.WhereSet(u.Var.Origin, "GOPROXY") + ", sends module requests to " + strings.Join(hosts, ", ") +
				" without TLS: anyone on the network path can read which modules you use and change what the proxy returns." +
				" go.sum and the checksum database catch altered content for modules they cover, but not private modules (GONOSUMDB/GOPRIVATE), new go.sum entries when GOSUMDB is off, or version lists."
			if creds {
				msg += " The entry also carries user info: the go command refuses to send credentials over http and fails with \"refusing to pass credentials to insecure URL\"."
			}
			msg += envAdvice(u)
			fixed := replaceEntries(v, entries, func(e modcfg.ProxyEntry, t string) (string, bool) {
				if !bad[e.Offset] {
					return "", false
				}
				return "https" + t[len("http"):], true
			})
			fixes, note := setFixes(ws, u, fixed, "use https:// for "+strings.Join(hosts, ", ")+" (the proxy must serve TLS)",
				"set go.toolsEnvVars.GOPROXY to "+safe(fixed)+" (gopls, tests and debugging only; the shell keeps its value)", false)
			msg += note
			out = append(out, u.finding(check.Warning, msg, fixes...))
		}
		return out
	},
}

// insecureEntry returns the parsed URL of an http:// entry whose host is not loopback.
func insecureEntry(e modcfg.ProxyEntry) *url.URL {
	if e.Kind != modcfg.ProxyURL {
		return nil
	}
	pu, err := url.Parse(e.URL)
	if err != nil || !strings.EqualFold(pu.Scheme, "http") || pu.Host == "" || isLoopback(pu.Hostname()) {
		return nil
	}
	if !strings.EqualFold(strings.TrimSpace(e.Raw)[:min(4, len(strings.TrimSpace(e.Raw)))], "http") {
		return nil
	}
	return pu
}
