package jsonedit

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.out.jsonc and drop jsonc-parser outputs that match")

// goldenCase is one entry of testdata/cases.json. testdata/<In>.in.jsonc is the input,
// testdata/<Name>.out.jsonc the expected result. testdata/jsonc-parser.mjs runs VS Code's
// jsonc-parser on the same case; where its result differs from ours it is kept as
// testdata/<Name>.jsonc-parser.jsonc and Differs says why we differ on purpose.
type goldenCase struct {
	Name    string          `json:"name"`
	In      string          `json:"in"`
	Op      string          `json:"op"` // "set" or "remove"
	Path    Path            `json:"path"`
	Value   json.RawMessage `json:"value"`
	Indent  string          `json:"indent"` // what detectIndent must find (and jsonc-parser is told)
	Differs string          `json:"differs"`
}

func loadCases(t *testing.T) []goldenCase {
	data, err := os.ReadFile(filepath.Join("testdata", "cases.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []goldenCase
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	return cases
}

func (c goldenCase) run(t *testing.T, src []byte) ([]Edit, error) {
	if c.Op == "remove" {
		return Remove(src, c.Path, Options{})
	}
	return Set(src, c.Path, c.Value, Options{})
}

func (c goldenCase) value(t *testing.T) any {
	var v any
	if len(c.Value) == 0 {
		return nil
	}
	if err := json.Unmarshal(c.Value, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestGolden(t *testing.T) {
	cases := loadCases(t)
	same := 0
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join("testdata", c.In+".in.jsonc"))
			if err != nil {
				t.Fatal(err)
			}
			if got := detectIndent(src); c.Indent != "" && bytes.ContainsAny(src, "\n") && got != c.Indent {
				t.Errorf("detectIndent = %q; case says %q", got, c.Indent)
			}
			edits, err := c.run(t, src)
			if err != nil {
				t.Fatal(err)
			}
			got, err := Apply(src, edits)
			if err != nil {
				t.Fatal(err)
			}
			checkEdit(t, src, got, c.Path, c.value(t), c.Op == "remove")

			outFile := filepath.Join("testdata", c.Name+".out.jsonc")
			theirsFile := filepath.Join("testdata", c.Name+".jsonc-parser.jsonc")
			theirs, err := os.ReadFile(theirsFile)
			if err != nil && !errors.Is(err, fs.ErrNotExist) {
				t.Fatal(err)
			}
			if *update {
				if err := os.WriteFile(outFile, got, 0o666); err != nil {
					t.Fatal(err)
				}
				if theirs != nil && bytes.Equal(theirs, got) {
					if err := os.Remove(theirsFile); err != nil {
						t.Fatal(err)
					}
					theirs = nil
				}
			}
			want, err := os.ReadFile(outFile)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("result differs from %s\ngot:\n%s\nwant:\n%s", outFile, got, want)
			}
			switch {
			case theirs == nil && c.Differs != "":
				t.Errorf("identical to jsonc-parser now: drop the \"differs\" note")
			case theirs != nil && c.Differs == "":
				t.Errorf("differs from jsonc-parser (%s) without a \"differs\" note:\ngot:\n%s\njsonc-parser:\n%s", theirsFile, got, theirs)
			case theirs == nil:
				same++
			}
		})
	}
	t.Logf("%d of %d cases byte-for-byte identical to jsonc-parser 3.3.1 modify+applyEdits", same, len(cases))
}
