package cli

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// startWithEnv starts a real process with env and waits until it has exec'd.
func startWithEnv(t *testing.T, env ...string) int {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("reading another process's environment is tested on Linux")
	}
	sleep, err := exec.LookPath("sleep")
	if err != nil {
		t.Skip("no sleep")
	}
	cmd := exec.Command(sleep, "60")
	cmd.Env = env
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	pid := cmd.Process.Pid
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		if b, _ := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "cmdline")); strings.HasPrefix(string(b), sleep) {
			return pid
		}
		if time.Now().After(deadline) {
			t.Fatal("child did not exec")
		}
	}
}

// A running "gopls" whose GOPROXY is older than the workspace setting: check reports
// gopls-stale-env at the setting, and explain --format json shows both sides.
func TestObserveRealProcess(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "ws", ".vscode", "settings.json"), `{"go.toolsEnvVars": {"GOPROXY": "https://new.example.com"}}`)
	goBin := filepath.Join(fixturesDir(t), "goroot", "bin")
	pid := startWithEnv(t, "HOME="+filepath.Join(dir, "home"), "PATH="+goBin, "GOPROXY=https://old.example.com")
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
