package cli

import (
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/go-env-doctor/go-env-doctor/server/internal/procenv/proctest"
)

// A running "gopls" whose GOPROXY is older than the workspace setting: check reports
// gopls-stale-env at the setting, and explain --format json shows both sides.
func TestObserveRealProcess(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "ws", ".vscode", "settings.json"), `{"go.toolsEnvVars": {"GOPROXY": "https://new.example.com"}}`)
	goBin := filepath.Join(fixturesDir(t), "goroot", "bin")
	pid, _ := proctest.Start(t, "", []string{"HOME=" + filepath.Join(dir, "home"), "PATH=" + goBin, "GOPROXY=https://old.example.com"})
	ws := filepath.Join(dir, "ws")
	obs := "gopls=" + strconv.Itoa(pid)

	code, out, errs := runCLI(t, dir, "check", "--format", "json", "--observe", obs, ws)
	var res checkJSON
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("%v: %s %s", err, out, errs)
	}
	found := false
	for _, f := range res.Findings {
		if f.Check == "gopls-stale-env" {
			found = true
			if f.Location == nil || !strings.HasSuffix(f.Location.File, "settings.json") || !strings.Contains(f.Message, "PID "+strconv.Itoa(pid)) {
				t.Errorf("finding: %+v", f)
			}
		}
	}
	if code != ExitFindings || !found {
		t.Errorf("exit %d, findings %+v", code, res.Findings)
	}

	_, out, _ = runCLI(t, dir, "explain", "GOPROXY", "--format", "json", "--observe", obs, ws)
	var ex jsonExplain
	if err := json.Unmarshal([]byte(out), &ex); err != nil {
		t.Fatal(err)
	}
	for _, c := range ex.Contexts {
		if c.ID != "gopls" {
			if c.Observed != nil {
				t.Errorf("%s has an observation", c.ID)
			}
			continue
		}
		if c.Observed == nil || c.Observed.PID != pid || c.Observed.Vars["GOPROXY"].Value != "https://old.example.com" || !c.Observed.Vars["GOPROXY"].Differs {
			t.Errorf("gopls observed = %+v", c.Observed)
		}
	}

	code, _, errs = runCLI(t, dir, "check", "--observe", "gopls=notapid", ws)
	if code != ExitUsage || !strings.Contains(errs, "want CONTEXT=PID") {
		t.Errorf("bad --observe: exit %d %s", code, errs)
	}
}
