package placement

import (
	"strings"
	"testing"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/check/checktest"
)

const launchOverrides = `
-- ws/.vscode/launch.json --
{
  "version": "0.2.0",
  "configurations": [
    {
      "name": "Debug",
      "type": "go",
      "request": "launch",
      "program": "${workspaceFolder}",
      "envFile": "${workspaceFolder}/dev.env",
      "env": {
        "GOFLAGS": "-mod=mod", // needed for replace
        "APP_MODE": "dev"
      }
    },
    {"name": "Plain", "type": "go", "request": "launch", "program": "${workspaceFolder}"}
  ]
}
-- ws/dev.env --
PORT=8080
GOPROXY=direct
`

func TestLaunchEnvOverride(t *testing.T) {
	e := checktest.Load(t, launchOverrides)
	fs := expect(t, e, launchEnvOverride, 2)
	var env, file check.Finding
	for _, f := range fs {
		if strings.HasSuffix(f.Location.File, "launch.json") {
			env = f
		} else {
			file = f
		}
	}
	at(t, e, env, "ws/.vscode/launch.json", 11, 20)
	mentions(t, env.Message, `env.GOFLAGS of launch configuration "Debug" sets it to -mod=mod`, "go.toolsEnvVars < envFile < env")
	sameIDs(t, env.Contexts, "delve:Debug")
	at(t, e, file, "ws/dev.env", 2, 0)
	mentions(t, file.Message, "GOPROXY in the envFile", "sets it to direct", "gopls uses https://proxy.golang.org,direct")
	if env.Severity != check.Info {
		t.Errorf("severity = %s", env.Severity)
	}
	e.Apply(preferredFix(t, env))
	e.Apply(preferredFix(t, file))
	expect(t, e, launchEnvOverride, 0)
	mentions(t, e.Read("ws/.vscode/launch.json"), `"APP_MODE": "dev"`, `"name": "Plain"`)
	if s := e.Read("ws/dev.env"); s != "PORT=8080\n" {
		t.Errorf("dev.env = %q", s)
	}
}

func TestLaunchEnvOverrideClean(t *testing.T) {
	for name, archive := range map[string]string{
		"nothing": ``,
		"env without download variables": `
-- ws/.vscode/launch.json --
{"configurations": [{"name": "x", "type": "go", "request": "launch", "env": {"PORT": "1"}}]}
`,
		"same value as gopls": `
-- ws/.vscode/launch.json --
{"configurations": [{"name": "x", "type": "go", "request": "launch", "env": {"GOPROXY": "https://proxy.golang.org,direct"}}]}
`,
		"not a go configuration": `
-- ws/.vscode/launch.json --
{"configurations": [{"name": "x", "type": "node", "request": "launch", "env": {"GOPROXY": "off"}}]}
`,
	} {
		t.Run(name, func(t *testing.T) {
			expect(t, checktest.Load(t, archive), launchEnvOverride, 0)
		})
	}
}
