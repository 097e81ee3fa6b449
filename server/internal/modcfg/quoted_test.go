package modcfg

import (
	"slices"
	"strings"
	"testing"
)

// The cases of cmd/internal/quoted's TestSplit.
func TestSplitQuoted(t *testing.T) {
	for _, tc := range []struct {
		value   string
		want    []string
		wantErr string
	}{
		{value: "", want: nil},
		{value: " ", want: nil},
		{value: "a", want: []string{"a"}},
		{value: " a", want: []string{"a"}},
		{value: "a ", want: []string{"a"}},
		{value: "a b", want: []string{"a", "b"}},
		{value: "a  b", want: []string{"a", "b"}},
		{value: "a\tb", want: []string{"a", "b"}},
		{value: "a\nb", want: []string{"a", "b"}},
		{value: `'a b'`, want: []string{"a b"}},
		{value: `"a b"`, want: []string{"a b"}},
		{value: `'a '"b "`, want: []string{"a ", "b "}},
		{value: `'a "'"'b"`, want: []string{`a "`, `'b`}},
		{value: `\'`, want: []string{`\'`}},
		{value: `'a`, wantErr: "unterminated ' string"},
		{value: `""`, want: []string{""}},
		{value: "a\vb", want: []string{"a\vb"}}, // only four ASCII spaces separate
	} {
		got, err := SplitQuoted(tc.value)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("SplitQuoted(%q) error %v, want %q", tc.value, err, tc.wantErr)
			}
		} else if err != nil || !slices.Equal(got, tc.want) || (got == nil) != (tc.want == nil) {
			t.Errorf("SplitQuoted(%q) = %q, %v, want %q", tc.value, got, err, tc.want)
		}
		checkSplitAgrees(t, tc.value)
	}
}

// checkSplitAgrees checks splitQuotedFields against SplitQuoted.
func checkSplitAgrees(t testing.TB, s string) {
	t.Helper()
	want, err := SplitQuoted(s)
	fields, errOff, err2 := splitQuotedFields(s)
	if (err == nil) != (err2 == nil) || err != nil && err.Error() != err2.Error() {
		t.Fatalf("splitQuotedFields(%q) error %v, SplitQuoted %v", s, err2, err)
	}
	if err != nil {
		if errOff < 0 || errOff >= len(s) || !isQuote(s[errOff]) {
			t.Fatalf("splitQuotedFields(%q) error offset %d", s, errOff)
		}
		return
	}
	if len(fields) != len(want) {
		t.Fatalf("splitQuotedFields(%q) = %d fields, SplitQuoted %d", s, len(fields), len(want))
	}
	for i, f := range fields {
		if f.text != want[i] || f.off < 0 || f.end > len(s) || f.off > f.end {
			t.Fatalf("splitQuotedFields(%q)[%d] = %+v, want %q", s, i, f, want[i])
		}
		written := s[f.off:f.end]
		if f.quoted {
			written = written[1 : len(written)-1]
		}
		if written != f.text {
			t.Fatalf("splitQuotedFields(%q)[%d] = %+v, written as %q", s, i, f, s[f.off:f.end])
		}
	}
}
