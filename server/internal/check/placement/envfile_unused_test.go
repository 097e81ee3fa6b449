package placement

import (
	"testing"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/check/checktest"
)

func TestEnvfileUnused(t *testing.T) {
	e := checktest.Load(t, `
-- ws/.env --
# local development
DATABASE_URL=postgres://localhost/dev
GOPRIVATE=git.corp.example.com
GOPROXY=https://goproxy.corp.example
-- ws/.vscode/settings.json --
{
  // keep me
  "editor.tabSize": 4
}
`)
	f := expect(t, e, envfileUnused, 1)[0]
	if f.Severity != check.Info || f.Folder != e.Target {
		t.Errorf("finding = %+v", f)
	}
	at(t, e, f, "ws/.env", 3, 1)
	mentions(t, f.Message, "GOPRIVATE, GOPROXY", "gopls still will not read it", "go.toolsEnvVars")
	fix := preferredFix(t, f)
	if fix.Setting == nil || fix.Setting.Key != "go.testEnvFile" || *fix.JSON.Value != "${workspaceFolder}/.env" || fix.File != e.Path("ws/.vscode/settings.json") {
		t.Errorf("preferred fix = %+v", fix)
	}
	if len(f.Fixes) != 3 {
		t.Errorf("fixes = %+v; want go.testEnvFile plus one go.toolsEnvVars entry per variable", f.Fixes)
	}
	e.Apply(fix)
	expect(t, e, envfileUnused, 0)
	mentions(t, e.Read("ws/.vscode/settings.json"), "// keep me", `"go.testEnvFile"`)
	if v := e.WS.Context(e.Target, "test").Get("GOPRIVATE").Value; v != "git.corp.example.com" {
		t.Errorf("test GOPRIVATE after loading .env = %q", v)
	}
}

func TestEnvfileUnusedClean(t *testing.T) {
	for name, archive := range map[string]string{
		"nothing": ``,
		"no Go variables": `
-- ws/.env --
DATABASE_URL=postgres://localhost/dev
`,
		"loaded by a launch configuration": `
-- ws/.env --
GOFLAGS=-mod=mod
-- ws/.vscode/launch.json --
{"configurations": [{"name": "x", "type": "go", "request": "launch", "envFile": "${workspaceFolder}/.env"}]}
`,
		"loaded as go.testEnvFile": `
-- ws/.env --
GOFLAGS=-mod=mod
-- ws/.vscode/settings.json --
{"go.testEnvFile": "${workspaceFolder}/.env"}
`,
	} {
		t.Run(name, func(t *testing.T) {
			expect(t, checktest.Load(t, archive), envfileUnused, 0)
		})
	}
}
