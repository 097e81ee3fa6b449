package values

import (
	"strconv"
	"strings"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/modcfg"
)

// goinsecureSet: GOINSECURE is read only in modfetch/repo.go lookupDirect, i.e. when a module
// is fetched directly (GOPROXY "direct", GONOPROXY/GOPRIVATE modules). It then uses web.Insecure:
// https without certificate checks through a 5-second "impatient" client, falling back to plain
// http (web/http.go). It never applies to GOPROXY entries and does not turn off checksum
// verification ("GOINSECURE does not disable checksum database validation", go help
// module-private), so it rarely fixes the problem it is set for and weakens every direct fetch
// it matches.
var goinsecureSet = check.Check{
	ID:       "goinsecure-set",
	Severity: check.Warning,
	Summary:  "GOINSECURE is set: direct fetches skip TLS checks, and it never affects proxies",
	Run: func(ws *check.Workspace) []check.Finding {
		var out []check.Finding
		for _, u := range uses(ws, "GOINSECURE") {
			v := u.Var.Value
			if strings.Trim(v, " \t\r\n,") == "" {
				continue
			}
			pats, _ := modcfg.ParsePatterns(v)
			var broad, what []string
			for _, p := range pats {
				if w, ok := broadPattern(p.Glob); ok {
					broad = append(broad, strconv.Quote(p.Raw))
					what = append(what, w)
				}
			}
			msg := quoteV("GOINSECURE", v) + " is set " + check.WhereSet(u.Var.Origin, "GOINSECURE") +
				". For matching modules fetched directly from their repositories (GOPROXY \"direct\", or modules in GOPRIVATE/GONOPROXY), the go command accepts any TLS certificate and falls back to plain http, with a 5-second timeout, so an attacker on the network can serve other code." +
				" It does not apply to GOPROXY entries (a proxy with a bad certificate still fails; fix the trust store with SSL_CERT_FILE or the system certificates instead) and does not disable checksum verification (that is GONOSUMDB/GOPRIVATE)."
			if len(broad) > 0 {
				msg += " " + strings.Join(broad, ", ") + " covers " + strings.Join(what, "; ") + ": every such module fetched directly is exposed."
			}
			msg += envAdvice(u)
			var fixes []check.Fix
			title := "remove GOINSECURE " + check.WhereSet(u.Var.Origin, "GOINSECURE")
			if f, ok := u.Remove(title); ok {
				fixes = append(fixes, preferred(f))
			} else if f, ok := toolsEnvFix(ws, u, "", "set go.toolsEnvVars.GOINSECURE to \"\" (empty means unset: gopls, tests and debugging only; the shell keeps its value)"); ok {
				fixes = append(fixes, f)
			}
			out = append(out, u.finding(check.Warning, msg, fixes...))
		}
		return out
	},
}
