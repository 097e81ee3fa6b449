package envfile

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// lineRE is parseEnvFile's /^\s*(export\s+)?([\w\.\-]+)\s*=\s*(.*)?\s*$/ with
// JavaScript's \s and '.' spelled out; used to cross-check matchLine.
var lineRE = regexp.MustCompile(`^[` + jsSpace + `]*(export[` + jsSpace + `]+)?([0-9A-Za-z_.\-]+)[` + jsSpace + `]*(=)[` + jsSpace + `]*(` + jsDot + `*)?[` + jsSpace + `]*$`)

type kv struct {
	Key, Value string
	Line       int
}

func mapLookup(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

var global = map[string]string{
	"HOME":     "/h",
	"PATH":     "/bin",
	"EMPTY":    "",
	"X":        `a\$b`,
	"REF":      "${HOME}",
	"A":        "g",
	"toString": "TS",
}

// Expected values follow vscode-go's envUtils.ts; every case was also checked
// against the TypeScript logic running under Node.
func TestParse(t *testing.T) {
	fn := func(name string) string { return "function " + name + "() { [native code] }" }
	tests := []struct {
		name string
		in   string
		want []kv
		why  []string // substrings that must appear among the problems' Why
		none bool     // expect no problems at all
	}{
		// From vscode-go's tests (goDebugConfiguration.test.ts, testEnvFiles.test.ts).
		{name: "vscode-go single", in: "GOPATH=valueFromEnvFile", want: []kv{{"GOPATH", "valueFromEnvFile", 1}}, none: true},
		{name: "vscode-go two lines", in: "SOMEVAR1=valueFromEnvFile1\nSOMEVAR2=valueFromEnvFile2", want: []kv{{"SOMEVAR1", "valueFromEnvFile1", 1}, {"SOMEVAR2", "valueFromEnvFile2", 2}}, none: true},
		{name: "vscode-go shared", in: "VAR1=value1\nSHARED=from_first", want: []kv{{"VAR1", "value1", 1}, {"SHARED", "from_first", 2}}, none: true},

		// Syntax (regex /^\s*(export\s+)?([\w\.\-]+)\s*=\s*(.*)?\s*$/).
		{name: "export", in: "export A=1", want: []kv{{"A", "1", 1}}, none: true},
		{name: "export tab and spaces", in: "export\tA = 1", want: []kv{{"A", "1", 1}}, none: true},
		{name: "export as key", in: "export=1", want: []kv{{"export", "1", 1}}},
		{name: "export as key spaced", in: "export  =1", want: []kv{{"export", "1", 1}}},
		{name: "export glued", in: "exportA=1", want: []kv{{"exportA", "1", 1}}},
		{name: "export twice", in: "export export A=1", why: []string{"vscode-go ignores this line"}},
		{name: "export without assignment", in: "export A", why: []string{"no '='"}},
		{name: "key chars", in: "a.b-c_1=x\n1A=y", want: []kv{{"a.b-c_1", "x", 1}, {"1A", "y", 2}}, none: true},
		{name: "space in key", in: "MY VAR=1", why: []string{"key may only contain"}},
		{name: "unicode key", in: "É=1", why: []string{"key may only contain"}},
		{name: "missing key", in: "=1", why: []string{"missing key"}},
		{name: "empty value", in: "A=\nB=   ", want: []kv{{"A", "", 1}, {"B", "", 2}}, none: true},
		{name: "double equals", in: "A==b", want: []kv{{"A", "=b", 1}}},
		{name: "spaces around", in: "  A  =  b", want: []kv{{"A", "b", 1}}, none: true},
		{name: "trailing spaces kept", in: "A=b  ", want: []kv{{"A", "b  ", 1}}, why: []string{"trailing whitespace"}},
		{name: "trailing nbsp kept", in: "A=\u00a0b\u00a0", want: []kv{{"A", "b\u00a0", 1}}, why: []string{"trailing whitespace"}},
		{name: "trailing line separator dropped", in: "A=b\u2028", want: []kv{{"A", "b", 1}}},
		{name: "NEL is not white space", in: "\u0085A=1", why: []string{"ignores this line"}},
		{name: "comments and blanks", in: "# comment\n  # B=2\n\n \t\nA=1\n", want: []kv{{"A", "1", 5}}, none: true},
		{name: "inline comment kept", in: "A=1 # note", want: []kv{{"A", "1 # note", 1}}, why: []string{"no inline comments"}},
		{name: "hash inside value", in: "A=a#b", want: []kv{{"A", "a#b", 1}}, none: true},
		{name: "duplicates", in: "A=1\nA=2", want: []kv{{"A", "1", 1}, {"A", "2", 2}}, none: true},

		// Line endings: split('\n') only.
		{name: "CRLF", in: "A=1\r\nB= 2 \r\n", want: []kv{{"A", "1", 1}, {"B", "2 ", 2}}},
		{name: "CR only file", in: "A=1\rB=2\r", why: []string{"carriage return"}},
		{name: "CR after equals", in: "A=\rb", want: []kv{{"A", "b", 1}}},
		{name: "CR blank line", in: "\r\nA=1\r\n\r\n", want: []kv{{"A", "1", 2}}, none: true},

		// Quotes.
		{name: "double", in: `A="hello world"`, want: []kv{{"A", "hello world", 1}}, none: true},
		{name: "single", in: `A='hello world'`, want: []kv{{"A", "hello world", 1}}, none: true},
		{name: "double newline escape", in: `A="a\nb"`, want: []kv{{"A", "a\nb", 1}}, none: true},
		{name: "double escaped backslash n", in: `A="a\\n"`, want: []kv{{"A", "a\\\n", 1}}},
		{name: "single keeps backslash n", in: `A='a\nb'`, want: []kv{{"A", `a\nb`, 1}}},
		{name: "unquoted keeps backslash n", in: `A=a\nb`, want: []kv{{"A", `a\nb`, 1}}},
		{name: "other escapes untouched", in: `A="a\tb\"c"`, want: []kv{{"A", `a\tb\"c`, 1}}},
		{name: "mismatched", in: `A="abc'`, want: []kv{{"A", "abc", 1}}, why: []string{"mismatched quotes"}},
		{name: "unterminated", in: `A="abc`, want: []kv{{"A", "abc", 1}}, why: []string{"unterminated quote"}},
		{name: "unterminated no newline processing", in: `A="a\nb`, want: []kv{{"A", `a\nb`, 1}}, why: []string{"unterminated quote"}},
		{name: "trailing quote only", in: `A=abc"`, want: []kv{{"A", "abc", 1}}, why: []string{"ends with a quote"}},
		{name: "lone quote", in: `A="`, want: []kv{{"A", "", 1}}, why: []string{"lone quote"}},
		{name: "empty quotes", in: `A=""` + "\nB=''", want: []kv{{"A", "", 1}, {"B", "", 2}}, none: true},
		{name: "space after closing quote", in: `A="abc"  `, want: []kv{{"A", `abc"  `, 1}}, why: []string{"after the closing quote"}},
		{name: "inner quotes", in: `A="a"b"`, want: []kv{{"A", `a"b`, 1}}},
		{name: "multi-line double quotes", in: "A=\"x\ny\"", want: []kv{{"A", "x", 1}}, why: []string{"unterminated quote", "no '='"}},

		// ${VAR} substitution (substituteEnvVars).
		{name: "local", in: "A=x\nB=${A}/y", want: []kv{{"A", "x", 1}, {"B", "x/y", 2}}},
		{name: "global", in: "B=${HOME}/y", want: []kv{{"B", "/h/y", 1}}, none: true},
		{name: "local before global", in: "HOME=/l\nB=${HOME}", want: []kv{{"HOME", "/l", 1}, {"B", "/l", 2}}, none: true},
		{name: "later definitions invisible", in: "B=${C}\nC=1", want: []kv{{"B", "", 1}, {"C", "1", 2}}, why: []string{"${C} is not defined"}},
		{name: "undefined", in: "B=a${NOPE}b", want: []kv{{"B", "ab", 1}}, why: []string{"${NOPE} is not defined"}},
		{name: "empty local falls through", in: "HOME=\nB=${HOME}", want: []kv{{"HOME", "", 1}, {"B", "/h", 2}}, why: []string{"empty earlier"}},
		{name: "empty global", in: "B=${EMPTY}x", want: []kv{{"B", "x", 1}}, none: true},
		{name: "self reference global", in: "PATH=${PATH}:/x", want: []kv{{"PATH", "/bin:/x", 1}}, none: true},
		{name: "self reference local", in: "A=1\nA=${A}${A}", want: []kv{{"A", "1", 1}, {"A", "11", 2}}},
		{name: "self reference fallback", in: "A=${A}", want: []kv{{"A", "g", 1}}, none: true},
		{name: "no re-expansion", in: "B=${REF}", want: []kv{{"B", "${HOME}", 1}}},
		{name: "backslash dollar in substituted text", in: "B=${X}", want: []kv{{"B", "a$b", 1}}},
		{name: "escaped", in: `A=\${HOME}`, want: []kv{{"A", "${HOME}", 1}}, none: true},
		{name: "escaped backslash", in: `A=\\${HOME}`, want: []kv{{"A", `\${HOME}`, 1}}},
		{name: "escaped does not invalidate", in: `A=\${a b}${HOME}`, want: []kv{{"A", "${a b}${HOME}", 1}}}, // one greedy match, escaped
		{name: "escaped malformed is not invalid", in: `A=${HOME}\${a-}`, want: []kv{{"A", "/h${a-}", 1}}},
		{name: "malformed disables all", in: "A=${HOME}/${HOME:-x}", want: []kv{{"A", "${HOME}/${HOME:-x}", 1}}, why: []string{"malformed"}},
		{name: "greedy bogus", in: "A=${A.B} and ${HOME}", want: []kv{{"A", "${A.B} and ${HOME}", 1}}, why: []string{"malformed"}},
		{name: "empty braces", in: "A=${}${HOME}", want: []kv{{"A", "${}${HOME}", 1}}, why: []string{"malformed"}},
		{name: "digit name is no match", in: "A=${1abc}${HOME}", want: []kv{{"A", "${1abc}/h", 1}}},
		{name: "underscore name is no match", in: "A=${_X}${HOME}", want: []kv{{"A", "${_X}/h", 1}}},
		{name: "bare dollar", in: "A=$HOME", want: []kv{{"A", "$HOME", 1}}, why: []string{"without braces"}},
		{name: "backslash dollar", in: `A=\$HOME`, want: []kv{{"A", "$HOME", 1}}, none: true},
		{name: "single quotes still expand", in: "A='${HOME}'", want: []kv{{"A", "/h", 1}}, why: []string{"single quotes do not prevent"}},
		{name: "expansion inside double quotes", in: `A="${HOME}\n"`, want: []kv{{"A", "/h\n", 1}}, none: true},
		{name: "newline stops bogus", in: `A="${A-\n}${HOME}"`, want: []kv{{"A", "${A-\n}/h", 1}}},
		{name: "builtin beats global", in: "A=${toString}", want: []kv{{"A", fn("toString"), 1}}, why: []string{"JavaScript function text"}},
		{name: "builtin constructor", in: "A=${constructor}", want: []kv{{"A", fn("Object"), 1}}},
		{name: "own property shadows builtin", in: "toString=mine\nA=${toString}", want: []kv{{"toString", "mine", 1}, {"A", "mine", 2}}, none: true},
		{name: "empty own falls to global own", in: "toString=\nA=${toString}", want: []kv{{"toString", "", 1}, {"A", "TS", 2}}},
		{name: "__proto__ dropped", in: "__proto__=x\nA=1", want: []kv{{"A", "1", 2}}, why: []string{"__proto__"}},

		// Encoding.
		{name: "BOM", in: "\ufeffA=1", want: []kv{{"A", "1", 1}}, none: true},
		{name: "double BOM", in: "\ufeff\ufeffA=1", want: []kv{{"A", "1", 1}}},
		{name: "BOM later", in: "A=1\n\ufeffB=2", want: []kv{{"A", "1", 1}, {"B", "2", 2}}},
		{name: "NUL in value", in: "A=a\x00b", want: []kv{{"A", "a\x00b", 1}}, why: []string{"NUL"}},
		{name: "NUL in key", in: "A\x00=1", why: []string{"key may only contain"}},
		{name: "invalid byte", in: "A=\xffb", want: []kv{{"A", "\uFFFDb", 1}}, why: []string{"invalid UTF-8"}},
		{name: "maximal subpart", in: "A=\xe2\x82x\xed\xa0\x80\xf0\x9f\x98", want: []kv{{"A", "\uFFFDx\uFFFD\uFFFD\uFFFD\uFFFD", 1}}, why: []string{"invalid UTF-8"}},
		{name: "invalid comment ignored", in: "# \xff\nA=1", want: []kv{{"A", "1", 2}}, none: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			entries, problems := Parse([]byte(tt.in), mapLookup(global))
			var got []kv
			for _, e := range entries {
				got = append(got, kv{e.Key, e.Value, e.Line})
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Parse(%q)\n got %+q\nwant %+q", tt.in, fmtKV(got), fmtKV(tt.want))
			}
			if tt.none && len(problems) > 0 {
				t.Errorf("Parse(%q): unexpected problems %+v", tt.in, problems)
			}
			for _, w := range tt.why {
				found := false
				for _, p := range problems {
					found = found || strings.Contains(p.Why, w)
				}
				if !found {
					t.Errorf("Parse(%q): no problem mentioning %q in %+v", tt.in, w, problems)
				}
			}
		})
	}
}

func TestPositions(t *testing.T) {
	tests := []struct {
		in     string
		raw    string
		line   int
		column int
	}{
		{"  export  KEY = value", "value", 1, 17},
		{"A=\"x\"\r", `"x"`, 1, 3},
		{"# c\n\nA=  'v' ", "'v' ", 3, 5},
		{"A=", "", 1, 3},
		{"A=   ", "", 1, 3},
		{"\ufeffA=1", "1", 1, 3},       // the BOM is not counted
		{"\ufeff\ufeffA=1", "1", 1, 6}, // a second BOM is an ordinary (white-space) character
		{"A=\xff\xffz", "\xff\xffz", 1, 3},
		{"A=\xe2\x82x\n B=\xff\xe2\x82\xacy", "\xff\xe2\x82\xacy", 2, 4},
		{"A=\u00a0é\xffx", "é\xffx", 1, 5},
	}
	for _, tt := range tests {
		entries, _ := Parse([]byte(tt.in), nil)
		e := entries[len(entries)-1]
		if e.Raw != tt.raw || e.Line != tt.line || e.Column != tt.column {
			t.Errorf("Parse(%q) last entry = %+v; want Raw %q Line %d Column %d", tt.in, e, tt.raw, tt.line, tt.column)
		}
	}
}

func TestProblemText(t *testing.T) {
	long := "A B=" + strings.Repeat("é", 300)
	_, problems := Parse([]byte("ok=1\n"+long+"\r\n"), nil)
	if len(problems) != 1 {
		t.Fatalf("problems = %+v", problems)
	}
	p := problems[0]
	if p.Line != 2 || len(p.Text) > 200 || !utf8.ValidString(p.Text) || !strings.HasPrefix(long, p.Text) {
		t.Errorf("problem = line %d, %d bytes %q", p.Line, len(p.Text), p.Text)
	}
}

func TestEnv(t *testing.T) {
	entries, _ := Parse([]byte("A=1\nB=2\nA=3"), nil)
	want := map[string]string{"A": "3", "B": "2"}
	if got := Env(entries); !reflect.DeepEqual(got, want) {
		t.Errorf("Env = %v, want %v", got, want)
	}
	if got := Env(nil); len(got) != 0 {
		t.Errorf("Env(nil) = %v", got)
	}
}

func TestNilLookup(t *testing.T) {
	entries, _ := Parse([]byte("A=${A}x\nB=${toString}"), nil)
	env := Env(entries)
	if env["A"] != "x" || env["B"] != "function toString() { [native code] }" {
		t.Errorf("env = %q", env)
	}
}

func TestLargeInputs(t *testing.T) {
	big := strings.Repeat("x", 1<<20)
	entries, _ := Parse([]byte("A="+big+"\r\nB=${A}"), nil)
	if len(entries) != 2 || entries[0].Value != big || entries[1].Value != big {
		t.Fatalf("1 MB line not parsed")
	}
	// Pathological lines must stay fast (the regex is matched by hand).
	for _, in := range []string{
		"A=" + strings.Repeat(" \u00a0", 1<<19) + "x",
		strings.Repeat(" ", 1<<20) + "=",
		"A=" + strings.Repeat("${a-", 1<<18),
		"A=" + strings.Repeat("${A}", 1<<18),
		strings.Repeat("export ", 1<<17) + "=1",
		"A=" + strings.Repeat("\xff", 1<<20),
	} {
		Parse([]byte(in), nil)
	}
	// Exponential self-reference is bounded.
	var sb strings.Builder
	sb.WriteString("A=xxxxxxxx\n")
	for range 40 {
		sb.WriteString("A=${A}${A}\n")
	}
	entries, problems := Parse([]byte(sb.String()), nil)
	if len(entries) != 41 || len(problems) == 0 || !strings.Contains(problems[len(problems)-1].Why, "expansion exceeds") {
		t.Fatalf("unbounded expansion: %d entries, problems %v", len(entries), problems)
	}
	total := 0
	for _, e := range entries {
		total += len(e.Value)
	}
	if total > 2*maxExpansion {
		t.Errorf("total value size %d", total)
	}
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	first := filepath.Join(dir, "first.env")
	second := filepath.Join(dir, "second.env")
	os.WriteFile(first, []byte("VAR1=value1\nSHARED=from_first"), 0o644)
	os.WriteFile(second, []byte("VAR2=value2\nSHARED=from_second"), 0o644)

	// parseEnvFiles: Object.assign({}, ...fileEnvs) — later files override.
	merged := map[string]string{}
	for _, f := range []string{first, second} {
		entries, _, err := ReadFile(f, nil)
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range Env(entries) {
			merged[k] = v
		}
	}
	want := map[string]string{"VAR1": "value1", "VAR2": "value2", "SHARED": "from_second"}
	if !reflect.DeepEqual(merged, want) {
		t.Errorf("merged = %v, want %v", merged, want)
	}

	if e, p, err := ReadFile("", nil); e != nil || p != nil || err != nil {
		t.Errorf("ReadFile(\"\") = %v, %v, %v", e, p, err)
	}

	missing := filepath.Join(dir, "nonexistent.env")
	_, _, err := ReadFile(missing, nil)
	wantErr := "Cannot load environment variables from file " + missing + ": Error: ENOENT: no such file or directory, open '" + missing + "'"
	if err == nil || err.Error() != wantErr {
		t.Errorf("missing file error = %v, want %s", err, wantErr)
	}
	_, _, err = ReadFile(dir, nil)
	if err == nil || !strings.HasPrefix(err.Error(), "Cannot load environment variables from file "+dir+": Error: ") {
		t.Errorf("directory error = %v", err)
	}
}

func TestMatchLineAgainstRegex(t *testing.T) {
	for _, line := range []string{
		"", "A", "A=", "=", " A = b ", "export A=1", "export=1", "export =1", "export  =1", "exportA=1",
		"export export A=1", "export\u00a0A=1", "A=b\rc", "A=\rb", "A=b\r", "A=b\u2028 ", "A=b\u2028c",
		"\ufeff A=1", "A B=1", "A=\u3000", "export\tA\t=\t\"x\"\t\r",
	} {
		checkMatchLine(t, line)
	}
}

func checkMatchLine(t *testing.T, line string) {
	t.Helper()
	m, ok := matchLine(line)
	r := lineRE.FindStringSubmatchIndex(line)
	if ok != (r != nil) {
		t.Fatalf("matchLine(%q) ok=%v, regex=%v", line, ok, r != nil)
	}
	if !ok {
		return
	}
	if m.keyStart != r[4] || m.keyEnd != r[5] || m.eq != r[6] {
		t.Fatalf("matchLine(%q) = %+v, regex %v", line, m, r)
	}
	val := ""
	if r[8] >= 0 {
		val = line[r[8]:r[9]]
	}
	if got := line[m.valStart:m.valEnd]; got != val {
		t.Fatalf("matchLine(%q) value %q, regex %q", line, got, val)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"A=1", "export A=\"x\\ny\"\r\nB='${A}'", "\ufeffA=${HOME}${toString}\n# c\n", "A=${A.B}}\\${C}",
		"__proto__=1\nconstructor=${constructor}", "A=\xff\xe2\x82\x00\rB", "A=b\u2028 \nexport  =2", "A=${A}${A}",
	} {
		f.Add([]byte(s))
	}
	lookup := mapLookup(global)
	f.Fuzz(func(t *testing.T, data []byte) {
		entries, problems := Parse(data, lookup)
		text := strings.TrimPrefix(string(data), "\ufeff")
		lines := strings.Split(text, "\n")
		for _, e := range entries {
			if e.Line < 1 || e.Line > len(lines) {
				t.Fatalf("entry %+v outside %d lines", e, len(lines))
			}
			raw := lines[e.Line-1]
			if e.Column < 1 || e.Column-1+len(e.Raw) > len(raw) || raw[e.Column-1:e.Column-1+len(e.Raw)] != e.Raw {
				t.Fatalf("entry %+v: Raw/Column do not point into line %q", e, raw)
			}
			if e.Key == "" || !utf8.ValidString(e.Value) {
				t.Fatalf("bad entry %+v", e)
			}
		}
		for _, p := range problems {
			if p.Line < 1 || p.Line > len(lines) || len(p.Text) > maxProblemText || p.Why == "" {
				t.Fatalf("bad problem %+v", p)
			}
		}
		for _, raw := range lines {
			if len(raw) <= 4096 {
				line, _ := decodeJS(raw)
				checkMatchLine(t, line)
			}
		}
	})
}

func fmtKV(kvs []kv) []string {
	var out []string
	for _, x := range kvs {
		out = append(out, fmt.Sprintf("%d:%s=%s", x.Line, x.Key, x.Value))
	}
	return out
}
