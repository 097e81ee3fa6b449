package modcfg

import (
	"fmt"
	"net/url"
	"runtime"
	"strings"
	"unicode"
)

// ProxyKind says what a GOPROXY entry is.
type ProxyKind int

const (
	ProxyURL    ProxyKind = iota // a proxy URL (valid or not)
	ProxyDirect                  // the keyword "direct"
	ProxyOff                     // the keyword "off"
)

func (k ProxyKind) String() string {
	switch k {
	case ProxyDirect:
		return "direct"
	case ProxyOff:
		return "off"
	}
	return "url"
}

// ProxyEntry is one non-empty element of GOPROXY.
type ProxyEntry struct {
	Raw    string // as written, untrimmed
	Offset int    // byte offset of Raw in the value
	Kind   ProxyKind
	// URL is, for ProxyURL, the URL the go command uses: the trimmed entry,
	// with "https://" prepended to a schemeless host as proxyList does.
	URL string
	// FallbackOnError is true when the separator after the entry is '|':
	// the next entry is tried after any error, not only after 404/410.
	FallbackOnError bool
	// Unreached is true for entries after "direct" or "off": proxyList
	// stops there and never looks at them.
	Unreached bool
	// Err is the error the go command reports for this entry, "" if none.
	// It is always "" for unreached entries, which the go command never parses.
	Err string
}

// Host returns the host (with port, as in url.URL.Host) of a URL entry,
// "" otherwise.
func (e ProxyEntry) Host() string {
	if e.Kind != ProxyURL {
		return ""
	}
	u, err := url.Parse(e.URL)
	if err != nil {
		return ""
	}
	return u.Host
}

// UserInfo reports whether a URL entry carries user info (credentials).
func (e ProxyEntry) UserInfo() bool {
	if e.Kind != ProxyURL {
		return false
	}
	u, err := url.Parse(e.URL)
	return err == nil && u.User != nil
}

// ParseGOPROXY parses GOPROXY as the go command on this machine does
// (modfetch/proxy.go proxyList). See ParseGOPROXYFor.
func ParseGOPROXY(v string) ([]ProxyEntry, []Problem) {
	return ParseGOPROXYFor(v, runtime.GOOS)
}

// ParseGOPROXYFor parses GOPROXY as the go command built for goos does: the
// only OS-specific rule is filepath.IsAbs in the "add https://" test.
//
// v is the value the go command ends up with (see the package comment), so
// "" is an error: the go command has no proxy list at all.
func ParseGOPROXYFor(v, goos string) ([]ProxyEntry, []Problem) {
	if v == "" {
		// cfg.go: GOPROXY = EnvOrAndChanged("GOPROXY", ""), then proxyList
		// finds no entries.
		return nil, []Problem{{Offset: 0, Len: 0, Fatal: true, Code: ProxyNoEntries,
			Msg: "GOPROXY is empty: the go command fails with \"GOPROXY list is not the empty string, but contains no entries\". " +
				"An empty environment variable counts as unset, but an empty GOPROXY= line in the go/env file overrides the default " +
				"of $GOROOT/go.env: remove the line (go env -u GOPROXY) or write a list such as https://proxy.golang.org,direct"}}
	}
	var (
		entries  []ProxyEntry
		probs    []Problem
		empties  []segment
		stopped  string // "direct" or "off" once proxyList has stopped
		firstOff = -1   // offset of the first unreached entry
		lastEnd  int
	)
	for _, sg := range splitSegments(v, ",|") {
		lead, n := trimmedSpan(sg.text)
		t := sg.text[lead : lead+n]
		if t == "" {
			empties = append(empties, sg)
			continue
		}
		e := ProxyEntry{Raw: sg.text, Offset: sg.off, FallbackOnError: sg.sep == '|'}
		e.Kind, e.URL = classifyProxy(t, goos)
		if stopped != "" {
			e.Unreached = true
			if firstOff < 0 {
				firstOff = sg.off + lead
			}
			lastEnd = sg.off + lead + n
			entries = append(entries, e)
			continue
		}
		switch e.Kind {
		case ProxyDirect, ProxyOff:
			stopped = t
		default:
			if p, ok := proxyProblem(t, e.URL); ok {
				p.Offset, p.Len = sg.off+lead, n
				probs = append(probs, p.Problem)
				if p.Fatal {
					e.Err = p.goErr
				}
			}
		}
		entries = append(entries, e)
	}
	if len(entries) == 0 {
		// proxyList: "This can happen if GOPROXY is a non-empty string like "," or " "."
		return nil, []Problem{{
			Offset: 0, Len: len(v), Fatal: true, Code: ProxyNoEntries,
			Msg: "GOPROXY list is not the empty string, but contains no entries (the go command's error); " +
				`use "off" to disable module downloads, or leave GOPROXY unset for the default`,
		}}
	}
	for _, sg := range empties {
		off, n := emptySpan(v, sg)
		probs = append(probs, Problem{Offset: off, Len: n, Code: ProxyEmptyEntry,
			Msg: "empty entry: the go command skips it (harmless, but it looks like a typo)"})
	}
	if firstOff >= 0 {
		probs = append(probs, Problem{Offset: firstOff, Len: lastEnd - firstOff, Code: ProxyUnreached,
			Msg: fmt.Sprintf("never consulted: the go command stops at %q and ignores every entry after it", stopped)})
	}
	return entries, sortProblems(probs)
}

// classifyProxy returns the kind of a trimmed, non-empty entry and, for a
// URL, the URL proxyList hands to newProxyRepo.
func classifyProxy(t, goos string) (ProxyKind, string) {
	switch t {
	case "off":
		return ProxyOff, ""
	case "direct":
		return ProxyDirect, ""
	}
	// proxyList: "Single-word tokens are reserved for built-in behaviors, and
	// anything containing the string ":/" or matching an absolute file path
	// must be a complete URL. For all other paths, implicitly add "https://"."
	if strings.ContainsAny(t, ".:/") && !strings.Contains(t, ":/") && !isAbs(goos, t) && !strings.HasPrefix(t, "/") {
		return ProxyURL, "https://" + t
	}
	return ProxyURL, t
}

// proxyCheck is newProxyRepo's validation of a base URL (modfetch/proxy.go),
// returning the go command's error text.
func proxyCheck(u string) (*url.URL, string) {
	base, err := url.Parse(u)
	if err != nil {
		return nil, err.Error()
	}
	switch base.Scheme {
	case "http", "https":
	case "file":
		if *base != (url.URL{Scheme: base.Scheme, Path: base.Path, RawPath: base.RawPath}) {
			return nil, "invalid file:// proxy URL with non-path elements: " + base.Redacted()
		}
	case "":
		return nil, "invalid proxy URL missing scheme: " + base.Redacted()
	default:
		return nil, "invalid proxy URL scheme (must be https, http, file): " + base.Redacted()
	}
	return base, ""
}

// proxyFinding is a Problem plus the go command's own error, if any.
type proxyFinding struct {
	Problem
	goErr string
}

// proxyProblem lints one reachable URL entry t (trimmed) whose effective
// URL is u. It returns at most one problem, the most telling one.
func proxyProblem(t, u string) (proxyFinding, bool) {
	base, goErr := proxyCheck(u)
	fatal := goErr != ""
	says := ""
	if fatal {
		says = " (go: " + goErr + ")"
	}
	mk := func(code Code, msg string) (proxyFinding, bool) {
		return proxyFinding{Problem{Msg: msg + says, Fatal: fatal, Code: code}, goErr}, true
	}
	switch {
	case strings.EqualFold(t, "direct") || strings.EqualFold(t, "off"):
		return mk(ProxyKeywordCase, fmt.Sprintf("%q is not a keyword: the go command only knows lowercase %q and treats this as a URL without a scheme",
			t, strings.ToLower(t)))
	case hasQuoteEdge(t):
		return mk(ProxyQuoted, fmt.Sprintf("%q contains quote characters: the go command does not remove quotes from GOPROXY, so they become part of the URL", t))
	case strings.IndexFunc(t, unicode.IsSpace) >= 0:
		if fatal {
			return mk(ProxyWhitespace, fmt.Sprintf("%q contains white space: entries are separated by ',' or '|' only", t))
		}
		return mk(ProxyWhitespace, fmt.Sprintf("%q contains white space, which the go command sends as %%20 in every request; entries are separated by ',' or '|' only", t))
	}
	if fatal {
		switch {
		case strings.HasPrefix(goErr, "invalid proxy URL missing scheme"):
			if strings.HasPrefix(t, "/") || strings.HasPrefix(t, `\`) || len(t) > 1 && t[1] == ':' {
				return mk(ProxyMissingScheme, fmt.Sprintf("%q has no scheme: a directory is written as a file URL, file:///absolute/path", t))
			}
			return mk(ProxyMissingScheme, fmt.Sprintf("%q has no scheme: write a full URL such as https://%s (a bare word without '.', ':' or '/' is not given https:// automatically)", t, t))
		case strings.HasPrefix(goErr, "invalid proxy URL scheme"):
			return mk(ProxyBadScheme, fmt.Sprintf("%q: a module proxy URL must use https, http or file", t))
		case strings.HasPrefix(goErr, "invalid file://"):
			return mk(ProxyFileNonPath, fmt.Sprintf("%q: a file proxy URL may only have a path: write file:///absolute/path (three slashes, no host, query or user)", t))
		}
		return mk(ProxyBadURL, fmt.Sprintf("%q is not a valid URL", t))
	}
	// Accepted by proxyList, but it cannot work when used.
	fatal = true
	switch {
	case (base.Scheme == "http" || base.Scheme == "https") && base.Host == "":
		goErr = "http: no Host in request URL"
		says = " (go: " + goErr + ")"
		return mk(ProxyNoHost, fmt.Sprintf("%q has no host", t))
	case base.Scheme == "http" && base.User != nil:
		// web/http.go: credentials are only ever sent over https.
		goErr = "refusing to pass credentials to insecure URL: " + base.Redacted()
		says = " (go: " + goErr + ")"
		return mk(ProxyInsecureUserInfo, "credentials in an http:// proxy URL: the go command refuses to send them without TLS; use https://")
	}
	return proxyFinding{}, false
}

// FixGOPROXY returns the corrected list: entries trimmed of white space and
// quotes, keywords in lowercase, "https://" added where the go command adds
// it anyway, empty entries, entries after "direct"/"off" and entries that
// stay invalid dropped; each kept entry keeps the separator written after it.
// It returns v unchanged when nothing needs fixing or no usable entry is left.
func FixGOPROXY(v string) string {
	out, _ := fixGOPROXY(v, runtime.GOOS)
	return out
}

// fixGOPROXY is FixGOPROXY for goos; ok reports a usable entry was found.
func fixGOPROXY(v, goos string) (string, bool) {
	type kept struct {
		text string
		sep  byte
	}
	var ks []kept
	for _, sg := range splitSegments(v, ",|") {
		t := trimQuotesAndSpace(sg.text)
		if t == "" {
			continue
		}
		if strings.EqualFold(t, "direct") || strings.EqualFold(t, "off") {
			ks = append(ks, kept{strings.ToLower(t), sg.sep})
			break
		}
		_, u := classifyProxy(t, goos)
		if p, bad := proxyProblem(t, u); bad && p.Fatal {
			continue
		}
		ks = append(ks, kept{u, sg.sep})
	}
	if len(ks) == 0 {
		return v, false
	}
	var b strings.Builder
	for i, k := range ks {
		b.WriteString(k.text)
		if i < len(ks)-1 {
			b.WriteByte(k.sep)
		}
	}
	return b.String(), true
}
