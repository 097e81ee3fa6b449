package placement

import (
	"strings"
	"testing"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/check/checktest"
)

func TestEnvfileMissing(t *testing.T) {
	e := checktest.Load(t, `
-- ws/.vscode/launch.json --
{
  // debugging
  "configurations": [
    {"name": "Debug", "type": "go", "request": "launch",
     "envFile": ["${workspaceFolder}/ok.env", "${workspaceFolder}/missing.env"]},
    {"name": "Other", "type": "go", "request": "launch", "envFile": "${workspaceFolder}/gone.env"}
  ]
}
-- ws/.vscode/settings.json --
{
  "go.testEnvFile": "${workspaceFolder}/.env.test"
}
-- ws/ok.env --
A=1
`)
	fs := expect(t, e, envfileMissing, 3)
	byFile := map[string][]check.Finding{}
	for _, f := range fs {
		if f.Severity != check.Error {
			t.Errorf("severity = %s", f.Severity)
		}
		byFile[f.Location.File] = append(byFile[f.Location.File], f)
	}
	launch := byFile[e.Path("ws/.vscode/launch.json")]
	if len(launch) != 2 {
		t.Fatalf("launch findings = %+v", launch)
	}
	at(t, e, launch[0], "ws/.vscode/launch.json", 5, 47)
	mentions(t, launch[0].Message, e.Path("ws/missing.env"), `"Debug"`, "Cannot load environment variables")
	sameIDs(t, launch[0].Contexts, "delve:Debug")
	if p := launch[0].Fixes[0].JSON.Path; len(p) != 4 || p[2] != "envFile" || p[3] != 1 {
		t.Errorf("fix path = %v; want the array element", p)
	}
	at(t, e, launch[1], "ws/.vscode/launch.json", 6, 69)
	test := byFile[e.Path("ws/.vscode/settings.json")]
	if len(test) != 1 {
		t.Fatalf("go.testEnvFile findings = %+v", test)
	}
	at(t, e, test[0], "ws/.vscode/settings.json", 2, 21)
	sameIDs(t, test[0].Contexts, "test", "test-debug")
	for _, f := range fs {
		e.Apply(preferredFix(t, f))
	}
	expect(t, e, envfileMissing, 0)
	s := e.Read("ws/.vscode/launch.json")
	mentions(t, s, "// debugging", "ok.env")
	if strings.Contains(s, "missing.env") || strings.Contains(s, "gone.env") {
		t.Errorf("launch.json after the fixes:\n%s", s)
	}
}

func TestEnvfileMissingClean(t *testing.T) {
	for name, archive := range map[string]string{
		"nothing": ``,
		"files exist": `
-- ws/.vscode/launch.json --
{"configurations": [{"name": "x", "type": "go", "request": "launch", "envFile": "${workspaceFolder}/.env"}]}
-- ws/.vscode/settings.json --
{"go.testEnvFile": "${workspaceFolder}/.env"}
-- ws/.env --
A=1
`,
		"unresolvable variables are not judged": `
-- ws/.vscode/launch.json --
{"configurations": [{"name": "x", "type": "go", "request": "launch", "envFile": "${input:envFile}"}]}
`,
		"not a go configuration": `
-- ws/.vscode/launch.json --
{"configurations": [{"name": "x", "type": "node", "request": "launch", "envFile": "${workspaceFolder}/nope.env"}]}
`,
		"empty go.testEnvFile": `
-- ws/.vscode/settings.json --
{"go.testEnvFile": ""}
`,
	} {
		t.Run(name, func(t *testing.T) {
			expect(t, checktest.Load(t, archive), envfileMissing, 0)
		})
	}
}
