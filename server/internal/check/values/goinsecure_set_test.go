package values

import (
	"strings"
	"testing"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/check/checktest"
)

func TestGoinsecureSetGoEnv(t *testing.T) {
	e := checktest.Load(t, "-- home/.config/go/env --\nGOINSECURE=git.corp.example.com\nGOPRIVATE=git.corp.example.com\n")
	f := one(t, e.Run(goinsecureSet))
	if f.Check != "goinsecure-set" || f.Severity != check.Warning {
		t.Errorf("check/severity = %s/%s", f.Check, f.Severity)
	}
	wantLoc(t, e, f, "home/.config/go/env", "GOINSECURE=")
	wantContexts(t, f, "shell", "terminal", "gopls", "test", "test-debug")
	wantIn(t, f.Message, "does not apply to GOPROXY entries", "does not disable checksum verification", "5-second")
	if strings.Contains(f.Message, "covers every") {
		t.Errorf("a private host is not a broad pattern: %s", f.Message)
	}
	fix := preferredFix(t, f)
	if fix.Kind != check.GoEnvUnset {
		t.Fatalf("preferred fix = %+v; want go env -u GOINSECURE", fix)
	}
	e.Apply(fix)
	if fs := e.Run(goinsecureSet); len(fs) != 0 {
		t.Errorf("after the fix: %+v", fs)
	}
}

func TestGoinsecureSetSettingsBroad(t *testing.T) {
	e := checktest.Load(t, toolsEnv(`"GOINSECURE": "github.com,*"`, `"GOFLAGS": "-mod=mod"`))
	f := one(t, e.Run(goinsecureSet))
	wantLoc(t, e, f, "ws/.vscode/settings.json", `"github.com,*"`)
	wantContexts(t, f, "gopls", "test", "test-debug")
	wantIn(t, f.Message, `"github.com", "*" covers every module on github.com; every module`)
	fix := preferredFix(t, f)
	if fix.Kind != check.RemoveSetting {
		t.Fatalf("preferred fix = %+v", fix)
	}
	e.Apply(fix)
	if fs := e.Run(goinsecureSet); len(fs) != 0 {
		t.Errorf("after the fix: %+v", fs)
	}
	keepsComments(t, e, "ws/.vscode/settings.json")
}

func TestGoinsecureSetLaunch(t *testing.T) {
	e := checktest.Load(t, launchEnv(`"GOINSECURE": "*.corp.example.com"`, `"CGO_ENABLED": "0"`))
	f := one(t, e.Run(goinsecureSet))
	wantLoc(t, e, f, "ws/.vscode/launch.json", `"*.corp.example.com"`)
	wantContexts(t, f, "delve:dbg")
	e.Apply(preferredFix(t, f))
	if fs := e.Run(goinsecureSet); len(fs) != 0 {
		t.Errorf("after the fix: %+v", fs)
	}
	keepsComments(t, e, "ws/.vscode/launch.json")
}

func TestGoinsecureSetShellEnv(t *testing.T) {
	e := checktest.Load(t, "-- shell.env --\nGOINSECURE=*\n")
	f := one(t, e.Run(goinsecureSet))
	wantIn(t, f.Message, "environment variable GOINSECURE of the shell environment (shell.env)", "`go env -w` cannot help")
	noEnvEdit(t, e, f)
	fix := fixOf(t, f, check.SetSetting)
	if fix.Preferred || *fix.JSON.Value != "" {
		t.Fatalf("fix = %+v; want a non-preferred empty go.toolsEnvVars.GOINSECURE", fix)
	}
	// An empty value is unset for the go command: the editor contexts are fixed, the shell is not.
	e.Apply(fix)
	wantContexts(t, one(t, e.Run(goinsecureSet)), "shell", "terminal")
}

func TestGoinsecureSetClean(t *testing.T) {
	clean(t, goinsecureSet, map[string]string{
		"nothing set": ``,
		"default":     "-- home/.config/go/env --\nGOPROXY=https://proxy.golang.org,direct\nGOSUMDB=sum.golang.org\n",
		"empty line":  "-- home/.config/go/env --\nGOINSECURE=\n",
		"empty env":   "-- shell.env --\nGOINSECURE=\n",
	})
}
