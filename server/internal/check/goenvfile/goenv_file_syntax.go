package goenvfile

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/redact"
)

// goenvFileSyntax: cmd/go's readEnvFile (cfg.go) reads a line only when it has '=' and its
// first byte is 'A'..'Z'; the key is everything before the first '=' and the value the rest,
// verbatim. Anything a person would write differently (blanks, `export`, quotes, lowercase,
// CRLF, a BOM, a key set twice) is silently skipped or misread.
var goenvFileSyntax = check.Check{
	ID:       "goenv-file-syntax",
	Severity: check.Error,
	Summary:  "the user go/env file has lines the go command silently ignores or misreads",
	Run: func(ws *check.Workspace) []check.Finding {
		var out []check.Finding
		for _, use := range ws.GoEnvFiles() {
			data, err := ws.ReadFile(use.File.Path)
			if err != nil {
				continue
			}
			f := readEnvFile(use.File.Path, data, use.File)
			for _, fd := range f.syntaxFindings() {
				fd.Contexts = contextIDs(use.Contexts)
				out = append(out, fd)
			}
		}
		return out
	},
}

func (f *envFile) syntaxFindings() []check.Finding {
	var out []check.Finding
	for i, l := range f.Lines {
		var finding func() check.Finding
		switch l.Kind {
		case blankLine, commentLine:
			if l.BOM && l.N == 1 {
				finding = func() check.Finding { return f.bomOnlyFinding(l) }
			}
		case junkLine:
			finding = func() check.Finding { return f.junkFinding(l) }
		case assignLine:
			last := f.Lines[f.last[l.Key]]
			switch {
			case last != l:
				// The go command may still use this line when the later one is misread;
				// the later line's finding covers it then (its fix deletes this one).
				if !f.goUses(l) {
					finding = func() check.Finding { return f.duplicateFinding(l, last) }
				}
			case len(l.Problems) > 0:
				finding = func() check.Finding { return f.misreadFinding(i, l) }
			}
		}
		switch {
		case finding == nil:
		case len(out) >= check.MaxPerFile:
			// check.Run lists the first MaxPerFile findings of a file and sums up the rest
			// from their locations: building the messages and fixes of 100k junk lines
			// would take seconds for nothing.
			out = append(out, check.Finding{Location: f.at(l, 1)})
		default:
			out = append(out, finding())
		}
	}
	if fd, ok := f.crlfFinding(); ok {
		out = append(out, fd)
	}
	return out
}

// goUses reports whether l is the line the go command takes its key's value from.
func (f *envFile) goUses(l *envLine) bool {
	if !l.Read || l.GoKey != l.Key {
		return false
	}
	g, ok := f.gf.Lookup(l.Key)
	return ok && g.Line == l.N
}

func (f *envFile) at(l *envLine, col int) *check.Location {
	if col < 1 {
		col = 1
	}
	return &check.Location{File: f.Path, Line: l.N, Column: col}
}

// change replaces (text non-nil) or deletes line l; touching line 1 also drops the file's BOM,
// which would otherwise move onto the next line.
func change(l *envLine, text *string) check.LineChange {
	return check.LineChange{Line: l.N, Text: text, RemoveBOM: l.N == 1 && l.BOM}
}

func editFix(f *envFile, title string, changes ...check.LineChange) check.Fix {
	return check.Fix{Title: title, Kind: check.Edit, Preferred: true, File: f.Path, Lines: changes}
}

// goEnvW is the `go env -w` alternative, run with an environment in which go env works.
func (f *envFile) goEnvW(key, value, title string) check.Fix {
	fx := check.GoEnvW(f.Path, key, value, title)
	if env := goEnvRunEnv(f.gf); env != nil {
		fx.GoEnv.Env = env
		fx.Command = check.GoEnvCommand(fx.GoEnv)
	}
	return fx
}

func (f *envFile) misreadFinding(idx int, l *envLine) check.Finding {
	var earlier []*envLine
	for _, e := range f.Lines[:idx] {
		if e.Kind == assignLine && e.Key == l.Key {
			earlier = append(earlier, e)
		}
	}
	goNow, inFile := f.gf.Lookup(l.Key)
	sev := check.Error
	var msg strings.Builder
	fmt.Fprintf(&msg, "Line %d is meant to set %s, but ", l.N, showAssign(l.Key, l.Value))
	if l.Hidden() {
		fmt.Fprintf(&msg, "the go command never sees it: %s", hideReason(l))
		switch {
		case inFile && goNow.Line != l.N:
			fmt.Fprintf(&msg, ". It uses %s from line %d instead", showAssign(l.Key, goNow.Value), goNow.Line)
			if goNow.Value == l.Value {
				sev = check.Warning // the same value reaches the go command from another line
			}
		case knownVar(l.Key):
			fmt.Fprintf(&msg, ". It falls back to the environment, $GOROOT/go.env or its built-in default for %s", l.Key)
		}
	} else {
		fmt.Fprintf(&msg, "the go command reads the value as %s: %s", show(l.Key, l.GoVal), valueReason(l))
		if e := effect(l.Key, l.GoVal); e != "" {
			msg.WriteString("; " + e)
		} else if onlyBlanks(l) && blankHarmless(l.Key, l.GoVal) {
			sev = check.Warning
			fmt.Fprintf(&msg, " (harmless for %s today, which ignores blanks there, but misleading)", l.Key)
		}
	}
	if !knownVar(l.Key) {
		sev = check.Warning // no go command setting: nothing reads it either way
	}
	msg.WriteString(".")
	if len(earlier) > 0 {
		fmt.Fprintf(&msg, " %s is also set earlier (line %s); the last assignment wins, so the fix deletes the earlier ones", l.Key, lineList(earlier))
		if inFile && goNow.Line != l.N && goNow.Value != l.Value {
			fmt.Fprintf(&msg, " — note that this changes the effective %s from %s to %s", l.Key, show(l.Key, goNow.Value), show(l.Key, l.Value))
		}
		msg.WriteString(".")
	}

	changes := []check.LineChange{change(l, check.Str(l.Normal()))}
	title := "rewrite line " + strconv.Itoa(l.N) + " as " + showAssign(l.Key, l.Value)
	for _, e := range earlier {
		changes = append(changes, change(e, nil))
	}
	if len(earlier) > 0 {
		title += " and delete the earlier " + l.Key + " line" + plural(len(earlier)) + " " + lineList(earlier)
	}
	fixes := []check.Fix{editFix(f, title, changes...)}
	if writable(l.Key) && writableValue(l.Key, l.Value) {
		t := "set it with go env -w " + showAssign(l.Key, l.Value)
		if lineToKey(l.Raw) != l.Key {
			t += " (go env -w keeps lines it does not understand, so line " + strconv.Itoa(l.N) + " stays and needs deleting by hand)"
		}
		fixes = append(fixes, f.goEnvW(l.Key, l.Value, t))
	}
	return check.Finding{Severity: sev, Message: msg.String(), Location: f.at(l, l.Col), Fixes: fixes}
}

func (f *envFile) duplicateFinding(l, last *envLine) check.Finding {
	sev := check.Error
	var msg strings.Builder
	fmt.Fprintf(&msg, "Line %d sets %s, but line %d sets %s again and the last assignment in the file wins, so line %d is dead", l.N, l.Key, last.N, l.Key, l.N)
	if l.Value == last.Value {
		sev = check.Warning
		msg.WriteString(" (both set the same value, so it only misleads)")
	} else {
		fmt.Fprintf(&msg, ": the file's last word on %s is %s, not %s", l.Key, show(l.Key, last.Value), show(l.Key, l.Value))
	}
	if len(l.Problems) > 0 {
		if l.Hidden() {
			msg.WriteString("; the go command would not even see it: " + hideReason(l))
		} else {
			msg.WriteString("; it is also misread: " + valueReason(l))
		}
	}
	msg.WriteString(".")
	if !knownVar(l.Key) {
		sev = check.Warning
	}
	fixes := []check.Fix{editFix(f, fmt.Sprintf("delete line %d (the earlier %s; line %d wins)", l.N, l.Key, last.N), change(l, nil))}
	if lineToKey(l.Raw) == l.Key && writable(l.Key) && writableValue(l.Key, last.Value) {
		fixes = append(fixes, f.goEnvW(l.Key, last.Value, "go env -w "+showAssign(l.Key, last.Value)+": rewrites the file keeping only the last "+l.Key+" line (and sorts the block it is in)"))
	}
	col := 1
	if l.Col > 0 && l.Hidden() {
		col = l.Col
	}
	return check.Finding{Severity: sev, Message: msg.String(), Location: f.at(l, col), Fixes: fixes}
}

func (f *envFile) junkFinding(l *envLine) check.Finding {
	sev := check.Warning
	text := clip(l.Text)
	var msg strings.Builder
	fmt.Fprintf(&msg, "The go command ignores line %d (%s): ", l.N, strconv.Quote(redact.Text(text)))
	word := junkWord(l.Text)
	switch {
	case !strings.Contains(l.Text, "="):
		msg.WriteString("it has no '='")
	case l.Read:
		fmt.Fprintf(&msg, "it reads it as a variable named %s, which no go command setting looks up", strconv.Quote(l.GoKey))
	case word != "" && (word[0] < 'A' || word[0] > 'Z') && isName(word):
		fmt.Fprintf(&msg, "it only reads lines whose first byte is A–Z, and %s is no go setting in any case", strconv.Quote(word))
	default:
		msg.WriteString("the part before '=' is not a variable name")
	}
	if up := strings.ToUpper(word); knownVar(up) {
		sev = check.Error
		fmt.Fprintf(&msg, ". It looks like a setting of %s, which therefore does not apply; write it as %s=value", up, up)
	}
	msg.WriteString(".")
	fx := editFix(f, "comment out line "+strconv.Itoa(l.N), change(l, check.Str("# "+l.Text)))
	return check.Finding{Severity: sev, Message: msg.String(), Location: f.at(l, 1), Fixes: []check.Fix{fx}}
}

// junkWord is the first word of a line, after blanks and "export": what the line seems to set.
func junkWord(t string) string {
	t = strings.TrimLeft(t, " \t")
	t, _ = cutWord(t, "export")
	end := strings.IndexAny(t, " \t=:")
	if end < 0 {
		end = len(t)
	}
	return t[:end]
}

func (f *envFile) bomOnlyFinding(l *envLine) check.Finding {
	text := l.Text
	if l.CR {
		text += "\r"
	}
	return check.Finding{
		Severity: check.Warning,
		Message: "The file starts with a UTF-8 byte-order mark (BOM). Line 1 is a comment or blank, so nothing is lost today, " +
			"but the go command reads a line only when its first byte is A–Z: a setting on line 1 would be skipped.",
		Location: f.at(l, 1),
		Fixes:    []check.Fix{editFix(f, "remove the byte-order mark", check.LineChange{Line: 1, Text: &text, RemoveBOM: true})},
	}
}

// crlfFinding reports CRLF line endings once per file, with one fix that converts every line.
func (f *envFile) crlfFinding() (check.Finding, bool) {
	var cr []*envLine
	var hurt []string
	for _, l := range f.Lines {
		if !l.CR {
			continue
		}
		cr = append(cr, l)
		if l.Kind == assignLine && f.goUses(l) && !blankHarmless(l.Key, l.GoVal) {
			s := l.Key + " as " + show(l.Key, l.GoVal)
			if e := effect(l.Key, l.GoVal); e != "" {
				s += " (" + e + ")"
			}
			hurt = append(hurt, s)
		}
	}
	if len(cr) == 0 {
		return check.Finding{}, false
	}
	sev := check.Warning
	var msg strings.Builder
	fmt.Fprintf(&msg, "%d of %d lines end in CRLF (\\r\\n), as Windows editors write them. The go command splits the file on \\n only and keeps the \\r as the last byte of each value", len(cr), len(f.Lines))
	if len(hurt) > 0 {
		sev = check.Error
		msg.WriteString(": it reads " + strings.Join(hurt, "; "))
	} else {
		msg.WriteString(". No value the go command uses is hurt today (GOPROXY entries and GOFLAGS words are trimmed), but any other setting written this way would carry the \\r")
	}
	msg.WriteString(". go env -w does not repair this: it rewrites only the lines of the key it sets.")
	changes := make([]check.LineChange, 0, len(cr))
	for _, l := range cr {
		changes = append(changes, check.LineChange{Line: l.N, Text: check.Str(l.Text)})
	}
	fx := editFix(f, fmt.Sprintf("convert the file to LF line endings (%d line%s)", len(cr), plural(len(cr))), changes...)
	return check.Finding{Severity: sev, Message: msg.String(), Location: f.at(cr[0], len(cr[0].Raw)), Fixes: []check.Fix{fx}}, true
}

// hideReason explains why the go command skips or misnames the key on l.
func hideReason(l *envLine) string {
	var rs []string
	for _, p := range l.Problems {
		switch p {
		case probBOM:
			rs = append(rs, "the line starts with a UTF-8 byte-order mark (BOM), so its first byte is not A–Z and the go command skips it")
		case probIndent:
			rs = append(rs, "the line starts with a blank, and the go command only reads lines whose first byte is A–Z")
		case probExport:
			rs = append(rs, "the line starts with `export`; go/env is not a shell script, and the go command only reads lines whose first byte is A–Z")
		case probCase:
			if l.Read {
				rs = append(rs, fmt.Sprintf("the key is written %s, and the go command matches names exactly", strconv.Quote(l.GoKey)))
			} else {
				rs = append(rs, "the key is written in lowercase, and the go command only reads lines whose first byte is A–Z")
			}
		case probKeySpace:
			if l.Read {
				rs = append(rs, fmt.Sprintf("there is a blank before '=', and the go command takes everything before the first '=' as the key, so it reads a variable named %s that nothing looks up", strconv.Quote(l.GoKey)))
			} else {
				rs = append(rs, "there is a blank before '='")
			}
		}
	}
	return strings.Join(rs, "; ")
}

// valueReason explains why the go command reads a different value on l.
func valueReason(l *envLine) string {
	var rs []string
	for _, p := range l.Problems {
		switch p {
		case probValueSpace:
			rs = append(rs, "it keeps the value verbatim, including the blanks around it")
		case probComment:
			rs = append(rs, "it has no inline comments, so the '#' and what follows are part of the value")
		case probQuoted:
			rs = append(rs, "it keeps quotes literally (go/env values are never unquoted)")
		case probEmptyWord:
			rs = append(rs, "GOFLAGS holds an empty quoted word (\"\" or ''), which becomes an empty flag")
		}
	}
	return strings.Join(rs, "; ")
}

func onlyBlanks(l *envLine) bool {
	for _, p := range l.Problems {
		if p != probValueSpace {
			return false
		}
	}
	return true
}

// effect says what a misread value does to the go command (go1.26 messages, checked against
// the real go command in the tests and docs).
func effect(key, v string) string {
	switch key {
	case "GOFLAGS":
		if _, bad := dropEmptyWords(v); bad {
			return "in go1.26 every `go env` command, including `go env -w` and `go env -u`, then panics in base.SetFromGOFLAGS (slice bounds out of range), and other go commands stop with `go: parsing $GOFLAGS: non-flag \"\"`"
		}
	case "GOPROXY":
		if strings.TrimSpace(v) == "" {
			return "a non-empty GOPROXY without entries fails every download with \"GOPROXY list is not the empty string, but contains no entries\""
		}
		first := v
		if i := strings.IndexAny(v, ",|"); i >= 0 {
			first = v[:i]
		}
		first = strings.TrimSpace(first)
		if strings.ContainsAny(first, "\"' #") {
			if strings.HasPrefix(first, "\"") && strings.Contains(first, "://") {
				return fmt.Sprintf("module downloads fail with `parse %s: first path segment in URL cannot contain colon`", strconv.Quote(redact.Text(first)))
			}
			return "the first proxy is not a valid URL, so module downloads fail (\"invalid proxy URL\")"
		}
	case "GOSUMDB":
		if v != "" {
			return "checksum verification fails with \"verifying go.mod: invalid GOSUMDB: malformed verifier id\""
		}
	case "GOPRIVATE", "GONOPROXY", "GONOSUMDB", "GOINSECURE":
		return "the pattern keeps those characters and matches no module path"
	case "GOTOOLCHAIN":
		return fmt.Sprintf("every go command fails with `go: invalid GOTOOLCHAIN %s`", strconv.Quote(v))
	case "GO111MODULE":
		return fmt.Sprintf("every go command fails with `go: unknown environment setting GO111MODULE=%s`", v)
	}
	return ""
}

func lineList(ls []*envLine) string {
	s := make([]string, len(ls))
	for i, l := range ls {
		s[i] = strconv.Itoa(l.N)
	}
	return strings.Join(s, ", ")
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// clip shortens a line for a message.
func clip(s string) string {
	if len(s) > 80 {
		return s[:77] + "..."
	}
	return s
}
