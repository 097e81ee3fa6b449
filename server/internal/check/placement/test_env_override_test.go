package placement

import (
	"strings"
	"testing"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/check/checktest"
)

func TestTestEnvOverrideVars(t *testing.T) {
	e := checktest.Load(t, `
-- ws/.vscode/settings.json --
{
  // tests run vendored
  "go.testEnvVars": {"GOFLAGS": "-mod=vendor"}
}
`)
	f := expect(t, e, testEnvOverride, 1)[0]
	if f.Severity != check.Info || f.Folder != e.Target {
		t.Errorf("finding = %+v", f)
	}
	at(t, e, f, "ws/.vscode/settings.json", 3, 33)
	sameIDs(t, f.Contexts, "test", "test-debug")
	mentions(t, f.Message, "go.testEnvVars sets GOFLAGS to -mod=vendor for test and test-debug", `gopls uses "" (empty)`)
	if len(f.Fixes) != 2 {
		t.Fatalf("fixes = %+v", f.Fixes)
	}
	e.Apply(preferredFix(t, f))
	expect(t, e, testEnvOverride, 0)
	mentions(t, e.Read("ws/.vscode/settings.json"), "// tests run vendored")
}

func TestTestEnvOverrideAlignGopls(t *testing.T) {
	e := checktest.Load(t, `
-- ws/.vscode/settings.json --
{"go.testEnvVars": {"GOPROXY": "https://goproxy.cn"}}
`)
	f := expect(t, e, testEnvOverride, 1)[0]
	e.Apply(f.Fixes[1])
	expect(t, e, testEnvOverride, 0)
	if g := e.WS.Context(e.Target, "gopls").Get("GOPROXY").Value; g != "https://goproxy.cn" {
		t.Errorf("gopls GOPROXY = %q", g)
	}
}

func TestTestEnvOverrideFile(t *testing.T) {
	e := checktest.Load(t, `
-- ws/.vscode/settings.json --
{"go.testEnvFile": "${workspaceFolder}/test.env"}
-- ws/test.env --
# test settings
DB=postgres://localhost
GOPROXY=off
`)
	f := expect(t, e, testEnvOverride, 1)[0]
	at(t, e, f, "ws/test.env", 3, 0)
	sameIDs(t, f.Contexts, "test", "test-debug")
	mentions(t, f.Message, "the go.testEnvFile "+e.Path("ws/test.env")+" sets GOPROXY to off")
	fix := preferredFix(t, f)
	if fix.Kind != check.Edit || len(fix.Lines) != 1 || fix.Lines[0].Line != 3 || fix.Lines[0].Text != nil {
		t.Errorf("fix = %+v; want deleting line 3", fix)
	}
	e.Apply(fix)
	expect(t, e, testEnvOverride, 0)
	if s := e.Read("ws/test.env"); !strings.Contains(s, "DB=postgres") || strings.Contains(s, "GOPROXY") {
		t.Errorf("test.env after the fix:\n%s", s)
	}
}

func TestTestEnvOverrideClean(t *testing.T) {
	for name, archive := range map[string]string{
		"nothing": ``,
		"same as gopls": `
-- user/settings.json --
{"go.toolsEnvVars": {"GOPROXY": "https://goproxy.cn"}, "go.testEnvVars": {"GOPROXY": "https://goproxy.cn"}}
`,
		"not a download variable": `
-- user/settings.json --
{"go.testEnvVars": {"CGO_ENABLED": "0", "DATABASE_URL": "x"}}
`,
	} {
		t.Run(name, func(t *testing.T) {
			expect(t, checktest.Load(t, archive), testEnvOverride, 0)
		})
	}
}

func TestTestEnvOverrideRunAndDebugDiffer(t *testing.T) {
	e := checktest.Load(t, `
-- shell.env --
HOME=$DIR/home
PATH=$DIR/goroot/bin
CORP=corp.example.com
-- ws/.vscode/settings.json --
{"go.testEnvVars": {"GOPRIVATE": "${env:CORP}"}}
`)
	f := expect(t, e, testEnvOverride, 1)[0] // one place, one finding
	sameIDs(t, f.Contexts, "test", "test-debug")
	mentions(t, f.Message, "${env:CORP} for test", "corp.example.com for test-debug", "Run test and debug test disagree")
	if len(f.Fixes) != 1 {
		t.Errorf("fixes = %+v; aligning gopls with two values is not offered", f.Fixes)
	}
	e.Apply(preferredFix(t, f))
	expect(t, e, testEnvOverride, 0)
}
