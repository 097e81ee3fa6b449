package remote

import (
	"strings"
	"testing"
)

func TestDetectWindowsHome(t *testing.T) {
	profiles := memFS{
		"/mnt/c/Users/alice/AppData/":     "",
		"/mnt/c/Users/Public/desktop.ini": "",
		"/mnt/c/Users/Default/NTUSER.DAT": "",
		"/mnt/c/Users/Default User/x":     "",
		"/mnt/c/Users/All Users/x":        "",
		"/mnt/c/Users/defaultuser0/x":     "",
		"/mnt/c/Users/desktop.ini":        "",
	}
	for _, c := range []struct {
		name       string
		files      memFS
		env        map[string]string
		windowsEnv map[string]string // nil: no interop query
		noInterop  bool
		want       string
		howMatch   string
	}{
		{
			name: "USERPROFILE/p", env: map[string]string{"WSLENV": "USERPROFILE/p", "USERPROFILE": "/mnt/c/Users/alice/"},
			want: "/mnt/c/Users/alice", howMatch: "USERPROFILE/p",
		},
		{
			name: "USERPROFILE as a Windows path", env: map[string]string{"WSLENV": "USERPROFILE", "USERPROFILE": `C:\Users\alice`},
			want: "/mnt/c/Users/alice", howMatch: `C:\Users\alice`,
		},
		{
			name:  "USERPROFILE under a custom automount root",
			files: memFS{"/etc/wsl.conf": "[automount]\nroot=/win\n"},
			env:   map[string]string{"WSLENV": "USERPROFILE", "USERPROFILE": `C:\Users\alice`}, want: "/win/c/Users/alice",
		},
		{
			name: "USERPROFILE not passed by WSLENV is not trusted", files: profiles,
			env: map[string]string{"USERPROFILE": "/home/x", "USER": "alice"}, want: "/mnt/c/Users/alice", howMatch: "$USER",
		},
		{
			name: "USERPROFILE/w goes to Windows only", files: profiles,
			env: map[string]string{"WSLENV": "USERPROFILE/w", "USERPROFILE": "/home/x"}, want: "/mnt/c/Users/alice", howMatch: "AppData",
		},
		{
			name: "junk USERPROFILE falls back", files: profiles,
			env: map[string]string{"WSLENV": "USERPROFILE", "USERPROFILE": "%USERPROFILE%"}, want: "/mnt/c/Users/alice",
		},
		{
			name: "interop", windowsEnv: map[string]string{"USERPROFILE": `C:\Users\Alice Smith`},
			want: "/mnt/c/Users/Alice Smith", howMatch: "interop",
		},
		{
			name: "interop gives junk", files: profiles, windowsEnv: map[string]string{"USERPROFILE": "%USERPROFILE%"},
			want: "/mnt/c/Users/alice", howMatch: "AppData",
		},
		{
			name: "interop disabled: Windows is not asked", files: profiles, noInterop: true,
			windowsEnv: map[string]string{"USERPROFILE": `C:\Users\wrong`}, want: "/mnt/c/Users/alice",
		},
		{
			name:  "$USER matches case-insensitively, without AppData",
			files: memFS{"/mnt/c/Users/Alice/x": "", "/mnt/c/Users/bob/AppData/": ""}, env: map[string]string{"USER": "alice"},
			want: "/mnt/c/Users/Alice", howMatch: "$USER (alice)",
		},
		{
			name:  "a profile on another drive",
			files: memFS{"/mnt/c/Users/Public/x": "", "/mnt/d/Users/alice/AppData/": "", "/mnt/wsl/x": "", "/mnt/wslg/x": ""},
			want:  "/mnt/d/Users/alice",
		},
		{
			name:  "ambiguous",
			files: memFS{"/mnt/c/Users/bob/AppData/": "", "/mnt/c/Users/carol/AppData/": ""}, env: map[string]string{"USER": "alice"},
			want: "", howMatch: "/mnt/c/Users/bob, /mnt/c/Users/carol",
		},
		{
			name:  "the same name on two drives, one with AppData",
			files: memFS{"/mnt/c/Users/alice/AppData/": "", "/mnt/d/Users/alice/Documents/": "", "/mnt/c/Users/bob/AppData/": ""},
			env:   map[string]string{"USER": "alice"}, want: "/mnt/c/Users/alice", howMatch: "$USER (alice) with an AppData folder",
		},
		{
			name:  "one named like $USER without AppData, another with AppData",
			files: memFS{"/mnt/c/Users/alice/x": "", "/mnt/d/Users/alice/x": "", "/mnt/c/Users/bob/AppData/": ""},
			env:   map[string]string{"USER": "alice"}, want: "", howMatch: "cannot tell",
		},
		{
			name:  "the same name on two drives",
			files: memFS{"/mnt/c/Users/alice/AppData/": "", "/mnt/d/Users/alice/AppData/": ""}, env: map[string]string{"USER": "alice"},
			want: "", howMatch: "cannot tell",
		},
		{name: "no profiles", files: memFS{"/mnt/c/Users/Public/x": ""}, want: "", howMatch: "no user profile under /mnt/*/Users"},
		{name: "no drives", want: "", howMatch: "no user profile"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := wsl2(c.files)
			if c.noInterop {
				delete(f, "/proc/sys/fs/binfmt_misc/WSLInterop")
			}
			var opt Options
			if c.windowsEnv != nil {
				opt.WindowsEnv = func(name string) string { return c.windowsEnv[name] }
			}
			w := Detect(f, envOf(c.env), Editor{}, opt).WSL
			if w.WindowsHome != c.want || !strings.Contains(w.WindowsHomeHow, c.howMatch) {
				t.Errorf("WindowsHome = %q (%s), want %q (how containing %q)", w.WindowsHome, w.WindowsHomeHow, c.want, c.howMatch)
			}
		})
	}
}

func TestDetectWindowsGoEnv(t *testing.T) {
	const goenv = "GOPROXY=https://goproxy.cn,direct\n"
	home := map[string]string{"WSLENV": "USERPROFILE/p", "USERPROFILE": "/mnt/c/Users/alice"}
	for _, c := range []struct {
		name     string
		files    memFS
		env      map[string]string
		wantPath string
		wantData string // "": WindowsGoEnvData must be nil
	}{
		{
			name: "under the profile", files: memFS{"/mnt/c/Users/alice/AppData/Roaming/go/env": goenv}, env: home,
			wantPath: "/mnt/c/Users/alice/AppData/Roaming/go/env", wantData: goenv,
		},
		{
			name:     "APPDATA passed by WSLENV",
			files:    memFS{"/mnt/d/roam/go/env": goenv},
			env:      map[string]string{"WSLENV": "USERPROFILE/p:APPDATA", "USERPROFILE": "/mnt/c/Users/alice", "APPDATA": `D:\roam`},
			wantPath: "/mnt/d/roam/go/env", wantData: goenv,
		},
		{
			name:     "APPDATA/p passed by WSLENV",
			env:      map[string]string{"WSLENV": "APPDATA/p", "APPDATA": "/mnt/d/roam/"},
			wantPath: "/mnt/d/roam/go/env",
		},
		{
			name:     "APPDATA not passed is not trusted",
			env:      map[string]string{"WSLENV": "USERPROFILE/p", "USERPROFILE": "/mnt/c/Users/alice", "APPDATA": `D:\roam`},
			wantPath: "/mnt/c/Users/alice/AppData/Roaming/go/env",
		},
		{name: "missing file", env: home, wantPath: "/mnt/c/Users/alice/AppData/Roaming/go/env"},
		{
			name: "unreadable file", files: memFS{"/mnt/c/Users/alice/AppData/Roaming/go/env": unreadable}, env: home,
			wantPath: "/mnt/c/Users/alice/AppData/Roaming/go/env",
		},
		{name: "profile unknown", wantPath: ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := Detect(wsl2(c.files), envOf(c.env), Editor{}, Options{}).WSL
			if w.WindowsGoEnv != c.wantPath {
				t.Errorf("WindowsGoEnv = %q, want %q", w.WindowsGoEnv, c.wantPath)
			}
			if (c.wantData == "") != (w.WindowsGoEnvData == nil) || string(w.WindowsGoEnvData) != c.wantData {
				t.Errorf("WindowsGoEnvData = %q, want %q", w.WindowsGoEnvData, c.wantData)
			}
		})
	}
}
