package fixes

import (
	"errors"
	"io/fs"
	"strings"
	"testing"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
)

func reader(files map[string]string) func(string) ([]byte, error) {
	return func(p string) ([]byte, error) {
		s, ok := files[p]
		if !ok {
			return nil, fs.ErrNotExist
		}
		return []byte(s), nil
	}
}

func TestPlanLineEdits(t *testing.T) {
	bom := "\xef\xbb\xbf"
	for _, tc := range []struct {
		name, in string
		lines    []check.LineChange
		want     string
	}{
		{"replace middle", "A=1\nB=2\nC=3\n", []check.LineChange{{Line: 2, Text: check.Str("B=two")}}, "A=1\nB=two\nC=3\n"},
		{"delete first", "A=1\nB=2\n", []check.LineChange{{Line: 1}}, "B=2\n"},
		{"delete last without newline", "A=1\nB=2", []check.LineChange{{Line: 2}}, "A=1"},
		{"delete only", "A=1", []check.LineChange{{Line: 1}}, ""},
		{"crlf lines", "A=1\r\nB=2\r\n", []check.LineChange{{Line: 1, Text: check.Str("A=1")}, {Line: 2, Text: check.Str("B=2")}}, "A=1\nB=2\n"},
		{"bom kept", bom + "A=1\nB=2\n", []check.LineChange{{Line: 2, Text: check.Str("B=3")}}, bom + "A=1\nB=3\n"},
		{"bom removed alone", bom + "A=1\n", []check.LineChange{{RemoveBOM: true}}, "A=1\n"},
		{"bom removed with line 1", bom + "a=1\n", []check.LineChange{{Line: 1, Text: check.Str("A=1"), RemoveBOM: true}}, "A=1\n"},
		{"line 1 kept bom", bom + "a=1\n", []check.LineChange{{Line: 1, Text: check.Str("A=1")}}, bom + "A=1\n"},
	} {
		fe, err := Plan(check.Fix{Kind: check.Edit, File: "f", Lines: tc.lines}, reader(map[string]string{"f": tc.in}))
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if string(fe.After) != tc.want {
			t.Errorf("%s: got %q; want %q", tc.name, fe.After, tc.want)
		}
	}
	if _, err := Plan(check.Fix{Kind: check.Edit, File: "f", Lines: []check.LineChange{{Line: 9}}}, reader(map[string]string{"f": "A=1\n"})); err == nil {
		t.Error("a line past the end must be an error")
	}
	if _, err := Plan(check.Fix{Kind: check.Edit, File: "missing", Lines: []check.LineChange{{Line: 1}}}, reader(nil)); err == nil {
		t.Error("a line edit of a missing file must be an error")
	}
}

func TestPlanSettingsKeepsComments(t *testing.T) {
	in := "// user settings\n{\n\t// proxy for work\n\t\"go.toolsEnvVars\": {\n\t\t\"GOPROXY\": \"off\", // temporary\n\t},\n\t/* keep */ \"editor.tabSize\": 4,\n}\n"
	fix := check.SettingFix("s.json", "user", nil, "t", check.Str("https://proxy.golang.org,direct"), "go.toolsEnvVars", "GOPROXY")
	fe, err := Plan(fix, reader(map[string]string{"s.json": in}))
	if err != nil {
		t.Fatal(err)
	}
	out := string(fe.After)
	for _, keep := range []string{"// user settings", "// proxy for work", "// temporary", "/* keep */", `"editor.tabSize": 4,`} {
		if !strings.Contains(out, keep) {
			t.Errorf("lost %q:\n%s", keep, out)
		}
	}
	if !strings.Contains(out, `"GOPROXY": "https://proxy.golang.org,direct", // temporary`) {
		t.Errorf("value not replaced in place:\n%s", out)
	}
	if len(fe.Edits) != 1 {
		t.Errorf("want one minimal edit, got %+v", fe.Edits)
	}
}

func TestPlanNeverRewritesBrokenFile(t *testing.T) {
	in := "{ \"go.toolsEnvVars\": { \"GOPROXY\": \"off\" " // unterminated
	fix := check.SettingFix("s.json", "user", nil, "t", check.Str("x"), "go.toolsEnvVars", "GOPROXY")
	if fe, err := Plan(fix, reader(map[string]string{"s.json": in})); err == nil {
		t.Fatalf("planned an edit of a broken file: %q", fe.After)
	}
}

func TestPlanCreatesMissingFiles(t *testing.T) {
	fix := check.SettingFix("s.json", "workspace", nil, "t", check.Str("${workspaceFolder}/.env"), "go.testEnvFile")
	fe, err := Plan(fix, reader(nil))
	if err != nil {
		t.Fatal(err)
	}
	if fe.Existed || !strings.Contains(string(fe.After), `"go.testEnvFile": "${workspaceFolder}/.env"`) {
		t.Errorf("created %q", fe.After)
	}
	w := check.GoEnvW("env", "GOPRIVATE", "git.corp.internal", "t")
	fe, err = Plan(w, reader(nil))
	if err != nil || string(fe.After) != "GOPRIVATE=git.corp.internal\n" {
		t.Errorf("go env -w on a missing file: %q, %v", fe.After, err)
	}
}

func TestPlanCommandFix(t *testing.T) {
	if _, err := Plan(check.Restart(), reader(nil)); !errors.Is(err, ErrNoEdit) {
		t.Errorf("restart: %v", err)
	}
}
