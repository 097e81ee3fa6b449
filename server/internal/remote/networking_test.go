package remote

import (
	"strings"
	"testing"
)

func TestDetectNetworking(t *testing.T) {
	const wslconfig = "/mnt/c/Users/alice/.wslconfig"
	home := map[string]string{"WSLENV": "USERPROFILE/p", "USERPROFILE": "/mnt/c/Users/alice"}
	for _, c := range []struct {
		name     string
		files    memFS
		env      map[string]string
		want     Networking
		howMatch string
		evidence string
	}{
		{
			name: "mirrored, Notepad's BOM and CRLF", env: home,
			files: memFS{wslconfig: "\ufeff[wsl2]\r\nmemory=8GB\r\nnetworkingMode=Mirrored\r\n", "/sys/class/net/loopback0/": ""},
			want:  NetworkingMirrored, howMatch: wslconfig + ": [wsl2] networkingMode=Mirrored",
		},
		{name: "nat set explicitly beats loopback0", env: home, files: memFS{wslconfig: "[wsl2]\nnetworkingMode=nat\n", "/sys/class/net/loopback0/": ""}, want: NetworkingNAT, howMatch: "networkingMode=nat"},
		{name: "virtioproxy", env: home, files: memFS{wslconfig: "[wsl2]\nnetworkingMode=virtioproxy\n"}, want: NetworkingVirtioProxy},
		{name: "none", env: home, files: memFS{wslconfig: "[wsl2]\nnetworkingMode=none\n"}, want: NetworkingNone},
		{name: "WSL 2.0.0's experimental section", env: home, files: memFS{wslconfig: "[experimental]\nnetworkingMode=mirrored\n"}, want: NetworkingMirrored, howMatch: "[experimental]"},
		{
			name: "junk value, loopback0", env: home, files: memFS{wslconfig: "[wsl2]\nnetworkingMode=mirorred\n", "/sys/class/net/loopback0/": ""},
			want: NetworkingMirrored, howMatch: `networkingMode="mirorred" is not a mode WSL knows, so WSL ignores it; inferred: /sys/class/net/loopback0`,
		},
		{name: "junk value, default", env: home, files: memFS{wslconfig: "[wsl2]\nnetworkingMode=\x00\n"}, want: NetworkingNAT, howMatch: "WSL ignores it; WSL2's default"},
		{name: "junk file", env: home, files: memFS{wslconfig: "\xff\xfe[\x00w\x00s\x00l\x002\x00]\x00"}, want: NetworkingNAT, howMatch: "WSL2's default"},
		{name: "unreadable .wslconfig", env: home, files: memFS{wslconfig: unreadable, "/sys/class/net/loopback0/": ""}, want: NetworkingMirrored, howMatch: "inferred"},
		{name: "no .wslconfig, loopback0", env: home, files: memFS{"/sys/class/net/loopback0/": ""}, want: NetworkingMirrored, howMatch: "inferred"},
		{name: "home unknown, loopback0", files: memFS{"/sys/class/net/loopback0/": ""}, want: NetworkingMirrored},
		{name: "nothing says", env: home, want: NetworkingNAT, howMatch: "WSL2's default; no .wslconfig networkingMode found"},
		{
			name: "mirrored asked, not in effect", env: home,
			files: memFS{wslconfig: "[wsl2]\nnetworkingMode=mirrored\n", "/sys/class/net/eth0/": "", "/sys/class/net/lo/": ""},
			want:  NetworkingMirrored, evidence: "wsl --shutdown",
		},
		{name: "WSL1", files: memFS{"/proc/version": wsl1Kernel}, want: NetworkingShared, howMatch: "WSL1"},
		{name: "version unknown", files: memFS{"/proc/version": "", "/sys/class/net/loopback0/": ""}, env: map[string]string{"WSL_DISTRO_NAME": "Ubuntu"}, want: NetworkingUnknown},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := Detect(wsl2(c.files), envOf(c.env), Editor{}, Options{})
			w := s.WSL
			if w.Networking != c.want || !strings.Contains(w.NetworkingHow, c.howMatch) {
				t.Errorf("Networking = %q (%s), want %q (how containing %q)", w.Networking, w.NetworkingHow, c.want, c.howMatch)
			}
			if c.evidence != "" && !hasEvidence(s, c.evidence) {
				t.Errorf("no evidence mentions %q: %q", c.evidence, s.Evidence)
			}
			if c.evidence == "" && hasEvidence(s, "wsl --shutdown") {
				t.Errorf("unexpected stale-mirrored warning: %q", s.Evidence)
			}
		})
	}
}
