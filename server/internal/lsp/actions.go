package lsp

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/fixes"
	"github.com/go-env-doctor/go-env-doctor/server/internal/report"
	"github.com/go-env-doctor/go-env-doctor/server/internal/system"
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
	if stale := s.staleFixFiles(snap, path, p.Range); len(stale) > 0 {
		// An edit planned from what the diagnosis read would land on the wrong bytes of the
		// file as it is now (and overwrite what changed): diagnose the new content first.
		s.opts.Logf("changed on disk since diagnosed: %v; diagnosing again before planning fixes", stale)
		s.filesChanged(stale)
		s.waitFresh(context.Background())
		s.mu.Lock()
		snap = s.snap
		s.mu.Unlock()
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

// staleFixFiles lists the files the fixes of the findings in rng of path would edit that are
// not open in the editor and whose content on disk differs from what the diagnosis read (a
// change the watcher has not reported yet). Open files are the editor's buffers, which the
// server always has.
func (s *Server) staleFixFiles(snap *snapshot, path string, rng protocol.Range) []string {
	seen := map[string]bool{}
	var out []string
	for _, f := range snap.findings {
		if f.Location == nil || filepath.Clean(f.Location.File) != path {
			continue
		}
		if line := uint32(max(f.Location.Line-1, 0)); line < rng.Start.Line || line > rng.End.Line {
			continue
		}
		for _, fix := range f.Fixes {
			file := filepath.Clean(fix.File)
			if fix.File == "" || !filepath.IsAbs(file) || seen[file] {
				continue
			}
			seen[file] = true
			s.mu.Lock()
			_, open := s.open[file]
			s.mu.Unlock()
			if open {
				continue
			}
			read, rerr := s.world.ReadFile(file)
			now, nerr := system.ReadRegularFile(file)
			if (rerr == nil) != (nerr == nil) || !bytes.Equal(read, now) {
				out = append(out, file)
			}
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
		// Restricted Mode: VS Code applies a code action's WorkspaceEdit without asking, and a fix
		// can carry a value of the untrusted workspace out of it (a GOFLAGS=-toolexec=<its
		// program> or a PATH into it, copied into the user settings, reaches every workspace).
		// So a fix that edits a file outside the workspace goes through the configuration API
		// instead, which the extension confirms first (docs/EXTENSION.md, "Workspace Trust"); one
		// without a setting to apply that way is not offered until the workspace is trusted.
		direct := snap.state.Trusted || insideWorkspace(snap, fix.File)
		if fix.File != "" && filepath.IsAbs(fix.File) && direct {
			// The version before the content: a buffer edited in between makes VS Code refuse
			// the edit instead of applying it to text it was not computed from.
			version := s.openVersion(fix.File)
			fe, err := fixes.Plan(fix, s.world.ReadFile)
			if err != nil {
				s.opts.Logf("fix %q: %v", shown.Title, err)
				if fix.Setting == nil {
					return a, false // a file we must not rewrite, and no API to fall back on
				}
			} else if fe.Existed {
				a.Edit = workspaceEdit(fe, version)
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
		// Planned against the file as diagnosed: refused if it says otherwise when applied.
		data, _ := s.world.ReadFile(fix.File)
		args.Expect = expectFor(fix.File, data, fix.GoEnv.Set, fix.GoEnv.Unset)
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

// insideWorkspace: file is in a workspace folder or is the .code-workspace file — content of
// the (maybe untrusted) workspace itself, not the user's own configuration.
func insideWorkspace(snap *snapshot, file string) bool {
	file = filepath.Clean(file)
	if w := snap.state.WorkspaceFile; w != nil && *w != "" && filepath.Clean(*w) == file {
		return true
	}
	var folders []string
	for _, f := range snap.state.Folders {
		folders = append(folders, f.Path)
	}
	if snap.loaded != nil && snap.loaded.Input != nil {
		for _, f := range snap.loaded.Input.Folders {
			folders = append(folders, f.Path)
		}
	}
	for _, dir := range folders {
		if dir == "" {
			continue
		}
		if rel, err := filepath.Rel(filepath.Clean(dir), file); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel) {
			return true
		}
	}
	return false
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
// workspaceEdit turns a planned file edit into an LSP edit. For a file open in the editor
// (version non-nil) it is a versioned document edit: if the user typed after the fix was
// computed, VS Code refuses it rather than applying ranges to text they were not computed
// from, and nothing is lost; a closed file's edit applies to the file as it is on disk, which
// staleFixFiles compared with what the fix was planned from.
func workspaceEdit(fe *fixes.FileEdit, version *int32) *protocol.WorkspaceEdit {
	li := newLineIndex(fe.Before)
	var edits []protocol.TextEdit
	for _, e := range fe.Edits {
		edits = append(edits, protocol.TextEdit{
			Range:   protocol.Range{Start: li.position(e.Offset), End: li.position(e.Offset + e.Length)},
			NewText: e.Text,
		})
	}
	if version == nil {
		return &protocol.WorkspaceEdit{Changes: map[uri.URI][]protocol.TextEdit{uri.File(fe.File): edits}}
	}
	elems := make([]protocol.TextDocumentEditElement, len(edits))
	for i := range edits {
		elems[i] = &edits[i]
	}
	doc := protocol.OptionalVersionedTextDocumentIdentifier{Version: version}
	doc.URI = uri.File(fe.File)
	return &protocol.WorkspaceEdit{DocumentChanges: []protocol.DocumentChange{&protocol.TextDocumentEdit{TextDocument: doc, Edits: elems}}}
}

// openVersion is the editor's version of an open file, or nil when it is not open.
func (s *Server) openVersion(file string) *int32 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if v, ok := s.open[filepath.Clean(file)]; ok {
		return &v
	}
	return nil
}
