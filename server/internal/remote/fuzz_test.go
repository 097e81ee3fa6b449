package remote

import (
	"strings"
	"testing"
)

// FuzzDetect feeds junk into the files and variables Detect parses: it must not panic, and what
// it promises about its result must hold.
func FuzzDetect(f *testing.F) {
	f.Add(wsl2Kernel, "[wsl2]\nnetworkingMode=mirrored\n", "USERPROFILE/p:APPDATA", "[automount]\nroot=/win/\n")
	f.Add(wsl1Kernel, "\ufeff[wsl2]\r\nnetworkingMode=nat ; x\r\n", "USERPROFILE::/p/l:", "")
	f.Add("", "", "", "")
	f.Add("\xff\x00", "[", "/", "[automount]\nroot=\"\n")
	f.Fuzz(func(t *testing.T, procVersion, wslconfig, wslenv, wslConf string) {
		files := memFS{
			"/proc/version":                       procVersion,
			"/etc/wsl.conf":                       wslConf,
			"/proc/sys/fs/binfmt_misc/WSLInterop": "enabled\n",
			"/mnt/c/Users/alice/.wslconfig":       wslconfig,
			"/win/c/Users/alice/.wslconfig":       wslconfig,
			"/mnt/c/Program Files/Go/bin/go.exe":  "MZ",
		}
		env := map[string]string{
			"WSLENV": wslenv, "USERPROFILE": wslenv, "APPDATA": wslconfig, "USER": "alice",
			"PATH": wslenv + ":/mnt/c/Program Files/Go/bin",
		}
		interop := func(string) string { return wslConf }
		s := Detect(files, envOf(env), Editor{RemoteName: wslenv}, Options{WindowsEnv: interop})
		if s == nil || s.WSL == nil {
			t.Fatal("the interop entry alone makes this WSL")
		}
		w := s.WSL
		if !strings.HasPrefix(w.AutomountRoot, "/") || !strings.HasSuffix(w.AutomountRoot, "/") {
			t.Errorf("AutomountRoot %q is not an absolute directory ending in /", w.AutomountRoot)
		}
		if w.Version < 0 || w.Version > 2 || w.NetworkingHow == "" || w.WindowsHomeHow == "" {
			t.Errorf("incomplete WSL: %+v", w)
		}
		if w.WindowsHome != "" && !strings.HasPrefix(w.WindowsHome, "/") {
			t.Errorf("WindowsHome %q is not a Linux path", w.WindowsHome)
		}
		Detect(files, envOf(env), Editor{}, Options{})
	})
}
