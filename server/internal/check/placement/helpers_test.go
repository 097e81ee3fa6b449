package placement

import (
	"runtime"
	"strings"
	"testing"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/check/checktest"
)

// expect runs c and requires exactly n findings.
func expect(t *testing.T, e *checktest.Env, c check.Check, n int) []check.Finding {
	t.Helper()
	fs := e.Run(c)
	if len(fs) != n {
		var b strings.Builder
		for _, f := range fs {
			b.WriteString("\n  " + f.Message)
			if f.Location != nil {
				b.WriteString(" @" + f.Location.File)
			}
		}
		t.Fatalf("%s: %d findings, want %d:%s", c.ID, len(fs), n, b.String())
	}
	return fs
}

// at requires the finding's location.
func at(t *testing.T, e *checktest.Env, f check.Finding, name string, line, col int) {
	t.Helper()
	if f.Location == nil || f.Location.File != e.Path(name) || f.Location.Line != line || (col > 0 && f.Location.Column != col) {
		t.Errorf("location = %+v; want %s:%d:%d", f.Location, name, line, col)
	}
}

func mentions(t *testing.T, s string, subs ...string) {
	t.Helper()
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			t.Errorf("%q does not mention %q", s, sub)
		}
	}
}

func sameIDs(t *testing.T, got []string, want ...string) {
	t.Helper()
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("contexts = %v; want %v", got, want)
	}
}

// preferredFix returns the finding's preferred fix.
func preferredFix(t *testing.T, f check.Finding) check.Fix {
	t.Helper()
	var out []check.Fix
	for _, x := range f.Fixes {
		if x.Preferred {
			out = append(out, x)
		}
	}
	if len(out) != 1 {
		t.Fatalf("%d preferred fixes in %+v", len(out), f.Fixes)
	}
	return out[0]
}

// applyEdits applies every fix that edits a file, in order (a "move" is a set then a removal).
func applyEdits(e *checktest.Env, fixes []check.Fix) {
	for _, f := range fixes {
		if f.JSON != nil || f.GoEnv != nil || len(f.Lines) > 0 {
			e.Apply(f)
		}
	}
}

// otherTerminalKey is a terminal.integrated.env key of another OS than this one.
func otherTerminalKey() string {
	if runtime.GOOS == "darwin" {
		return "terminal.integrated.env.windows"
	}
	return "terminal.integrated.env.osx"
}

func thisTerminalKey() string {
	switch runtime.GOOS {
	case "darwin":
		return "terminal.integrated.env.osx"
	case "windows":
		return "terminal.integrated.env.windows"
	}
	return "terminal.integrated.env.linux"
}

// hostEnvFile is a host.env for a desktop-launched VS Code: HOME and PATH only.
const hostEnvFile = "-- host.env --\nHOME=$DIR/home\nPATH=$DIR/goroot/bin\n"
