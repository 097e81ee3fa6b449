package cli

import (
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check/remotes"
)

// TestCheckFixtureSystems runs `check --root` on each fixture machine of test/fixtures/systems
// with the same workspace and the same mistakes — a proxy on 127.0.0.1, a module cache on
// /mnt/c, a Windows GOPATH in user settings — and asserts which checks of the Remote table
// fire: each machine gets its own findings and none of the others.
func TestCheckFixtureSystems(t *testing.T) {
	want := map[string][]string{
		"wsl2-nat":      {"wsl-localhost-proxy", "wsl-slow-cache", "wsl-windows-go", "wsl-windows-goenv"},
		"wsl2-mirrored": {"wsl-slow-cache", "wsl-windows-path"}, // a Remote-WSL terminal: user settings are Windows's
		"wsl1":          {"wsl-windows-goenv"},                  // drives at /win/, one network stack with Windows
		"devcontainer":  nil,
		"linux":         nil,
	}
	remoteIDs := map[string]bool{}
	for _, c := range remotes.Checks() {
		remoteIDs[c.ID] = true
	}
	systems := filepath.Join(fixturesDir(t), "systems")
	for machine, ids := range want {
		t.Run(machine, func(t *testing.T) {
			dir := filepath.Join(systems, machine)
			tmp := t.TempDir()
			env, err := os.ReadFile(filepath.Join(dir, "shell.env"))
			if err != nil {
				t.Fatal(err)
			}
			// HOME is the fixture's /home/<user>, absent here: no go/env file, like a fresh WSL.
			env = append(env, "HTTPS_PROXY=http://127.0.0.1:7890\nGOMODCACHE=/mnt/c/Users/alice/go/pkg/mod\n"...)
			write(t, filepath.Join(tmp, "shell.env"), string(env))
			write(t, filepath.Join(tmp, "settings.json"), `{"go.toolsEnvVars": {"GOPATH": "C:\\Users\\alice\\go"}}`)
			write(t, filepath.Join(tmp, "ws", "go.mod"), "module example.com/m\n\ngo 1.22\n")

			findings, _ := runCheckJSON(t, []string{"check", "--format", "json", "--root", filepath.Join(dir, "root"), "--env-file", filepath.Join(tmp, "shell.env"),
				"--user-settings", filepath.Join(tmp, "settings.json"), filepath.Join(tmp, "ws")})
			var got []string
			for _, f := range findings {
				if remoteIDs[f.Check] && (len(got) == 0 || got[len(got)-1] != f.Check) {
					got = append(got, f.Check)
				}
			}
			sort.Strings(got)
			if !reflect.DeepEqual(got, ids) {
				t.Errorf("Remote-table checks: got %v, want %v\n%+v", got, ids, findings)
			}
		})
	}
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(strings.TrimLeft(content, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
}
