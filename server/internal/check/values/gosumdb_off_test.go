package values

import (
	"strings"
	"testing"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/check/checktest"
)

func TestGosumdbOffGoEnv(t *testing.T) {
	e := checktest.Load(t, "-- home/.config/go/env --\nGOPRIVATE=git.corp.example.com\nGOSUMDB=off\n")
	f := one(t, e.Run(gosumdbOff))
	if f.Check != "gosumdb-off" || f.Severity != check.Warning {
		t.Errorf("check/severity = %s/%s", f.Check, f.Severity)
	}
	wantLoc(t, e, f, "home/.config/go/env", "GOSUMDB=")
	wantContexts(t, f, "shell", "terminal", "gopls", "test", "test-debug")
	wantIn(t, f.Message, "go.sum is still checked", "GOPRIVATE", "Toolchain downloads")
	fix := preferredFix(t, f)
	if fix.Kind != check.GoEnvUnset || fix.GoEnv.Unset[0] != "GOSUMDB" {
		t.Fatalf("preferred fix = %+v; want go env -u GOSUMDB", fix)
	}
	e.Apply(fix)
	if fs := e.Run(gosumdbOff); len(fs) != 0 {
		t.Errorf("after the fix: %+v", fs)
	}
	if s := e.Read("home/.config/go/env"); !strings.Contains(s, "GOPRIVATE=git.corp.example.com") {
		t.Errorf("go/env lost GOPRIVATE: %q", s)
	}
}

// GOPRIVATE=* in settings: GONOSUMDB inherits it, so the finding is at GOPRIVATE.
func TestGosumdbOffGoprivateStar(t *testing.T) {
	e := checktest.Load(t, toolsEnv(`"GOPRIVATE": "*"`, `"GOFLAGS": "-mod=mod"`))
	f := one(t, e.Run(gosumdbOff))
	wantLoc(t, e, f, "ws/.vscode/settings.json", `"*"`)
	wantContexts(t, f, "gopls", "test", "test-debug")
	wantIn(t, f.Message, "`GOPRIVATE=*`", "every module", "defaults to GOPRIVATE", "GONOPROXY")
	fix := fixOf(t, f, check.RemoveSetting)
	if !strings.Contains(fix.Title, "github.com/your-org") {
		t.Errorf("fix title should tell the user to add their own prefix: %q", fix.Title)
	}
	e.Apply(fix)
	if fs := e.Run(gosumdbOff); len(fs) != 0 {
		t.Errorf("after the fix: %+v", fs)
	}
	keepsComments(t, e, "ws/.vscode/settings.json")
}

func TestGosumdbOffGonosumdbLaunch(t *testing.T) {
	e := checktest.Load(t, launchEnv(`"GONOSUMDB": "github.com/*,corp.example.com"`))
	f := one(t, e.Run(gosumdbOff))
	wantLoc(t, e, f, "ws/.vscode/launch.json", `"github.com/*,corp.example.com"`)
	wantContexts(t, f, "delve:dbg")
	wantIn(t, f.Message, `"github.com/*"`, "every module on github.com")
	fix := fixOf(t, f, check.Edit)
	if got := *fix.JSON.Value; got != "corp.example.com" {
		t.Fatalf("fix value = %q; want the list without the broad pattern", got)
	}
	e.Apply(fix)
	if fs := e.Run(gosumdbOff); len(fs) != 0 {
		t.Errorf("after the fix: %+v", fs)
	}
	keepsComments(t, e, "ws/.vscode/launch.json")
}

func TestGosumdbOffShellEnv(t *testing.T) {
	e := checktest.Load(t, "-- shell.env --\nGOSUMDB=off\n")
	f := one(t, e.Run(gosumdbOff))
	if f.Location != nil {
		t.Errorf("location = %+v; want none", f.Location)
	}
	wantIn(t, f.Message, "environment variable GOSUMDB of the shell environment (shell.env)", "`go env -w` cannot help")
	noEnvEdit(t, e, f)
	fix := fixOf(t, f, check.SetSetting)
	if fix.Preferred || *fix.JSON.Value != "sum.golang.org" {
		t.Errorf("fix = %+v; want a non-preferred go.toolsEnvVars.GOSUMDB=sum.golang.org", fix)
	}
}

func TestGosumdbOffClean(t *testing.T) {
	clean(t, gosumdbOff, map[string]string{
		"nothing set":        ``,
		"default":            "-- home/.config/go/env --\nGOSUMDB=sum.golang.org\n",
		"china mirror":       "-- home/.config/go/env --\nGOSUMDB=sum.golang.google.cn\n",
		"org prefix":         "-- home/.config/go/env --\nGOPRIVATE=github.com/acme,*.corp.example.com\n",
		"org glob":           toolsEnv(`"GONOSUMDB": "github.com/acme*,gitlab.com/group/*"`),
		"private host glob":  "-- shell.env --\nGOPRIVATE=*.corp.example.com\n",
		"gonosumdb narrower": "-- home/.config/go/env --\nGOPRIVATE=github.com\nGONOSUMDB=github.com/acme\n",
		"Off is not off":     "-- shell.env --\nGOSUMDB=Off\n", // a (broken) database name: other checks
		"space before host":  "-- shell.env --\nGOPRIVATE=corp.example.com, github.com\n",
	})
}
