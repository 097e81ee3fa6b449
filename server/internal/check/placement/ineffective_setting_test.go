package placement

import (
	"strings"
	"testing"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/check/checktest"
)

func TestIneffectiveTopLevelVariable(t *testing.T) {
	e := checktest.Load(t, `
-- user/settings.json --
{
  // my proxy
  "GOPROXY": "https://goproxy.cn,direct",
  "editor.fontSize": 14
}
`)
	f := expect(t, e, ineffectiveSetting, 1)[0]
	if f.Severity != check.Warning || f.Check != "ineffective-setting" {
		t.Errorf("finding = %+v", f)
	}
	at(t, e, f, "user/settings.json", 3, 3)
	mentions(t, f.Message, `"GOPROXY" in user settings has no effect`, "go.toolsEnvVars.GOPROXY")
	sameIDs(t, f.Contexts, "gopls", "test", "test-debug")
	if len(f.Fixes) != 2 || !f.Fixes[0].Preferred || f.Fixes[0].Kind != check.SetSetting || f.Fixes[1].Kind != check.Edit {
		t.Fatalf("fixes = %+v; want set (preferred) then remove", f.Fixes)
	}
	mentions(t, f.Fixes[0].Title, "move (1/2)", "go.toolsEnvVars.GOPROXY")
	mentions(t, f.Fixes[1].Title, "move (2/2)")
	applyEdits(e, f.Fixes)
	expect(t, e, ineffectiveSetting, 0)
	s := e.Read("user/settings.json")
	mentions(t, s, "// my proxy", `"go.toolsEnvVars"`, `"editor.fontSize": 14`)
	if strings.Contains(s, `"GOPROXY": "https://goproxy.cn,direct",`) && !strings.Contains(s, "toolsEnvVars") {
		t.Errorf("settings after the move:\n%s", s)
	}
	if g := e.WS.Context(e.Target, "gopls").Get("GOPROXY"); g.Value != "https://goproxy.cn,direct" {
		t.Errorf("gopls GOPROXY after the move = %q", g.Value)
	}
}

func TestIneffectiveInventedKeys(t *testing.T) {
	e := checktest.Load(t, `
-- ws/.vscode/settings.json --
{
  "go.goproxy": "https://goproxy.io",
  "go.env": {
    "GOPRIVATE": "corp.example.com",
    "GOFLAGS": "-mod=mod"
  },
  "go.GOSUMDB": "off"
}
`)
	fs := expect(t, e, ineffectiveSetting, 4)
	want := map[string]int{`"go.goproxy"`: 2, `"GOPRIVATE" in "go.env"`: 4, `"GOFLAGS" in "go.env"`: 5, `"go.GOSUMDB"`: 7}
	for _, f := range fs {
		found := false
		for what, line := range want {
			if strings.HasPrefix(f.Message, what+" in workspace settings") {
				found = true
				at(t, e, f, "ws/.vscode/settings.json", line, 0)
			}
		}
		if !found {
			t.Errorf("unexpected finding %q", f.Message)
		}
	}
	for len(fs) > 0 {
		applyEdits(e, fs[0].Fixes)
		fs = e.Run(ineffectiveSetting)
	}
	gopls := e.WS.Context(e.Target, "gopls")
	for k, v := range map[string]string{"GOPROXY": "https://goproxy.io", "GOPRIVATE": "corp.example.com", "GOFLAGS": "-mod=mod", "GOSUMDB": "off"} {
		if got := gopls.Get(k).Value; got != v {
			t.Errorf("after moving, gopls %s = %q; want %q", k, got, v)
		}
	}
	if s := e.Read("ws/.vscode/settings.json"); strings.Contains(s, "go.env") || strings.Contains(s, "go.goproxy") {
		t.Errorf("invented keys left:\n%s", s)
	}
}

func TestIneffectiveLanguageBlock(t *testing.T) {
	e := checktest.Load(t, `
-- ws/.vscode/settings.json --
{
  "[go]": {
    "editor.formatOnSave": true, // keep me
    "go.toolsEnvVars": {
      "GOPROXY": "https://goproxy.cn"
    }
  }
}
`)
	f := expect(t, e, ineffectiveSetting, 1)[0]
	at(t, e, f, "ws/.vscode/settings.json", 5, 7)
	mentions(t, f.Message, `inside the "[go]" block`, "without a language", "go.toolsEnvVars.GOPROXY")
	applyEdits(e, f.Fixes)
	expect(t, e, ineffectiveSetting, 0)
	s := e.Read("ws/.vscode/settings.json")
	mentions(t, s, "// keep me", `"editor.formatOnSave": true`)
	if g := e.WS.Context(e.Target, "gopls").Get("GOPROXY"); g.Value != "https://goproxy.cn" {
		t.Errorf("gopls GOPROXY = %q:\n%s", g.Value, s)
	}
}

func TestIneffectiveOtherOSTerminal(t *testing.T) {
	other := otherTerminalKey()
	e := checktest.Load(t, `
-- user/settings.json --
{
  "`+other+`": {
    "GOPROXY": "https://goproxy.cn"
  }
}
`)
	f := expect(t, e, ineffectiveSetting, 1)[0]
	at(t, e, f, "user/settings.json", 3, 5)
	mentions(t, f.Message, other+" sets GOPROXY=https://goproxy.cn", thisTerminalKey())
	sameIDs(t, f.Contexts, "terminal")
	e.Apply(preferredFix(t, f))
	expect(t, e, ineffectiveSetting, 0)
	if got := e.WS.Context(e.Target, "terminal").Get("GOPROXY").Value; got != "https://goproxy.cn" {
		t.Errorf("terminal GOPROXY = %q", got)
	}
}

func TestIneffectiveNonStringValues(t *testing.T) {
	e := checktest.Load(t, `
-- user/settings.json --
{
  "go.toolsEnvVars": {
    "GOPROXY": null, // was meant to unset
    "GOFLAGS": 1
  },
  "gopls": {
    "build.env": {"GOPRIVATE": true}
  },
  "`+thisTerminalKey()+`": {"HTTPS_PROXY": 8080}
}
-- ws/.vscode/launch.json --
{
  "version": "0.2.0",
  "configurations": [
    {"name": "Launch", "type": "go", "request": "launch", "program": "${workspaceFolder}", "env": {"GOFLAGS": false}}
  ]
}
`)
	fs := expect(t, e, ineffectiveSetting, 5)
	byLine := map[int]check.Finding{}
	for _, f := range fs {
		if strings.HasSuffix(f.Location.File, "settings.json") {
			byLine[f.Location.Line] = f
		}
	}
	mentions(t, byLine[3].Message, "go.toolsEnvVars.GOPROXY", "null", `"null", not unset`)
	if fx := byLine[3].Fixes[0]; fx.Kind != check.RemoveSetting {
		t.Errorf("null in go.toolsEnvVars: fix %+v; want removal", fx)
	}
	mentions(t, byLine[4].Message, "the number 1")
	mentions(t, byLine[7].Message, "gopls build.env.GOPRIVATE", "invalid map value")
	mentions(t, byLine[9].Message, "only string values")
	for len(fs) > 0 {
		e.Apply(preferredFix(t, fs[0]))
		fs = e.Run(ineffectiveSetting)
	}
	mentions(t, e.Read("user/settings.json"), "// was meant to unset", `"GOFLAGS": "1"`, `"GOPRIVATE": "true"`, `"HTTPS_PROXY": "8080"`)
	mentions(t, e.Read("ws/.vscode/launch.json"), `"GOFLAGS": "false"`)
}

func TestIneffectiveDuplicateGoplsEnv(t *testing.T) {
	e := checktest.Load(t, `
-- ws/.vscode/settings.json --
{
  "gopls": {
    "build.env": {"GOPROXY": "https://a.example"},
    "env": {"GOPRIVATE": "corp.example.com"}
  }
}
`)
	f := expect(t, e, ineffectiveSetting, 1)[0]
	at(t, e, f, "ws/.vscode/settings.json", 4, 5)
	mentions(t, f.Message, "duplicate value for env")
	if len(f.Fixes) != 2 || !f.Fixes[0].Preferred {
		t.Fatalf("fixes = %+v", f.Fixes)
	}
	applyEdits(e, f.Fixes)
	expect(t, e, ineffectiveSetting, 0)
	if g := e.WS.Context(e.Target, "gopls").Get("GOPRIVATE").Value; g != "corp.example.com" {
		t.Errorf("gopls GOPRIVATE = %q", g)
	}
}

func TestIneffectiveHTTPProxyInWorkspace(t *testing.T) {
	e := checktest.Load(t, `
-- ws/.vscode/settings.json --
{
  "http.proxy": "http://proxy.corp.example:3128"
}
`)
	f := expect(t, e, ineffectiveSetting, 1)[0]
	at(t, e, f, "ws/.vscode/settings.json", 2, 3)
	mentions(t, f.Message, "application setting", "go.toolsEnvVars.HTTPS_PROXY and go.toolsEnvVars.HTTP_PROXY")
	if len(f.Fixes) != 3 {
		t.Fatalf("fixes = %+v", f.Fixes)
	}
	applyEdits(e, f.Fixes)
	expect(t, e, ineffectiveSetting, 0)
	if g := e.WS.Context(e.Target, "gopls").Get("HTTPS_PROXY").Value; g != "http://proxy.corp.example:3128" {
		t.Errorf("gopls HTTPS_PROXY = %q", g)
	}
}

func TestIneffectiveCredentialsRedacted(t *testing.T) {
	e := checktest.Load(t, `
-- user/settings.json --
{"GOPROXY": "https://user:s3cret@goproxy.corp.example"}
`)
	f := expect(t, e, ineffectiveSetting, 1)[0]
	for _, s := range append([]string{f.Message}, f.Fixes[0].Title, f.Fixes[1].Title) {
		if strings.Contains(s, "s3cret") {
			t.Errorf("credential printed: %s", s)
		}
	}
}

func TestIneffectiveClean(t *testing.T) {
	for name, archive := range map[string]string{
		"nothing": ``,
		"default GOPROXY": `
-- user/settings.json --
{"go.toolsEnvVars": {"GOPROXY": "https://proxy.golang.org,direct"}}
`,
		"real settings": `
-- user/settings.json --
{
  "[go]": {"editor.formatOnSave": true, "editor.defaultFormatter": "golang.go"},
  "go.gopath": "/tmp/gopath",
  "go.testEnvVars": {"GOFLAGS": "-count=1"},
  "gopls": {"build.env": {"CGO_ENABLED": 1}, "ui.semanticTokens": true},
  "http.proxy": "http://proxy.example:3128",
  "` + thisTerminalKey() + `": {"GOPROXY": "https://proxy.golang.org,direct", "HTTPS_PROXY": null}
}
-- ws/.vscode/launch.json --
{"configurations": [{"name": "x", "type": "go", "request": "launch", "env": {"GOFLAGS": null, "A": "b"}}]}
`,
		"other OS with the same value": `
-- shell.env --
GOPROXY=https://goproxy.cn
-- user/settings.json --
{"` + otherTerminalKey() + `": {"GOPROXY": "https://goproxy.cn"}}
`,
		"other OS, current OS set too": `
-- user/settings.json --
{"` + otherTerminalKey() + `": {"GOPROXY": "https://goproxy.cn"}, "` + thisTerminalKey() + `": {"GOPROXY": "https://proxy.golang.org,direct"}}
`,
		"lowercase non-variables": `
-- user/settings.json --
{"goproxy": "x", "go.toolsGopath": "/x", "go.goroot": "/usr/local/go"}
`,
	} {
		t.Run(name, func(t *testing.T) {
			expect(t, checktest.Load(t, archive), ineffectiveSetting, 0)
		})
	}
}

func TestIneffectiveInWorkspaceFile(t *testing.T) {
	e := checktest.Load(t, `
-- ws.code-workspace --
{
  "folders": [{"path": "ws"}],
  // shared settings
  "settings": {"GOFLAGS": "-mod=mod"}
}
-- ws/go.mod --
module example.com/ws
`)
	f := expect(t, e, ineffectiveSetting, 1)[0]
	at(t, e, f, "ws.code-workspace", 4, 16)
	mentions(t, f.Message, "the workspace file")
	applyEdits(e, f.Fixes)
	expect(t, e, ineffectiveSetting, 0)
	mentions(t, e.Read("ws.code-workspace"), "// shared settings", `"folders"`)
	if g := e.WS.Context(e.Path("ws"), "gopls").Get("GOFLAGS").Value; g != "-mod=mod" {
		t.Errorf("gopls GOFLAGS = %q", g)
	}
}

// In a remote window http.proxy comes from the local user settings; one in Remote settings is
// ignored, and belongs in go.toolsEnvVars there.
func TestIneffectiveHTTPProxyInRemoteSettings(t *testing.T) {
	e := checktest.Load(t, `
-- user/settings.json --
{"http.proxy": "http://user.example:8080"}
-- machine/settings.json --
{"http.proxy": "http://remote.example:3128"}
`)
	f := expect(t, e, ineffectiveSetting, 1)[0]
	if !strings.HasSuffix(f.Location.File, "machine/settings.json") || !strings.Contains(f.Message, "local user settings") {
		t.Errorf("finding: %+v", f)
	}
	if v := e.WS.Context(e.Target, "gopls").Get("HTTPS_PROXY").Value; v != "http://user.example:8080" {
		t.Errorf("gopls HTTPS_PROXY = %s, want the user settings' proxy", v)
	}
}

// go.goroot and go.gopath in the local user settings do nothing in a remote window.
func TestIneffectiveMachineOverridableInRemoteWindow(t *testing.T) {
	const archive = `
-- root/proc/version --
Linux version 5.15.167.4-microsoft-standard-WSL2 (root@x) #1 SMP
-- user/settings.json --
{"go.goroot": "C:\\Program Files\\Go", "go.gopath": "C:\\Users\\alice\\go"}
`
	e := checktest.Load(t, archive+"-- remote.txt --\nwsl\n")
	fs := expect(t, e, ineffectiveSetting, 2)
	for _, f := range fs {
		if !strings.Contains(f.Message, "machine-overridable") {
			t.Errorf("finding: %s", f.Message)
		}
	}
	// The same settings in a local window (or a WSL terminal outside VS Code) count.
	e = checktest.Load(t, archive)
	expect(t, e, ineffectiveSetting, 0)
}
