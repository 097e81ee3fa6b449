package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
)

// runCheckJSON runs `check` in-process with args (which ask for --format json) and returns its
// findings and exit code; a usage error fails the test.
func runCheckJSON(t *testing.T, args []string) ([]check.Finding, int) {
	t.Helper()
	var out, errb bytes.Buffer
	off := false
	code := Run(args, IO{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" },
		Environ: func() map[string]string { return nil }, Color: &off})
	if code == ExitUsage {
		t.Fatalf("check exited 2: %s", errb.String())
	}
	var res struct {
		Findings []check.Finding `json:"findings"`
	}
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		t.Fatal(err)
	}
	return res.Findings, code
}

// TestCheckFixtures runs `check` on every fixture workspace (test/fixtures/workspaces for the
// explain stories, test/fixtures/checks with one workspace per check) and compares the check
// ids found with the fixture's check.expected (one "severity id" per line, sorted). The exit
// code must be 1 exactly when a warning or error is expected. -update rewrites check.expected.
func TestCheckFixtures(t *testing.T) {
	fixtures := fixturesDir(t)
	var dirs []string
	for _, group := range []string{"workspaces", "checks"} {
		entries, err := os.ReadDir(filepath.Join(fixtures, group))
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.IsDir() {
				dirs = append(dirs, filepath.Join(fixtures, group, e.Name()))
			}
		}
	}
	for _, dir := range dirs {
		name := filepath.Base(filepath.Dir(dir)) + "/" + filepath.Base(dir)
		t.Run(name, func(t *testing.T) {
			c := caseRun{dir: dir, fixtures: fixtures, tmp: t.TempDir()}
			args := c.args(t, "json")
			args[0] = "check"
			findings, code := runCheckJSON(t, args)
			seen := map[string]bool{}
			var lines []string
			for _, f := range findings {
				l := string(f.Severity) + " " + f.Check
				if !seen[l] {
					seen[l] = true
					lines = append(lines, l)
				}
			}
			sort.Strings(lines)
			got := strings.Join(lines, "\n")
			if got != "" {
				got += "\n"
			}
			path := filepath.Join(dir, "check.expected")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it, then review it)", err)
			}
			if got != string(want) {
				t.Errorf("check ids:\n%s\nwant (check.expected):\n%s", got, want)
			}
			wantCode := ExitOK
			if strings.Contains(string(want), "error ") || strings.Contains(string(want), "warning ") {
				wantCode = ExitFindings
			}
			if code != wantCode {
				t.Errorf("exit code %d; want %d", code, wantCode)
			}
			if name == "workspaces/clean" && code != ExitOK {
				t.Errorf("the clean workspace must pass: %s", got)
			}
			if strings.HasSuffix(dir, "checks/"+filepath.Base(dir)) && !strings.Contains(string(want), " "+filepath.Base(dir)+"\n") {
				t.Errorf("fixture checks/%s must trigger check %s", filepath.Base(dir), filepath.Base(dir))
			}
		})
	}
}
