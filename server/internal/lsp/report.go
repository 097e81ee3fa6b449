package lsp

import (
	"fmt"
	"strings"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/model"
	"github.com/go-env-doctor/go-env-doctor/server/internal/redact"
	"github.com/go-env-doctor/go-env-doctor/server/internal/report"
	"github.com/go-env-doctor/go-env-doctor/server/internal/resolve"
)

// report renders the whole diagnosis as Markdown for a bug report: environment, findings,
// and the context × variable table. Everything is redacted.
func (s *Server) report(p ReportParams) TextResult {
	snap := s.current()
	var b strings.Builder
	fmt.Fprintln(&b, "# Go Env Doctor report")
	fmt.Fprintln(&b)
	s.writeEnvironment(&b, snap)
	if snap.err != nil {
		fmt.Fprintf(&b, "\n**Could not diagnose:** %s\n", report.MDEscape(redact.Text(snap.err.Error())))
		return TextResult{Text: b.String()}
	}
	ctxs, findings := filterFolder(snap, p.Folder)
	fmt.Fprintln(&b)
	report.CheckMarkdown(&b, redactedFindings(findings), problems(snap))
	fmt.Fprintln(&b)
	report.ExplainMarkdown(&b, ctxs, resolve.DownloadVars, nil)
	return TextResult{Text: b.String()}
}

// explain renders the provenance of the given variables (all download variables if none).
func (s *Server) explain(p ExplainParams) TextResult {
	snap := s.current()
	if snap.err != nil {
		return TextResult{Text: "**Could not diagnose:** " + report.MDEscape(redact.Text(snap.err.Error())) + "\n"}
	}
	vars := p.Variables
	if len(vars) == 0 {
		vars = resolve.DownloadVars
	}
	ctxs, _ := filterFolder(snap, p.Folder)
	var b strings.Builder
	for _, name := range vars {
		fmt.Fprintf(&b, "## %s\n\n", report.MDEscape(name))
		for _, folder := range report.Folders(ctxs) {
			if folder != "" && len(report.Folders(ctxs)) > 1 {
				fmt.Fprintf(&b, "### `%s`\n\n", report.MDEscape(folder))
			}
			groups := report.GroupVar(ctxs, folder, name)
			if len(groups) == 0 {
				fmt.Fprintf(&b, "Not tracked in any context.\n\n")
				continue
			}
			if n := report.DistinctValues(groups); n > 1 {
				fmt.Fprintf(&b, "⚠ %d different values across contexts.\n\n", n)
			}
			for _, g := range groups {
				writeGroup(&b, name, g)
			}
		}
	}
	return TextResult{Text: b.String()}
}

func writeGroup(b *strings.Builder, name string, g *report.Group) {
	fmt.Fprintf(b, "- **%s** = `%s`\n", strings.Join(g.IDs, ", "), report.MDEscape(report.Display(name, g.V.Value)))
	if g.V.Origin.Layer == model.LayerUnset {
		fmt.Fprintln(b, "  - not set in any layer")
	} else {
		fmt.Fprintf(b, "  - from %s\n", report.MDEscape(redact.Text(report.DescribeOrigin(g.V.Origin))))
	}
	if n := model.JoinNotes(g.V.Origin.Note, g.V.Note); n != "" {
		fmt.Fprintf(b, "  - note: %s\n", report.MDEscape(redact.Text(n)))
	}
	for _, o := range g.V.Overridden {
		val := report.Display(name, o.Value)
		if o.Unset {
			val = "(removed)"
		}
		fmt.Fprintf(b, "  - overrides %s = `%s` %s\n", report.HumanLayer(o.Layer), report.MDEscape(val),
			report.MDEscape(redact.Text(o.Where())))
	}
	fmt.Fprintln(b)
}

func (s *Server) writeEnvironment(b *strings.Builder, snap *snapshot) {
	st := snap.state
	remote := "local"
	if st.RemoteName != nil && *st.RemoteName != "" {
		remote = "remote " + *st.RemoteName
	}
	goExt := "not installed (gopls, tests and debugging are not started by VS Code)"
	if st.VSCodeGo.Installed {
		goExt = "installed"
		if st.VSCodeGo.Version != nil {
			goExt += " v" + *st.VSCodeGo.Version
		}
		if !st.VSCodeGo.Active {
			goExt += ", not active yet"
		}
	}
	fmt.Fprintf(b, "- go-env-doctor %s; %s on %s (%s)\n", s.opts.Version, orUnknown(st.AppName), orUnknown(st.Platform), remote)
	fmt.Fprintf(b, "- Go extension (golang.go): %s\n", goExt)
	fmt.Fprintf(b, "- Workspace trusted: %v\n", st.Trusted)
	if snap.loaded != nil {
		us := snap.loaded.UserSettings
		if us == "" {
			us = "none"
		}
		fmt.Fprintf(b, "- User settings: %s\n", report.MDEscape(us))
		if snap.loaded.WorkspaceFile != "" {
			fmt.Fprintf(b, "- Workspace file: %s\n", report.MDEscape(snap.loaded.WorkspaceFile))
		}
		for _, f := range snap.loaded.Input.Folders {
			fmt.Fprintf(b, "- Folder: %s\n", report.MDEscape(f.Path))
		}
	}
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown editor"
	}
	return s
}

func (s *Server) current() *snapshot {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.snap == nil {
		return &snapshot{err: fmt.Errorf("nothing diagnosed yet")}
	}
	return s.snap
}

// filterFolder keeps the contexts and findings of one folder (uri), or all when folder is nil.
func filterFolder(snap *snapshot, folder *string) ([]*model.Context, []check.Finding) {
	if folder == nil || *folder == "" {
		return snap.ctxs, snap.findings
	}
	path := pathOfURI(*folder)
	var ctxs []*model.Context
	for _, c := range snap.ctxs {
		if c.Folder == path || c.Folder == "" {
			ctxs = append(ctxs, c)
		}
	}
	var fs []check.Finding
	for _, f := range snap.findings {
		if f.Folder == path || f.Folder == "" {
			fs = append(fs, f)
		}
	}
	return ctxs, fs
}

func redactedFindings(fs []check.Finding) []check.Finding {
	out := make([]check.Finding, len(fs))
	for i, f := range fs {
		out[i] = report.RedactFinding(f)
	}
	return out
}

func problems(snap *snapshot) []string {
	if snap.loaded == nil {
		return nil
	}
	var out []string
	for _, p := range snap.loaded.Problems {
		out = append(out, p.String())
	}
	return out
}
