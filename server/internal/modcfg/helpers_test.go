package modcfg

import (
	"slices"
	"strings"
	"testing"
)

// codesOf lists the problem codes, a '!' prefix marking a fatal one.
func codesOf(ps []Problem) []string {
	var out []string
	for _, p := range ps {
		c := string(p.Code)
		if p.Fatal {
			c = "!" + c
		}
		out = append(out, c)
	}
	return out
}

// wantCodes compares problems with want, written like codesOf's output.
func wantCodes(t *testing.T, what, v string, ps []Problem, want ...Code) {
	t.Helper()
	got := codesOf(ps)
	var w []string
	for _, c := range want {
		w = append(w, string(c))
	}
	if !slices.Equal(got, w) {
		t.Errorf("%s(%q): problems %q, want %q", what, v, got, w)
		for _, p := range ps {
			t.Logf("  %+v", p)
		}
	}
	checkBounds(t, what, v, ps)
}

// checkBounds fails when a problem lies outside the value or has no message.
func checkBounds(t testing.TB, what, v string, ps []Problem) {
	t.Helper()
	for _, p := range ps {
		if p.Offset < 0 || p.Len < 0 || p.Offset+p.Len > len(v) {
			t.Errorf("%s(%q): problem out of bounds: %+v", what, v, p)
		}
		if p.Msg == "" || p.Code == "" {
			t.Errorf("%s(%q): problem without message or code: %+v", what, v, p)
		}
	}
}

// fatal marks a code as expected to be fatal in wantCodes.
func fatal(c Code) Code { return "!" + c }

// msgContains fails unless some problem's message contains s.
func msgContains(t *testing.T, what, v string, ps []Problem, s string) {
	t.Helper()
	for _, p := range ps {
		if strings.Contains(p.Msg, s) {
			return
		}
	}
	t.Errorf("%s(%q): no problem message contains %q: %+v", what, v, s, ps)
}
