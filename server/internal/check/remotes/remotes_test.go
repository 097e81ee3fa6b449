package remotes

import (
	"strings"
	"testing"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/check/checktest"
)

// Machines, as root/ sections of a checktest archive.
const (
	wsl2Kernel = "-- root/proc/version --\nLinux version 5.15.167.4-microsoft-standard-WSL2 (root@f9c826d3017f) (gcc (GCC) 11.2.0) #1 SMP Tue Nov 5 00:21:55 UTC 2024\n"
	// The default route's gateway 172.29.0.1, as the kernel prints it (little-endian hex).
	natRoute  = "-- root/proc/net/route --\nIface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\neth0\t00000000\t01001DAC\t0003\t0\t0\t0\t00000000\t0\t0\t0\n"
	winUser   = "-- root/mnt/c/Users/alice/NTUSER.DAT --\n"
	mirrored  = "-- root/mnt/c/Users/alice/.wslconfig --\n[wsl2]\nnetworkingMode=mirrored\n"
	wsl1      = "-- root/proc/version --\nLinux version 4.4.0-19041-Microsoft (Microsoft@Microsoft.com) (gcc version 5.4.0 (GCC) ) #1237-Microsoft Sat Sep 11 14:32:00 PST 2021\n"
	plainRoot = "-- root/proc/version --\nLinux version 6.1.0-26-amd64 (debian-kernel@lists.debian.org) #1 SMP PREEMPT_DYNAMIC Debian 6.1.112-1\n"
	aliceEnv  = "-- shell.env --\nUSER=alice\nWSL_DISTRO_NAME=Ubuntu\n"
)

func ids(fs []check.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Check)
	}
	return out
}

func TestWSLLocalhostProxy(t *testing.T) {
	settings := "-- user/settings.json --\n{\"http.proxy\": \"http://127.0.0.1:7890\"}\n"
	e := checktest.Load(t, wsl2Kernel+natRoute+winUser+aliceEnv+settings)
	fs := e.Run(wslLocalhostProxy)
	if len(fs) != 1 {
		t.Fatalf("want one finding for http.proxy (HTTPS_PROXY), got %d: %+v", len(fs), fs)
	}
	f := fs[0]
	if f.Location == nil || !strings.HasSuffix(f.Location.File, "user/settings.json") {
		t.Errorf("location = %+v, want the user settings", f.Location)
	}
	for _, want := range []string{"NAT", "172.29.0.1", "networkingMode=mirrored"} {
		if !strings.Contains(f.Message, want) {
			t.Errorf("message lacks %q: %s", want, f.Message)
		}
	}
	if len(f.Fixes) != 1 || !f.Fixes[0].Preferred {
		t.Fatalf("fixes = %+v", f.Fixes)
	}
	e.Apply(f.Fixes[0])
	if got := e.Read("user/settings.json"); !strings.Contains(got, "http://172.29.0.1:7890") {
		t.Errorf("settings after the fix: %s", got)
	}
	if fs := e.Run(wslLocalhostProxy); len(fs) != 0 {
		t.Errorf("after the fix: %+v", fs)
	}

	goproxy := "-- home/.config/go/env --\nGOPROXY=http://localhost:8081,direct\n"
	e = checktest.Load(t, wsl2Kernel+natRoute+winUser+aliceEnv+goproxy)
	if fs := e.Run(wslLocalhostProxy); len(fs) != 1 || fs[0].Fixes[0].Kind != check.GoEnvWrite ||
		fs[0].Fixes[0].GoEnv.Set["GOPROXY"] != "http://172.29.0.1:8081,direct" {
		t.Errorf("GOPROXY on localhost: %+v", fs)
	}

	for name, machine := range map[string]string{
		"mirrored": wsl2Kernel + natRoute + winUser + mirrored + aliceEnv,
		"wsl1":     wsl1 + aliceEnv,
		"linux":    plainRoot,
	} {
		e := checktest.Load(t, machine+settings)
		if fs := e.Run(wslLocalhostProxy); len(fs) != 0 {
			t.Errorf("%s: want no finding, got %+v", name, fs)
		}
	}
}

func TestWSLSlowCache(t *testing.T) {
	e := checktest.Load(t, wsl2Kernel+winUser+aliceEnv+`-- home/.config/go/env --
GOMODCACHE=/mnt/c/Users/alice/go/pkg/mod
-- ws/.vscode/settings.json --
{"go.toolsEnvVars": {"GOCACHE": "/mnt/d/cache/go-build"}}
`)
	fs := e.Run(wslSlowCache)
	if len(fs) != 2 {
		t.Fatalf("want GOMODCACHE and GOCACHE, got %+v", fs)
	}
	for _, f := range fs {
		if len(f.Fixes) != 1 {
			t.Fatalf("fixes of %q: %+v", f.Message, f.Fixes)
		}
		e.Apply(f.Fixes[0])
	}
	if fs := e.Run(wslSlowCache); len(fs) != 0 {
		t.Errorf("after moving the caches: %+v", fs)
	}
	home := e.Path("home")
	for _, c := range e.WS.Contexts {
		if v := c.Get("GOMODCACHE").Value; v != home+"/go/pkg/mod" {
			t.Errorf("%s GOMODCACHE = %s, want it under the Linux home", c.ID, v)
		}
		if c.ID == "gopls" {
			if v := c.Get("GOCACHE").Value; v != home+"/.cache/go-build" {
				t.Errorf("gopls GOCACHE = %s, want it under the Linux home", v)
			}
		}
	}

	e = checktest.Load(t, plainRoot+"-- home/.config/go/env --\nGOMODCACHE=/mnt/c/x\n")
	if fs := e.Run(wslSlowCache); len(fs) != 0 {
		t.Errorf("not WSL: %+v", fs)
	}
}

func TestWSLWindowsGoenv(t *testing.T) {
	windows := "-- root/mnt/c/Users/alice/AppData/Roaming/go/env --\nGOPROXY=https://goproxy.cn,direct\nGOPRIVATE=*.corp.example.com\n"
	e := checktest.Load(t, wsl2Kernel+windows+aliceEnv+"-- home/.config/go/env --\nGOPRIVATE=*.corp.example.com\n")
	fs := e.Run(wslWindowsGoenv)
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "GOPROXY: Windows `https://goproxy.cn,direct`, WSL not set") || strings.Contains(fs[0].Message, "GOPRIVATE:") {
		t.Fatalf("findings: %+v", fs)
	}
	e.Apply(fs[0].Fixes[0])
	if fs := e.Run(wslWindowsGoenv); len(fs) != 0 {
		t.Errorf("after aligning: %+v", fs)
	}
}

func TestWSLWindowsPath(t *testing.T) {
	e := checktest.Load(t, wsl2Kernel+winUser+aliceEnv+`-- remote.txt --
wsl
-- machine/settings.json --
{}
-- user/settings.json --
{
  "go.toolsEnvVars": {"GOPATH": "C:\\Users\\alice\\go", "GOFLAGS": "-mod=mod"},
  "gopls": {"build.env": {"GOMODCACHE": "/mnt/c/Users/alice/go/pkg/mod"}},
  "go.goroot": "C:\\Program Files\\Go"
}
`)
	fs := e.Run(wslWindowsPath)
	if len(fs) != 2 {
		t.Fatalf("want GOPATH and build.env GOMODCACHE (go.goroot is machine-scoped, GOFLAGS no path), got %+v", fs)
	}
	for _, f := range fs {
		if f.Location == nil || f.Location.Line < 2 || len(f.Fixes) != 1 || f.Fixes[0].Setting.Scope != "remote" {
			t.Fatalf("finding %+v", f)
		}
		e.Apply(f.Fixes[0])
	}
	if fs := e.Run(wslWindowsPath); len(fs) != 0 {
		t.Errorf("after the Remote settings fixes: %+v", fs)
	}
	if m := e.Read("machine/settings.json"); !strings.Contains(m, e.Path("home")+"/go") {
		t.Errorf("Remote settings: %s", m)
	}
	// go.goroot from Windows user settings is ignored in the WSL window.
	for _, c := range e.WS.Contexts {
		if v := c.Get("GOROOT"); v != nil && strings.Contains(v.Value, `C:\`) {
			t.Errorf("%s GOROOT = %s: a machine-overridable user setting leaked into WSL", c.ID, v.Value)
		}
	}
}

func TestWSLWindowsGo(t *testing.T) {
	exe := "-- root/mnt/c/Program Files/Go/bin/go.exe --\nMZ\x90\x00\n"
	e := checktest.Load(t, wsl2Kernel+winUser+exe+"-- shell.env --\nUSER=alice\nPATH=/usr/bin:/mnt/c/Program Files/Go/bin\n")
	if fs := e.Run(wslWindowsGo); len(fs) != 1 || !strings.Contains(fs[0].Message, "go.exe") {
		t.Errorf("findings: %+v", fs)
	}
	linuxGo := "-- root/usr/local/go/bin/go --\n\x7fELF\n"
	e = checktest.Load(t, wsl2Kernel+winUser+exe+linuxGo+"-- shell.env --\nUSER=alice\nPATH=/usr/local/go/bin:/mnt/c/Program Files/Go/bin\n")
	if fs := e.Run(wslWindowsGo); len(fs) != 0 {
		t.Errorf("a Linux go first: %+v", fs)
	}
}

func TestRemoteEnvSource(t *testing.T) {
	base := wsl2Kernel + winUser + "-- home/.bashrc --\n# proxy for Go\nexport GOPROXY=https://goproxy.cn,direct\nexport GOPATH=$HOME/go\n"
	e := checktest.Load(t, base+"-- remote.txt --\nwsl\n-- machine/settings.json --\n{}\n-- host.env --\nHOME=$DIR/home\nSHELL=/bin/bash\nUSER=alice\n")
	fs := e.Run(remoteEnvSource)
	if len(fs) != 1 || fs[0].Location == nil || fs[0].Location.Line != 2 || !strings.HasSuffix(fs[0].Location.File, ".bashrc") {
		t.Fatalf("findings: %+v", fs)
	}
	e.Apply(fs[0].Fixes[0])
	if m := e.Read("machine/settings.json"); !strings.Contains(m, `"GOPROXY": "https://goproxy.cn,direct"`) {
		t.Errorf("Remote settings after the fix: %s", m)
	}

	// The host has it (window opened with `code .`), or the window is local: nothing to say.
	e = checktest.Load(t, base+"-- remote.txt --\nwsl\n-- host.env --\nHOME=$DIR/home\nSHELL=/bin/bash\nGOPROXY=https://goproxy.cn,direct\n")
	if fs := e.Run(remoteEnvSource); len(fs) != 0 {
		t.Errorf("host has it: %+v", fs)
	}
	e = checktest.Load(t, base+"-- host.env --\nHOME=$DIR/home\nSHELL=/bin/bash\n")
	if fs := e.Run(remoteEnvSource); len(fs) != 0 {
		t.Errorf("local window: %+v", fs)
	}
}
