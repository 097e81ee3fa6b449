package system

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-env-doctor/go-env-doctor/server/internal/envfile"
	"github.com/go-env-doctor/go-env-doctor/server/internal/remote"
)

// TestDetectFixtureSystems runs remote.Detect over each machine of test/fixtures/systems, as the
// CLI does with --root: RootFiles over its root/ and its shell.env as the environment. The
// README there says what each machine is.
func TestDetectFixtureSystems(t *testing.T) {
	type wslWant struct {
		version                   int
		distro                    string
		networking                remote.Networking
		interop                   bool
		automountRoot             string
		windowsHome, windowsGoEnv string
		windowsGoEnvData          string // "": none
		windowsGo                 string
	}
	for _, c := range []struct {
		machine   string
		editor    string
		wsl       *wslWant
		hows      []string // parts of WindowsHomeHow, NetworkingHow and WindowsGoHow, in order
		container *remote.Container
		here      remote.Side
	}{
		{
			machine: "wsl2-nat",
			wsl: &wslWant{
				version: 2, distro: "Ubuntu", networking: remote.NetworkingNAT, interop: true, automountRoot: "/mnt/",
				windowsHome:      "/mnt/c/Users/alice",
				windowsGoEnv:     "/mnt/c/Users/alice/AppData/Roaming/go/env",
				windowsGoEnvData: "GOPROXY=https://goproxy.cn,direct\r\n",
				windowsGo:        "/mnt/c/Program Files/Go/bin/go.exe",
			},
			hows: []string{"USERPROFILE/p", "WSL2's default", "$PATH entry /mnt/c/Program Files/Go/bin has go.exe"},
			here: remote.SideWSL,
		},
		{
			machine: "wsl2-mirrored", editor: "wsl",
			wsl: &wslWant{
				version: 2, distro: "Ubuntu-24.04", networking: remote.NetworkingMirrored, interop: true, automountRoot: "/mnt/",
				windowsHome:  "/mnt/c/Users/alice",
				windowsGoEnv: "/mnt/c/Users/alice/AppData/Roaming/go/env",
			},
			hows: []string{"named like $USER (alice)", "/mnt/c/Users/alice/.wslconfig: [wsl2] networkingMode=mirrored", ""},
			here: remote.SideWSL,
		},
		{
			machine: "wsl1",
			wsl: &wslWant{
				version: 1, distro: "Debian", networking: remote.NetworkingShared, interop: true, automountRoot: "/win/",
				windowsHome:      "/win/c/Users/alice",
				windowsGoEnv:     "/win/c/Users/alice/AppData/Roaming/go/env",
				windowsGoEnvData: "GOPRIVATE=*.corp.example\n",
			},
			hows: []string{`C:\Users\alice, passed by WSLENV`, "WSL1 shares", ""},
			here: remote.SideWSL,
		},
		{machine: "devcontainer", editor: "dev-container", container: &remote.Container{Engine: "docker", DevContainer: true}, here: remote.SideContainer},
		{machine: "linux", here: remote.SideLocal},
	} {
		t.Run(c.machine, func(t *testing.T) {
			dir := filepath.Join("..", "..", "..", "test", "fixtures", "systems", c.machine)
			s := remote.Detect(RootFiles{Root: filepath.Join(dir, "root")}, shellEnv(t, filepath.Join(dir, "shell.env")), remote.Editor{}, remote.Options{})
			if s.Editor != c.editor || s.Here() != c.here {
				t.Errorf("Editor %q, Here %s; want %q, %s", s.Editor, s.Here(), c.editor, c.here)
			}
			if (s.Container == nil) != (c.container == nil) || s.Container != nil && *s.Container != *c.container {
				t.Errorf("Container = %+v, want %+v", s.Container, c.container)
			}
			if (s.WSL == nil) != (c.wsl == nil) {
				t.Fatalf("WSL = %+v, want %+v", s.WSL, c.wsl)
			}
			if w := s.WSL; w != nil {
				got := wslWant{
					w.Version, w.Distro, w.Networking, w.Interop, w.AutomountRoot,
					w.WindowsHome, w.WindowsGoEnv, string(w.WindowsGoEnvData), w.WindowsGo,
				}
				if got != *c.wsl {
					t.Errorf("WSL =\n%+v, want\n%+v", got, *c.wsl)
				}
				for i, how := range []string{w.WindowsHomeHow, w.NetworkingHow, w.WindowsGoHow} {
					if !strings.Contains(how, c.hows[i]) || (how == "") != (c.hows[i] == "") {
						t.Errorf("how %q, want it to contain %q", how, c.hows[i])
					}
				}
				if (w.WindowsGoEnvData == nil) != (c.wsl.windowsGoEnvData == "") {
					t.Errorf("WindowsGoEnvData = %q, want nil only when no file is expected", w.WindowsGoEnvData)
				}
			}
			if c.here != remote.SideLocal && len(s.Evidence) == 0 {
				t.Error("no evidence")
			}
			if c.here == remote.SideLocal && len(s.Evidence) != 0 {
				t.Errorf("evidence on a plain machine: %q", s.Evidence)
			}
		})
	}
}

// shellEnv reads a fixture's shell.env (KEY=VALUE lines) as the environment of its shell.
func shellEnv(t *testing.T, path string) func(string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	entries, problems := envfile.Parse(data, nil)
	if len(problems) > 0 {
		t.Fatalf("%s: %+v", path, problems)
	}
	env := envfile.Env(entries)
	return func(k string) string { return env[k] }
}
