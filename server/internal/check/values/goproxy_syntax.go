package values

import (
	"strconv"
	"strings"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/modcfg"
	"github.com/go-env-doctor/go-env-doctor/server/internal/model"
)

// goproxySyntax: GOPROXY is parsed by modfetch/proxy.go proxyList; a bad entry fails every
// download ("invalid proxy URL …"), while empty elements, trimmed white space and entries after
// direct/off are accepted but do nothing, which usually hides a mistake.
var goproxySyntax = check.Check{
	ID:       "goproxy-syntax",
	Severity: check.Error,
	Summary:  "GOPROXY has entries the go command rejects, ignores or never reaches",
	Run: func(ws *check.Workspace) []check.Finding {
		var out []check.Finding
		for _, u := range uses(ws, "GOPROXY") {
			v := u.Var.Value
			if v == "" {
				continue // unset: goenv-empty-value and the go command's own error cover it
			}
			entries, problems := parseProxy(ws, v)
			msgs, fatal := proxyProblems(u.Var.Origin, entries, problems)
			if len(msgs) == 0 {
				continue
			}
			sev := check.Warning
			msg := quoteV("GOPROXY", v) + ", set " + check.WhereSet(u.Var.Origin, "GOPROXY") + ", has " + plural(len(msgs), "problem") + ": " + strings.Join(msgs, "; ") + "."
			if fatal {
				sev = check.Error
				msg += " The go command stops at the first invalid entry it reaches, so downloads that get there fail."
			} else {
				msg += " The go command skips these parts silently: the list works, but not as written."
			}
			msg += envAdvice(u)
			var fixes []check.Fix
			fixed := modcfg.FixGOPROXY(v)
			switch {
			case fixed != v:
				var note string
				fixes, note = setFixes(ws, u, fixed, "set GOPROXY to the corrected list "+safe(fixed),
					"set go.toolsEnvVars.GOPROXY to "+safe(fixed)+" (gopls, tests and debugging only; the shell keeps its value)", true)
				msg += note
			case fatal:
				// Nothing usable is left: let the next layer (or the default) apply.
				if f, ok := u.Remove("remove GOPROXY " + check.WhereSet(u.Var.Origin, "GOPROXY") + ": no entry of it is usable"); ok {
					fixes = append(fixes, preferred(f))
				}
			}
			out = append(out, u.finding(sev, msg, fixes...))
		}
		return out
	},
}

// proxyProblems returns the messages of GOPROXY's problems, redacted, plus white space around
// reached entries (trimmed by proxyList, so harmless, but a sign of a list written by hand
// like the pattern lists, where the same space breaks matching). A lone trailing \r in a
// go/env file is left to goenv-file-syntax, which reports CRLF line endings.
func proxyProblems(o model.Origin, entries []modcfg.ProxyEntry, problems []modcfg.Problem) ([]string, bool) {
	var msgs []string
	fatal := false
	for _, p := range problems {
		fatal = fatal || p.Fatal
		msgs = append(msgs, safe(p.Msg))
	}
	for i, e := range entries {
		t := strings.TrimSpace(e.Raw)
		if e.Unreached || t == e.Raw {
			continue
		}
		if o.Layer == model.LayerUserGoEnv && i == len(entries)-1 && e.Raw == t+"\r" {
			continue
		}
		msgs = append(msgs, "white space around "+strconv.Quote(safe(t))+" is trimmed by the go command")
	}
	return msgs, fatal
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}
