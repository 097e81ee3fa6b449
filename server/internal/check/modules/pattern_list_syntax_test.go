package modules

import (
	"strings"
	"testing"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/check/checktest"
)

func TestPatternListSyntaxGoEnv(t *testing.T) {
	e := checktest.Load(t, `
-- home/.config/go/env --
GOPROXY=https://proxy.golang.org,direct
GOPRIVATE=*.corp.example.com, github.com/acme
-- ws/go.mod --
module example.com/app

go 1.26.8

require corp.example.com/lib v1.0.0
`)
	// GONOPROXY and GONOSUMDB inherit the same value: reported once, at GOPRIVATE.
	f := one(t, e.Run(patternListSyntax))
	if f.Check != "pattern-list-syntax" || f.Severity != check.Error {
		t.Errorf("check %s severity %s", f.Check, f.Severity)
	}
	wantAt(t, f, "home/.config/go/env", 2, 11)
	wantContexts(t, f, allContexts...)
	wantMsg(t, f, `" github.com/acme" has white space`, "not corp.example.com itself", "requires corp.example.com/lib")
	fix := preferred(t, f)
	if fix.Kind != check.GoEnvWrite || fix.GoEnv.Set["GOPRIVATE"] != "*.corp.example.com,github.com/acme,corp.example.com" {
		t.Errorf("fix = %+v", fix)
	}
	e.Apply(fix)
	if fs := e.Run(patternListSyntax); len(fs) != 0 {
		t.Errorf("after the fix: %+v", fs)
	}
	if s := e.Read("home/.config/go/env"); !strings.Contains(s, "GOPROXY=https://proxy.golang.org,direct") {
		t.Errorf("go/env lost a line: %q", s)
	}
}

func TestPatternListSyntaxSettings(t *testing.T) {
	e := checktest.Load(t, `
-- user/settings.json --
{
  // corp modules
  "go.toolsEnvVars": {
    "GONOSUMDB": "https://git.corp.example.com" // copied from the wiki
  }
}
`+cleanGoMod)
	f := one(t, e.Run(patternListSyntax))
	wantAt(t, f, "user/settings.json", 4, 18)
	wantMsg(t, f, "GONOSUMDB=", "not URLs", "checksum database")
	// The terminal and the shell do not read go.toolsEnvVars.
	wantContexts(t, f, "gopls", "test", "test-debug")
	fix := preferred(t, f)
	if fix.Kind != check.SetSetting || *fix.JSON.Value != "git.corp.example.com" {
		t.Errorf("fix = %+v", fix)
	}
	e.Apply(fix)
	if fs := e.Run(patternListSyntax); len(fs) != 0 {
		t.Errorf("after the fix: %+v", fs)
	}
	if s := e.Read("user/settings.json"); !strings.Contains(s, "// corp modules") || !strings.Contains(s, "// copied from the wiki") {
		t.Errorf("comments lost: %s", s)
	}
}

func TestPatternListSyntaxHarmless(t *testing.T) {
	e := checktest.Load(t, "-- home/.config/go/env --\nGOINSECURE=a.example.com, ,b.example.com\n"+cleanGoMod)
	f := one(t, e.Run(patternListSyntax))
	if f.Severity != check.Warning {
		t.Errorf("severity = %s; want warning for an element of only white space", f.Severity)
	}
	e.Apply(preferred(t, f))
	if fs := e.Run(patternListSyntax); len(fs) != 0 {
		t.Errorf("after the fix: %+v", fs)
	}
}

func TestPatternListSyntaxShellEnv(t *testing.T) {
	e := checktest.Load(t, `
-- shell.env --
GOPRIVATE="corp.example.com;other.example.com"
-- user/settings.json --
{}
`+cleanGoMod)
	f := one(t, e.Run(patternListSyntax))
	if f.Location != nil {
		t.Errorf("an environment value has no file location: %+v", f.Location)
	}
	wantMsg(t, f, "$GOPRIVATE in the shell environment")
	if len(f.Fixes) != 1 || f.Fixes[0].Preferred {
		t.Fatalf("want one non-preferred settings fix: %+v", f.Fixes)
	}
	fix := f.Fixes[0]
	if fix.Kind != check.SetSetting || fix.Setting.Key != "go.toolsEnvVars" || fix.Setting.Scope != "user" {
		t.Errorf("fix = %+v", fix)
	}
}

func TestPatternListSyntaxClean(t *testing.T) {
	for name, archive := range map[string]string{
		"default":        cleanGoMod,
		"one slash":      "-- home/.config/go/env --\nGOPRIVATE=github.com/acme/,*.corp.example.com\n" + cleanGoMod,
		"glob no gomod":  "-- home/.config/go/env --\nGOPRIVATE=*.corp.example.com\n" + cleanGoMod,
		"parent covered": "-- home/.config/go/env --\nGOPRIVATE=*.corp.example.com,corp.example.com\n-- ws/go.mod --\nmodule corp.example.com/app\n\ngo 1.26.8\n",
		"sub only":       "-- home/.config/go/env --\nGOPRIVATE=*.corp.example.com\n-- ws/go.mod --\nmodule git.corp.example.com/app\n\ngo 1.26.8\n",
		"never":          "-- home/.config/go/env --\nGOPRIVATE=corp.example.com\nGONOPROXY=none\n" + cleanGoMod,
	} {
		if fs := checktest.Load(t, archive).Run(patternListSyntax); len(fs) != 0 {
			t.Errorf("%s: %+v", name, fs)
		}
	}
}
