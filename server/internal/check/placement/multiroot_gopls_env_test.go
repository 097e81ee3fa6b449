package placement

import (
	"strings"
	"testing"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/check/checktest"
)

const multiroot = `
-- ws.code-workspace --
{"folders": [{"path": "ws/a"}, {"path": "ws/b"}], "settings": {}}
-- ws/a/.vscode/settings.json --
{
  // folder a
  "go.toolsEnvVars": {"GOPROXY": "https://goproxy.corp.example"}
}
-- ws/b/go.mod --
module example.com/b
`

func TestMultirootGoplsEnv(t *testing.T) {
	e := checktest.Load(t, multiroot)
	f := expect(t, e, multirootGoplsEnv, 1)[0]
	if f.Severity != check.Warning || f.Folder != e.Path("ws/a") {
		t.Errorf("finding = %+v", f)
	}
	at(t, e, f, "ws/a/.vscode/settings.json", 3, 34)
	mentions(t, f.Message, "go.toolsEnvVars.GOPROXY in the folder settings of a is https://goproxy.corp.example", "b does not set it", "one gopls")
	sameIDs(t, f.Contexts, "gopls")
	if len(f.Fixes) != 2 {
		t.Fatalf("fixes = %+v; want a pin per folder", f.Fixes)
	}
	if p := preferredFix(t, f); p.File != e.Path("ws/a/.vscode/settings.json") || p.Setting.Key != "gopls" {
		t.Errorf("preferred = %+v", p)
	}
	if b := f.Fixes[1]; b.File != e.Path("ws/b/.vscode/settings.json") || *b.JSON.Value != "https://proxy.golang.org,direct" {
		t.Errorf("fix for b = %+v", b)
	}
	e.Apply(f.Fixes[0])
	f = expect(t, e, multirootGoplsEnv, 1)[0] // b still follows the focused editor
	if len(f.Fixes) != 1 {
		t.Fatalf("after pinning a: fixes = %+v", f.Fixes)
	}
	e.Apply(f.Fixes[0])
	expect(t, e, multirootGoplsEnv, 0)
	mentions(t, e.Read("ws/a/.vscode/settings.json"), "// folder a", `"build.env"`)
	if g := e.WS.Context(e.Path("ws/a"), "gopls").Get("GOPROXY"); g.Value != "https://goproxy.corp.example" {
		t.Errorf("a's gopls GOPROXY = %q", g.Value)
	}
}

func TestMultirootGoplsEnvClean(t *testing.T) {
	for name, archive := range map[string]string{
		// a repeats the value b inherits: gopls gets it whichever folder is focused.
		"same effective value": `
-- shell.env --
GOPRIVATE=github.com/acme-corp
-- ws.code-workspace --
{"folders": [{"path": "ws/a"}, {"path": "ws/b"}]}
-- ws/a/.vscode/settings.json --
{"go.toolsEnvVars": {"GOPRIVATE": "github.com/acme-corp"}}
-- ws/b/go.mod --
module example.com/b
`,
		"single folder": `
-- ws/.vscode/settings.json --
{"go.toolsEnvVars": {"GOPROXY": "https://goproxy.corp.example"}}
`,
		"no folder settings": `
-- ws.code-workspace --
{"folders": [{"path": "ws/a"}, {"path": "ws/b"}], "settings": {"go.toolsEnvVars": {"GOPROXY": "https://x.example"}}}
-- ws/a/go.mod --
module a
-- ws/b/go.mod --
module b
`,
		"same value in every folder": `
-- ws.code-workspace --
{"folders": [{"path": "ws/a"}, {"path": "ws/b"}]}
-- ws/a/.vscode/settings.json --
{"go.toolsEnvVars": {"GOPROXY": "https://x.example"}}
-- ws/b/.vscode/settings.json --
{"go.toolsEnvVars": {"GOPROXY": "https://x.example"}}
`,
		"pinned with build.env": `
-- ws.code-workspace --
{"folders": [{"path": "ws/a"}, {"path": "ws/b"}]}
-- ws/a/.vscode/settings.json --
{"go.toolsEnvVars": {"GOPROXY": "https://x.example"}, "gopls": {"build.env": {"GOPROXY": "https://x.example"}}}
-- ws/b/.vscode/settings.json --
{"gopls": {"build.env": {"GOPROXY": "https://proxy.golang.org,direct"}}}
`,
	} {
		t.Run(name, func(t *testing.T) {
			expect(t, checktest.Load(t, archive), multirootGoplsEnv, 0)
		})
	}
}

func TestMultirootGoplsEnvNoCredentialCopy(t *testing.T) {
	e := checktest.Load(t, `
-- host.env --
HOME=$DIR/home
PATH=$DIR/goroot/bin
GOPROXY=https://bob:t0ken@goproxy.corp.example
`+multiroot)
	f := expect(t, e, multirootGoplsEnv, 1)[0]
	mentions(t, f.Message, "No fix is offered for b")
	if len(f.Fixes) != 1 || f.Fixes[0].File != e.Path("ws/a/.vscode/settings.json") {
		t.Errorf("fixes = %+v; the extension host's credential must not be copied into b's settings", f.Fixes)
	}
	for _, s := range []string{f.Message, f.Fixes[0].Title} {
		if strings.Contains(s, "t0ken") {
			t.Errorf("credential printed: %s", s)
		}
	}
}
