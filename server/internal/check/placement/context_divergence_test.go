package placement

import (
	"strings"
	"testing"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/check/checktest"
)

// desktopLaunch: GOPROXY comes from the shell profile; VS Code was started without it.
const desktopLaunch = `
-- shell.env --
HOME=$DIR/home
PATH=$DIR/goroot/bin
GOPROXY=https://goproxy.cn,direct
` + hostEnvFile + `
-- user/settings.json --
{
  // user settings
  "editor.fontSize": 13
}
`

func TestContextDivergenceDesktopLaunch(t *testing.T) {
	e := checktest.Load(t, desktopLaunch)
	f := expect(t, e, contextDivergence, 1)[0]
	if f.Severity != check.Warning || f.Folder != e.Target {
		t.Errorf("finding = %+v", f)
	}
	mentions(t, f.Message, "GOPROXY differs",
		"shell, terminal use https://goproxy.cn,direct (from $GOPROXY in shell.env)",
		"gopls, test, test-debug use https://proxy.golang.org,direct (from vscode-go's activation-time copy",
		"desktop launcher")
	sameIDs(t, f.Contexts, "shell", "terminal", "gopls", "test", "test-debug")
	at(t, e, f, "goroot/go.env", 1, 0) // gopls's value was copied from $GOROOT/go.env
	fix := preferredFix(t, f)
	if fix.Kind != check.SetSetting || fix.File != e.Path("user/settings.json") || fix.Setting.Key != "go.toolsEnvVars" {
		t.Errorf("preferred fix = %+v; want go.toolsEnvVars in user settings", fix)
	}
	var kinds []string
	for _, x := range f.Fixes {
		kinds = append(kinds, string(x.Kind))
	}
	if got := strings.Join(kinds, ","); got != "set-setting,set-setting,go-env-w,reload-window" {
		t.Errorf("fix kinds = %s", got)
	}
	e.Apply(fix)
	expect(t, e, contextDivergence, 0)
	mentions(t, e.Read("user/settings.json"), "// user settings", `"GOPROXY": "https://goproxy.cn,direct"`)
}

func TestContextDivergenceGoEnvW(t *testing.T) {
	e := checktest.Load(t, desktopLaunch)
	f := expect(t, e, contextDivergence, 1)[0]
	var w check.Fix
	for _, x := range f.Fixes {
		if x.Kind == check.GoEnvWrite {
			w = x
		}
	}
	if w.GoEnv == nil || w.GoEnv.Set["GOPROXY"] != "https://goproxy.cn,direct" || w.File != e.Path("home/.config/go/env") {
		t.Fatalf("go env -w fix = %+v", w)
	}
	mentions(t, w.Title, "reload the window")
	e.Apply(w) // resolution recomputes vscode-go's activation copy, as a reload does
	expect(t, e, contextDivergence, 0)
}

func TestContextDivergenceTerminalSetting(t *testing.T) {
	e := checktest.Load(t, `
-- user/settings.json --
{
  "`+thisTerminalKey()+`": {
    "GOFLAGS": "-mod=mod" // only for the terminal
  }
}
`)
	f := expect(t, e, contextDivergence, 1)[0]
	at(t, e, f, "user/settings.json", 3, 16)
	mentions(t, f.Message, "terminal uses -mod=mod (from "+thisTerminalKey())
	fix := preferredFix(t, f)
	if fix.Kind != check.RemoveSetting {
		t.Errorf("fix = %+v; want removing the terminal entry", fix)
	}
	e.Apply(fix)
	expect(t, e, contextDivergence, 0)
}

func TestContextDivergenceNoGoEnvWOverEnvironment(t *testing.T) {
	// gopls gets GOPRIVATE from the extension host's environment: go env -w cannot change it.
	e := checktest.Load(t, `
-- host.env --
HOME=$DIR/home
PATH=$DIR/goroot/bin
GOPRIVATE=corp.example.com
`)
	f := expect(t, e, contextDivergence, 1)[0]
	for _, x := range f.Fixes {
		if x.Kind == check.GoEnvWrite && x.GoEnv.Set["GOPRIVATE"] == "" {
			t.Errorf("offers %s although $GOPRIVATE of the extension host would still win for gopls", x.Command)
		}
	}
	mentions(t, f.Message, "GOPRIVATE differs")
}

func TestContextDivergenceCredentials(t *testing.T) {
	e := checktest.Load(t, `
-- shell.env --
HOME=$DIR/home
PATH=$DIR/goroot/bin
GOPROXY=https://bob:t0ken@goproxy.corp.example
`+hostEnvFile+`
-- user/settings.json --
{}
`)
	f := expect(t, e, contextDivergence, 1)[0]
	if strings.Contains(f.Message, "t0ken") {
		t.Errorf("credential in message: %s", f.Message)
	}
	for _, x := range f.Fixes {
		if strings.Contains(x.Title, "t0ken") || (x.JSON != nil && x.JSON.Value != nil && strings.Contains(*x.JSON.Value, "t0ken")) || (x.GoEnv != nil) {
			t.Errorf("fix copies or prints the credential: %+v", x)
		}
	}
}

func TestContextDivergenceClean(t *testing.T) {
	for name, archive := range map[string]string{
		"nothing": ``,
		"same shell and host": `
-- shell.env --
HOME=$DIR/home
PATH=$DIR/goroot/bin
GOPROXY=https://goproxy.cn
-- host.env --
HOME=$DIR/home
PATH=$DIR/goroot/bin
GOPROXY=https://goproxy.cn
`,
		"go env -w value everywhere": `
-- home/.config/go/env --
GOPROXY=https://goproxy.cn,direct
GOPRIVATE=corp.example.com
` + hostEnvFile,
		"test and launch overrides are left to their checks": `
-- user/settings.json --
{"go.testEnvVars": {"GOPROXY": "off"}}
-- ws/.vscode/launch.json --
{"configurations": [{"name": "dbg", "type": "go", "request": "launch", "env": {"GOFLAGS": "-mod=vendor"}}]}
`,
		"user go.toolsEnvVars matching the shell": `
-- shell.env --
HOME=$DIR/home
PATH=$DIR/goroot/bin
GOPROXY=https://goproxy.cn
` + hostEnvFile + `
-- user/settings.json --
{"go.toolsEnvVars": {"GOPROXY": "https://goproxy.cn"}}
`,
	} {
		t.Run(name, func(t *testing.T) {
			expect(t, checktest.Load(t, archive), contextDivergence, 0)
		})
	}
}
