package jsonedit

import (
	"errors"
	"strings"
	"testing"

	"github.com/go-env-doctor/go-env-doctor/server/internal/jsonc"
)

func mustApply(t testing.TB, src string, edits []Edit) string {
	t.Helper()
	out, err := Apply([]byte(src), edits)
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	return string(out)
}

func TestSet(t *testing.T) {
	cases := []struct {
		name  string
		in    string
		path  Path
		value any
		opt   Options
		want  string
	}{
		{"empty document", "", Path{"go.toolsEnvVars", "GOPROXY"}, "direct", Options{},
			"{\n\t\"go.toolsEnvVars\": {\n\t\t\"GOPROXY\": \"direct\"\n\t}\n}"},
		{"empty document, options", "", Path{"a"}, 1, Options{Indent: "  ", EOL: "\r\n"},
			"{\r\n  \"a\": 1\r\n}"},
		{"whitespace only", "  \n", Path{"a"}, true, Options{},
			"{\n\t\"a\": true\n}\n"},
		{"comment only", "// settings", Path{"a"}, nil, Options{},
			"// settings\n{\n\t\"a\": null\n}"},
		{"BOM and nothing else", "\xef\xbb\xbf", Path{"a"}, 1, Options{},
			"\xef\xbb\xbf{\n\t\"a\": 1\n}"},
		{"replace scalar", "{\n\t\"a\": 1 // one\n}\n", Path{"a"}, "x", Options{},
			"{\n\t\"a\": \"x\" // one\n}\n"},
		{"replace with object, indented by its line", "{\n    \"a\": {\n        \"b\": 1\n    }\n}", Path{"a", "b"}, map[string]any{"z": []any{1, "2"}, "y": map[string]any{}}, Options{},
			"{\n    \"a\": {\n        \"b\": {\n            \"y\": {},\n            \"z\": [\n                1,\n                \"2\"\n            ]\n        }\n    }\n}"},
		{"insert CRLF", "{\r\n\t\"a\": 1\r\n}\r\n", Path{"b"}, 2, Options{},
			"{\r\n\t\"a\": 1,\r\n\t\"b\": 2\r\n}\r\n"},
		{"insert keeps trailing comma", "{\n  \"a\": 1,\n}", Path{"b"}, 2, Options{},
			"{\n  \"a\": 1,\n  \"b\": 2,\n}"},
		{"insert after same-line comments", "{\n\t\"a\": 1 /* x */ // y\n}", Path{"b"}, 2, Options{},
			"{\n\t\"a\": 1, /* x */ // y\n\t\"b\": 2\n}"},
		{"insert before own-line comments", "{\n\t\"a\": 1\n\t// \"b\": 0\n}", Path{"b"}, 2, Options{},
			"{\n\t\"a\": 1,\n\t\"b\": 2\n\t// \"b\": 0\n}"},
		{"closing brace on the last member's line", "{\n\t\"a\": 1}", Path{"b"}, 2, Options{},
			"{\n\t\"a\": 1,\n\t\"b\": 2\n}"},
		{"insert into {}", "{\"x\": 0,\n\"a\": {}\n}", Path{"a", "b"}, 2, Options{Indent: "\t"},
			"{\"x\": 0,\n\"a\": {\n\t\"b\": 2\n}\n}"},
		{"inline in a one-line parent", `{"a": {"b": 1}}`, Path{"a", "c"}, []any{1, 2}, Options{},
			`{"a": {"b": 1, "c": [1, 2]}}`},
		{"one-line root is split", `{"a": 1, /* c */ "b": 2}`, Path{"c"}, 3, Options{},
			"{\n\t\"a\": 1, /* c */\n\t\"b\": 2,\n\t\"c\": 3\n}"},
		{"dotted key is one key", "{\n\t\"go.toolsEnvVars\": {}\n}", Path{"go.toolsEnvVars"}, map[string]string{"GOPROXY": "off"}, Options{},
			"{\n\t\"go.toolsEnvVars\": {\n\t\t\"GOPROXY\": \"off\"\n\t}\n}"},
		{"last duplicate", `{"a": 1, "a": 2}`, Path{"a"}, 3, Options{}, `{"a": 1, "a": 3}`},
		{"string parent replaced", "{\n\t\"a\": \"x\"\n}", Path{"a", "b"}, 1, Options{},
			"{\n\t\"a\": {\n\t\t\"b\": 1\n\t}\n}"},
		{"array parent replaced", "{\n\t\"a\": [1]\n}", Path{"a", "b"}, 1, Options{},
			"{\n\t\"a\": {\n\t\t\"b\": 1\n\t}\n}"},
		{"root that is not an object", "[1] // c", Path{"a"}, 1, Options{},
			"{\n\t\"a\": 1\n} // c"},
		{"array index from JSON", "{\"c\": [{}]}", Path{"c", float64(0), "env"}, "x", Options{},
			`{"c": [{"env": "x"}]}`},
		{"append with -1", "[\n  1\n]", Path{-1}, 2, Options{}, "[\n  1,\n  2\n]"},
		{"missing array is created", "{}", Path{"c", 0, "n"}, 1, Options{},
			"{\n\t\"c\": [\n\t\t{\n\t\t\t\"n\": 1\n\t\t}\n\t]\n}"},
		{"empty path replaces the document", "// c\n{\"a\": 1}\n", Path{}, map[string]int{"b": 2}, Options{},
			"// c\n{\n\t\"b\": 2\n}\n"},
		{"no HTML escaping, non-ASCII kept", "{\"ü\": \"€\"}", Path{"k"}, "<a&b> ✓", Options{},
			"{\n\t\"ü\": \"€\",\n\t\"k\": \"<a&b> ✓\"\n}"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			edits, err := Set([]byte(c.in), c.path, c.value, c.opt)
			if err != nil {
				t.Fatal(err)
			}
			got := mustApply(t, c.in, edits)
			if got != c.want {
				t.Errorf("Set(%q, %s)\ngot  %q\nwant %q", c.in, pathString(c.path), got, c.want)
			}
			checkEdit(t, []byte(c.in), []byte(got), c.path, c.value, false)
		})
	}
}

func TestRemove(t *testing.T) {
	cases := []struct {
		name string
		in   string
		path Path
		want string
	}{
		{"first", "{\n\t\"a\": 1,\n\t\"b\": 2,\n\t\"c\": 3\n}", Path{"a"}, "{\n\t\"b\": 2,\n\t\"c\": 3\n}"},
		{"middle", "{\n\t\"a\": 1,\n\t\"b\": 2,\n\t\"c\": 3\n}", Path{"b"}, "{\n\t\"a\": 1,\n\t\"c\": 3\n}"},
		{"last", "{\n\t\"a\": 1,\n\t\"b\": 2,\n\t\"c\": 3\n}", Path{"c"}, "{\n\t\"a\": 1,\n\t\"b\": 2\n}"},
		{"only", "{\n\t\"a\": 1\n}\n", Path{"a"}, "{}\n"},
		{"only, trailing comma", "{\n\t\"a\": {\n\t\t\"b\": 1,\n\t},\n}", Path{"a", "b"}, "{\n\t\"a\": {},\n}"},
		{"only, comment stays", "{\n\t// keep\n\t\"a\": 1\n}", Path{"a"}, "{\n\t// keep\n}"},
		{"last keeps comment lines", "{\n\t\"a\": 1, // one\n\t// two\n\t\"b\": 2\n}", Path{"b"}, "{\n\t\"a\": 1 // one\n\t// two\n}"},
		{"last with trailing comma", "{\n\t\"a\": 1,\n\t\"b\": 2,\n}", Path{"b"}, "{\n\t\"a\": 1,\n}"},
		{"CRLF", "{\r\n\t\"a\": 1,\r\n\t\"b\": 2\r\n}\r\n", Path{"a"}, "{\r\n\t\"b\": 2\r\n}\r\n"},
		{"one line, first", `{"a": 1, "b": 2}`, Path{"a"}, `{"b": 2}`},
		{"one line, last", `{"a": 1, "b": 2}`, Path{"b"}, `{"a": 1}`},
		{"one line, last with trailing comma", `[1, 2, 3,]`, Path{2}, `[1, 2,]`},
		{"array middle", `[1, 2, 3]`, Path{1}, `[1, 3]`},
		{"comment between value and comma", `{"a": 1 /* c */, "b": 2}`, Path{"a"}, `{ /* c */ "b": 2}`},
		{"all duplicates", "{\n\t\"a\": 1,\n\t\"b\": 2,\n\t\"a\": 3\n}", Path{"a"}, "{\n\t\"b\": 2\n}"},
		{"nested", "{\"x\": {\"a\": [0, {\"b\": 1, \"c\": 2}]}}", Path{"x", "a", 1, "b"}, "{\"x\": {\"a\": [0, {\"c\": 2}]}}"},
		{"missing member", `{"a": 1}`, Path{"b"}, `{"a": 1}`},
		{"missing parent", `{"a": 1}`, Path{"b", "c"}, `{"a": 1}`},
		{"scalar parent", `{"a": 1}`, Path{"a", "c"}, `{"a": 1}`},
		{"index out of range", `[1]`, Path{1}, `[1]`},
		{"empty document", "// c\n", Path{"a"}, "// c\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			edits, err := Remove([]byte(c.in), c.path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			got := mustApply(t, c.in, edits)
			if got != c.want {
				t.Errorf("Remove(%q, %s)\ngot  %q\nwant %q", c.in, pathString(c.path), got, c.want)
			}
			if got == c.in && edits != nil {
				t.Errorf("a no-op returned edits %+v", edits)
			}
			checkEdit(t, []byte(c.in), []byte(got), c.path, nil, true)
		})
	}
}

// TestRoundTrip adds a member and removes it again: the document must come back unchanged.
// (Not for one-line objects: adding splits them into lines, removing does not join them.)
func TestRoundTrip(t *testing.T) {
	docs := []string{
		"{}",
		"{\n\t\"a\": 1\n}\n",
		"// header\n{\n    \"a\": 1, // one\n\n    /* two */\n    \"b\": [1, 2]\n    // end\n}",
		"{\r\n  \"a\": {\r\n    \"b\": true,\r\n  },\r\n}\r\n",
		"{\n\t\"ä\": \"ö 🚀\",\n\t\"go.toolsEnvVars\": {\n\t\t\"GOPROXY\": \"direct\"\n\t}\n}",
	}
	paths := []Path{{"new"}, {"a", "new"}, {"go.toolsEnvVars", "GOFLAGS"}}
	trips := 0
	defer func() {
		if trips < 10 {
			t.Errorf("only %d round trips ran", trips)
		}
	}()
	for _, doc := range docs {
		for _, p := range paths {
			edits, err := Set([]byte(doc), p, map[string]any{"k": "v"}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			mid := mustApply(t, doc, edits)
			// Remove what Set added: the first path element that was not there.
			n, k := mustParse(t, doc), 0
			for ; k < len(p) && n.Kind == jsonc.Object; k++ {
				if n = n.Get(p[k].(string)); n == nil {
					break
				}
			}
			if n != nil {
				continue // the value existed, or Set replaced a non-object parent
			}
			added := p[:k+1]
			trips++
			edits, err = Remove([]byte(mid), added, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if back := mustApply(t, mid, edits); back != doc {
				t.Errorf("Set %s then Remove %s:\n%q\n-> %q\n-> %q", pathString(p), pathString(added), doc, mid, back)
			}
		}
	}
}

func mustParse(t *testing.T, doc string) *jsonc.Node {
	t.Helper()
	n, err := jsonc.Parse([]byte(doc))
	if err != nil || n == nil {
		t.Fatalf("Parse(%q): %v", doc, err)
	}
	return n
}

func TestErrors(t *testing.T) {
	bad := "{\n\t\"a\": 1,,\n}"
	for _, op := range []func() ([]Edit, error){
		func() ([]Edit, error) { return Set([]byte(bad), Path{"a"}, 2, Options{}) },
		func() ([]Edit, error) { return Remove([]byte(bad), Path{"a"}, Options{}) },
	} {
		edits, err := op()
		var se *jsonc.SyntaxError
		if err == nil || edits != nil || !errors.As(err, &se) || !strings.Contains(err.Error(), "line 2, column") {
			t.Errorf("unparsable document: edits %v, err %v; want no edits and a positioned syntax error", edits, err)
		}
	}
	for _, c := range []struct {
		in    string
		path  Path
		value any
		want  string
	}{
		{`{}`, Path{1.5}, 1, "not an integer"},
		{`{}`, Path{true}, 1, "neither a key nor an index"},
		{`{"a": [1]}`, Path{"a", 3}, 1, "out of range"},
		{`{"a": [1]}`, Path{"a", -2}, 1, "out of range"},
		{`{}`, Path{"a", 1}, 1, "out of range"},
		{`{}`, Path{"a"}, make(chan int), "unsupported type"},
	} {
		if edits, err := Set([]byte(c.in), c.path, c.value, Options{}); err == nil || edits != nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Set(%s, %s): edits %v, err %v; want error containing %q", c.in, pathString(c.path), edits, err, c.want)
		}
	}
	if _, err := Remove([]byte(`{}`), Path{}, Options{}); err == nil {
		t.Error("Remove of the whole document: want an error")
	}
	if edits, err := Set([]byte(`{"a": 1}`), Path{"a"}, 1, Options{}); err != nil || edits != nil {
		t.Errorf("setting the same value: edits %v, err %v; want none", edits, err)
	}
	for _, edits := range [][]Edit{
		{{Offset: 0, Length: 2}, {Offset: 1, Length: 1}},
		{{Offset: 3, Length: 1}},
		{{Offset: -1}},
	} {
		if _, err := Apply([]byte("abc"), edits); err == nil {
			t.Errorf("Apply(%v): want an error", edits)
		}
	}
	if got := mustApply(t, "abc", []Edit{{Offset: 3, Text: "!"}, {Offset: 0, Length: 1, Text: "A"}, {Offset: 3, Text: "?"}}); got != "Abc!?" {
		t.Errorf("Apply = %q", got)
	}
}

func TestDetect(t *testing.T) {
	for _, c := range []struct{ in, indent, eol string }{
		{"", "\t", "\n"},
		{"{\"a\": 1}", "\t", "\n"},
		{"{\n\t\"a\": {\n\t\t\"b\": 1\n\t}\n}", "\t", "\n"},
		{"{\r\n  \"a\": {\r\n    \"b\": 1\r\n  }\r\n}", "  ", "\r\n"},
		{"{\n    \"a\": {\n        \"b\": [\n            1\n        ]\n    }\n}", "    ", "\n"},
		{"{\n    /*\n     * block comment body\n     */\n    \"a\": 1\n}", "    ", "\n"},
		{"{\n\t\"a\": 1,\n  \"b\": 2,\n\t\"c\": 3\n}", "\t", "\n"},
	} {
		if got := detectIndent([]byte(c.in)); got != c.indent {
			t.Errorf("detectIndent(%q) = %q; want %q", c.in, got, c.indent)
		}
		if got := detectEOL([]byte(c.in)); got != c.eol {
			t.Errorf("detectEOL(%q) = %q; want %q", c.in, got, c.eol)
		}
	}
}

func FuzzSetRemove(f *testing.F) {
	for _, s := range []string{
		"", "// c", "{}", "{ }", "[]", "null", `"x"`, "{\n\t\"a\": 1 // c\n}",
		"{\n  \"go.toolsEnvVars\": {\n    \"GOPROXY\": \"direct\", /* x */\n  },\n}",
		"{\"configurations\": [{\"env\": {\"GOPROXY\": 1}}, {}]}",
		"\xef\xbb\xbf{\r\n\t\"a\": [1, 2,],\r\n\t\"a\": {\"b\": null}\r\n}",
		"{\"a\": 1,,}",
	} {
		f.Add([]byte(s), uint8(0), uint8(0))
	}
	paths := []Path{
		{"go.toolsEnvVars", "GOPROXY"}, {"a"}, {"a", "b"}, {"a", 0}, {"a", 1, "b"},
		{"configurations", 0, "env", "GOPROXY"}, {""}, {0}, {-1}, {},
	}
	values := []any{"direct", nil, true, 1.5, map[string]any{"k": "v", "l": []any{}}, []any{1, "x"}, "ü\n\"</"}
	f.Fuzz(func(t *testing.T, data []byte, p, v uint8) {
		path, value := paths[int(p)%len(paths)], values[int(v)%len(values)]
		_, perr := jsonc.Parse(data)
		if perr == nil {
			if _, err := decode(data); err != nil {
				t.Skip("too deep for encoding/json") // jsonc accepts depth 10000, encoding/json less
			}
		}

		edits, err := Set(data, path, value, Options{})
		switch {
		case perr != nil:
			if err == nil || edits != nil {
				t.Fatalf("Set on an unparsable document: edits %v, err %v", edits, err)
			}
		case err != nil:
			if !strings.Contains(err.Error(), "out of range") {
				t.Fatalf("Set(%q, %s): %v", data, pathString(path), err)
			}
		default:
			out, err := Apply(data, edits)
			if err != nil {
				t.Fatalf("Apply(%q, %+v): %v", data, edits, err)
			}
			checkEdit(t, data, out, path, value, false)
		}

		edits, err = Remove(data, path, Options{})
		switch {
		case perr != nil:
			if err == nil || edits != nil {
				t.Fatalf("Remove on an unparsable document: edits %v, err %v", edits, err)
			}
		case len(path) == 0:
			if err == nil {
				t.Fatal("Remove of the whole document: want an error")
			}
		case err != nil:
			t.Fatalf("Remove(%q, %s): %v", data, pathString(path), err)
		default:
			out, err := Apply(data, edits)
			if err != nil {
				t.Fatalf("Apply(%q, %+v): %v", data, edits, err)
			}
			checkEdit(t, data, out, path, nil, true)
		}
	})
}
