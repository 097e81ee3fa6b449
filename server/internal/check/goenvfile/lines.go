package goenvfile

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/go-env-doctor/go-env-doctor/server/internal/goenv"
	"github.com/go-env-doctor/go-env-doctor/server/internal/model"
	"github.com/go-env-doctor/go-env-doctor/server/internal/redact"
)

// This file reads a go/env file twice: as cmd/go's readEnvFile does (goenv.Parse: split on
// '\n', a line counts when it has '=' and starts with 'A'..'Z', the value verbatim) and as the
// person who wrote it most likely meant it (whitespace, `export`, quotes, case and a BOM
// forgiven). Where the two readings differ, goenv-file-syntax reports the line.

const bom = "\xef\xbb\xbf"

// lineKind classifies a physical line of a go/env file.
type lineKind int

const (
	blankLine   lineKind = iota // empty or whitespace only
	commentLine                 // first non-blank byte is '#'
	assignLine                  // an assignment whose intended key and value are clear
	junkLine                    // anything else: no '=', or a key that is no variable name
)

// problem is one way the go command's reading of a line differs from the intended one.
type problem int

const (
	probBOM        problem = iota // a UTF-8 byte-order mark before the key
	probIndent                    // whitespace before the key
	probExport                    // "export " before the key
	probCase                      // lowercase letters in the key of a go variable
	probKeySpace                  // whitespace between the key and '='
	probValueSpace                // whitespace around the value
	probComment                   // a trailing " # comment"
	probQuoted                    // the whole value in quotes, kept literally
	probEmptyWord                 // GOFLAGS (and friends) with an empty quoted word: "" or ''
)

// hides reports whether p makes the go command miss the key entirely (rather than misread the value).
func (p problem) hides() bool { return p <= probKeySpace }

// envLine is one physical line of a go/env file, read both ways.
type envLine struct {
	N    int    // 1-based line number
	Raw  string // the bytes cmd/go sees for this line (without '\n'; a leading file BOM included)
	Text string // Raw without a leading BOM and a trailing '\r'
	BOM  bool   // the line starts with a byte-order mark
	CR   bool   // the line ends in '\r' (CRLF)
	Kind lineKind

	// The intended assignment (Kind == assignLine).
	Key, Value string
	Problems   []problem
	Col        int // 1-based byte column of the first problem

	// What the go command reads (Read false: it skips the line).
	Read         bool
	GoKey, GoVal string
}

// Normal is the line as it should be written.
func (l *envLine) Normal() string { return l.Key + "=" + l.Value }

// Has reports whether the line has problem p.
func (l *envLine) Has(p problem) bool {
	for _, q := range l.Problems {
		if q == p {
			return true
		}
	}
	return false
}

// Hidden reports whether the go command misses the intended key on this line.
func (l *envLine) Hidden() bool {
	for _, p := range l.Problems {
		if p.hides() {
			return true
		}
	}
	return !l.Read || l.GoKey != l.Key
}

// envFile is a go/env file read both ways.
type envFile struct {
	Path  string
	Lines []*envLine
	// last maps an intended key to the index of its last intended assignment.
	last map[string]int
	gf   *goenv.File
}

// readEnvFile splits data into lines and classifies each.
func readEnvFile(path string, data []byte, gf *goenv.File) *envFile {
	f := &envFile{Path: path, last: map[string]int{}, gf: gf}
	read := map[int]goenv.Line{}
	for _, l := range gf.Lines {
		read[l.Line] = l
	}
	n := 0
	for len(data) > 0 {
		n++
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		l := classify(n, string(line))
		if g, ok := read[n]; ok {
			l.Read, l.GoKey, l.GoVal = true, g.Key, g.Value
		}
		if l.Kind == assignLine {
			f.last[l.Key] = len(f.Lines)
		}
		f.Lines = append(f.Lines, l)
	}
	return f
}

// classify reads one line the forgiving way.
func classify(n int, raw string) *envLine {
	l := &envLine{N: n, Raw: raw}
	t := raw
	if strings.HasPrefix(t, bom) {
		l.BOM, t = true, t[len(bom):]
	}
	if strings.HasSuffix(t, "\r") {
		l.CR, t = true, strings.TrimRight(t, "\r")
	}
	l.Text = t
	off := len(raw) - len(t) - (len(raw) - len(strings.TrimRight(raw, "\r"))) // bytes before Text (the BOM)
	col := func(i int) int { return off + i + 1 }
	add := func(p problem, at int) {
		if len(l.Problems) == 0 {
			l.Col = col(at)
		}
		l.Problems = append(l.Problems, p)
	}
	trim := strings.TrimLeft(t, " \t")
	switch {
	case strings.Trim(trim, " \t\r") == "":
		l.Kind = blankLine
		return l
	case trim[0] == '#':
		l.Kind = commentLine
		return l
	}
	if l.BOM {
		add(probBOM, -off)
	}
	i := len(t) - len(trim)
	if i > 0 {
		add(probIndent, 0)
	}
	if rest, ok := cutWord(trim, "export"); ok {
		add(probExport, i)
		i += len(trim) - len(rest)
		trim = rest
	}
	eq := strings.IndexByte(trim, '=')
	if eq < 0 {
		l.Kind = junkLine
		return l
	}
	key := strings.TrimRight(trim[:eq], " \t")
	if !isName(key) {
		l.Kind = junkLine
		return l
	}
	if up := strings.ToUpper(key); up != key {
		switch {
		case knownVar(up):
			add(probCase, i)
			key = up
		case key[0] < 'A' || 'Z' < key[0]:
			// A lowercase name that is no go variable: the go command skips it, and what it
			// was meant to be is not clear.
			l.Kind = junkLine
			return l
		}
	}
	if key[0] < 'A' || 'Z' < key[0] {
		l.Kind = junkLine // "_X=": not a name the go command ever reads from the file
		return l
	}
	if len(key) < eq {
		add(probKeySpace, i+len(key))
	}
	vstart := i + eq + 1
	val := t[vstart:]
	if v := strings.Trim(val, " \t"); v != val {
		at := vstart
		if strings.HasPrefix(val, v) { // only trailing whitespace
			at += len(v)
		}
		add(probValueSpace, at)
		vstart += strings.Index(val, v)
		val = v
	}
	if j := inlineComment(val); j >= 0 {
		add(probComment, vstart+j)
		val = strings.TrimRight(val[:j], " \t")
	}
	if quoteAware(key) {
		if v, ok := dropEmptyWords(val); ok {
			add(probEmptyWord, vstart)
			val = v
		}
	} else if len(val) >= 2 && (val[0] == '"' || val[0] == '\'') && val[len(val)-1] == val[0] {
		add(probQuoted, vstart)
		val = strings.Trim(val[1:len(val)-1], " \t")
	}
	l.Kind, l.Key, l.Value = assignLine, key, val
	return l
}

// cutWord cuts word and the blanks after it from the start of s.
func cutWord(s, word string) (string, bool) {
	if len(s) > len(word) && strings.HasPrefix(s, word) && (s[len(word)] == ' ' || s[len(word)] == '\t') {
		return strings.TrimLeft(s[len(word):], " \t"), true
	}
	return s, false
}

// isName reports whether s is an environment variable name: a letter or '_', then letters,
// digits and '_'.
func isName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '_', 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z':
		case '0' <= c && c <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

// inlineComment returns where a " #" comment starts outside quotes, or -1. The go command has
// no inline comments: the '#' and what follows are part of the value.
func inlineComment(v string) int {
	var q byte
	for i := 1; i < len(v); i++ {
		switch c := v[i-1]; {
		case q != 0 && c == q:
			q = 0
		case q == 0 && (c == '"' || c == '\''):
			q = c
		}
		if q == 0 && v[i] == '#' && (v[i-1] == ' ' || v[i-1] == '\t') {
			return i - 1
		}
	}
	return -1
}

// knownEnv is cmd/go's internal/cfg.KnownEnv (go1.26): the variables `go env -w` accepts
// without the key already being in a go/env file.
var knownEnv = strings.Fields(`AR CC CGO_CFLAGS CGO_CFLAGS_ALLOW CGO_CFLAGS_DISALLOW CGO_CPPFLAGS
	CGO_CPPFLAGS_ALLOW CGO_CPPFLAGS_DISALLOW CGO_CXXFLAGS CGO_CXXFLAGS_ALLOW CGO_CXXFLAGS_DISALLOW
	CGO_ENABLED CGO_FFLAGS CGO_FFLAGS_ALLOW CGO_FFLAGS_DISALLOW CGO_LDFLAGS CGO_LDFLAGS_ALLOW
	CGO_LDFLAGS_DISALLOW CXX FC GCCGO GO111MODULE GO386 GOAMD64 GOARCH GOARM GOARM64 GOAUTH GOBIN
	GOCACHE GOCACHEPROG GOENV GOEXE GOEXPERIMENT GOFIPS140 GOFLAGS GOGCCFLAGS GOHOSTARCH GOHOSTOS
	GOINSECURE GOMIPS GOMIPS64 GOMODCACHE GONOPROXY GONOSUMDB GOOS GOPATH GOPPC64 GOPRIVATE GOPROXY
	GORISCV64 GOROOT GOSUMDB GOTMPDIR GOTOOLCHAIN GOTOOLDIR GOVCS GOWASM GOWORK GO_EXTLINK_ENABLED
	PKG_CONFIG`)

// knownVar reports whether the go command reads key (so a misspelt line of it matters).
func knownVar(key string) bool {
	for _, k := range knownEnv {
		if k == key {
			return true
		}
	}
	return key == "GODEBUG" || key == "GOTELEMETRY" || key == "GOTELEMETRYDIR" || goenv.IsGoVar(key)
}

// writable reports whether `go env -w key=…` is accepted (envcmd checkEnvWrite). GOROOT is left
// out on purpose: goenv-goroot advises against writing it.
func writable(key string) bool {
	switch key {
	case "GOEXE", "GOGCCFLAGS", "GOHOSTARCH", "GOHOSTOS", "GOMOD", "GOWORK", "GOTOOLDIR", "GOVERSION",
		"GOTELEMETRY", "GOTELEMETRYDIR", "GOENV", "GODEBUG", "GOROOT":
		return false
	}
	for _, k := range knownEnv {
		if k == key {
			return true
		}
	}
	return false
}

// writableValue reports whether `go env -w` accepts value for key (checkEnvWrite's value rules).
func writableValue(key, value string) bool {
	if value == "" || strings.ContainsAny(value, "\x00\v\r\n") {
		return false
	}
	switch key {
	case "GO111MODULE":
		return value == "auto" || value == "on" || value == "off"
	case "GOPATH", "GOMODCACHE", "GOTMPDIR":
		return strings.HasPrefix(value, "/") || (len(value) > 2 && value[1] == ':')
	}
	return true
}

// quoteAware are the variables the go command splits with cmd/internal/quoted.Split, which
// understands '…' and "…" and skips blanks (including '\r'): quotes there are meant.
func quoteAware(key string) bool {
	switch key {
	case "GOFLAGS", "CC", "CXX", "FC", "AR", "PKG_CONFIG", "GOCACHEPROG",
		"CGO_CFLAGS", "CGO_CPPFLAGS", "CGO_CXXFLAGS", "CGO_FFLAGS", "CGO_LDFLAGS":
		return true
	}
	return false
}

// blankHarmless reports whether surrounding blanks and a trailing '\r' in value do not change
// what the go command does with key: GOPROXY entries are TrimSpace'd (modfetch proxyList) and
// quoted.Split skips blanks. A value of blanks only is still a non-empty, broken value.
func blankHarmless(key, value string) bool {
	if strings.TrimSpace(value) == "" {
		return false
	}
	return key == "GOPROXY" || quoteAware(key)
}

// dropEmptyWords removes empty quoted words (a pair of double or single quotes) from a
// quoted.Split list. ok is false when there are none (or the quoting is broken, which
// goflags-invalid reports).
func dropEmptyWords(v string) (string, bool) {
	var kept []string
	found := false
	for s := v; ; {
		s = strings.TrimLeft(s, " \t\r\n")
		if s == "" {
			break
		}
		if s[0] == '"' || s[0] == '\'' {
			end := strings.IndexByte(s[1:], s[0])
			if end < 0 {
				return v, false
			}
			if end == 0 {
				found = true
			} else {
				kept = append(kept, s[:end+2])
			}
			s = s[end+2:]
			continue
		}
		end := strings.IndexAny(s, " \t\r\n")
		if end < 0 {
			end = len(s)
		}
		kept = append(kept, s[:end])
		s = s[end:]
	}
	if !found {
		return v, false
	}
	return strings.Join(kept, " "), true
}

// panicsGoEnv reports whether the go/env file's GOFLAGS makes `go env` (and so `go env -w/-u`)
// panic in go1.26: an empty quoted word reaches base.SetFromGOFLAGS, which slices name[1:].
func panicsGoEnv(f *goenv.File) bool {
	l, ok := f.Lookup("GOFLAGS")
	if !ok {
		return false
	}
	_, bad := dropEmptyWords(l.Value)
	return bad
}

// goEnvRunEnv is the environment a go env -w/-u fix must run with for file f: a blank GOFLAGS
// from the OS environment wins over the file's panicking one and means no flags.
func goEnvRunEnv(f *goenv.File) map[string]string {
	if panicsGoEnv(f) {
		return map[string]string{"GOFLAGS": " "}
	}
	return nil
}

// show quotes a value for a message the way Go would print it (so '\r', quotes and a BOM are
// visible), with credentials redacted.
func show(key, v string) string {
	return strconv.Quote(redact.Value(key, v))
}

// showAssign shows KEY=VALUE for a message or title, redacted; a value with control bytes,
// quotes or blanks at its ends is Go-quoted so they show.
func showAssign(key, v string) string {
	r := redact.Value(key, v)
	if strings.TrimSpace(r) != r || strings.ContainsAny(r, `"'`) || strings.IndexFunc(r, func(c rune) bool { return c < 0x20 || c == 0x7f || c == 0xfeff }) >= 0 {
		r = strconv.Quote(r)
	}
	return key + "=" + r
}

// lineToKey is `go env -w`'s idea of a line's key (envcmd lineToKey): everything before the
// first '=' unless it holds a '#'. Lines whose key is not the intended one survive go env -w.
func lineToKey(line string) string {
	i := strings.Index(line, "=")
	if i < 0 || strings.Contains(line[:i], "#") {
		return ""
	}
	return line[:i]
}

// contextIDs lists context ids once each: one user go/env file serves the same contexts of
// every folder of a multi-root workspace.
func contextIDs(cs []*model.Context) []string {
	out := []string{}
	seen := map[string]bool{}
	for _, c := range cs {
		if !seen[c.ID] {
			seen[c.ID] = true
			out = append(out, c.ID)
		}
	}
	return out
}
