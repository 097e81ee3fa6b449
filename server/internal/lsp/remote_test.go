package lsp_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/go-env-doctor/go-env-doctor/server/internal/lsp"
)

// TestRemoteWSLWindow runs the server as in a Remote-WSL window on the wsl2-nat fixture machine
// ($GO_ENV_DOCTOR_ROOT, as the end-to-end test sets it): it reads the Remote settings file the
// editor names, reports WSL findings where they are written, and the status and report name the
// machine and the side of each value.
func TestRemoteWSLWindow(t *testing.T) {
	w := newWorkspace(t, "workspace-overrides-user")
	machineRoot, _ := filepath.Abs("../../../test/fixtures/systems/wsl2-nat/root")
	w.env["GO_ENV_DOCTOR_ROOT"] = machineRoot
	machine := filepath.Join(w.dir, "home", ".vscode-server", "data", "Machine", "settings.json")
	write(t, machine, `{"go.toolsEnvVars": {"GOMODCACHE": "/mnt/c/Users/alice/go/pkg/mod", "GOFLAGS": "-mod=mod"}}`)

	st := w.state()
	remote := "wsl"
	st.RemoteName = &remote
	st.UserSettingsFile = nil // on Windows: only inspect() values reach the server
	st.MachineSettingsFile = &machine
	c := start(t, w.env, st)
	uri := fileURI(machine)
	c.waitFor("wsl-slow-cache on the Remote settings line, and a status", func() bool {
		return slices.Contains(codes(c.diags[uri]), "wsl-slow-cache") && len(c.status) > 0
	})
	c.mu.Lock()
	last := c.status[len(c.status)-1]
	c.mu.Unlock()
	if last.System == nil || last.System.Here != "wsl" || last.System.UI != "windows" || !strings.Contains(last.System.Summary, "WSL 2") {
		t.Errorf("status system = %+v", last.System)
	}
	var report lsp.TextResult
	c.call(lsp.MethodReport, lsp.ReportParams{}, &report)
	if !strings.Contains(report.Text, "WSL: go.toolsEnvVars (remote settings)") {
		t.Errorf("the report does not say the GOFLAGS of gopls is set in Remote settings, on the WSL side:\n%s", report.Text)
	}
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
