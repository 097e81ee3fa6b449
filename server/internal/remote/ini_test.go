package remote

import "testing"

func TestINIValue(t *testing.T) {
	for _, c := range []struct {
		name, data, section, key, want string
		found                          bool
	}{
		{"plain", "[wsl2]\nnetworkingMode=mirrored\n", "wsl2", "networkingMode", "mirrored", true},
		{"BOM and CRLF", "\ufeff[wsl2]\r\nnetworkingMode = mirrored\r\n", "wsl2", "networkingMode", "mirrored", true},
		{"names are case-insensitive", "[WSL2]\nNETWORKINGMODE=NAT\n", "wsl2", "networkingmode", "NAT", true},
		{"comments", "# [wsl2]\n; networkingMode=none\n[wsl2]\nnetworkingMode=nat ; was mirrored\n", "wsl2", "networkingMode", "nat", true},
		{"quoted", "[wsl2]\nkernel=\"C:\\\\k\"\n", "wsl2", "kernel", `C:\\k`, true},
		{"other section", "[experimental]\nnetworkingMode=mirrored\n", "wsl2", "networkingMode", "", false},
		{"before any section", "networkingMode=mirrored\n[wsl2]\n", "wsl2", "networkingMode", "", false},
		{"unclosed section header ends the section", "[wsl2]\n[oops\nnetworkingMode=mirrored\n", "wsl2", "networkingMode", "", false},
		{"last wins", "[wsl2]\nnetworkingMode=nat\n[wsl2]\nnetworkingMode=mirrored\n", "wsl2", "networkingMode", "mirrored", true},
		{"junk lines", "[wsl2]\n\x00\x01garbage\n=\nnetworkingMode\n==mirrored\n", "wsl2", "networkingMode", "", false},
		{"empty value", "[wsl2]\nnetworkingMode=\n", "wsl2", "networkingMode", "", true},
		{"empty", "", "wsl2", "networkingMode", "", false},
	} {
		got, found := iniValue([]byte(c.data), c.section, c.key)
		if got != c.want || found != c.found {
			t.Errorf("%s: iniValue = %q, %v; want %q, %v", c.name, got, found, c.want, c.found)
		}
	}
}
