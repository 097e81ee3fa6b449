package modules

import (
	"slices"
	"strings"
	"testing"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
)

// one returns the only finding, failing the test otherwise.
func one(t *testing.T, fs []check.Finding) check.Finding {
	t.Helper()
	if len(fs) != 1 {
		for _, f := range fs {
			t.Logf("finding: %s", f.Message)
		}
		t.Fatalf("got %d findings; want 1", len(fs))
	}
	return fs[0]
}

// preferred returns the preferred fix of f.
func preferred(t *testing.T, f check.Finding) check.Fix {
	t.Helper()
	var out []check.Fix
	for _, x := range f.Fixes {
		if x.Preferred {
			out = append(out, x)
		}
	}
	if len(out) != 1 {
		t.Fatalf("want exactly one preferred fix, got %+v", f.Fixes)
	}
	return out[0]
}

// wantAt checks a finding's location: the file's suffix, line and column (0: any).
func wantAt(t *testing.T, f check.Finding, suffix string, line, col int) {
	t.Helper()
	l := f.Location
	if l == nil || !strings.HasSuffix(l.File, suffix) || l.Line != line || (col != 0 && l.Column != col) {
		t.Errorf("location = %+v; want %s:%d:%d", l, suffix, line, col)
	}
}

// wantContexts checks that f lists exactly these contexts (in any order).
func wantContexts(t *testing.T, f check.Finding, ids ...string) {
	t.Helper()
	got := slices.Clone(f.Contexts)
	slices.Sort(got)
	want := slices.Clone(ids)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("contexts = %v; want %v", f.Contexts, ids)
	}
}

// wantMsg checks that the message mentions every part.
func wantMsg(t *testing.T, f check.Finding, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(f.Message, p) {
			t.Errorf("message lacks %q: %s", p, f.Message)
		}
	}
}

// allContexts are the contexts of a single-folder workspace without launch configs or tasks.
var allContexts = []string{"shell", "terminal", "gopls", "test", "test-debug"}

// cleanGoMod is a module with public requirements only and the local Go's version.
const cleanGoMod = `-- ws/go.mod --
module example.com/app

go 1.26.8

require golang.org/x/mod v0.42.0
`
