// Package modcfg parses and lints the values of the go command's
// module-download settings (GOPROXY, GOSUMDB, GOAUTH, GOPRIVATE, GONOPROXY,
// GONOSUMDB, GOINSECURE, GOFLAGS and GOTOOLCHAIN) exactly as go1.26.8
// interprets them.
//
// The package is pure: it never reads files, the network or the process
// environment. Every rule cites the cmd/go source file it comes from, so that
// a change in a later Go release can be traced.
//
// Each Parse function takes the value the go command ends up with: what
// cfg.Getenv returns. An empty environment variable counts as unset there
// (cfg.Getenv falls back to the go/env file, then $GOROOT/go.env), but an
// empty line such as "GOPROXY=" in the go/env file is a real empty value and
// hides the go.env default. So "" is judged as the go command judges it:
// fine for GOFLAGS, GOTOOLCHAIN (local), GOAUTH (netrc) and the pattern
// lists; an error for GOPROXY and GOSUMDB.
package modcfg

import (
	"sort"
	"strings"
	"unicode"
)

// Problem is one lint finding inside a value. Offset/Len are byte offsets
// into the value string.
type Problem struct {
	Offset, Len int
	// Msg says what is wrong in plain words and, where the go command has an
	// error for it, quotes that error.
	Msg string
	// Fatal is true when the go command errors out on the value, or the part
	// cannot work at all (a pattern that can never match, a proxy URL the go
	// command refuses to use). It is false for dead or odd but harmless parts
	// (an empty list element, an entry after "direct").
	Fatal bool
	// Code names the kind of problem, for callers and tests. It is stable.
	Code Code
}

// Code names a kind of Problem.
type Code string

// GOPROXY problems (modfetch/proxy.go proxyList, newProxyRepo).
const (
	ProxyNoEntries        Code = "goproxy-no-entries"        // "GOPROXY list is not the empty string, but contains no entries"
	ProxyEmptyEntry       Code = "goproxy-empty-entry"       // ",," or a leading/trailing separator: skipped
	ProxyUnreached        Code = "goproxy-unreached"         // entries after "direct" or "off"
	ProxyKeywordCase      Code = "goproxy-keyword-case"      // "DIRECT", "Off"
	ProxyQuoted           Code = "goproxy-quoted"            // quotes are not stripped
	ProxyWhitespace       Code = "goproxy-whitespace"        // whitespace inside an entry
	ProxyMissingScheme    Code = "goproxy-missing-scheme"    // "invalid proxy URL missing scheme"
	ProxyBadScheme        Code = "goproxy-bad-scheme"        // "invalid proxy URL scheme (must be https, http, file)"
	ProxyFileNonPath      Code = "goproxy-file-non-path"     // "invalid file:// proxy URL with non-path elements"
	ProxyBadURL           Code = "goproxy-bad-url"           // url.Parse error
	ProxyNoHost           Code = "goproxy-no-host"           // "http: no Host in request URL"
	ProxyInsecureUserInfo Code = "goproxy-insecure-userinfo" // "refusing to pass credentials to insecure URL"
)

// GOSUMDB problems (modfetch/sumdb.go dbDial).
const (
	SumDBMissing       Code = "gosumdb-missing"         // "missing GOSUMDB"
	SumDBTooManyFields Code = "gosumdb-too-many-fields" // "invalid GOSUMDB: too many fields"
	SumDBBadKey        Code = "gosumdb-bad-key"         // "invalid GOSUMDB: malformed verifier id" and friends
	SumDBBadName       Code = "gosumdb-bad-name"        // "invalid sumdb name (must be host[/path])"
	SumDBBadURL        Code = "gosumdb-bad-url"         // "invalid GOSUMDB URL", or a URL that cannot be fetched
	SumDBOffCase       Code = "gosumdb-off-case"        // "OFF", " off": not the keyword
)

// GOAUTH problems (auth/auth.go runGoAuth, auth/userauth.go buildCommand).
const (
	AuthEmptyCommand Code = "goauth-empty-command" // "GOAUTH encountered an empty command"
	AuthOffCombined  Code = "goauth-off-combined"  // "GOAUTH=off cannot be combined with other authentication commands"
	AuthGitDir       Code = "goauth-git-dir"       // "GOAUTH=git dir method requires an absolute path ..."
	AuthKeywordCase  Code = "goauth-keyword-case"  // "Netrc": runs a program of that name
	AuthBadQuoting   Code = "goauth-bad-quoting"   // "cannot parse GOAUTH command"
	AuthIgnoredArgs  Code = "goauth-ignored-args"  // "netrc foo": arguments are ignored
	AuthShellSyntax  Code = "goauth-shell-syntax"  // "$HOME", "~", "|": no shell runs the command
)

// Pattern-list problems (golang.org/x/mod/module.MatchPrefixPatterns).
const (
	PatternWhitespace      Code = "pattern-whitespace"       // " b.com": never matches
	PatternSeparator       Code = "pattern-separator"        // "a.com b.com", "a.com;b.com": commas separate patterns
	PatternScheme          Code = "pattern-scheme"           // "https://corp.example.com"
	PatternQuoted          Code = "pattern-quoted"           // "\"corp.example.com\""
	PatternUppercase       Code = "pattern-uppercase"        // "Corp.Example.com": module paths are lowercase there
	PatternBadGlob         Code = "pattern-bad-glob"         // "[": path.ErrBadPattern, silently skipped
	PatternLeadingSlash    Code = "pattern-leading-slash"    // "/github.com/acme"
	PatternEmptyElement    Code = "pattern-empty-element"    // "github.com//acme"
	PatternTrailingSlashes Code = "pattern-trailing-slashes" // "github.com/acme//"
	PatternInvalidChar     Code = "pattern-invalid-char"     // a character no module path has
	PatternInvalidPath     Code = "pattern-invalid-path"     // ".corp.example.com", "a.com/x.": no module path has that prefix
)

// GOFLAGS problems (base/goflags.go InitGOFLAGS, SetFromGOFLAGS).
const (
	FlagsQuote      Code = "goflags-quote"       // "unterminated ' string"
	FlagsEmptyField Code = "goflags-empty-field" // "" or '': go env panics
	FlagsNonFlag    Code = "goflags-non-flag"    // "parsing $GOFLAGS: non-flag"
	FlagsUnknown    Code = "goflags-unknown"     // "parsing $GOFLAGS: unknown flag -NAME"
	FlagsNeedsValue Code = "goflags-needs-value" // "flag needs an argument"
	FlagsBadValue   Code = "goflags-bad-value"   // "invalid value", "invalid boolean value", "-mod=x not supported"
	FlagsInsecure   Code = "goflags-insecure"    // "-insecure flag is no longer supported; use GOINSECURE instead"
	FlagsChdir      Code = "goflags-chdir"       // "-C flag must be first flag on command line"
	FlagsGoEnvMode  Code = "goflags-go-env-mode" // -w or -u: every go env becomes a write or unset
)

// GOTOOLCHAIN problems (toolchain/select.go Select, Exec).
const (
	ToolchainInvalid      Code = "gotoolchain-invalid"       // `invalid GOTOOLCHAIN "bogus"`
	ToolchainBadMinimum   Code = "gotoolchain-bad-minimum"   // `invalid minimum toolchain "foo"`
	ToolchainBadSuffix    Code = "gotoolchain-bad-suffix"    // "only version suffixes are +auto and +path"
	ToolchainLangVersion  Code = "gotoolchain-lang-version"  // "go1.22 is a language version but not a toolchain version"
	ToolchainBadName      Code = "gotoolchain-bad-name"      // "go1.22.0 ": passes the parser, cannot be downloaded
	ToolchainNotPublished Code = "gotoolchain-not-published" // go1.20 and older exist only as PATH binaries
)

// sortProblems orders problems by position, keeping the order of equal ones.
func sortProblems(ps []Problem) []Problem {
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Offset < ps[j].Offset })
	return ps
}

// HasFatal reports whether any problem is fatal.
func HasFatal(ps []Problem) bool {
	for _, p := range ps {
		if p.Fatal {
			return true
		}
	}
	return false
}

// segment is one piece of a separated list, with its position in the value.
type segment struct {
	text string // as written, untrimmed
	off  int    // byte offset of text in the value
	sep  byte   // the separator after it, 0 at the end of the value
}

// splitSegments splits v at any byte in seps, keeping empty pieces.
// A value ending in a separator yields a final empty segment.
func splitSegments(v, seps string) []segment {
	var out []segment
	start := 0
	for i := 0; i < len(v); i++ {
		if strings.IndexByte(seps, v[i]) >= 0 {
			out = append(out, segment{v[start:i], start, v[i]})
			start = i + 1
		}
	}
	return append(out, segment{v[start:], start, 0})
}

// trimmedSpan returns the offset and length of s trimmed of white space
// (strings.TrimSpace), relative to the start of s.
func trimmedSpan(s string) (int, int) {
	t := strings.TrimLeftFunc(s, unicode.IsSpace)
	lead := len(s) - len(t)
	t = strings.TrimRightFunc(t, unicode.IsSpace)
	return lead, len(t)
}

// emptySpan picks the bytes to underline for an empty list element: its
// white space if it has some, else the separator that creates it.
func emptySpan(v string, sg segment) (int, int) {
	if sg.text != "" {
		return sg.off, len(sg.text)
	}
	if sg.sep != 0 {
		return sg.off, 1 // the separator right after it
	}
	if sg.off > 0 {
		return sg.off - 1, 1 // trailing: the separator before it
	}
	return 0, len(v)
}

// hasQuoteEdge reports whether s starts or ends with a quote character.
func hasQuoteEdge(s string) bool {
	return s != "" && (isQuote(s[0]) || isQuote(s[len(s)-1]))
}

func isQuote(c byte) bool { return c == '"' || c == '\'' }

// trimQuotesAndSpace strips white space and quote characters from both ends
// until neither is left.
func trimQuotesAndSpace(s string) string {
	for {
		t := strings.Trim(strings.TrimSpace(s), `"'`)
		if t == s {
			return s
		}
		s = t
	}
}
