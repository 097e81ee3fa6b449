package remote

import (
	"reflect"
	"testing"
)

func TestParseWSLENV(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []WSLEnvEntry
	}{
		{"GOPATH/l:USERPROFILE/p:FOO/u", []WSLEnvEntry{{"GOPATH", "l"}, {"USERPROFILE", "p"}, {"FOO", "u"}}},
		{"WT_SESSION:WT_PROFILE_ID::", []WSLEnvEntry{{"WT_SESSION", ""}, {"WT_PROFILE_ID", ""}}},
		{"A/up:B/pp:C/xyz:D/W", []WSLEnvEntry{{"A", "up"}, {"B", "p"}, {"C", ""}, {"D", ""}}},
		{"/p:::E/p/l", []WSLEnvEntry{{"E", "pl"}}},
		{"", nil},
		{":::", nil},
	} {
		if got := ParseWSLENV(c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("ParseWSLENV(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}

func TestFromWindows(t *testing.T) {
	w := &WSL{WSLENV: ParseWSLENV("USERPROFILE/p:GOFLAGS/w:goproxy")}
	for name, want := range map[string]bool{"USERPROFILE": true, "GOFLAGS": false, "goproxy": true, "GOPROXY": false} {
		if got := w.FromWindows(name); got != want {
			t.Errorf("FromWindows(%s) = %v, want %v", name, got, want)
		}
	}
	if (*WSL)(nil).FromWindows("USERPROFILE") {
		t.Error("a nil WSL passes nothing from Windows")
	}
}
