package lsp

import (
	"encoding/json"
	"path/filepath"
	"slices"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/fixes"
	"github.com/go-env-doctor/go-env-doctor/server/internal/report"
)

// codeActions returns the fixes of the findings in the requested range of a document.
func (s *Server) codeActions(p *protocol.CodeActionParams) []protocol.CodeAction {
	path := filepath.Clean(fsPath(p.TextDocument.URI))
	s.mu.Lock()
	snap := s.snap
	s.mu.Unlock()
	out := []protocol.CodeAction{}
	if snap == nil || path == "" {
		return out
	}
	if only := p.Context.Only; len(only) > 0 && !slices.ContainsFunc(only, func(k protocol.CodeActionKind) bool {
		return k == protocol.CodeActionKindQuickFix || k == protocol.CodeActionKindEmpty
	}) {
		return out // the client asked for other kinds (refactor, source, …)
	}
	seenCommand := map[string]bool{}
	for _, f := range snap.findings {
		if f.Location == nil || filepath.Clean(f.Location.File) != path {
			continue
		}
		line := uint32(max(f.Location.Line-1, 0))
		if line < p.Range.Start.Line || line > p.Range.End.Line {
			continue
		}
		diag := matchingDiagnostic(p.Context.Diagnostics, f, line)
		if diag == nil && len(p.Context.Diagnostics) > 0 {
			// The client asks about particular diagnostics (the Problems panel asks about one
			// row): offer only their fixes, not those of every finding on the line.
			continue
		}
		for _, fix := range f.Fixes {
			a, ok := s.action(snap, f, fix)
			if !ok {
				continue
			}
			// Two findings on one line may bring the same command (restart gopls): offer it once.
			if a.Edit == nil && fix.Command != "" {
				if seenCommand[fix.Command] {
					continue
				}
				seenCommand[fix.Command] = true
			}
			if diag != nil {
				a.Diagnostics = []protocol.Diagnostic{*diag}
			}
			out = append(out, a)
		}
	}
	return out
}

// matchingDiagnostic finds the editor's diagnostic for f, so VS Code ties the fix to it.
func matchingDiagnostic(ds []protocol.Diagnostic, f check.Finding, line uint32) *protocol.Diagnostic {
	for i := range ds {
		d := &ds[i]
		if code, ok := d.Code.(protocol.String); ok && string(code) == f.Check && d.Range.Start.Line == line {
			return d
		}
	}
	return nil
}

// action turns one fix into a code action: a WorkspaceEdit when the server can compute the
// text edit here (the editor applies it and can undo it), a client command otherwise.
func (s *Server) action(snap *snapshot, f check.Finding, fix check.Fix) (protocol.CodeAction, bool) {
	kind := protocol.CodeActionKindQuickFix
	shown := report.RedactFix(fix)
	a := protocol.CodeAction{Title: shown.Title, Kind: &kind}
	if fix.Preferred {
		t := true
		a.IsPreferred = &t
	}
	restart := affectsGopls(f) && fix.Kind != check.RestartGopls && fix.Kind != check.ReloadWindow
	switch fix.Kind {
	case check.SetSetting, check.RemoveSetting, check.Edit:
		if fix.File != "" && filepath.IsAbs(fix.File) {
			fe, err := fixes.Plan(fix, s.world.ReadFile)
			if err != nil {
				s.opts.Logf("fix %q: %v", shown.Title, err)
				if fix.Setting == nil {
					return a, false // a file we must not rewrite, and no API to fall back on
				}
			} else if fe.Existed {
				a.Edit = workspaceEdit(fe)
				a.Command = command(shown.Title, CommandAfterFix, AfterFix{Title: shown.Title, Check: f.Check,
					URIs: []string{uri.File(fe.File).String()}, RestartGopls: restart})
				return a, true
			}
		}
		if fix.Setting == nil {
			return a, false
		}
		// No file here (user settings on the other side of a remote), or the file does not
		// exist yet: VS Code's configuration API writes it.
		a.Command = command(shown.Title, CommandApplyFix, ClientFix{Title: shown.Title, Check: f.Check, Kind: string(fix.Kind),
			Setting: clientSetting(snap, f, fix), RestartGopls: restart})
		return a, true
	case check.GoEnvWrite, check.GoEnvUnset:
		if fix.GoEnv == nil {
			return a, false
		}
		args := &GoEnvArgs{File: fix.File, Set: fix.GoEnv.Set, Unset: fix.GoEnv.Unset, Env: fix.GoEnv.Env}
		a.Command = command(shown.Title, CommandApplyFix, ClientFix{Title: shown.Title, Check: f.Check, Kind: string(fix.Kind),
			GoEnv: args, RestartGopls: restart})
		return a, true
	case check.RestartGopls, check.ReloadWindow:
		a.Command = command(shown.Title, CommandApplyFix, ClientFix{Title: shown.Title, Check: f.Check, Kind: string(fix.Kind),
			Command: fix.Command})
		return a, true
	}
	return a, false
}

func affectsGopls(f check.Finding) bool {
	for _, c := range f.Contexts {
		if c == "gopls" {
			return true
		}
	}
	return false
}

// clientSetting maps a fix's setting to the configuration API's target.
func clientSetting(snap *snapshot, f check.Finding, fix check.Fix) *ClientSetting {
	cs := &ClientSetting{Key: fix.Setting.Key, Member: append([]string{}, fix.Setting.Member...), Target: "user"}
	if fix.JSON != nil {
		cs.Value = fix.JSON.Value
	}
	switch fix.Setting.Scope {
	case "workspace":
		cs.Target = "workspace"
	case "folder":
		cs.Target = "folder"
		if f.Folder != "" {
			u := uri.File(f.Folder).String()
			cs.Folder = &u
		}
	}
	return cs
}

func command(title, name string, arg any) protocol.Command {
	b, err := json.Marshal(arg)
	if err != nil {
		b = []byte("null")
	}
	return protocol.Command{Title: title, Command: name, Arguments: []protocol.LSPAny{protocol.LSPAny(b)}}
}

// workspaceEdit converts byte edits of fe.Before into LSP text edits.
func workspaceEdit(fe *fixes.FileEdit) *protocol.WorkspaceEdit {
	li := newLineIndex(fe.Before)
	var edits []protocol.TextEdit
	for _, e := range fe.Edits {
		edits = append(edits, protocol.TextEdit{
			Range:   protocol.Range{Start: li.position(e.Offset), End: li.position(e.Offset + e.Length)},
			NewText: e.Text,
		})
	}
	return &protocol.WorkspaceEdit{Changes: map[uri.URI][]protocol.TextEdit{uri.File(fe.File): edits}}
}
