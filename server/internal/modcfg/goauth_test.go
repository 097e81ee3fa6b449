package modcfg

import (
	"slices"
	"testing"
)

func TestParseGOAUTH(t *testing.T) {
	for _, tc := range []struct {
		v, goos string
		kinds   []AuthKind
		code    []Code
		msg     string
	}{
		{v: "netrc", kinds: []AuthKind{AuthNetrc}},
		{v: "", kinds: nil},
		{v: "off", kinds: []AuthKind{AuthOff}},
		{v: " off ", kinds: []AuthKind{AuthOff}},
		{v: "netrc; git /home/me/src ;my-helper --flag 'a b'", kinds: []AuthKind{AuthNetrc, AuthGit, AuthCustomCommand}},
		{v: `git C:\src`, goos: "windows", kinds: []AuthKind{AuthGit}},
		{v: `git \\server\share\src`, goos: "windows", kinds: []AuthKind{AuthGit}},

		// §2.4 errors.
		{v: "netrc;", kinds: []AuthKind{AuthNetrc}, code: []Code{fatal(AuthEmptyCommand)}, msg: "GOAUTH encountered an empty command (GOAUTH=netrc;)"},
		{v: ";", code: []Code{fatal(AuthEmptyCommand), fatal(AuthEmptyCommand)}},
		{v: " ", code: []Code{fatal(AuthEmptyCommand)}},
		{v: "netrc; ;git /x", kinds: []AuthKind{AuthNetrc, AuthGit}, code: []Code{fatal(AuthEmptyCommand)}},
		{v: "off;netrc", kinds: []AuthKind{AuthOff, AuthNetrc}, code: []Code{fatal(AuthOffCombined)}, msg: "GOAUTH=off cannot be combined with other authentication commands"},
		{v: "netrc;off", kinds: []AuthKind{AuthNetrc, AuthOff}, code: []Code{fatal(AuthOffCombined)}},
		{v: "off;", kinds: []AuthKind{AuthOff}, code: []Code{fatal(AuthOffCombined), fatal(AuthEmptyCommand)}},
		{v: "git rel", kinds: []AuthKind{AuthGit}, code: []Code{fatal(AuthGitDir)}, msg: "GOAUTH=git dir method requires an absolute path to the git working directory, dir is not absolute"},
		{v: "git", kinds: []AuthKind{AuthGit}, code: []Code{fatal(AuthGitDir)}, msg: "requires an absolute path"},
		{v: "git /my dir", kinds: []AuthKind{AuthGit}, code: []Code{fatal(AuthGitDir)}, msg: "cannot contain spaces"},
		{v: `git "/src"`, kinds: []AuthKind{AuthGit}, code: []Code{fatal(AuthGitDir)}, msg: "quotes are not removed"},
		{v: "git ~/src", kinds: []AuthKind{AuthGit}, code: []Code{fatal(AuthGitDir)}, msg: "no shell expands"},
		{v: `git C:\src`, goos: "linux", kinds: []AuthKind{AuthGit}, code: []Code{fatal(AuthGitDir)}},
		{v: `git /src`, goos: "windows", kinds: []AuthKind{AuthGit}, code: []Code{fatal(AuthGitDir)}}, // rooted, no drive
		{v: "Netrc", kinds: []AuthKind{AuthCustomCommand}, code: []Code{fatal(AuthKeywordCase)}, msg: `would run a program named "Netrc"`},
		{v: "'netrc'", kinds: []AuthKind{AuthCustomCommand}, code: []Code{fatal(AuthKeywordCase)}},
		{v: "OFF", kinds: []AuthKind{AuthCustomCommand}, code: []Code{fatal(AuthKeywordCase)}},
		{v: "helper 'a", kinds: []AuthKind{AuthCustomCommand}, code: []Code{fatal(AuthBadQuoting)}, msg: "cannot parse GOAUTH command helper 'a: unterminated ' string"},
		{v: "helper $HOME/x", kinds: []AuthKind{AuthCustomCommand}, code: []Code{AuthShellSyntax}},
		{v: "helper | jq", kinds: []AuthKind{AuthCustomCommand}, code: []Code{AuthShellSyntax}},
		{v: "netrc extra", kinds: []AuthKind{AuthNetrc}, code: []Code{AuthIgnoredArgs}},
		{v: "off now", kinds: []AuthKind{AuthOff}, code: []Code{AuthIgnoredArgs}},
	} {
		goos := tc.goos
		if goos == "" {
			goos = "linux"
		}
		cmds, ps := ParseGOAUTHFor(tc.v, goos)
		wantCodes(t, "ParseGOAUTH", tc.v, ps, tc.code...)
		if tc.msg != "" {
			msgContains(t, "ParseGOAUTH", tc.v, ps, tc.msg)
		}
		var kinds []AuthKind
		for _, c := range cmds {
			kinds = append(kinds, c.Kind)
			if tc.v[c.Offset:c.Offset+len(c.Raw)] != c.Raw {
				t.Errorf("ParseGOAUTH(%q): command %+v not at its offset", tc.v, c)
			}
		}
		if !slices.Equal(kinds, tc.kinds) {
			t.Errorf("ParseGOAUTH(%q) kinds = %v, want %v", tc.v, kinds, tc.kinds)
		}
	}
}

func TestParseGOAUTHArgs(t *testing.T) {
	cmds, ps := ParseGOAUTHFor(`netrc;git /src; helper -x 'a b' "c"`, "linux")
	if len(ps) != 0 {
		t.Fatalf("problems: %+v", ps)
	}
	if !slices.Equal(cmds[1].Args, []string{"/src"}) || !slices.Equal(cmds[2].Args, []string{"helper", "-x", "a b", "c"}) || len(cmds[0].Args) != 0 {
		t.Errorf("args: %+v", cmds)
	}
}
