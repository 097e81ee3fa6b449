package values

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/check/checktest"
)

// Shared fixtures. settings.json carries comments that every fix must keep.
const (
	settingsHead = "-- ws/.vscode/settings.json --\n{\n  // team settings: keep this comment\n  \"go.toolsEnvVars\": {\n"
	settingsTail = "  }, /* trailing block comment */\n  \"editor.tabSize\": 4\n}\n"
)

// toolsEnv builds a workspace settings.json whose go.toolsEnvVars has the given members.
func toolsEnv(members ...string) string {
	var b strings.Builder
	b.WriteString(settingsHead)
	for i, m := range members {
		b.WriteString("    " + m)
		if i < len(members)-1 {
			b.WriteString(",")
		}
		b.WriteString(" // member comment\n")
	}
	return b.String() + settingsTail
}

// launchEnv builds a launch.json with one go configuration "dbg" and the given env members.
func launchEnv(members ...string) string {
	return "-- ws/.vscode/launch.json --\n{\n  // debug configs\n  \"version\": \"0.2.0\",\n  \"configurations\": [\n    {\n      \"name\": \"dbg\",\n      \"type\": \"go\",\n      \"request\": \"launch\",\n      \"program\": \"${workspaceFolder}\",\n      \"env\": {\n        " +
		strings.Join(members, ",\n        ") + "\n      }\n    }\n  ]\n}\n"
}

// one returns the only finding, failing otherwise.
func one(t *testing.T, fs []check.Finding) check.Finding {
	t.Helper()
	if len(fs) != 1 {
		b, _ := json.MarshalIndent(fs, "", "  ")
		t.Fatalf("want exactly one finding, got %d:\n%s", len(fs), b)
	}
	return fs[0]
}

// at finds the finding located in archive file name at the given needle.
func at(t *testing.T, e *checktest.Env, fs []check.Finding, name, needle string) check.Finding {
	t.Helper()
	line, col := pos(t, e, name, needle)
	for _, f := range fs {
		if f.Location != nil && f.Location.File == e.Path(name) && f.Location.Line == line && f.Location.Column == col {
			return f
		}
	}
	b, _ := json.MarshalIndent(fs, "", "  ")
	t.Fatalf("no finding at %s:%d:%d (%q):\n%s", name, line, col, needle, b)
	return check.Finding{}
}

// pos returns the 1-based line and column of the first occurrence of needle in file name
// (ASCII fixtures, so bytes and UTF-16 units agree). For a go/env file, pass "KEY=" to get
// the column of the value.
func pos(t *testing.T, e *checktest.Env, name, needle string) (int, int) {
	t.Helper()
	data := e.Read(name)
	i := strings.Index(data, needle)
	if i < 0 {
		t.Fatalf("%q not in %s", needle, name)
	}
	if strings.HasSuffix(needle, "=") {
		i += len(needle)
	}
	line := strings.Count(data[:i], "\n") + 1
	col := i - (strings.LastIndex(data[:i], "\n") + 1) + 1
	return line, col
}

// wantLoc checks the location of f.
func wantLoc(t *testing.T, e *checktest.Env, f check.Finding, name, needle string) {
	t.Helper()
	line, col := pos(t, e, name, needle)
	if f.Location == nil || f.Location.File != e.Path(name) || f.Location.Line != line || f.Location.Column != col {
		t.Errorf("location = %+v; want %s:%d:%d", f.Location, e.Path(name), line, col)
	}
}

// wantContexts checks that f lists exactly these contexts (order-insensitive).
func wantContexts(t *testing.T, f check.Finding, want ...string) {
	t.Helper()
	got := slices.Clone(f.Contexts)
	slices.Sort(got)
	w := slices.Clone(want)
	slices.Sort(w)
	if !slices.Equal(got, w) {
		t.Errorf("contexts = %v; want %v", f.Contexts, want)
	}
}

// wantIn checks that the message contains every part.
func wantIn(t *testing.T, msg string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(msg, p) {
			t.Errorf("message lacks %q:\n%s", p, msg)
		}
	}
}

// preferredFix returns the finding's preferred fix.
func preferredFix(t *testing.T, f check.Finding) check.Fix {
	t.Helper()
	for _, x := range f.Fixes {
		if x.Preferred {
			return x
		}
	}
	t.Fatalf("no preferred fix among %+v", f.Fixes)
	return check.Fix{}
}

// fixOf returns the first fix of kind.
func fixOf(t *testing.T, f check.Finding, kind check.FixKind) check.Fix {
	t.Helper()
	for _, x := range f.Fixes {
		if x.Kind == kind {
			return x
		}
	}
	t.Fatalf("no %s fix among %+v", kind, f.Fixes)
	return check.Fix{}
}

// noEnvEdit checks that no fix pretends to edit the environment a value comes from.
func noEnvEdit(t *testing.T, e *checktest.Env, f check.Finding) {
	t.Helper()
	for _, x := range f.Fixes {
		if x.File == e.Path("shell.env") || x.File == e.Path("host.env") {
			t.Errorf("fix edits the environment file: %+v", x)
		}
	}
}

// keepsComments checks that a JSONC file kept the comments of its fixture after a fix.
func keepsComments(t *testing.T, e *checktest.Env, name string) {
	t.Helper()
	s := e.Read(name)
	want := []string{"// team settings: keep this comment", "/* trailing block comment */", "// member comment"}
	if strings.HasSuffix(name, "launch.json") {
		want = []string{"// debug configs"}
	}
	for _, c := range want {
		if !strings.Contains(s, c) {
			t.Errorf("%s lost %q:\n%s", name, c, s)
		}
	}
}

// clean asserts that none of the archives triggers c.
func clean(t *testing.T, c check.Check, archives map[string]string) {
	t.Helper()
	for name, a := range archives {
		if fs := checktest.Load(t, a).Run(c); len(fs) != 0 {
			b, _ := json.MarshalIndent(fs, "", "  ")
			t.Errorf("%s: unexpected findings:\n%s", name, b)
		}
	}
}

func TestSafe(t *testing.T) {
	for _, in := range []string{
		"https://alice:" + canaryPw + "@proxy.example/go,direct",
		"https://" + canaryTok + "@proxy.example",
		canaryUsr + ":" + canaryPw + "@proxy:3128",
		"http://" + canaryUsr + ":p@" + canaryPw + "@proxy:3128", // '@' inside the password
		`"` + canaryUsr + ":" + canaryPw + `@proxy" is not a URL`,
		"GOPROXY=" + canaryTok + "@proxy.example,direct",
		"a.example|" + canaryTok + "@b.example",
	} {
		if got := safe(in); strings.Contains(got, canaryPw) || strings.Contains(got, canaryTok) || strings.Contains(got, canaryUsr) {
			t.Errorf("safe(%q) = %q leaks", in, got)
		}
	}
	for _, keep := range []string{"https://proxy.golang.org,direct", "https://proxy.example/@v/list", "golang.org/x/mod@v0.20.0"} {
		if got := safe(keep); got != keep {
			t.Errorf("safe(%q) = %q; want it unchanged", keep, got)
		}
	}
}

func TestStripUserInfo(t *testing.T) {
	for in, want := range map[string]string{
		"https://u:p@h.example/go": "https://h.example/go",
		"http://tok@h:3128":        "http://h:3128",
		"u:p@h:3128":               "h:3128",
		"https://u:p@x@h/a@b":      "https://h/a@b",
		"https://h.example/a@b":    "https://h.example/a@b",
	} {
		if got := stripUserInfo(in); got != want {
			t.Errorf("stripUserInfo(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestBroadPattern(t *testing.T) {
	for glob, want := range map[string]bool{
		"*": true, "github.com": true, "github.com/": true, "github.com/*": true, "github.com/*/*": true,
		"*.com": true, "gith*": true, "golang.org": true,
		"github.com/acme": false, "github.com/acme*": false, "*.corp.example.com": false,
		"corp.example.com": false, "github.com/*/x": false, " github.com": false, "": false,
	} {
		if _, got := broadPattern(glob); got != want {
			t.Errorf("broadPattern(%q) = %v; want %v", glob, got, want)
		}
	}
}

func TestIsLoopback(t *testing.T) {
	for host, want := range map[string]bool{
		"127.0.0.1": true, "127.9.8.7": true, "::1": true, "[::1]": true, "localhost": true, "LOCALHOST": true,
		"dev.localhost": true, "10.0.0.1": false, "128.0.0.1": false, "proxy.example": false, "localhost.example": false,
	} {
		if got := isLoopback(host); got != want {
			t.Errorf("isLoopback(%q) = %v; want %v", host, got, want)
		}
	}
}
