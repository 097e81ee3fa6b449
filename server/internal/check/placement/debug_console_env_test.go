package placement

import (
	"testing"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/check/checktest"
)

const consoleLaunch = `
-- shell.env --
HOME=$DIR/home
PATH=$DIR/goroot/bin
-- host.env --
HOME=$DIR/home
PATH=$DIR/goroot/bin
GOFLAGS=-mod=mod
-- ws/.vscode/launch.json --
{
  // run in a terminal for stdin
  "configurations": [
    {
      "name": "Interactive",
      "type": "go",
      "request": "launch",
      "program": "${workspaceFolder}",
      "console": "integratedTerminal"
    }
  ]
}
`

func TestDebugConsoleEnv(t *testing.T) {
	e := checktest.Load(t, consoleLaunch)
	f := expect(t, e, debugConsoleEnv, 1)[0]
	if f.Severity != check.Info || f.Folder != e.Target {
		t.Errorf("finding = %+v", f)
	}
	at(t, e, f, "ws/.vscode/launch.json", 9, 18)
	sameIDs(t, f.Contexts, "delve:Interactive")
	mentions(t, f.Message, `"console": "integratedTerminal"`, `GOFLAGS is "" (empty) there but -mod=mod in gopls`)
	if len(f.Fixes) != 1 || f.Fixes[0].Preferred {
		t.Fatalf("fixes = %+v; want one, not preferred (it changes stdin handling)", f.Fixes)
	}
	mentions(t, f.Fixes[0].Title, "internalConsole", "stdin")
	e.Apply(f.Fixes[0])
	expect(t, e, debugConsoleEnv, 0)
	mentions(t, e.Read("ws/.vscode/launch.json"), "// run in a terminal for stdin", `"console": "internalConsole"`)
}

func TestDebugConsoleEnvClean(t *testing.T) {
	for name, archive := range map[string]string{
		"nothing": ``,
		// build.env applies to gopls's own go commands only: no console mode changes that.
		"difference from gopls build.env": `
-- ws/.vscode/settings.json --
{"gopls": {"build.env": {"GOFLAGS": "-tags=integration"}}}
-- ws/.vscode/launch.json --
{"configurations": [{"name": "term", "type": "go", "request": "launch", "console": "integratedTerminal"}]}
`,
		"terminal console, same environment": `
-- ws/.vscode/launch.json --
{"configurations": [{"name": "x", "type": "go", "request": "launch", "console": "integratedTerminal"}]}
`,
		"only the configuration's own env differs": `
-- ws/.vscode/launch.json --
{"configurations": [{"name": "x", "type": "go", "request": "launch", "console": "integratedTerminal", "env": {"GOPRIVATE": "corp.example.com"}}]}
`,
		"internal console": `
-- host.env --
HOME=$DIR/home
PATH=$DIR/goroot/bin
GOFLAGS=-mod=mod
-- ws/.vscode/launch.json --
{"configurations": [{"name": "x", "type": "go", "request": "launch", "console": "internalConsole"}]}
`,
	} {
		t.Run(name, func(t *testing.T) {
			expect(t, checktest.Load(t, archive), debugConsoleEnv, 0)
		})
	}
}
