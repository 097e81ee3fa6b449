package placement

import (
	"testing"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/check/checktest"
)

const overrideArchive = `
-- user/settings.json --
{
  "go.toolsEnvVars": {"GOPROXY": "https://goproxy.corp.example,direct"},
  "gopls": {"build.env": {"GOFLAGS": "-mod=mod"}}
}
-- ws/.vscode/settings.json --
{
  // project settings
  "go.toolsEnvVars": {
    "GOPROXY": "https://proxy.golang.org,direct"
  },
  "gopls": {"build.env": {"GOFLAGS": "-mod=readonly"}}
}
`

func TestWorkspaceOverridesUser(t *testing.T) {
	e := checktest.Load(t, overrideArchive)
	fs := expect(t, e, workspaceOverridesUser, 2)
	f := fs[0]
	if f.Severity != check.Info {
		t.Errorf("severity = %s", f.Severity)
	}
	at(t, e, f, "ws/.vscode/settings.json", 4, 16)
	mentions(t, f.Message, "go.toolsEnvVars.GOPROXY in workspace settings", "https://proxy.golang.org,direct", "overriding https://goproxy.corp.example,direct from user settings")
	sameIDs(t, f.Contexts, "gopls", "test", "test-debug")
	at(t, e, fs[1], "ws/.vscode/settings.json", 6, 38)
	mentions(t, fs[1].Message, "gopls build.env.GOFLAGS")
	sameIDs(t, fs[1].Contexts, "gopls")
	if f.Fixes[1].File != e.Path("user/settings.json") || f.Fixes[1].Kind != check.SetSetting {
		t.Errorf("copy-up fix = %+v", f.Fixes[1])
	}
	for _, f := range fs {
		e.Apply(preferredFix(t, f))
	}
	expect(t, e, workspaceOverridesUser, 0)
	mentions(t, e.Read("ws/.vscode/settings.json"), "// project settings")
	if g := e.WS.Context(e.Target, "gopls").Get("GOPROXY").Value; g != "https://goproxy.corp.example,direct" {
		t.Errorf("gopls GOPROXY after removing the override = %q", g)
	}
}

func TestWorkspaceOverridesUserCopyUp(t *testing.T) {
	e := checktest.Load(t, overrideArchive)
	for _, f := range expect(t, e, workspaceOverridesUser, 2) {
		e.Apply(f.Fixes[1])
	}
	expect(t, e, workspaceOverridesUser, 0)
}

func TestWorkspaceOverridesUserClean(t *testing.T) {
	for name, archive := range map[string]string{
		"nothing": ``,
		"same value": `
-- user/settings.json --
{"go.toolsEnvVars": {"GOPROXY": "https://proxy.golang.org,direct"}}
-- ws/.vscode/settings.json --
{"go.toolsEnvVars": {"GOPROXY": "https://proxy.golang.org,direct"}}
`,
		"user only": `
-- user/settings.json --
{"go.toolsEnvVars": {"GOPROXY": "https://goproxy.cn"}}
`,
		"workspace only": `
-- ws/.vscode/settings.json --
{"go.toolsEnvVars": {"GOPROXY": "https://goproxy.cn"}}
`,
		"not a download variable": `
-- user/settings.json --
{"go.toolsEnvVars": {"CGO_ENABLED": "0"}}
-- ws/.vscode/settings.json --
{"go.toolsEnvVars": {"CGO_ENABLED": "1"}}
`,
		"different settings": `
-- user/settings.json --
{"go.toolsEnvVars": {"GOPROXY": "https://goproxy.cn"}}
-- ws/.vscode/settings.json --
{"go.testEnvVars": {"GOPROXY": "off"}}
`,
	} {
		t.Run(name, func(t *testing.T) {
			expect(t, checktest.Load(t, archive), workspaceOverridesUser, 0)
		})
	}
}
