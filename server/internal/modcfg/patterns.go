package modcfg

import (
	"errors"
	"fmt"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/mod/module"
)

// Pattern is one non-empty element of a GOPRIVATE, GONOPROXY, GONOSUMDB or
// GOINSECURE list.
type Pattern struct {
	Raw    string // as written: MatchPrefixPatterns does not trim it
	Offset int    // byte offset of Raw in the value
	// Glob is the pattern as MatchPrefixPatterns uses it: Raw less one
	// trailing slash. An empty Glob is skipped.
	Glob string
}

// Matches reports whether any path prefix of path matches a pattern of
// list. It is golang.org/x/mod/module.MatchPrefixPatterns, which the go
// command uses for all four variables (and for GOVCS).
func Matches(list, path string) bool {
	return module.MatchPrefixPatterns(list, path)
}

// ParsePatterns parses a comma-separated pattern list the way
// module.MatchPrefixPatterns reads it: split on ',', no trimming, empty
// elements skipped, one trailing '/' dropped, then path.Match against as many
// leading elements of the module path as the glob has.
//
// The go command never reports a bad pattern: it just never matches. Those
// are the Fatal problems here, since the setting cannot work for them.
func ParsePatterns(v string) ([]Pattern, []Problem) {
	var pats []Pattern
	var probs []Problem
	for _, sg := range splitSegments(v, ",") {
		if sg.text == "" {
			continue // skipped by MatchPrefixPatterns; harmless
		}
		pats = append(pats, Pattern{Raw: sg.text, Offset: sg.off, Glob: strings.TrimSuffix(sg.text, "/")})
		if p, ok := patternProblem(sg.text); ok {
			p.Offset += sg.off
			probs = append(probs, p)
		}
	}
	return pats, probs
}

// patternProblem returns the most telling problem of one raw element, with
// offsets relative to raw.
func patternProblem(raw string) (Problem, bool) {
	lead, n := trimmedSpan(raw)
	t := raw[lead : lead+n]
	glob := strings.TrimSuffix(raw, "/")
	never := func(off, l int, code Code, format string, args ...any) (Problem, bool) {
		return Problem{Offset: off, Len: l, Fatal: true, Code: code, Msg: fmt.Sprintf(format, args...)}, true
	}
	switch {
	case t == "":
		return Problem{Offset: 0, Len: len(raw), Code: PatternWhitespace,
			Msg: "element of only white space: it never matches (harmless)"}, true
	case hasQuoteEdge(t):
		return never(lead, n, PatternQuoted, "%s contains quote characters: they are part of the pattern, so it never matches; write the list without quotes", t)
	case lead > 0 || n < len(raw):
		return never(0, len(raw), PatternWhitespace, "%q has white space around it: MatchPrefixPatterns does not trim it, so this pattern never matches", raw)
	case strings.ContainsFunc(t, func(r rune) bool { return unicode.IsSpace(r) || r == ';' }):
		return never(0, len(raw), PatternSeparator, "%q: patterns are separated by commas only, so this is one pattern that never matches", raw)
	}
	if i := schemeEnd(t); i > 0 {
		return never(0, i, PatternScheme, "%q: patterns are module path prefixes, not URLs: drop %q, it makes the pattern never match", raw, t[:i])
	}
	if _, err := path.Match(glob, ""); err != nil {
		return never(0, len(raw), PatternBadGlob, "%q is a malformed glob (%v): the go command silently skips it", raw, err)
	}
	switch {
	case glob == "":
		return Problem{Offset: 0, Len: len(raw), Code: PatternLeadingSlash,
			Msg: "a lone '/' is an empty pattern: MatchPrefixPatterns skips it (harmless)"}, true
	case strings.HasPrefix(glob, "/"):
		return never(0, len(raw)-len(strings.TrimLeft(raw, "/")), PatternLeadingSlash, "%q starts with '/': module paths never do, so it never matches", raw)
	case strings.HasSuffix(glob, "/"):
		k := len(raw) - len(strings.TrimRight(raw, "/"))
		return never(len(raw)-k, k, PatternTrailingSlashes, "%q ends in %d slashes: only one trailing slash is ignored, so it never matches", raw, k)
	case strings.Contains(glob, "//"):
		i := strings.Index(glob, "//")
		return never(i, 2, PatternEmptyElement, "%q has an empty path element (\"//\"): it never matches", raw)
	case strings.HasPrefix(glob, "."):
		return never(0, 1, PatternInvalidPath, "%q starts with a dot: module paths never do; to match subdomains write \"*%s\"", raw, glob)
	}
	if i := firstElemUpper(glob); i >= 0 {
		return never(i, 1, PatternUppercase, "%q has an uppercase letter in its first element: module paths are lowercase there and matching is case-sensitive, so it never matches", raw)
	}
	if i, n := invalidPathChar(glob); i >= 0 {
		return never(i, n, PatternInvalidChar, "%q contains %q, which no module path has: it never matches", raw, glob[i:i+n])
	}
	if !strings.ContainsAny(glob, `*?[\`) {
		if err := module.CheckImportPath(glob); err != nil {
			var ipe *module.InvalidPathError
			if errors.As(err, &ipe) {
				err = ipe.Err
			}
			return never(0, len(raw), PatternInvalidPath, "no module path can match %q: %v", raw, err)
		}
	}
	return Problem{}, false
}

// schemeEnd returns the length of a leading "scheme://", or 0.
func schemeEnd(s string) int {
	i := strings.Index(s, "://")
	if i <= 0 {
		return 0
	}
	for j := 0; j < i; j++ {
		c := s[j]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || j > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return 0
		}
	}
	return i + len("://")
}

// globScan calls f for every byte of a syntactically valid glob that stands
// for itself: outside character classes, and escaped bytes. It stops when f
// returns false.
func globScan(glob string, f func(i int) bool) {
	for i := 0; i < len(glob); i++ {
		switch glob[i] {
		case '*', '?':
		case '\\':
			i++
			if i < len(glob) && !f(i) {
				return
			}
		case '[':
			for i++; i < len(glob) && glob[i] != ']'; i++ {
				if glob[i] == '\\' {
					i++
				}
			}
		default:
			if !f(i) {
				return
			}
		}
	}
}

// firstElemUpper returns the offset of the first literal uppercase ASCII
// letter in the first path element of glob, or -1.
func firstElemUpper(glob string) int {
	at := -1
	globScan(glob, func(i int) bool {
		switch c := glob[i]; {
		case c == '/':
			return false
		case 'A' <= c && c <= 'Z':
			at = i
			return false
		}
		return true
	})
	return at
}

// invalidPathChar returns the offset and byte length of the first literal
// character that cannot appear in an import path (x/mod/module importPathOK:
// ASCII only), or -1.
func invalidPathChar(glob string) (int, int) {
	at, n := -1, 0
	globScan(glob, func(i int) bool {
		c := glob[i]
		if c == '/' || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' ||
			'0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' {
			return true
		}
		at, n = i, 1
		if c >= utf8.RuneSelf {
			_, n = utf8.DecodeRuneInString(glob[i:])
		}
		return false
	})
	return at, n
}

// FixPatterns returns the corrected list: elements trimmed of white space
// and quotes, split where spaces or ';' were used as separators, URL schemes
// and leading slashes removed, runs of slashes collapsed, the first element
// lowercased; elements that still cannot match are dropped. It returns v
// unchanged when there is nothing to fix or nothing usable is left.
func FixPatterns(v string) string {
	if _, probs := ParsePatterns(v); len(probs) == 0 {
		return v
	}
	var out []string
	for _, sg := range splitSegments(v, ",") {
		for _, piece := range strings.FieldsFunc(sg.text, func(r rune) bool { return unicode.IsSpace(r) || r == ';' }) {
			q := fixPattern(piece)
			if q == "" {
				continue
			}
			if _, bad := patternProblem(q); bad {
				continue
			}
			out = append(out, q)
		}
	}
	if len(out) == 0 {
		return v
	}
	return strings.Join(out, ",")
}

// fixPattern applies the repairs until none changes anything.
func fixPattern(p string) string {
	for {
		q := trimQuotesAndSpace(p)
		if i := schemeEnd(q); i > 0 {
			q = q[i:]
		}
		q = strings.TrimLeft(q, "/")
		for strings.Contains(q, "//") {
			q = strings.ReplaceAll(q, "//", "/")
		}
		if i := firstElemUpper(q); i >= 0 {
			if _, err := path.Match(q, ""); err == nil { // globScan needs a valid glob
				b := []byte(q)
				globScan(q, func(i int) bool {
					if b[i] == '/' {
						return false
					}
					if 'A' <= b[i] && b[i] <= 'Z' {
						b[i] += 'a' - 'A'
					}
					return true
				})
				q = string(b)
			}
		}
		if q == p {
			return q
		}
		p = q
	}
}
