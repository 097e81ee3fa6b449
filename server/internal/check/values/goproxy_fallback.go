package values

import (
	"strconv"
	"strings"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/modcfg"
)

// goproxyFallback: modfetch/proxy.go TryProxies moves past a ','-terminated proxy only when it
// answers "not found" (404/410); any other error (timeout, 5xx, TLS, DNS) ends the download.
// A list of two proxies joined by ',' is usually written as "mirror, then backup", which it is
// not. The default "https://proxy.golang.org,direct" has one proxy and is not reported: ','
// before direct is the documented behaviour (fall through to the origin for missing modules).
// No probe is made: this says what the list means, not that the first proxy is failing.
var goproxyFallback = check.Check{
	ID:       "goproxy-fallback",
	Severity: check.Info,
	Summary:  "GOPROXY joins proxies with ',' so a failing first proxy does not fall back to the next",
	Run: func(ws *check.Workspace) []check.Finding {
		var out []check.Finding
		for _, u := range uses(ws, "GOPROXY") {
			v := u.Var.Value
			entries, _ := parseProxy(ws, v)
			var proxies []modcfg.ProxyEntry
			for _, e := range reached(entries) {
				if e.Kind == modcfg.ProxyURL && e.Err == "" {
					proxies = append(proxies, e)
				}
			}
			var strict []modcfg.ProxyEntry // followed by another proxy, but only on 404/410
			for _, e := range proxies[:max(len(proxies)-1, 0)] {
				if !e.FallbackOnError {
					strict = append(strict, e)
				}
			}
			if len(strict) == 0 {
				continue
			}
			names := make([]string, len(strict))
			sepAt := map[int]bool{}
			for i, e := range strict {
				names[i] = safe(strings.TrimSpace(e.Raw))
				sepAt[e.Offset+len(e.Raw)] = true
			}
			msg := quoteV("GOPROXY", v) + ", set " + check.WhereSet(u.Var.Origin, "GOPROXY") + ", lists " + strconv.Itoa(len(proxies)) + " proxies. After " + strings.Join(names, ", ") + " comes ',', so the go command tries the next entry only when the module is not found there (HTTP 404 or 410). " +
				"A timeout, a 5xx answer, a TLS or DNS error stops the download with that error, and the next proxy is never asked (TryProxies in cmd/go/internal/modfetch/proxy.go). " +
				"If the later proxies are meant as a backup, separate them with '|', which falls through on any error."
			msg += envAdvice(u)
			b := []byte(v)
			for off := range sepAt {
				if off < len(b) && b[off] == ',' {
					b[off] = '|'
				}
			}
			fixed := string(b)
			title := "use '|' after " + strings.Join(names, ", ") + " so the next proxy is tried after any error — including 401/403, so a missing login or a module the first proxy blocks on purpose silently falls through to the next proxy"
			fixes, note := setFixes(ws, u, fixed, title, "set go.toolsEnvVars.GOPROXY to "+safe(fixed)+" (gopls, tests and debugging only)", false)
			msg += note
			out = append(out, u.finding(check.Info, msg, fixes...))
		}
		return out
	},
}
