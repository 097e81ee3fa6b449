package values

import (
	"strings"
	"testing"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/check/checktest"
)

func TestGoproxyOffGoEnv(t *testing.T) {
	e := checktest.Load(t, "-- home/.config/go/env --\nGOPRIVATE=corp.example.com\nGOPROXY=off\n")
	f := one(t, e.Run(goproxyOff))
	if f.Check != "goproxy-off" || f.Severity != check.Warning {
		t.Errorf("check/severity = %s/%s", f.Check, f.Severity)
	}
	wantLoc(t, e, f, "home/.config/go/env", "GOPROXY=")
	wantContexts(t, f, "shell", "terminal", "gopls", "test", "test-debug")
	wantIn(t, f.Message, `module lookup disabled by GOPROXY=off`, "GONOPROXY/GOPRIVATE (corp.example.com)", "reloaded")
	fix := preferredFix(t, f)
	if fix.Kind != check.GoEnvUnset || !strings.Contains(fix.Title, "$GOROOT/go.env") {
		t.Fatalf("preferred fix = %+v; want go env -u, naming go.env as what applies then", fix)
	}
	fixOf(t, f, check.ReloadWindow)
	e.Apply(fix)
	if fs := e.Run(goproxyOff); len(fs) != 0 {
		t.Errorf("after the fix: %+v", fs)
	}
}

func TestGoproxyOffSettingsRemove(t *testing.T) {
	e := checktest.Load(t, toolsEnv(`"GOFLAGS": "-mod=mod"`, `"GOPROXY": "off"`))
	f := one(t, e.Run(goproxyOff))
	wantLoc(t, e, f, "ws/.vscode/settings.json", `"off"`)
	wantContexts(t, f, "gopls", "test", "test-debug")
	fix := preferredFix(t, f)
	if fix.Kind != check.RemoveSetting {
		t.Fatalf("preferred fix = %+v; want remove-setting (go.env's default is below it)", fix)
	}
	e.Apply(fix)
	if fs := e.Run(goproxyOff); len(fs) != 0 {
		t.Errorf("after the fix: %+v", fs)
	}
	keepsComments(t, e, "ws/.vscode/settings.json")
	if s := e.Read("ws/.vscode/settings.json"); !strings.Contains(s, `"GOFLAGS": "-mod=mod"`) {
		t.Errorf("the other member is gone:\n%s", s)
	}
}

// When the layer below is off too, removing the override does not help: set a working list.
func TestGoproxyOffSettingsOverGoEnvOff(t *testing.T) {
	e := checktest.Load(t, toolsEnv(`"GOPROXY": "off"`, `"GOFLAGS": "-mod=mod"`)+"-- home/.config/go/env --\nGOPROXY=off\n")
	fs := e.Run(goproxyOff)
	if len(fs) != 2 {
		t.Fatalf("want one finding per place, got %+v", fs)
	}
	f := at(t, e, fs, "ws/.vscode/settings.json", `"off"`)
	wantContexts(t, f, "gopls", "test", "test-debug")
	fix := preferredFix(t, f)
	if fix.Kind != check.SetSetting || *fix.JSON.Value != DefaultGOPROXY {
		t.Fatalf("preferred fix = %+v; want the default list", fix)
	}
	e.Apply(fix)
	for _, g := range e.Run(goproxyOff) {
		if g.Location != nil && g.Location.File == e.Path("ws/.vscode/settings.json") {
			t.Errorf("settings finding survived the fix: %+v", g)
		}
	}
	keepsComments(t, e, "ws/.vscode/settings.json")
}

func TestGoproxyOffShellEnv(t *testing.T) {
	e := checktest.Load(t, "-- shell.env --\nGOPROXY=off\n")
	f := one(t, e.Run(goproxyOff))
	if f.Location != nil {
		t.Errorf("location = %+v; want none for an environment value", f.Location)
	}
	wantIn(t, f.Message, "environment variable GOPROXY of the shell environment (shell.env)", "`go env -w` cannot help")
	noEnvEdit(t, e, f)
	fix := fixOf(t, f, check.SetSetting)
	if fix.Preferred || fix.Setting.Key != "go.toolsEnvVars" || fix.Setting.Member[0] != "GOPROXY" {
		t.Errorf("fix = %+v; want a non-preferred go.toolsEnvVars.GOPROXY", fix)
	}
	// Applying it fixes the editor contexts, not the shell.
	e.Apply(fix)
	f = one(t, e.Run(goproxyOff))
	wantContexts(t, f, "shell", "terminal")
}

func TestGoproxyOffLaunch(t *testing.T) {
	e := checktest.Load(t, launchEnv(`"GOPROXY": "off"`, `"CGO_ENABLED": "0"`))
	f := one(t, e.Run(goproxyOff))
	wantLoc(t, e, f, "ws/.vscode/launch.json", `"off"`)
	wantContexts(t, f, "delve:dbg")
	e.Apply(preferredFix(t, f))
	if fs := e.Run(goproxyOff); len(fs) != 0 {
		t.Errorf("after the fix: %+v", fs)
	}
	keepsComments(t, e, "ws/.vscode/launch.json")
}

// A go/env value shared by two folders is one finding listing the contexts of both.
func TestGoproxyOffMultiRoot(t *testing.T) {
	e := checktest.Load(t, `
-- ws.code-workspace --
{"folders": [{"path": "a"}, {"path": "b"}]}
-- a/go.mod --
module a
-- b/go.mod --
module b
-- home/.config/go/env --
GOPROXY=off
`)
	f := one(t, e.Run(goproxyOff))
	if f.Folder != "" {
		t.Errorf("folder = %q; want none: the value applies to both folders", f.Folder)
	}
	if n := len(f.Contexts); n != 10 {
		t.Errorf("contexts = %v; want the 5 contexts of each folder", f.Contexts)
	}
}

func TestGoproxyOffClean(t *testing.T) {
	clean(t, goproxyOff, map[string]string{
		"nothing set":        ``,
		"default":            "-- home/.config/go/env --\nGOPROXY=https://proxy.golang.org,direct\n",
		"off as last resort": toolsEnv(`"GOPROXY": "https://goproxy.corp.example,off"`),
		"direct":             "-- shell.env --\nGOPROXY=direct\n",
		"capital Off":        "-- shell.env --\nGOPROXY=Off\n", // goproxy-syntax's: not the keyword
	})
}
