package modules

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/modcfg"
	"github.com/go-env-doctor/go-env-doctor/server/internal/model"
)

// patternListSyntax: GOPRIVATE, GONOPROXY, GONOSUMDB and GOINSECURE are read with
// golang.org/x/mod/module.MatchPrefixPatterns, which never reports a bad pattern: it splits on
// commas without trimming, drops one trailing slash, and a pattern that cannot match is just
// skipped (reference/go-env.md §3). So " b.com", "https://corp.example.com" or "*.corp.x"
// meant to cover corp.x itself fail silently.
var patternListSyntax = check.Check{
	ID:       "pattern-list-syntax",
	Severity: check.Error,
	Summary:  "GOPRIVATE/GONOPROXY/GONOSUMDB/GOINSECURE entries that never match (spaces after commas, URL schemes, quotes, `*.x` expected to cover x)",
	Run:      runPatternListSyntax,
}

// patternVars are the variables read with MatchPrefixPatterns, and what a pattern that does not
// match means for a module.
var patternVars = []struct{ name, effect string }{
	{"GOPRIVATE", "those modules are still sent to the public proxy and checked against the public checksum database"},
	{"GONOPROXY", "those modules are still requested from GOPROXY instead of fetched directly"},
	{"GONOSUMDB", "those modules are still looked up in the checksum database, which cannot know private ones"},
	{"GOINSECURE", "those modules are still fetched with full HTTPS certificate checks"},
}

func runPatternListSyntax(ws *check.Workspace) []check.Finding {
	var out []check.Finding
	for _, pv := range patternVars {
		for _, use := range ws.UsesAcrossFolders(pv.name) {
			v := use.Var.Value
			// A derived GONOPROXY/GONOSUMDB is GOPRIVATE's value, reported once there.
			if v == "" || use.Var.Origin.Layer == model.LayerDerived {
				continue
			}
			if f, ok := patternFinding(ws, use, pv.effect); ok {
				out = append(out, f)
			}
		}
	}
	return out
}

func patternFinding(ws *check.Workspace, use check.ValueUse, effect string) (check.Finding, bool) {
	v := use.Var.Value
	pats, probs := modcfg.ParsePatterns(v)
	fixed := modcfg.FixPatterns(v)
	missing := uncoveredParents(ws, use, pats, fixed)
	if len(probs) == 0 && len(missing) == 0 {
		return check.Finding{}, false
	}
	sev := check.Warning
	var parts []string
	for _, p := range probs {
		if p.Fatal {
			sev = check.Error
		}
		parts = append(parts, p.Msg)
	}
	for _, m := range missing {
		sev = check.Error
		parts = append(parts, fmt.Sprintf("%q matches only hosts below %s, not %s itself, yet %s %s %s", m.pattern, m.parent, m.parent, m.gomod, m.how, m.path))
	}
	msg := fmt.Sprintf("%s=%s (set in %s) has entries the go command never matches: %s.", use.Name, q(v), where(use.Var.Origin), strings.Join(parts, "; "))
	if sev == check.Error {
		msg += " The go command silently skips such patterns, so " + effect + "."
	} else {
		msg = fmt.Sprintf("%s=%s (set in %s) has a harmless oddity: %s.", use.Name, q(v), where(use.Var.Origin), strings.Join(parts, "; "))
	}
	for _, m := range missing {
		if !modcfg.Matches(fixed, m.path) {
			if fixed == "" {
				fixed = m.parent
			} else {
				fixed += "," + m.parent
			}
		}
	}
	var fixes []check.Fix
	if fixed != v {
		fs, note := valueFixes(ws, use, fixed, fmt.Sprintf("set %s=%s", use.Name, redactShort(fixed)))
		fixes, msg = fs, msg+note
	}
	return check.Finding{
		Severity: sev,
		Message:  msg,
		Folder:   use.Folder,
		Contexts: use.ContextIDs(),
		Location: use.Location(),
		Fixes:    fixes,
	}, true
}

// parentGap is a "*.x" pattern and a go.mod path under x itself that it does not cover.
type parentGap struct {
	pattern, parent  string
	gomod, how, path string
}

// uncoveredParents finds "*.x" patterns whose x is itself the host of a module that a go.mod
// of the affected folders declares or requires, while no pattern (after fixing) covers it.
// Without such evidence "*.x" may well be meant to leave x alone, so nothing is reported.
func uncoveredParents(ws *check.Workspace, use check.ValueUse, pats []modcfg.Pattern, fixed string) []parentGap {
	var out []parentGap
	seen := map[string]bool{}
	for _, p := range pats {
		if !strings.HasPrefix(p.Glob, "*.") {
			continue
		}
		parent := p.Glob[2:]
		if parent == "" || strings.ContainsAny(parent, `*?[\`) || seen[parent] {
			continue
		}
		for _, folder := range useFolders(use) {
			m := ws.GoMod(folder)
			if m == nil || m.File == nil {
				continue
			}
			type cand struct{ path, how string }
			var cands []cand
			if m.File.Module != nil {
				cands = append(cands, cand{m.File.Module.Mod.Path, "declares module"})
			}
			for _, r := range m.File.Require {
				cands = append(cands, cand{r.Mod.Path, "requires"})
			}
			for _, c := range cands {
				if (c.path == parent || strings.HasPrefix(c.path, parent+"/")) && !modcfg.Matches(fixed, c.path) && !seen[parent] {
					seen[parent] = true
					out = append(out, parentGap{pattern: p.Raw, parent: parent, gomod: relGoMod(ws, m.Path), how: c.how, path: c.path})
				}
			}
		}
	}
	return out
}

// useFolders lists the distinct folders of a value's contexts.
func useFolders(use check.ValueUse) []string {
	var out []string
	seen := map[string]bool{}
	for _, c := range use.Contexts {
		if c.Folder != "" && !seen[c.Folder] {
			seen[c.Folder] = true
			out = append(out, c.Folder)
		}
	}
	return out
}

// relGoMod names a go.mod for a message: "go.mod" with one folder, "<folder>/go.mod" otherwise.
func relGoMod(ws *check.Workspace, p string) string {
	if len(ws.Folders()) <= 1 {
		return "go.mod"
	}
	return filepath.Base(filepath.Dir(p)) + "/go.mod"
}

// redactShort is a value for a fix title: redacted and cut to a readable length.
func redactShort(s string) string {
	s = q(s)
	if len(s) > 80 {
		s = s[:77] + "…\""
	}
	return s
}
