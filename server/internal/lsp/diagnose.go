package lsp

import (
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/go-env-doctor/go-env-doctor/server/internal/catalog"
	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/model"
	"github.com/go-env-doctor/go-env-doctor/server/internal/redact"
	"github.com/go-env-doctor/go-env-doctor/server/internal/report"
	"github.com/go-env-doctor/go-env-doctor/server/internal/resolve"
	"github.com/go-env-doctor/go-env-doctor/server/internal/system"
	"github.com/go-env-doctor/go-env-doctor/server/internal/vscode"
)

// snapshot is one diagnosis: what was loaded, the contexts and the findings. Findings keep
// their real values (fixes must write them); everything shown is redacted on the way out.
type snapshot struct {
	gen      int
	state    EditorState
	loaded   *system.Loaded
	ctxs     []*model.Context
	findings []check.Finding
	err      error
	status   StatusParams
	// observedKey names the running processes read (context=pid); the process watcher
	// re-diagnoses when it changes.
	observedKey string
}

// statusVars are the columns of the status matrix: what decides where modules come from.
var statusVars = []string{"GOPROXY", "GOSUMDB", "GOPRIVATE", "GONOPROXY", "GONOSUMDB", "GOFLAGS", "GOTOOLCHAIN", "HTTPS_PROXY", "NO_PROXY"}

func (s *Server) diagnose() *snapshot {
	s.mu.Lock()
	st := s.state
	folders := st.Folders
	if len(folders) == 0 {
		folders = s.initFolders
	}
	s.mu.Unlock()

	snap := &snapshot{state: st}
	hostEnv := st.HostEnv
	if len(hostEnv) == 0 {
		hostEnv = s.opts.Environ()
	}
	o := system.Options{GOOS: s.opts.GOOS, NoUserSettings: true, Env: func(k string) string { return hostEnv[k] }}
	o.System, o.Files, o.MachineSettings = s.system(st, hostEnv)
	switch {
	case st.WorkspaceFile != nil && *st.WorkspaceFile != "":
		o.Target = *st.WorkspaceFile
	case len(folders) == 1:
		o.Target = folders[0].Path
	case len(folders) > 1:
		for _, f := range folders {
			o.Folders = append(o.Folders, f.Path)
		}
	default:
		snap.err = errors.New("no folder is open; open a folder or workspace to diagnose it")
		snap.status = StatusParams{Health: "ok", Message: snap.err.Error(), Folders: []FolderStatus{}}
		return snap
	}
	l, err := system.Load(s.world, o)
	if err != nil {
		snap.err = err
		snap.status = StatusParams{Health: "error", Message: redact.Text(err.Error()), Folders: []FolderStatus{}}
		return snap
	}
	s.userSettings(l, st)
	l.Input.Shell = resolve.EnvSource{Vars: hostEnv, Name: "VS Code's extension host environment"}
	l.Input.HostKnown = len(st.HostEnv) > 0
	l.Input.VSCodeGo = !s.haveStateSnapshot(st) || st.VSCodeGo.Installed
	l.Input.Observed, snap.observedKey = s.observed(st, s.opts.Logf)
	l.Input.HostLive = st.HostEnvLive
	snap.loaded = l
	snap.ctxs = s.resolved.Resolve(l.Input, s.world)
	// Network checks speak only about probes the user ran, for the environments as they are now.
	probes := s.attachProbes(snap.ctxs)
	snap.findings = check.Run(&check.Workspace{Input: l.Input, Contexts: snap.ctxs, World: s.world, Probes: probes}, catalog.All())
	snap.status = status(l, snap.ctxs, snap.findings)
	if sys := l.Input.System; sys.Split() || sys.InRemoteWindow() {
		snap.status.System = &SystemStatus{Summary: sys.Summary(), Here: string(sys.Here()), UI: string(sys.UI())}
	}
	for i := range snap.status.Folders {
		snap.status.Folders[i].Network = networkStatus(probes, l.Input.Folders[i].Path)
	}
	// The go/env file, $GOROOT/go.env, go.mod, env files and shell profiles the diagnosis could
	// not read (a named pipe, a directory, a symlink loop): named like a broken settings file.
	l.Problems = append(l.Problems, s.world.Unreadable(l.Problems)...)
	for _, p := range l.Problems {
		s.opts.Logf("%s", redact.Text(p.String()))
	}
	return snap
}

// haveStateSnapshot reports whether st came from the editor (rather than being empty because
// only initialize's folders are known yet).
func (s *Server) haveStateSnapshot(st EditorState) bool {
	return st.Platform != "" || len(st.Folders) > 0
}

// userSettings uses the user settings.json when it is on this machine, and otherwise what
// VS Code reports through inspect(): in a Remote-WSL or SSH window the user settings live on
// the other side, and their values are all we can know.
func (s *Server) userSettings(l *system.Loaded, st EditorState) {
	if st.UserSettingsFile != nil && *st.UserSettingsFile != "" {
		p := *st.UserSettingsFile
		data, err := s.world.ReadFile(p)
		switch {
		case err == nil:
			us := vscode.ParseSettings(p, vscode.ScopeUser, data)
			if us.Err != nil {
				l.Problems = append(l.Problems, system.Problem{File: p, Msg: us.Err.Error() + "; its settings are ignored"})
			}
			l.Input.User = us
			l.UserSettings = p
			return
		case !errors.Is(err, fs.ErrNotExist):
			l.Problems = append(l.Problems, system.Problem{File: p, Msg: "cannot read: " + err.Error()})
		}
	}
	obj := map[string]json.RawMessage{}
	for _, si := range st.Settings {
		if len(si.GlobalValue) > 0 && string(si.GlobalValue) != "null" {
			if _, dup := obj[si.Key]; !dup {
				obj[si.Key] = si.GlobalValue
			}
		}
	}
	if len(obj) == 0 {
		return
	}
	data, err := json.Marshal(obj)
	if err != nil {
		return
	}
	// Not a file: findings on these values carry no location, and their fixes go through
	// the configuration API.
	l.Input.User = vscode.ParseSettings("", vscode.ScopeUser, data)
	l.UserSettings = "VS Code user settings (reported by the editor)"
}

// status summarises a diagnosis for the status bar.
func status(l *system.Loaded, ctxs []*model.Context, findings []check.Finding) StatusParams {
	st := StatusParams{Health: "ok", Folders: []FolderStatus{}}
	for _, f := range findings {
		switch f.Severity {
		case check.Error:
			st.Counts.Error++
		case check.Warning:
			st.Counts.Warning++
		default:
			st.Counts.Info++
		}
	}
	if st.Counts.Error+st.Counts.Warning > 0 {
		st.Health = "warning"
	}
	st.Message = fmt.Sprintf("%d errors, %d warnings, %d infos in %d contexts", st.Counts.Error, st.Counts.Warning, st.Counts.Info, len(ctxs))
	for _, f := range l.Input.Folders {
		fs := FolderStatus{URI: uri.File(f.Path).String(), Name: f.Name, Disagree: []string{}, Matrix: Matrix{Vars: statusVars, Rows: []MatrixRow{}}}
		var mine []*model.Context
		for _, c := range ctxs {
			if c.Folder == f.Path || c.Folder == "" {
				mine = append(mine, c)
			}
		}
		for _, c := range mine {
			row := MatrixRow{Context: c.ID}
			for _, name := range statusVars {
				row.Values = append(row.Values, valueOf(c, name))
				row.Origins = append(row.Origins, originOf(c.Get(name)))
			}
			fs.Matrix.Rows = append(fs.Matrix.Rows, row)
			if c.Kind == model.Gopls && fs.GOPROXY.Value == "" {
				if v := c.Get("GOPROXY"); v != nil {
					shown := report.Display("GOPROXY", v.Value)
					fs.GOPROXY = VarStatus{Value: shown, Short: shortProxy(shown), Layer: report.HumanLayer(v.Origin.Layer),
						Origin: redact.Text(report.DescribeOrigin(v.Origin)), Side: v.Origin.Side}
				}
			}
		}
		fs.Observed = []ObservedStatus{}
		for _, c := range mine {
			if o := c.Observed; o != nil {
				differs := o.Differences(resolve.DownloadVars)
				if differs == nil {
					differs = []string{}
				}
				obs := ObservedStatus{Context: c.ID, PID: o.PID, Source: o.Source, Differs: differs}
				for _, name := range statusVars {
					v := o.Vars[name]
					obs.Values = append(obs.Values, valueOfVar(name, v))
					obs.Origins = append(obs.Origins, originOf(v))
				}
				fs.Observed = append(fs.Observed, obs)
			}
		}
		for _, name := range resolve.DownloadVars {
			seen := map[string]bool{}
			for _, c := range mine {
				if v := c.Get(name); v != nil {
					seen[v.Value] = true
				}
			}
			if len(seen) > 1 {
				fs.Disagree = append(fs.Disagree, name)
			}
		}
		st.Folders = append(st.Folders, fs)
	}
	return st
}

func valueOf(c *model.Context, name string) string {
	return valueOfVar(name, c.Get(name))
}

func valueOfVar(name string, v *model.Var) string {
	if v == nil || v.Origin.Layer == model.LayerUnset {
		return ""
	}
	return report.Display(name, v.Value)
}

// originOf is where a value came from, in words and redacted (a file path, a setting name):
// the report shows it when a cell is hovered.
func originOf(v *model.Var) string {
	if v == nil {
		return ""
	}
	return redact.Text(report.DescribeOrigin(v.Origin))
}

// shortProxy is GOPROXY for a status bar: schemes dropped, "https://proxy.golang.org,direct"
// becomes "proxy.golang.org,direct"; long lists keep the first entry and a count.
func shortProxy(v string) string {
	if v == "" || v == "(empty)" {
		return v
	}
	parts := strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == '|' })
	seps := []rune{}
	for _, r := range v {
		if r == ',' || r == '|' {
			seps = append(seps, r)
		}
	}
	for i, p := range parts {
		p = strings.TrimPrefix(strings.TrimPrefix(p, "https://"), "http://")
		parts[i] = strings.TrimSuffix(p, "/")
	}
	var b strings.Builder
	for i, p := range parts {
		if i > 0 {
			b.WriteRune(seps[i-1])
		}
		b.WriteString(p)
	}
	out := b.String()
	if len([]rune(out)) > 40 && len(parts) > 1 {
		return fmt.Sprintf("%s +%d", parts[0], len(parts)-1)
	}
	return out
}

// publish sends diagnostics for every file with findings, and clears files that had some.
func (s *Server) publish(snap *snapshot) {
	byURI := map[uri.URI][]protocol.Diagnostic{}
	for _, f := range snap.findings {
		if f.Location == nil || f.Location.File == "" || !filepath.IsAbs(f.Location.File) {
			continue
		}
		data, _ := s.world.ReadFile(f.Location.File)
		u := uri.File(f.Location.File)
		shown := report.RedactFinding(f)
		byURI[u] = append(byURI[u], protocol.Diagnostic{
			Range:           findingRange(data, f.Location.Line, f.Location.Column),
			Severity:        severity(f.Severity),
			Code:            protocol.String(f.Check),
			CodeDescription: protocol.CodeDescription{Href: docsURI(f.Check)},
			Source:          protocol.NewOptional("go-env-doctor"),
			Message:         protocol.String(diagnosticMessage(shown)),
		})
	}
	if snap.loaded != nil {
		for _, p := range snap.loaded.Problems {
			if !filepath.IsAbs(p.File) {
				continue
			}
			data, _ := s.world.ReadFile(p.File)
			u := uri.File(p.File)
			byURI[u] = append(byURI[u], protocol.Diagnostic{
				Range:    problemRange(data, p.Msg),
				Severity: protocol.DiagnosticSeverityWarning,
				Source:   protocol.NewOptional("go-env-doctor"),
				Message:  protocol.String("go-env-doctor cannot use this file: " + redact.Text(p.Msg)),
			})
		}
	}
	// Only what changed goes out: a file whose diagnostics are the ones last sent is skipped
	// (in a large workspace most are, after a settings change), so the client ends up with
	// exactly what a full publish would give it.
	keys := make([]string, 0, len(byURI))
	for u := range byURI {
		keys = append(keys, string(u))
	}
	slices.Sort(keys)
	encoded := make(map[uri.URI][]byte, len(keys))
	for _, k := range keys {
		u := uri.URI(k)
		b, err := protocol.Marshal(protocol.PublishDiagnosticsParams{URI: u, Diagnostics: byURI[u]})
		if err != nil {
			s.opts.Logf("encode diagnostics: %v", err)
			continue
		}
		encoded[u] = b
	}
	s.mu.Lock()
	var clear []uri.URI
	for u := range s.published {
		if _, ok := byURI[u]; !ok {
			clear = append(clear, u)
			delete(s.published, u)
		}
	}
	var send []uri.URI
	for _, k := range keys {
		u := uri.URI(k)
		if b, ok := encoded[u]; ok {
			if sum := sha256.Sum256(b); s.published[u] != sum {
				s.published[u] = sum
				send = append(send, u)
			}
		}
	}
	s.mu.Unlock()
	slices.Sort(clear)
	for _, u := range clear {
		s.sendDiagnostics(u, []protocol.Diagnostic{})
	}
	for _, u := range send {
		s.notify("textDocument/publishDiagnostics", json.RawMessage(encoded[u]))
	}
	s.notify(MethodStatus, snap.status)
}

func (s *Server) sendDiagnostics(u uri.URI, ds []protocol.Diagnostic) {
	b, err := protocol.Marshal(protocol.PublishDiagnosticsParams{URI: u, Diagnostics: ds})
	if err != nil {
		s.opts.Logf("encode diagnostics: %v", err)
		return
	}
	s.notify("textDocument/publishDiagnostics", json.RawMessage(b))
}

// diagnosticMessage is the finding's message plus which contexts it affects.
func diagnosticMessage(f check.Finding) string {
	if len(f.Contexts) == 0 {
		return f.Message
	}
	return f.Message + " (affects: " + strings.Join(f.Contexts, ", ") + ")"
}

func severity(s check.Severity) protocol.DiagnosticSeverity {
	switch s {
	case check.Error:
		return protocol.DiagnosticSeverityError
	case check.Warning:
		return protocol.DiagnosticSeverityWarning
	}
	return protocol.DiagnosticSeverityInformation
}

// problemRange points at the syntax error a problem names ("… at line L, column C" or a
// jsonc offset), else at the first line.
func problemRange(data []byte, msg string) protocol.Range {
	var line, col int
	if i := strings.Index(msg, "line "); i >= 0 {
		if _, err := fmt.Sscanf(msg[i:], "line %d, column %d", &line, &col); err == nil && line > 0 {
			return findingRange(data, line, col)
		}
		if _, err := fmt.Sscanf(msg[i:], "line %d", &line); err == nil && line > 0 {
			return findingRange(data, line, 0)
		}
	}
	return findingRange(data, 1, 0)
}

func docsURI(id string) uri.URI {
	u, _ := uri.Parse(check.DocsURL(id))
	return u
}
