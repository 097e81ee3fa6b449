package jsonc

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// check asserts one value reached by path ("a/0/b"; "" is the root). Object
// steps resolve to the LAST member with that key, like Get.
type check struct {
	path          string
	kind          Kind
	text          string
	off           int // value Start.Offset; 0 = not checked
	line, col     int // value Start
	endLine, endC int // value End; 0 = not checked
	kLine, kCol   int // KeyPos of the last path step; 0 = not checked
}

var parseTests = []struct {
	name   string
	in     string
	checks []check
}{
	{
		name: "comments",
		in: "// leading comment\n" +
			"{\n" +
			"  /* block */ \"a\": 1, // trailing\n" +
			"  \"b\": /* inline */ true\n" +
			"}\n",
		checks: []check{
			{path: "", kind: Object, text: "{…}", off: 19, line: 2, col: 1, endLine: 5, endC: 2},
			{path: "a", kind: Number, text: "1", line: 3, col: 20, endLine: 3, endC: 21, kLine: 3, kCol: 15},
			{path: "b", kind: Bool, text: "true", line: 4, col: 21, endLine: 4, endC: 25, kLine: 4, kCol: 3},
		},
	},
	{
		name: "trailing commas",
		in:   `{"a": [1, 2,], "b": {"c": null,},}`,
		checks: []check{
			{path: "", kind: Object, text: "{…}", line: 1, col: 1, endLine: 1, endC: 35},
			{path: "a", kind: Array, text: "[…]", line: 1, col: 7, endLine: 1, endC: 14, kLine: 1, kCol: 2},
			{path: "a/0", kind: Number, text: "1", line: 1, col: 8},
			{path: "a/1", kind: Number, text: "2", line: 1, col: 11},
			{path: "b", kind: Object, text: "{…}", line: 1, col: 21, endLine: 1, endC: 33, kLine: 1, kCol: 16},
			{path: "b/c", kind: Null, text: "null", line: 1, col: 27, kLine: 1, kCol: 22},
		},
	},
	{
		name: "nested and duplicate keys",
		in: "{\n" +
			"  \"x\": 1,\n" +
			"  \"x\": {\"y\": \"first\", \"y\": \"second\"},\n" +
			"  \"arr\": [[-1.5e3], {\"z\": false}]\n" +
			"}",
		checks: []check{
			{path: "x", kind: Object, text: "{…}", line: 3, col: 8, kLine: 3, kCol: 3},
			{path: "x/y", kind: String, text: "second", line: 3, col: 28, endLine: 3, endC: 36, kLine: 3, kCol: 23},
			{path: "arr/0/0", kind: Number, text: "-1.5e3", line: 4, col: 12},
			{path: "arr/1/z", kind: Bool, text: "false", line: 4, col: 27, kLine: 4, kCol: 22},
		},
	},
	{
		name: "CRLF",
		in:   "{\r\n  \"a\": 1,\r\n  \"b\": [\r\n    true\r\n  ]\r\n}\r\n",
		checks: []check{
			{path: "", kind: Object, text: "{…}", line: 1, col: 1, endLine: 6, endC: 2},
			{path: "a", kind: Number, text: "1", off: 10, line: 2, col: 8, kLine: 2, kCol: 3},
			{path: "b", kind: Array, text: "[…]", line: 3, col: 8, endLine: 5, endC: 4, kLine: 3, kCol: 3},
			{path: "b/0", kind: Bool, text: "true", line: 4, col: 5},
		},
	},
	{
		name: "BOM",
		in:   "\xEF\xBB\xBF{\"a\": 1}\n",
		checks: []check{
			{path: "", kind: Object, text: "{…}", off: 3, line: 1, col: 1, endLine: 1, endC: 9},
			{path: "a", kind: Number, text: "1", off: 9, line: 1, col: 7, kLine: 1, kCol: 2},
		},
	},
	{
		name: "UTF-16 columns",
		in:   "{\n\"é\": \"😀\", \"k\": 1}",
		checks: []check{
			{path: "é", kind: String, text: "😀", off: 8, line: 2, col: 6, endLine: 2, endC: 10, kLine: 2, kCol: 1},
			{path: "k", kind: Number, text: "1", off: 21, line: 2, col: 17, kLine: 2, kCol: 12},
		},
	},
	{
		name: "string escapes",
		in:   `["a\"b", "\u00e9", "\ud83d\ude00", "\\n\/", "tab\there"]`,
		checks: []check{
			{path: "0", kind: String, text: `a"b`, line: 1, col: 2},
			{path: "1", kind: String, text: "é", line: 1, col: 10},
			{path: "2", kind: String, text: "😀", line: 1, col: 20},
			{path: "3", kind: String, text: `\n/`, line: 1, col: 36},
			{path: "4", kind: String, text: "tab\there", line: 1, col: 45},
		},
	},
	{
		name: "escaped key",
		in:   `{"a\u0062": "v"}`,
		checks: []check{
			{path: "ab", kind: String, text: "v", line: 1, col: 13, kLine: 1, kCol: 2},
		},
	},
	{
		name: "scalar root with line comment at EOF without newline",
		in:   "42 // no newline",
		checks: []check{
			{path: "", kind: Number, text: "42", line: 1, col: 1, endLine: 1, endC: 3},
		},
	},
	{
		name: "brackets inside strings and comments do not count as nesting",
		in:   `{"s": "` + strings.Repeat("[", maxDepth+5) + `" /* ` + strings.Repeat("{", maxDepth+5) + ` */}`,
		checks: []check{
			{path: "s", kind: String, text: strings.Repeat("[", maxDepth+5), line: 1, col: 7},
		},
	},
	{
		name: "nesting at the limit",
		in:   strings.Repeat("[", maxDepth) + strings.Repeat("]", maxDepth),
		checks: []check{
			{path: "", kind: Array, text: "[…]", line: 1, col: 1, endLine: 1, endC: 2*maxDepth + 1},
		},
	},
}

func TestParse(t *testing.T) {
	for _, tt := range parseTests {
		t.Run(tt.name, func(t *testing.T) {
			root, err := Parse([]byte(tt.in))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if root == nil {
				t.Fatal("Parse returned nil node")
			}
			for _, c := range tt.checks {
				n, m := lookup(t, root, c.path)
				if n.Kind != c.kind || n.Text() != c.text {
					t.Errorf("%q: got %v %q, want %v %q", c.path, n.Kind, n.Text(), c.kind, c.text)
				}
				if n.Start.Line != c.line || n.Start.Column != c.col {
					t.Errorf("%q: Start %d:%d, want %d:%d", c.path, n.Start.Line, n.Start.Column, c.line, c.col)
				}
				if c.off != 0 && n.Start.Offset != c.off {
					t.Errorf("%q: Start.Offset %d, want %d", c.path, n.Start.Offset, c.off)
				}
				if c.endLine != 0 && (n.End.Line != c.endLine || n.End.Column != c.endC) {
					t.Errorf("%q: End %d:%d, want %d:%d", c.path, n.End.Line, n.End.Column, c.endLine, c.endC)
				}
				if c.kLine != 0 {
					if m == nil {
						t.Errorf("%q: no member for key position", c.path)
					} else if m.KeyPos.Line != c.kLine || m.KeyPos.Column != c.kCol {
						t.Errorf("%q: KeyPos %d:%d, want %d:%d", c.path, m.KeyPos.Line, m.KeyPos.Column, c.kLine, c.kCol)
					}
				}
			}
		})
	}
}

// lookup follows path from root and also returns the member for the last
// step when it is an object key.
func lookup(t *testing.T, root *Node, path string) (*Node, *Member) {
	t.Helper()
	if path == "" {
		return root, nil
	}
	n := root
	var m *Member
	for _, step := range strings.Split(path, "/") {
		m = nil
		switch n.Kind {
		case Array:
			i, err := strconv.Atoi(step)
			if err != nil || i < 0 || i >= len(n.Elems) {
				t.Fatalf("path %q: bad index %q", path, step)
			}
			n = n.Elems[i]
		case Object:
			for i := len(n.Members) - 1; i >= 0; i-- {
				if n.Members[i].Key == step {
					m = &n.Members[i]
					break
				}
			}
			next := n.Get(step)
			if m == nil || next != m.Value {
				t.Fatalf("path %q: key %q: Get and last member disagree", path, step)
			}
			n = next
		default:
			t.Fatalf("path %q: cannot step into %v", path, n.Kind)
		}
	}
	return n, m
}

func TestDuplicateKeysKept(t *testing.T) {
	root, err := Parse([]byte(`{"a": 1, "b": 2, "a": 3}`))
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, m := range root.Members {
		keys = append(keys, m.Key+"="+m.Value.Raw)
	}
	if got := strings.Join(keys, ","); got != "a=1,b=2,a=3" {
		t.Errorf("members = %s", got)
	}
	if got := root.Get("a").Raw; got != "3" {
		t.Errorf(`Get("a") = %s, want 3`, got)
	}
	if root.Get("missing") != nil || root.Get("a").Get("x") != nil || (*Node)(nil).Get("a") != nil {
		t.Error("Get on missing key / non-object / nil should be nil")
	}
}

func TestEmpty(t *testing.T) {
	for _, in := range []string{
		"",
		" \n\t\r\n",
		"// only a comment",
		"/* block */\n// line\n",
		"\xEF\xBB\xBF",
		"\xEF\xBB\xBF// comment\r\n",
	} {
		n, err := Parse([]byte(in))
		if n != nil || err != nil {
			t.Errorf("Parse(%q) = %v, %v; want nil, nil", in, n, err)
		}
	}
}

func TestSyntaxErrors(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		line, col int
		msg       string // substring of Msg
	}{
		{"missing comma", "{\n  \"a\": 1\n  \"b\": 2\n}", 3, 3, "expecting ',' or '}'"},
		{"missing comma in array", "[1 2]", 1, 4, "expecting ',' or ']'"},
		{"unterminated string", `{"a": "abc`, 1, 11, "unexpected EOF"},
		{"unterminated string multiline", "{\r\n  \"a\": \"abc\r\n}", 3, 2, "unexpected EOF"},
		{"unterminated block comment", "{\n  /* open\n  \"a\": 1\n}", 2, 3, "comment"},
		{"unclosed object", `{"a": 1`, 1, 8, "unexpected EOF"},
		{"bad literal after BOM and CRLF", "\xEF\xBB\xBF{\r\n  \"a\": tru\r\n}", 2, 8, "invalid literal"},
		{"UTF-16 column of error", `["😀" x]`, 1, 7, "invalid character 'x'"},
		{"key not a string", `{a: 1}`, 1, 2, "invalid literal"},
		{"two top-level values", "{}\n{}", 2, 1, "after top-level value"},
		{"too deep", strings.Repeat("[", maxDepth+1), 1, maxDepth + 1, "nesting"},
		{"too deep after comment", "/* [[[ */\n" + strings.Repeat("{\"a\":", maxDepth+1), 2, 5*maxDepth + 1, "nesting"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := Parse([]byte(tt.in))
			if n != nil {
				t.Errorf("node = %v, want nil", n)
			}
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("err = %v (%T), want *SyntaxError", err, err)
			}
			if se.Pos.Line != tt.line || se.Pos.Column != tt.col {
				t.Errorf("error at %d:%d, want %d:%d (%v)", se.Pos.Line, se.Pos.Column, tt.line, tt.col, err)
			}
			if se.Pos != PosAt([]byte(tt.in), se.Pos.Offset) {
				t.Errorf("error Pos %+v inconsistent with PosAt", se.Pos)
			}
			if !strings.Contains(se.Msg, tt.msg) {
				t.Errorf("Msg = %q, want it to contain %q", se.Msg, tt.msg)
			}
			if want := "line " + strconv.Itoa(tt.line) + ", column " + strconv.Itoa(tt.col) + ": "; !strings.HasPrefix(err.Error(), want) {
				t.Errorf("Error() = %q, want prefix %q", err.Error(), want)
			}
		})
	}
}

func TestPosAt(t *testing.T) {
	tests := []struct {
		in        string
		off       int
		line, col int
	}{
		{"", 0, 1, 1},
		{"ab\ncd", 4, 2, 2},
		{"a\r\nb", 1, 1, 2}, // the '\r' itself
		{"a\r\nb", 2, 1, 3}, // the '\n', after '\r' on the same line
		{"a\r\nb", 3, 2, 1}, // '\r' is not a column of the next line
		{"é😀x", 6, 1, 4},
		{"é😀x", 7, 1, 5},       // end of input
		{"é😀x", 3, 1, 2},       // inside the emoji: its own column
		{"\xff\xfex", 2, 1, 3}, // invalid bytes count 1 each
		{"\x00\x00x", 2, 1, 3},
		{"\xEF\xBB\xBFab", 0, 1, 1},
		{"\xEF\xBB\xBFab", 2, 1, 1},
		{"\xEF\xBB\xBFab", 3, 1, 1},
		{"\xEF\xBB\xBFab", 4, 1, 2},
		{"\xEF\xBB\xBFa\n\xEF\xBB\xBFb", 8, 2, 2}, // only a leading BOM is special
		{"abc", -5, 1, 1},
		{"abc", 99, 1, 4},
	}
	for _, tt := range tests {
		got := PosAt([]byte(tt.in), tt.off)
		if got.Line != tt.line || got.Column != tt.col {
			t.Errorf("PosAt(%q, %d) = %d:%d, want %d:%d", tt.in, tt.off, got.Line, got.Column, tt.line, tt.col)
		}
	}
}

func TestKindString(t *testing.T) {
	want := []string{"null", "boolean", "number", "string", "object", "array"}
	for k, w := range want {
		if got := Kind(k).String(); got != w {
			t.Errorf("Kind(%d) = %q, want %q", k, got, w)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, tt := range parseTests {
		// Big seeds make the O(nodes*len) PosAt cross-check below crawl;
		// the unit tests already cover them.
		if len(tt.in) <= 4096 {
			f.Add([]byte(tt.in))
		}
	}
	for _, s := range []string{
		"", "// only", "/* x */", "\xEF\xBB\xBF", "{\n  \"a\": 1\n  \"b\": 2\n}",
		`{"a": "abc`, "{\n  /* open\n", `["😀" x]`, "\xff{\"\xfe\": 1}", "[\x00]",
		strings.Repeat("[", maxDepth+1),
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		root, err := Parse(data)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("error %v is %T, want *SyntaxError", err, err)
			}
			if se.Pos.Offset < 0 || se.Pos.Offset > len(data) || se.Pos != PosAt(data, se.Pos.Offset) {
				t.Fatalf("bad error position %+v for %q", se.Pos, data)
			}
			return
		}
		if len(data) > 1<<16 {
			return // parsed without panicking; the cross-check would be too slow
		}
		var walk func(n *Node)
		walk = func(n *Node) {
			if n.Start.Offset < 0 || n.Start.Offset > n.End.Offset || n.End.Offset > len(data) {
				t.Fatalf("bad span %d..%d (len %d)", n.Start.Offset, n.End.Offset, len(data))
			}
			if p := PosAt(data, n.Start.Offset); p != n.Start {
				t.Fatalf("Start %+v, PosAt says %+v", n.Start, p)
			}
			if p := PosAt(data, n.End.Offset); p != n.End {
				t.Fatalf("End %+v, PosAt says %+v", n.End, p)
			}
			if n.Kind != Object && n.Kind != Array && n.Raw != string(data[n.Start.Offset:n.End.Offset]) {
				t.Fatalf("Raw %q != source %q", n.Raw, data[n.Start.Offset:n.End.Offset])
			}
			for _, m := range n.Members {
				if p := PosAt(data, m.KeyPos.Offset); p != m.KeyPos || data[m.KeyPos.Offset] != '"' {
					t.Fatalf("KeyPos %+v, PosAt says %+v", m.KeyPos, p)
				}
				walk(m.Value)
			}
			for _, e := range n.Elems {
				walk(e)
			}
		}
		if root != nil {
			walk(root)
		}
	})
}

// TestErrorMessageClipped: hujson quotes the offending literal, which in a binary file is
// kilobytes of control bytes on one line (test/fixtures/badinput, generated case binary-junk):
// the message must stay short and printable.
func TestErrorMessageClipped(t *testing.T) {
	junk := []byte(`{"x": `)
	for i := range 5000 {
		junk = append(junk, byte(i*7+1))
	}
	_, err := Parse(junk)
	se, ok := err.(*SyntaxError)
	if !ok {
		t.Fatalf("err = %v", err)
	}
	if n := utf8.RuneCountInString(se.Msg); n > maxMessage+1 {
		t.Errorf("message of %d runes: %q", n, se.Msg)
	}
	for _, r := range se.Msg {
		if r < 0x20 || r == 0x7f {
			t.Fatalf("control byte in %q", se.Msg)
		}
	}
	if !utf8.ValidString(se.Msg) {
		t.Errorf("invalid UTF-8 in %q", se.Msg)
	}
}
