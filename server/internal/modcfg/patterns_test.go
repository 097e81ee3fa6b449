package modcfg

import (
	"testing"

	"golang.org/x/mod/module"
)

// §3 of the reference: results of golang.org/x/mod v0.42.0.
func TestMatches(t *testing.T) {
	for _, tc := range []struct {
		globs, target string
		want          bool
	}{
		{"corp.example.com", "corp.example.com/a/b", true},
		{"corp.example.com", "git.corp.example.com/a", false},
		{"corp.example.com", "corp.example.com.evil.io/a", false},
		{"*.corp.example.com", "git.corp.example.com/x/y", true},
		{"*.corp.example.com", "corp.example.com/x", false},
		{"*.corp.example.com", "a.b.corp.example.com/x", true},
		{"github.com/acme", "github.com/acmecorp/widget", false},
		{"github.com/acme/", "github.com/acme/widget", true},
		{"github.com/*/internal", "github.com/acme/widget/internal", false},
		{"gitlab.com/grp/*", "gitlab.com/grp", false},
		{"github.com/acme*", "github.com/acme-tools/x", true},
		{"*", "anything.com/x/y", true},
		{"a.com, b.com", "b.com/x", false},
		{"a.com,,b.com", "b.com/x", true},
		{"[,b.com", "b.com/x", true},
		{"B.COM", "b.com/x", false},
		{"/github.com/acme", "github.com/acme", false},
		{"github.com//acme", "github.com/acme", false},
	} {
		if got := Matches(tc.globs, tc.target); got != tc.want {
			t.Errorf("Matches(%q, %q) = %v, want %v", tc.globs, tc.target, got, tc.want)
		}
		if got := module.MatchPrefixPatterns(tc.globs, tc.target); got != tc.want {
			t.Errorf("module.MatchPrefixPatterns(%q, %q) = %v, want %v", tc.globs, tc.target, got, tc.want)
		}
	}
}

func TestParsePatterns(t *testing.T) {
	for _, tc := range []struct {
		v    string
		want []Code
		fix  string // FixPatterns result; "" means v itself
	}{
		{v: ""},
		{v: "corp.example.com"},
		{v: "*.corp.example.com,github.com/acme/*"},
		{v: "github.com/acme/"}, // one trailing slash is ignored: fine
		{v: "a.com,,b.com"},     // empty elements are harmless
		{v: ",a.com,"},
		{v: "none"}, // go help private: GONOPROXY=none
		{v: "github.com/BurntSushi"},
		{v: "[a-z]*.corp.example.com,[A-Z]x.example.com"},
		{v: "gopkg.in/yaml.v3,example.com/x+y"},

		{v: "a.com, b.com", want: []Code{fatal(PatternWhitespace)}, fix: "a.com,b.com"},
		{v: "a.com ", want: []Code{fatal(PatternWhitespace)}, fix: "a.com"},
		{v: "a.com, ", want: []Code{PatternWhitespace}, fix: "a.com"},
		{v: "a.com b.com", want: []Code{fatal(PatternSeparator)}, fix: "a.com,b.com"},
		{v: "a.com;b.com", want: []Code{fatal(PatternSeparator)}, fix: "a.com,b.com"},
		{v: "https://corp.example.com", want: []Code{fatal(PatternScheme)}, fix: "corp.example.com"},
		{v: "git+ssh://corp.example.com/x/", want: []Code{fatal(PatternScheme)}, fix: "corp.example.com/x/"},
		{v: `"corp.example.com"`, want: []Code{fatal(PatternQuoted)}, fix: "corp.example.com"},
		{v: `"a.com,b.com"`, want: []Code{fatal(PatternQuoted), fatal(PatternQuoted)}, fix: "a.com,b.com"},
		{v: "'a.com'", want: []Code{fatal(PatternQuoted)}, fix: "a.com"},
		{v: "B.COM", want: []Code{fatal(PatternUppercase)}, fix: "b.com"},
		{v: "GitHub.com/Acme", want: []Code{fatal(PatternUppercase)}, fix: "github.com/Acme"},
		{v: "[,b.com", want: []Code{fatal(PatternBadGlob)}, fix: "b.com"},
		{v: `a.com\`, want: []Code{fatal(PatternBadGlob)}, fix: `a.com\`},
		{v: "/github.com/acme", want: []Code{fatal(PatternLeadingSlash)}, fix: "github.com/acme"},
		{v: "/", want: []Code{PatternLeadingSlash}, fix: "/"},
		{v: "github.com//acme", want: []Code{fatal(PatternEmptyElement)}, fix: "github.com/acme"},
		{v: "github.com/acme//", want: []Code{fatal(PatternTrailingSlashes)}, fix: "github.com/acme/"},
		{v: "github.com/acme///", want: []Code{fatal(PatternTrailingSlashes)}, fix: "github.com/acme/"},
		{v: ".corp.example.com", want: []Code{fatal(PatternInvalidPath)}, fix: ".corp.example.com"},
		{v: "corp.example.com/a.", want: []Code{fatal(PatternInvalidPath)}, fix: "corp.example.com/a."},
		{v: "corp.example.com/ä", want: []Code{fatal(PatternInvalidChar)}, fix: "corp.example.com/ä"},
		{v: "corp.example.com/a:b,x.com", want: []Code{fatal(PatternInvalidChar)}, fix: "x.com"},
	} {
		pats, ps := ParsePatterns(tc.v)
		wantCodes(t, "ParsePatterns", tc.v, ps, tc.want...)
		for _, p := range pats {
			if tc.v[p.Offset:p.Offset+len(p.Raw)] != p.Raw {
				t.Errorf("ParsePatterns(%q): pattern %+v not at its offset", tc.v, p)
			}
		}
		want := tc.fix
		if want == "" {
			want = tc.v
		}
		got := FixPatterns(tc.v)
		if got != want {
			t.Errorf("FixPatterns(%q) = %q, want %q", tc.v, got, want)
		}
		if again := FixPatterns(got); again != got {
			t.Errorf("FixPatterns not idempotent: %q -> %q -> %q", tc.v, got, again)
		}
	}
}

// Every pattern reported as never matching really never matches the
// module paths it was presumably meant for, and the fixed list does.
func TestPatternFixMatches(t *testing.T) {
	for _, tc := range []struct{ v, target string }{
		{"a.com, b.com", "b.com/x"},
		{"https://corp.example.com", "corp.example.com/x"},
		{`"corp.example.com"`, "corp.example.com/x"},
		{"B.COM", "b.com/x"},
		{"/github.com/acme", "github.com/acme/x"},
		{"github.com//acme", "github.com/acme/x"},
		{"github.com/acme//", "github.com/acme/x"},
		{"a.com b.com", "b.com/x"},
	} {
		if Matches(tc.v, tc.target) {
			t.Errorf("Matches(%q, %q) = true", tc.v, tc.target)
		}
		if f := FixPatterns(tc.v); !Matches(f, tc.target) {
			t.Errorf("Matches(FixPatterns(%q) = %q, %q) = false", tc.v, f, tc.target)
		}
	}
}
