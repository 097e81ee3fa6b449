// Package envfile is a faithful Go port of the env-file parser of the VS Code
// Go extension (golang/vscode-go, extension/src/utils/envUtils.ts: parseEnvFile,
// substituteEnvVars, parseEnvFiles), which reads launch.json "envFile" and the
// "go.testEnvFile" setting. It reproduces the accepted syntax and all quirks,
// and additionally records positions and reports lines that vscode-go silently
// ignores or misreads.
//
// Port reference: golang/vscode-go commit 92073bd6f67f346233bddd1ab1ea2cd18898624d
// (async parseEnvFile); the parsing logic is identical to the earlier synchronous
// version at 5bfe02883fac742dfd7fd648c7f38ec51081c465.
//
// The JavaScript semantics that matter (regexes have no flags, so \w is ASCII,
// \s is the ECMAScript white-space + line-terminator set, '.' excludes
// \n \r U+2028 U+2029, '$' is end of input) are reproduced with explicit
// character classes below.
package envfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"strings"
	"syscall"
	"unicode/utf8"
)

// Entry is one KEY=VALUE assignment as vscode-go reads it.
type Entry struct {
	Key    string
	Value  string // after quote handling and ${VAR} expansion, exactly as vscode-go would produce it
	Raw    string // the value text as written (before unquoting/expansion); original file bytes
	Line   int    // 1-based line of the assignment
	Column int    // 1-based column of the value's first byte in the line (bytes; a leading BOM is not counted)
}

// Problem is a line vscode-go silently ignores or misreads; we report these later as diagnostics.
type Problem struct {
	Line int
	Text string // the offending line, truncated to 200 bytes
	Why  string // short plain-English reason, e.g. "not KEY=VALUE: vscode-go ignores this line"
}

// jsSpace is the ECMAScript \s class: WhiteSpace (TAB VT FF SP NBSP ZWNBSP and
// category Zs) plus LineTerminator (LF CR LS PS).
const jsSpace = `\t\n\x{000b}\f\r \x{00a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}`

// jsDot is the ECMAScript '.' without the s flag.
const jsDot = `[^\n\r\x{2028}\x{2029}]`

var (
	// SUBST_REGEX = /\${([a-zA-Z]\w*)?([^}\w].*)?}/g
	// (Go's Perl syntax lets negated classes match \n, as JavaScript does.)
	substRE = regexp.MustCompile(`\$\{([a-zA-Z][0-9A-Za-z_]*)?([^}0-9A-Za-z_]` + jsDot + `*)?\}`)

	// Used only for diagnostics: $NAME without braces is left alone by vscode-go.
	bareDollarRE = regexp.MustCompile(`\$[A-Za-z_]`)
)

// jsBuiltins are the properties every plain JavaScript object inherits from
// Object.prototype whose names can match [a-zA-Z]\w*. substituteEnvVars looks
// names up with localVars[name] || globalVars[name], and both are plain
// objects ({} / Object.assign({}, process.env)), so ${toString} expands to the
// V8 source text of the inherited function (verified with Node: String(Object)).
var jsBuiltins = map[string]string{
	"constructor":          "function Object() { [native code] }",
	"hasOwnProperty":       "function hasOwnProperty() { [native code] }",
	"isPrototypeOf":        "function isPrototypeOf() { [native code] }",
	"propertyIsEnumerable": "function propertyIsEnumerable() { [native code] }",
	"toLocaleString":       "function toLocaleString() { [native code] }",
	"toString":             "function toString() { [native code] }",
	"valueOf":              "function valueOf() { [native code] }",
}

const maxProblemText = 200

// maxExpansion bounds the total number of bytes that ${VAR} substitution may
// produce for one file. Self-referencing chains (A=${A}${A} on every line)
// grow exponentially; vscode-go would run out of memory or hit V8's string
// length limit. Real env files are nowhere near this.
const maxExpansion = 16 << 20

// Parse parses env file content. lookup resolves ${VAR} references that are not defined earlier in
// the file (vscode-go passes the tool execution environment); it may be nil.
// Later duplicates win in the resulting map semantics but all entries are returned in order.
func Parse(data []byte, lookup func(string) (string, bool)) (entries []Entry, problems []Problem) {
	p := &parser{lookup: lookup, local: map[string]string{}}

	// stripBOM(fs.readFile(path, 'utf8')): Node decodes with replacement
	// characters and keeps the BOM; stripBOM removes exactly one leading U+FEFF.
	// A WHATWG decoding starts with U+FEFF iff the bytes start with EF BB BF.
	text := strings.TrimPrefix(string(data), "\uFEFF")

	// buffer.split('\n'): only LF separates lines; a CR stays in the line and
	// is then consumed as trailing \s by the regex (so CRLF works). Splitting
	// the raw bytes on 0x0A is equivalent to splitting the decoded text, since
	// the WHATWG decoder never folds 0x0A into a replacement character.
	for i, raw := range strings.Split(text, "\n") {
		p.parseLine(i+1, raw)
	}
	return p.entries, p.problems
}

// Env folds entries into a map, last assignment wins (as vscode-go's object assignment does).
func Env(entries []Entry) map[string]string {
	m := make(map[string]string, len(entries))
	for _, e := range entries {
		m[e.Key] = e.Value
	}
	return m
}

// ReadFile reads and parses one env file the way parseEnvFile does. An empty
// path yields no entries and no error (`if (!envFilePath) return env;`). Read
// errors are reported with vscode-go's message,
// "Cannot load environment variables from file <path>: <Node error>", where the
// Node error text is reconstructed for the common errno values.
// Note that parseEnvFiles parses every file with the same global environment
// (files cannot see each other's variables) and merges with Object.assign, so
// later files win.
func ReadFile(path string, lookup func(string) (string, bool)) ([]Entry, []Problem, error) {
	if path == "" {
		return nil, nil, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("Cannot load environment variables from file %s: %s", path, nodeError(path, err))
	}
	e, p := Parse(data, lookup)
	return e, p, nil
}

// nodeError renders err the way `${e}` renders Node's fs error.
func nodeError(path string, err error) string {
	switch {
	case errors.Is(err, syscall.EISDIR):
		return "Error: EISDIR: illegal operation on a directory, read"
	case errors.Is(err, syscall.ENOTDIR):
		return fmt.Sprintf("Error: ENOTDIR: not a directory, open '%s'", path)
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Sprintf("Error: ENOENT: no such file or directory, open '%s'", path)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Sprintf("Error: EACCES: permission denied, open '%s'", path)
	}
	return "Error: " + err.Error()
}

type parser struct {
	lookup   func(string) (string, bool)
	local    map[string]string // the `env` object built so far (own properties)
	entries  []Entry
	problems []Problem
	expanded int // bytes produced by ${VAR} substitution so far

	seenLine int             // line of the problems in seen
	seen     map[string]bool // reasons already reported for seenLine
}

// problem records a reason for a line, once per (line, reason).
func (p *parser) problem(line int, text, why string) {
	if p.seenLine != line || p.seen == nil {
		p.seenLine, p.seen = line, map[string]bool{}
	}
	if p.seen[why] {
		return
	}
	p.seen[why] = true
	p.problems = append(p.problems, Problem{Line: line, Text: truncate(text), Why: why})
}

func (p *parser) parseLine(lineNo int, raw string) {
	line, valid := decodeJS(raw)
	display := strings.TrimSuffix(line, "\r")

	m, ok := matchLine(line)
	if !ok {
		p.unmatched(lineNo, line, display)
		return
	}
	key := line[m.keyStart:m.keyEnd]

	// let value = r[3] || '';
	value := line[m.valStart:m.valEnd]
	start := m.valStart
	if value == "" {
		start = m.eq + 1 // where the value would be
	}
	rawStart, rawEnd := start, start+len(value)
	if !valid {
		rawStart, rawEnd = rawOffset(raw, rawStart), rawOffset(raw, rawEnd)
	}
	rawValue := raw[rawStart:rawEnd]
	if !valid {
		// Key and separators are ASCII, so the bad bytes are in the value.
		p.problem(lineNo, display, "invalid UTF-8: vscode-go reads these bytes as U+FFFD replacement characters")
	}

	p.quoteProblems(lineNo, display, value)

	// if (value.length > 0 && value.charAt(0) === '"' && value.charAt(value.length - 1) === '"')
	//     value = value.replace(/\\n/gm, '\n');
	if len(value) > 0 && value[0] == '"' && value[len(value)-1] == '"' {
		value = strings.ReplaceAll(value, `\n`, "\n")
	}
	// const v = value.replace(/(^['"]|['"]$)/g, '');  — one leading and one
	// trailing quote of either kind, independently (matches cannot overlap).
	v := value
	if len(v) > 0 && (v[0] == '"' || v[0] == '\'') {
		v = v[1:]
	}
	if len(v) > 0 && (v[len(v)-1] == '"' || v[len(v)-1] == '\'') {
		v = v[:len(v)-1]
	}

	// env[r[2]] = substituteEnvVars(v, env, globalVars!);
	singleQuoted := len(value) > 0 && value[0] == '\''
	final := p.substitute(lineNo, display, v, singleQuoted)

	if strings.IndexByte(final, 0) >= 0 {
		p.problem(lineNo, display, "value contains a NUL byte, which a process environment cannot hold: launching will fail")
	}
	if key == "__proto__" {
		// Assigning a string to obj.__proto__ is a silent no-op in JavaScript,
		// so vscode-go never sets this variable.
		p.problem(lineNo, display, "key __proto__ is silently dropped by vscode-go (JavaScript object quirk)")
		return
	}
	p.local[key] = final
	p.entries = append(p.entries, Entry{
		Key:    key,
		Value:  final,
		Raw:    rawValue,
		Line:   lineNo,
		Column: rawStart + 1,
	})
}

// lineMatch holds the byte offsets that
// /^\s*(export\s+)?([\w\.\-]+)\s*=\s*(.*)?\s*$/ yields for a line.
type lineMatch struct {
	keyStart, keyEnd int // r[2]
	eq               int // the '='
	valStart, valEnd int // r[3] (empty when r[3] is undefined)
}

// matchLine is an exact, linear-time equivalent of parseEnvFile's
// line.match(/^\s*(export\s+)?([\w\.\-]+)\s*=\s*(.*)?\s*$/) under JavaScript
// backtracking semantics (the test suite cross-checks it against the same
// regex compiled with JS character classes). Reasoning, per sub-pattern:
//   - ^\s* and \s+ are followed by a key char or '=', neither of which is
//     white space, so only their maximal extent can succeed;
//   - [\w.-]+ is followed by \s* and '=', neither of which is a key char, so
//     only the maximal key can succeed;
//   - (export\s+)? is tried first; if the rest fails, the engine retries
//     without it, reading "export" itself as the key;
//   - after '=', \s* takes the maximal run, (.*) runs to the first line
//     terminator (CR, LS, PS; LF cannot occur), and the match succeeds iff
//     everything from there on is white space. Any other split would need
//     '.' to cross that terminator, so the capture is exactly that run,
//     trailing blanks included.
func matchLine(line string) (lineMatch, bool) {
	i := skipJSSpace(line, 0)
	if strings.HasPrefix(line[i:], "export") {
		if r, size := utf8.DecodeRuneInString(line[i+6:]); size > 0 && isJSSpace(r) {
			if m, ok := matchAssignment(line, skipJSSpace(line, i+6)); ok {
				return m, true
			}
		}
	}
	return matchAssignment(line, i)
}

// matchAssignment matches ([\w\.\-]+)\s*=\s*(.*)?\s*$ at line[k:].
func matchAssignment(line string, k int) (lineMatch, bool) {
	var m lineMatch
	m.keyStart = k
	for k < len(line) && isKeyByte(line[k]) {
		k++
	}
	m.keyEnd = k
	if m.keyEnd == m.keyStart {
		return m, false
	}
	k = skipJSSpace(line, k)
	if k >= len(line) || line[k] != '=' {
		return m, false
	}
	m.eq = k
	k = skipJSSpace(line, k+1)
	m.valStart = k
	for k < len(line) {
		r, size := utf8.DecodeRuneInString(line[k:])
		if r == '\n' || r == '\r' || r == 0x2028 || r == 0x2029 {
			break
		}
		k += size
	}
	m.valEnd = k
	if skipJSSpace(line, k) != len(line) {
		return m, false
	}
	return m, true
}

func isKeyByte(c byte) bool {
	return c == '_' || c == '.' || c == '-' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

func skipJSSpace(s string, i int) int {
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isJSSpace(r) {
			break
		}
		i += size
	}
	return i
}

// unmatched classifies a line the regex rejects; blank lines and # comments
// are ignored silently by vscode-go too, and are intended, so not reported.
func (p *parser) unmatched(lineNo int, line, display string) {
	trimmed := strings.TrimLeftFunc(line, isJSSpace)
	if trimmed == "" || strings.HasPrefix(trimmed, "#") {
		return
	}
	why := "not KEY=VALUE: vscode-go ignores this line"
	eq := strings.IndexByte(line, '=')
	switch {
	case eq < 0:
		why = "no '=': vscode-go ignores this line"
	case strings.ContainsAny(strings.TrimRightFunc(line, isJSSpace), "\r\u2028\u2029"):
		why = "carriage return or Unicode line separator inside the line: vscode-go ignores this line"
	default:
		k := strings.TrimSpace(line[:eq])
		k = strings.TrimPrefix(k, "export ")
		k = strings.TrimSpace(k)
		if k == "" {
			why = "missing key before '=': vscode-go ignores this line"
		} else {
			why = "key may only contain letters, digits, '_', '.' and '-': vscode-go ignores this line"
		}
	}
	p.problem(lineNo, display, why)
}

func (p *parser) quoteProblems(lineNo int, display, value string) {
	if value == "" {
		return
	}
	first, last := value[0], value[len(value)-1]
	isQ := func(c byte) bool { return c == '"' || c == '\'' }
	switch {
	case isQ(first) && len(value) == 1:
		p.problem(lineNo, display, "lone quote: vscode-go reads an empty value")
	case isQ(first) && isQ(last) && first != last:
		p.problem(lineNo, display, "mismatched quotes: vscode-go strips them anyway")
	case isQ(first) && !isQ(last):
		tr := strings.TrimRightFunc(value, isJSSpace)
		if len(tr) > 1 && tr[len(tr)-1] == first {
			p.problem(lineNo, display, "whitespace after the closing quote: vscode-go keeps the closing quote and the whitespace in the value")
		} else {
			p.problem(lineNo, display, "unterminated quote (multi-line values are not supported): vscode-go strips only the opening quote")
		}
	case !isQ(first) && isQ(last):
		p.problem(lineNo, display, "unquoted value ends with a quote: vscode-go strips that trailing quote")
	case !isQ(first):
		if r, _ := utf8.DecodeLastRuneInString(value); isJSSpace(r) {
			p.problem(lineNo, display, "trailing whitespace is kept in the value by vscode-go")
		}
		if strings.Contains(value, " #") || strings.Contains(value, "\t#") {
			p.problem(lineNo, display, "no inline comments in vscode-go: ' #...' is part of the value")
		}
	}
}

// substitute ports substituteEnvVars. Verified in the TS source:
//   - a match preceded by a backslash is left as is (and does not count as invalid);
//   - ${} or ${NAME<junk>} (anything but a plain [a-zA-Z]\w* name) marks the whole
//     value invalid, in which case NO substitution at all is applied to it;
//   - a name resolves to localVars[name] || globalVars[name] || "", where the
//     local vars are the keys assigned earlier in the same file (empty string
//     is falsy, so an empty local falls through to the global environment);
//   - finally every `\$` becomes `$`, also inside substituted text.
func (p *parser) substitute(lineNo int, display, value string, singleQuoted bool) string {
	for _, m := range bareDollarRE.FindAllStringIndex(value, -1) {
		if m[0] == 0 || value[m[0]-1] != '\\' {
			p.problem(lineNo, display, "$NAME without braces is not expanded by vscode-go (only ${NAME} is)")
			break
		}
	}
	invalid := false
	type ref struct {
		name, how  string
		start, end int    // the ${...} text in value
		val        string // its replacement
	}
	var refs []ref
	added := 0 // bytes the replacements add
	for _, m := range substRE.FindAllStringSubmatchIndex(value, -1) {
		if m[0] > 0 && value[m[0]-1] == '\\' {
			continue // returned unchanged
		}
		if m[4] >= 0 || m[2] < 0 {
			invalid = true
			continue
		}
		name := value[m[2]:m[3]]
		v, how := p.resolve(name)
		refs = append(refs, ref{name, how, m[0], m[1], v})
		added = min(added+len(v), maxExpansion+1) // no overflow on 32-bit
	}
	tooBig := !invalid && p.expanded+added > maxExpansion
	if !invalid && !tooBig && len(refs) > 0 {
		p.expanded += added
		var b strings.Builder
		b.Grow(len(value) + added)
		last := 0
		for _, r := range refs {
			b.WriteString(value[last:r.start])
			b.WriteString(r.val)
			last = r.end
		}
		b.WriteString(value[last:])
		value = b.String()
	}
	if tooBig {
		// Deviation (resource bound): vscode-go would keep concatenating
		// (and throw RangeError: Invalid string length past V8's limit).
		p.problem(lineNo, display, fmt.Sprintf("${...} expansion exceeds %d MiB in this file: go-env-doctor leaves this value unexpanded", maxExpansion>>20))
	} else if invalid {
		p.problem(lineNo, display, "malformed ${...} reference: vscode-go expands no variable in this value")
	} else {
		for _, r := range refs {
			switch r.how {
			case "undefined":
				p.problem(lineNo, display, "${"+r.name+"} is not defined: vscode-go substitutes an empty string")
			case "builtin":
				p.problem(lineNo, display, "${"+r.name+"} expands to JavaScript function text in vscode-go (Object.prototype."+r.name+")")
			case "emptylocal":
				p.problem(lineNo, display, "${"+r.name+"} is empty earlier in this file: vscode-go uses the environment's value instead")
			}
		}
		if singleQuoted && len(refs) > 0 {
			p.problem(lineNo, display, "single quotes do not prevent ${...} expansion in vscode-go")
		}
	}
	// return value.replace(/\\\$/g, '$');
	return strings.ReplaceAll(value, `\$`, `$`)
}

// resolve mirrors `localVars[name] || globalVars[name] || ""` on plain objects.
func (p *parser) resolve(name string) (value, how string) {
	lv, own := p.local[name]
	if own {
		if lv != "" {
			return lv, ""
		}
	} else if b, ok := jsBuiltins[name]; ok {
		return b, "builtin"
	}
	if p.lookup != nil {
		if gv, ok := p.lookup(name); ok {
			if gv == "" {
				return "", ""
			}
			if own {
				return gv, "emptylocal"
			}
			return gv, ""
		}
	}
	if b, ok := jsBuiltins[name]; ok {
		return b, "builtin"
	}
	if own {
		return "", ""
	}
	return "", "undefined"
}

// isJSSpace reports whether r is in the ECMAScript \s class.
func isJSSpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff:
		return true
	}
	return r >= 0x2000 && r <= 0x200a
}

// decodeJS decodes b like Node's Buffer#toString('utf8') (WHATWG UTF-8 decode:
// each maximal ill-formed subpart becomes one U+FFFD; checked against Node).
// valid reports whether b was valid UTF-8 (and is returned unchanged).
func decodeJS(b string) (s string, valid bool) {
	if utf8.ValidString(b) {
		return b, true
	}
	var out strings.Builder
	out.Grow(len(b) + len(b)/2)
	for i := 0; i < len(b); {
		chunk, next := decodeStep(b, i)
		out.WriteString(chunk)
		i = next
	}
	return out.String(), false
}

// rawOffset maps an offset in decodeJS(b) back to the offset in b of the
// sequence that produced it.
func rawOffset(b string, decoded int) int {
	i, o := 0, 0
	for i < len(b) && o < decoded {
		chunk, next := decodeStep(b, i)
		o += len(chunk)
		i = next
	}
	return i
}

// decodeStep decodes the sequence at b[i] and returns its text (the valid
// sequence itself, or U+FFFD for a maximal ill-formed subpart) and the index
// of the next sequence.
func decodeStep(b string, i int) (string, int) {
	c := b[i]
	if c < 0x80 {
		return b[i : i+1], i + 1
	}
	need := 0
	lower, upper := byte(0x80), byte(0xbf)
	switch {
	case c >= 0xc2 && c <= 0xdf:
		need = 1
	case c >= 0xe0 && c <= 0xef:
		need = 2
		if c == 0xe0 {
			lower = 0xa0
		} else if c == 0xed {
			upper = 0x9f
		}
	case c >= 0xf0 && c <= 0xf4:
		need = 3
		if c == 0xf0 {
			lower = 0x90
		} else if c == 0xf4 {
			upper = 0x8f
		}
	default:
		return "\uFFFD", i + 1
	}
	j := i + 1
	for k := 0; k < need; k++ {
		if j >= len(b) || b[j] < lower || b[j] > upper {
			return "\uFFFD", j // the offending byte at j starts the next sequence
		}
		lower, upper = 0x80, 0xbf
		j++
	}
	return b[i:j], j
}

// truncate cuts s to at most maxProblemText bytes on a rune boundary.
func truncate(s string) string {
	if len(s) <= maxProblemText {
		return s
	}
	cut := maxProblemText
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut]
}
