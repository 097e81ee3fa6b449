package cli

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/go-env-doctor/go-env-doctor/server/internal/catalog"
	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/model"
	"github.com/go-env-doctor/go-env-doctor/server/internal/redact"
	"github.com/go-env-doctor/go-env-doctor/server/internal/remote"
	"github.com/go-env-doctor/go-env-doctor/server/internal/report"
	"github.com/go-env-doctor/go-env-doctor/server/internal/system"
)

func runCheck(args []string, io IO) (int, error) {
	var c common
	var probe bool
	var pf probeFlags
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	c.register(fs, "text, json, markdown, sarif")
	fs.BoolVar(&probe, "probe", false, "include network checks")
	pf.register(fs)
	paths, err := parseInterleaved(fs, args)
	if err != nil {
		return ExitUsage, err
	}
	if err := checkFormat(c.format, "text", "json", "markdown", "sarif"); err != nil {
		return ExitUsage, err
	}
	if len(paths) == 0 {
		paths = []string{"."}
	}
	var findings []check.Finding
	var ctxs []*model.Context
	var problems []system.Problem
	var sys *remote.System // the same machine for every path
	for _, p := range paths {
		l, cs, w, err := c.load(io, p, nil)
		if err != nil {
			return ExitUsage, err
		}
		ws := &check.Workspace{Input: l.Input, Contexts: cs, World: w}
		checks := catalog.Offline()
		if probe {
			ws.Probes = pf.runProbes(ws, cs, nil)
			checks = catalog.All()
		}
		findings = append(findings, check.Run(ws, checks)...)
		ctxs = append(ctxs, cs...)
		problems = append(problems, l.Problems...)
		problems = append(problems, w.Unreadable(l.Problems)...) // go/env, go.mod, profiles, … read by the checks
		sys = l.Input.System
	}
	for i := range findings {
		findings[i] = report.RedactFinding(findings[i])
	}
	color := useColor(io)
	// Buffered: a report of hundreds of findings is thousands of small writes.
	out := bufio.NewWriter(io.Stdout)
	defer out.Flush()
	io.Stdout = out
	switch c.format {
	case "json":
		err = writeJSON(io.Stdout, checkJSON{Version: 1, Findings: nonNil(findings), Contexts: contextList(ctxs), Problems: jsonProblems(problems), System: systemJSON(sys)})
	case "sarif":
		err = writeJSON(io.Stdout, sarif(findings))
	case "markdown":
		report.CheckMarkdown(io.Stdout, findings, problemTexts(problems))
	default:
		for _, p := range problems {
			fmt.Fprintln(io.Stderr, "warning:", redact.Text(p.String()))
		}
		writeCheckText(io.Stdout, findings, ctxs, color)
	}
	if err != nil {
		return ExitUsage, err
	}
	if check.Failing(findings) {
		return ExitFindings, nil
	}
	return ExitOK, nil
}

type checkJSON struct {
	Version  int             `json:"version"`
	Findings []check.Finding `json:"findings"`
	Contexts []jsonCtxRef    `json:"contexts"`
	Problems []jsonProblem   `json:"problems,omitempty"`
	System   *jsonSystem     `json:"system,omitempty"`
}

type jsonCtxRef struct {
	ID     string `json:"id"`
	Folder string `json:"folder"`
}

func nonNil(f []check.Finding) []check.Finding {
	if f == nil {
		return []check.Finding{}
	}
	return f
}

func contextList(cs []*model.Context) []jsonCtxRef {
	out := []jsonCtxRef{}
	for _, c := range cs {
		out = append(out, jsonCtxRef{c.ID, c.Folder})
	}
	return out
}

func jsonProblems(ps []system.Problem) []jsonProblem {
	var out []jsonProblem
	for _, p := range ps {
		out = append(out, jsonProblem{p.File, redact.Text(p.Msg)})
	}
	return out
}

func writeCheckText(w io.Writer, fs []check.Finding, ctxs []*model.Context, color bool) {
	s := style{color}
	if len(fs) == 0 {
		if n := len(catalog.All()); n == 0 {
			// Say what was done: resolving is not the same as checking.
			fmt.Fprintf(w, "Resolved %d contexts of %d folder(s); this version has no checks yet, so nothing was diagnosed.\n", len(ctxs), len(report.Folders(ctxs)))
		} else {
			fmt.Fprintf(w, "%s %d checks found no problems in %d contexts of %d folder(s).\n", s.bold("✓"), n, len(ctxs), len(report.Folders(ctxs)))
		}
		return
	}
	for _, sev := range []check.Severity{check.Error, check.Warning, check.Info} {
		var group []check.Finding
		for _, f := range fs {
			if f.Severity == sev {
				group = append(group, f)
			}
		}
		if len(group) == 0 {
			continue
		}
		title := fmt.Sprintf("%s (%d)", strings.ToUpper(string(sev)), len(group))
		switch sev {
		case check.Error:
			title = s.red(title)
		case check.Warning:
			title = s.yellow(title)
		}
		fmt.Fprintln(w, s.bold(title))
		for _, f := range group {
			fmt.Fprintf(w, "  %s %s\n", s.bold("["+f.Check+"]"), wrap(f.Message, 100-len(f.Check)-5, "    "))
			if f.Location != nil {
				fmt.Fprintf(w, "    %s %s:%d:%d\n", s.dim("at"), f.Location.File, f.Location.Line, f.Location.Column)
			}
			if len(f.Contexts) > 0 {
				fmt.Fprintf(w, "    %s %s\n", s.dim("affects"), strings.Join(f.Contexts, ", "))
			}
			for _, fix := range f.Fixes {
				pref := ""
				if fix.Preferred {
					pref = s.dim(" (preferred)")
				}
				fmt.Fprintf(w, "    %s %s%s\n", s.dim("fix:"), wrap(fix.Title, 90, "         "), pref)
				if d := report.DescribeFix(fix); d != "" {
					fmt.Fprintf(w, "         %s\n", s.dim(d))
				}
			}
			fmt.Fprintf(w, "    %s\n", s.dim(check.DocsURL(f.Check)))
		}
		fmt.Fprintln(w)
	}
}

// sarif renders findings as SARIF 2.1.0 for code scanning.
func sarif(fs []check.Finding) map[string]any {
	var rules []map[string]any
	seen := map[string]bool{}
	for _, c := range catalog.All() {
		seen[c.ID] = true
		rules = append(rules, map[string]any{"id": c.ID, "helpUri": check.DocsURL(c.ID),
			"shortDescription":     map[string]any{"text": c.Summary},
			"defaultConfiguration": map[string]any{"level": sarifLevel(c.Severity)}})
	}
	results := []map[string]any{}
	for _, f := range fs {
		r := map[string]any{"ruleId": f.Check, "level": sarifLevel(f.Severity), "message": map[string]any{"text": f.Message}}
		props := map[string]any{"contexts": f.Contexts}
		if f.Folder != "" {
			props["folder"] = f.Folder
		}
		if len(f.Fixes) > 0 {
			var titles []string
			for _, x := range f.Fixes {
				titles = append(titles, x.Title)
			}
			props["fixes"] = titles
		}
		r["properties"] = props
		if f.Location != nil {
			r["locations"] = []map[string]any{{"physicalLocation": map[string]any{
				"artifactLocation": map[string]any{"uri": fileURI(f.Location.File)},
				"region":           map[string]any{"startLine": f.Location.Line, "startColumn": f.Location.Column},
			}}}
		}
		results = append(results, r)
	}
	if rules == nil {
		rules = []map[string]any{}
	}
	return map[string]any{
		"version": "2.1.0",
		"$schema": "https://json.schemastore.org/sarif-2.1.0.json",
		"runs": []map[string]any{{
			"tool":       map[string]any{"driver": map[string]any{"name": "go-env-doctor", "version": Version, "informationUri": "https://github.com/go-env-doctor/go-env-doctor", "rules": rules}},
			"columnKind": "utf16CodeUnits",
			"results":    results,
		}},
	}
}

func sarifLevel(s check.Severity) string {
	switch s {
	case check.Error:
		return "error"
	case check.Warning:
		return "warning"
	}
	return "note"
}

func fileURI(p string) string {
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(p)}
	return u.String()
}

// wrap breaks text into lines of at most width columns (the first line) and 96 columns after
// that, indenting continuation lines; words longer than a line (URLs, paths) stay whole.
func wrap(text string, width int, indent string) string {
	var b strings.Builder
	b.Grow(len(text) + len(text)/50*(len(indent)+1))
	col, limit := 0, width
	first := true
	// The words of text as strings.Fields splits them, without allocating the list.
	for rest := text; ; {
		start := strings.IndexFunc(rest, func(r rune) bool { return !unicode.IsSpace(r) })
		if start < 0 {
			break
		}
		rest = rest[start:]
		end := strings.IndexFunc(rest, unicode.IsSpace)
		if end < 0 {
			end = len(rest)
		}
		word := rest[:end]
		rest = rest[end:]
		n := utf8.RuneCountInString(word)
		if !first {
			if col+1+n > limit {
				b.WriteByte('\n')
				b.WriteString(indent)
				col, limit = 0, 100-len(indent)
			} else {
				b.WriteByte(' ')
				col++
			}
		}
		first = false
		b.WriteString(word)
		col += n
	}
	return b.String()
}

func problemTexts(ps []system.Problem) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.String())
	}
	return out
}
