package lsp_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-env-doctor/go-env-doctor/server/internal/badinput"
	"github.com/go-env-doctor/go-env-doctor/server/internal/lsp"
)

// TestBadInputServer opens every case of the malformed-input corpus (package badinput: the
// committed test/fixtures/badinput and the generated big and binary cases) in the real
// language server and asserts the "Bad input" quality bar there: the server publishes a status
// (it does not hang), every broken file gets a diagnostic (or, when the workspace file itself
// is broken, the status says so), it stays alive and answers a report afterwards, nothing of
// the case is rewritten, and its stderr has no panic.
func TestBadInputServer(t *testing.T) {
	fixtures, _ := filepath.Abs("../../../test/fixtures")
	cases, err := badinput.Cases(fixtures, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, bc := range cases {
		t.Run(bc.Name, func(t *testing.T) {
			t.Parallel()
			if !bc.Generated {
				// A copy: the server watches the folder, and the committed corpus stays as is.
				dir := filepath.Join(t.TempDir(), bc.Name)
				copyDir(t, bc.Dir, dir)
				bc.Dir = dir
			}
			before, err := badinput.Hashes(bc.Dir)
			if err != nil {
				t.Fatal(err)
			}
			env := map[string]string{
				"HOME":        filepath.Join(bc.Dir, "home"),
				"PATH":        filepath.Join(fixtures, "goroot", "bin") + ":/usr/bin:/bin",
				"GOTOOLCHAIN": "local",
			}
			for k, v := range badHostEnv(bc) {
				env[k] = v
			}
			procEnv := map[string]string{}
			for k, v := range env {
				if !strings.ContainsAny(k+v, "\x00\n") {
					procEnv[k] = v
				}
			}
			if bc.Root != "" {
				procEnv["GO_ENV_DOCTOR_ROOT"] = filepath.Join(fixtures, bc.Root)
			}
			ws := filepath.Join(bc.Dir, "ws")
			user := filepath.Join(bc.Dir, "home", ".config", "Code", "User", "settings.json")
			st := lsp.EditorState{ExtensionVersion: "test", Platform: "linux", AppName: "test", Trusted: true, HostEnv: env,
				UserSettingsFile: &user, Folders: []lsp.FolderRef{{URI: fileURI(ws), Name: "ws", Path: ws}},
				VSCodeGo: lsp.VSCodeGo{Installed: true, Active: true}}
			if strings.HasSuffix(bc.Target, ".code-workspace") {
				wf := filepath.Join(bc.Dir, bc.Target)
				st.WorkspaceFile = &wf
			}

			// Checked once the server has exited (this cleanup runs after start's, which waits
			// for the process): its stderr is complete then, and reading it is race-free.
			var c *client
			var unpublished []string // broken files without a diagnostic: the log must name them
			t.Cleanup(func() {
				log := c.stderr.String()
				if strings.Contains(log, "panic") {
					t.Errorf("the server's stderr mentions a panic:\n%.4000s", log)
				}
				for _, p := range unpublished {
					if !strings.Contains(log, p+": ") {
						t.Errorf("no diagnostic on the broken file %s, and the server's log does not name it either:\n%.4000s", p, log)
					}
				}
			})
			// waitFor bounds it (20 s): a hang fails; the margin is for -race on a loaded machine.
			c = start(t, procEnv, st)
			c.waitFor("a status", func() bool { return len(c.status) > 0 })
			// The report waits for the latest diagnosis, whose diagnostics are out by then.
			var rep lsp.TextResult
			c.call(lsp.MethodReport, lsp.ReportParams{}, &rep)
			if rep.Text == "" {
				t.Errorf("empty report")
			}
			c.mu.Lock()
			last := c.status[len(c.status)-1]
			if bc.Usage && last.Health == "error" {
				if !strings.Contains(last.Message, filepath.Join(bc.Dir, bc.Target)) {
					t.Errorf("the status does not name the broken workspace file: %q", last.Message)
				}
			} else {
				for _, rel := range bc.Broken {
					if rel == "shell.env" {
						continue // the CLI's --env-file: the editor has no such input
					}
					// A file the run could not read at all (too large, a directory) may be only
					// logged: the Problems panel cannot show a diagnostic in a directory.
					if p := filepath.Join(bc.Dir, rel); len(c.diags[fileURI(p)]) == 0 {
						unpublished = append(unpublished, p)
					}
				}
			}
			for u, ds := range c.diags {
				for _, d := range ds {
					if len(d.Message) > 4000 {
						t.Errorf("%s: a diagnostic of %d bytes: %.200s…", u, len(d.Message), d.Message)
					}
				}
			}
			c.mu.Unlock()
			after, err := badinput.Hashes(bc.Dir)
			if err != nil {
				t.Fatal(err)
			}
			if d := badinput.DiffHashes(before, after); d != "" {
				t.Errorf("the server changed the case's files:\n%s", d)
			}
		})
	}
}

// badHostEnv is the case's extra environment: env lines, shell.env lines (malformed ones are
// skipped: the editor hands over a map) and a NUL-separated shell.environ block, whose values
// may hold newlines.
func badHostEnv(bc badinput.Case) map[string]string {
	out := map[string]string{}
	add := func(entries []string) {
		for _, e := range entries {
			if k, v, ok := strings.Cut(e, "="); ok && k != "" {
				out[k] = v
			}
		}
	}
	add(bc.Env)
	if data, err := os.ReadFile(filepath.Join(bc.Dir, "shell.env")); err == nil {
		add(strings.Split(string(data), "\n"))
	}
	if data, err := os.ReadFile(filepath.Join(bc.Dir, "shell.environ")); err == nil {
		add(strings.Split(string(data), "\x00"))
	}
	return out
}
