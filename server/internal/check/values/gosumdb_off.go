package values

import (
	"strconv"
	"strings"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/modcfg"
	"github.com/go-env-doctor/go-env-doctor/server/internal/model"
)

// gosumdbOff: modfetch/sumdb.go useSumDB consults the checksum database only when
// GOSUMDB != "off" and the module matches no GONOSUMDB pattern; GONOSUMDB defaults to GOPRIVATE
// (cfg.go). go.sum is still checked either way, so this is about modules new to go.sum: with
// verification off they are trusted on first use, whatever the proxy or origin served.
var gosumdbOff = check.Check{
	ID:       "gosumdb-off",
	Severity: check.Warning,
	Summary:  "checksum verification is off for public modules (GOSUMDB=off, or GONOSUMDB/GOPRIVATE of * or a public host)",
	Run: func(ws *check.Workspace) []check.Finding {
		var out []check.Finding
		for _, u := range uses(ws, "GOSUMDB") {
			if db, _ := modcfg.ParseGOSUMDB(u.Var.Value); !db.Off {
				continue
			}
			msg := quoteV("GOSUMDB", u.Var.Value) + " is set " + check.WhereSet(u.Var.Origin, "GOSUMDB") +
				": the go command no longer checks new modules against the checksum database (sum.golang.org), so a module version that is not yet in go.sum is trusted as whatever the proxy or repository serves. go.sum is still checked for versions it lists." +
				" Toolchain downloads (GOTOOLCHAIN switching) always need the checksum database and fail with GOSUMDB=off." +
				" If this was meant for private modules, list them in GOPRIVATE (or GONOSUMDB) instead, e.g. GOPRIVATE=git.corp.example.com,github.com/your-org."
			msg += envAdvice(u)
			var fixes []check.Fix
			if lower, ok := firstBelow(u.Var, sumdbWorks); ok {
				if f, ok := u.Remove("remove GOSUMDB=off " + check.WhereSet(u.Var.Origin, "GOSUMDB") + ", so " + quoteV("GOSUMDB", lower.Value) + " " + check.WhereSet(lower, "GOSUMDB") + " applies"); ok {
					fixes = append(fixes, preferred(f))
				}
			}
			if len(fixes) == 0 {
				fixes, _ = setFixes(ws, u, "sum.golang.org", "set GOSUMDB to sum.golang.org (the Go default)",
					"set go.toolsEnvVars.GOSUMDB to sum.golang.org (gopls, tests and debugging only; the shell keeps its value)", true)
			}
			out = append(out, u.finding(check.Warning, msg, fixes...))
		}
		// GONOSUMDB set on its own, and GOPRIVATE where GONOSUMDB inherits it.
		for _, u := range uses(ws, "GONOSUMDB") {
			if u.Var.Origin.Layer == model.LayerDerived || u.Var.Origin.Layer == model.LayerDefault {
				continue
			}
			if f, ok := broadSumFinding(ws, u, "GONOSUMDB"); ok {
				out = append(out, f)
			}
		}
		for _, u := range uses(ws, "GOPRIVATE") {
			u.Contexts = inheritsSum(u.Contexts)
			if len(u.Contexts) == 0 {
				continue
			}
			u.Folder = u.Contexts[0].Folder
			for _, c := range u.Contexts {
				if c.Folder != u.Folder {
					u.Folder = ""
				}
			}
			if f, ok := broadSumFinding(ws, u, "GOPRIVATE"); ok {
				out = append(out, f)
			}
		}
		return out
	},
}

// sumdbWorks reports whether a GOSUMDB value keeps verification on and parses.
func sumdbWorks(v string) bool {
	db, problems := modcfg.ParseGOSUMDB(v)
	return !db.Off && !modcfg.HasFatal(problems)
}

// inheritsSum keeps the contexts whose GONOSUMDB is GOPRIVATE's (not set on its own).
func inheritsSum(cs []*model.Context) []*model.Context {
	var out []*model.Context
	for _, c := range cs {
		if v := c.Get("GONOSUMDB"); v == nil || v.Origin.Layer == model.LayerDerived || v.Origin.Layer == model.LayerDefault {
			out = append(out, c)
		}
	}
	return out
}

// broadSumFinding reports the patterns of name (GONOSUMDB, or GOPRIVATE feeding it) that cover
// every module of a public host.
func broadSumFinding(ws *check.Workspace, u valueUse, name string) (check.Finding, bool) {
	v := u.Var.Value
	pats, _ := modcfg.ParsePatterns(v)
	var broad, what []string
	keep := make([]string, 0, len(pats))
	for _, p := range pats {
		if w, ok := broadPattern(p.Glob); ok {
			broad = append(broad, strconv.Quote(p.Raw))
			what = append(what, w)
			continue
		}
		keep = append(keep, p.Raw)
	}
	if len(broad) == 0 {
		return check.Finding{}, false
	}
	msg := quoteV(name, v) + ", set " + check.WhereSet(u.Var.Origin, name) + ", contains " + strings.Join(broad, ", ") + ", which covers " + strings.Join(what, "; ") +
		". The checksum database is skipped for every module matching GONOSUMDB"
	if name == "GOPRIVATE" {
		msg += " (which defaults to GOPRIVATE)"
	}
	msg += ", so new versions of public modules are trusted as whatever the proxy or repository serves."
	if name == "GOPRIVATE" {
		msg += " GOPRIVATE also sets GONOPROXY, so these modules bypass the module proxy and are fetched from their repositories."
	}
	msg += " List only your private prefixes, such as github.com/your-org or *.corp.example.com."
	msg += envAdvice(u)
	title := "remove " + strings.Join(broad, ", ") + " from " + name + " — then add your organization's prefix (such as github.com/your-org) instead"
	var fixes []check.Fix
	if len(keep) == 0 {
		if f, ok := u.Remove(title); ok {
			fixes = append(fixes, f)
		} else if f, ok := toolsEnvFix(ws, u, "", title+" (in go.toolsEnvVars: gopls, tests and debugging only)"); ok {
			fixes = append(fixes, f)
		}
	} else {
		rest := strings.Join(keep, ",")
		fixes, _ = setFixes(ws, u, rest, title, title+" (in go.toolsEnvVars: gopls, tests and debugging only)", false)
	}
	return u.finding(check.Warning, msg, fixes...), true
}
