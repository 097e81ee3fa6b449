package remote

import (
	"testing"
)

func TestWSLVersion(t *testing.T) {
	for _, c := range []struct {
		kernel string
		want   int
	}{
		{wsl2Kernel, 2},
		{"Linux version 4.19.128-microsoft-standard (oe-user@oe-host) (gcc version 8.2.0 (GCC)) #1 SMP Tue Jun 23 12:58:10 UTC 2020", 2},
		{"6.6.36.3-custom-wsl2\n", 2}, // a self-built WSL2 kernel named after WSL2
		{wsl1Kernel, 1},
		{"4.4.0-22621-Microsoft\n", 1}, // WSL1's /proc/sys/kernel/osrelease
		{debianKernel, 0},
		{"", 0},
		{"\x00\xff\xfe garbage \n\n", 0},
	} {
		if got := wslVersion(c.kernel); got != c.want {
			t.Errorf("wslVersion(%q) = %d, want %d", c.kernel, got, c.want)
		}
	}
}

func TestDetectWSLKernel(t *testing.T) {
	for _, c := range []struct {
		name        string
		files       memFS
		env         map[string]string
		wantVersion int
		wantWSL     bool
		evidence    string
	}{
		{name: "proc version", files: memFS{"/proc/version": wsl2Kernel}, wantVersion: 2, wantWSL: true, evidence: `"5.15.167.4-microsoft-standard-WSL2"`},
		{
			name:        "osrelease when /proc/version is unreadable",
			files:       memFS{"/proc/version": unreadable, "/proc/sys/kernel/osrelease": "4.4.0-19041-Microsoft\n"},
			wantVersion: 1, wantWSL: true, evidence: "/proc/sys/kernel/osrelease",
		},
		{
			name:        "osrelease when /proc/version is garbled",
			files:       memFS{"/proc/version": "\xff\xfe", "/proc/sys/kernel/osrelease": "5.15.90.1-microsoft-standard-WSL2"},
			wantVersion: 2, wantWSL: true,
		},
		{name: "distro name alone", files: memFS{"/proc/version": ""}, env: map[string]string{"WSL_DISTRO_NAME": "Ubuntu-24.04"}, wantWSL: true, evidence: `"Ubuntu-24.04"`},
		{name: "interop alone", files: memFS{"/proc/sys/fs/binfmt_misc/WSLInterop-late": "enabled\n"}, wantWSL: true},
		{name: "not WSL", files: memFS{"/proc/version": debianKernel}},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := Detect(c.files, envOf(c.env), Editor{}, Options{})
			if (s.WSL != nil) != c.wantWSL {
				t.Fatalf("WSL = %+v, want present: %v", s.WSL, c.wantWSL)
			}
			if s.WSL == nil {
				return
			}
			if s.WSL.Version != c.wantVersion || s.WSL.Distro != c.env["WSL_DISTRO_NAME"] {
				t.Errorf("Version %d Distro %q, want %d %q", s.WSL.Version, s.WSL.Distro, c.wantVersion, c.env["WSL_DISTRO_NAME"])
			}
			if s.Here() != SideWSL {
				t.Errorf("Here = %s", s.Here())
			}
			if c.evidence != "" && !hasEvidence(s, c.evidence) {
				t.Errorf("no evidence mentions %s: %q", c.evidence, s.Evidence)
			}
		})
	}
}

func TestDetectInterop(t *testing.T) {
	const dir = "/proc/sys/fs/binfmt_misc/"
	for _, c := range []struct {
		name  string
		files memFS
		want  bool
	}{
		{"enabled", memFS{dir + "WSLInterop": "enabled\ninterpreter /init\n"}, true},
		{"late", memFS{dir + "WSLInterop-late": "enabled\n"}, true},
		{"disabled", memFS{dir + "WSLInterop": "disabled\ninterpreter /init\n"}, false},
		{"disabled, late enabled", memFS{dir + "WSLInterop": "disabled\n", dir + "WSLInterop-late": "enabled\n"}, true},
		{"unreadable counts as registered", memFS{dir + "WSLInterop": unreadable}, true},
		{"absent", memFS{}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.files["/proc/version"] = wsl2Kernel
			if s := Detect(c.files, nil, Editor{}, Options{}); s.WSL.Interop != c.want {
				t.Errorf("Interop = %v, want %v", s.WSL.Interop, c.want)
			}
		})
	}
}

func TestDetectAutomountRoot(t *testing.T) {
	for _, c := range []struct {
		name, conf, want string
	}{
		{"no wsl.conf", "", "/mnt/"},
		{"no automount section", "[boot]\nsystemd=true\n", "/mnt/"},
		{"root with slash", "[automount]\nroot = /win/\n", "/win/"},
		{"root without slash", "[AutoMount]\r\nRoot=/win\r\n", "/win/"},
		{"quoted, with a comment", "[automount]\nroot = \"/drives/\" # where\n", "/drives/"},
		{"the file system root", "[automount]\nroot = /\n", "/"},
		{"unclean", "[automount]\nroot = /x//y/../win\n", "/x/win/"},
		{"relative is ignored", "[automount]\nroot = win\n", "/mnt/"},
		{"empty is ignored", "[automount]\nroot =\n", "/mnt/"},
		{"junk", "\x00[[[automount\n= = =\nroot\n", "/mnt/"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := wsl2(nil)
			if c.conf != "" {
				f["/etc/wsl.conf"] = c.conf
			}
			if got := Detect(f, nil, Editor{}, Options{}).WSL.AutomountRoot; got != c.want {
				t.Errorf("AutomountRoot = %q, want %q", got, c.want)
			}
		})
	}
}
