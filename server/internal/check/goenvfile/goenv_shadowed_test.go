package goenvfile

import (
	"strings"
	"testing"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/check/checktest"
)

func TestGoenvShadowedSameValue(t *testing.T) {
	e := checktest.Load(t, withGoEnv("GOPRIVATE=*.corp.example.com\nGOPROXY=https://goproxy.corp.example\n",
		"-- shell.env --\nGOPROXY=https://goproxy.corp.example\n"))
	fs := e.Run(goenvShadowed)
	if len(fs) != 1 {
		t.Fatalf("findings = %+v; want one", fs)
	}
	f := fs[0]
	if f.Check != "goenv-shadowed" || f.Severity != check.Info {
		t.Errorf("%s %s", f.Check, f.Severity)
	}
	if f.Location == nil || f.Location.File != e.Path(goenvName) || f.Location.Line != 2 {
		t.Errorf("location = %+v; want line 2", f.Location)
	}
	if strings.Join(f.Contexts, ",") != allContexts {
		t.Errorf("contexts = %v", f.Contexts)
	}
	for _, g := range []string{"$GOPROXY in shell.env", "same value", "non-empty environment variable before the go/env file"} {
		if !strings.Contains(f.Message, g) {
			t.Errorf("message lacks %q:\n%s", g, f.Message)
		}
	}
	fx := preferred(t, f)
	if fx.Kind != check.GoEnvUnset || fx.Command != "go env -u GOPROXY" {
		t.Errorf("fix = %+v", fx)
	}
	e.Apply(fx)
	if got := e.Read(goenvName); got != "GOPRIVATE=*.corp.example.com\n" {
		t.Errorf("after the fix: %q", got)
	}
	if fs := e.Run(goenvShadowed); len(fs) != 0 {
		t.Errorf("after the fix: %+v", fs)
	}
}

func TestGoenvShadowedDifferentValue(t *testing.T) {
	e := checktest.Load(t, withGoEnv("GOPROXY=https://file.example\nGOSUMDB=\n",
		"-- shell.env --\nGOPROXY=https://user:s3cret@shell.example\nGOSUMDB=sum.golang.org\n"))
	fs := e.Run(goenvShadowed)
	if len(fs) != 2 {
		t.Fatalf("findings = %+v; want GOPROXY and the empty GOSUMDB", fs)
	}
	f := fs[0]
	if f.Location.Line != 1 || !strings.Contains(f.Message, "values differ") || !strings.Contains(f.Message, "export GOPROXY=") ||
		!strings.Contains(f.Message, "https://***@shell.example") {
		t.Errorf("GOPROXY finding: %+v", f)
	}
	for _, f := range fs {
		if strings.Contains(f.Message, "s3cret") || strings.Contains(f.Fixes[0].Title, "s3cret") {
			t.Errorf("credential leaked: %+v", f)
		}
		if len(f.Fixes) != 1 || f.Fixes[0].Preferred || f.Fixes[0].Kind != check.GoEnvUnset || !strings.Contains(f.Fixes[0].Title, "shell profile") {
			t.Errorf("fixes = %+v; want one go env -u, not preferred, naming the shell profile", f.Fixes)
		}
	}
	if fs[1].Location.Line != 2 {
		t.Errorf("GOSUMDB finding at %+v", fs[1].Location)
	}
	e.Apply(fs[0].Fixes[0])
	if got := e.Read(goenvName); got != "GOSUMDB=\n" {
		t.Errorf("after the fix: %q", got)
	}
}

// Only the extension host sets the variable: the line is dead in gopls and the tests, alive in
// the shell and terminal, so removing it is not offered as the safe default.
func TestGoenvShadowedPartly(t *testing.T) {
	e := checktest.Load(t, withGoEnv("GOFLAGS=-mod=mod\n",
		"-- host.env --\nHOME=$DIR/home\nPATH=$DIR/goroot/bin\nGOFLAGS=-mod=mod\n"))
	fs := e.Run(goenvShadowed)
	if len(fs) != 1 {
		t.Fatalf("findings = %+v", fs)
	}
	f := fs[0]
	if strings.Join(f.Contexts, ",") != "gopls,test,test-debug" || !strings.Contains(f.Message, "still in effect in shell, terminal") {
		t.Errorf("finding = %+v", f)
	}
	if f.Fixes[0].Preferred || !strings.Contains(f.Fixes[0].Title, "also changes GOFLAGS in shell, terminal") {
		t.Errorf("fix = %+v", f.Fixes[0])
	}
}

func TestGoenvShadowedClean(t *testing.T) {
	for name, archive := range map[string]string{
		"no go/env":       ``,
		"default GOPROXY": withGoEnv("GOPROXY=https://proxy.golang.org,direct\n"),
		// vscode-go copies GOPROXY from `go env` into the extension host: that value came from
		// the file itself, so the line is not dead.
		"activation copy": withGoEnv("GOPROXY=https://goproxy.corp.example\n"),
		"empty env var":   withGoEnv("GOPROXY=https://goproxy.corp.example\n", "-- shell.env --\nGOPROXY=\n"),
		"other variable":  withGoEnv("GOPROXY=https://goproxy.corp.example\n", "-- shell.env --\nGOSUMDB=off\n"),
		"no go variable":  withGoEnv("HTTPS_PROXY=http://proxy.corp.example:3128\n", "-- shell.env --\nHTTPS_PROXY=http://other:3128\n"),
		"GOENV=off":       withGoEnv("GOPROXY=https://a.example\n", "-- shell.env --\nGOENV=off\nGOPROXY=https://b.example\n"),
		"GOROOT":          withGoEnv("GOROOT=$DIR/goroot\n", "-- shell.env --\nGOROOT=$DIR/goroot\n"),
		// Settings are not a process environment: the placement checks report those.
		"toolsEnvVars": withGoEnv("GOPROXY=https://a.example\n",
			"-- user/settings.json --\n{\"go.toolsEnvVars\": {\"GOPROXY\": \"https://b.example\"}}\n"),
	} {
		if fs := checktest.Load(t, archive).Run(goenvShadowed); len(fs) != 0 {
			t.Errorf("%s: %+v", name, fs)
		}
	}
}

// Where go.toolsEnvVars overrides the variable, the settings win, not the shell: those contexts
// are left to the placement checks and only shell and terminal are listed.
func TestGoenvShadowedNotForSettings(t *testing.T) {
	e := checktest.Load(t, withGoEnv("GOPROXY=https://a.example\n",
		"-- shell.env --\nGOPROXY=https://b.example\n",
		"-- user/settings.json --\n{\"go.toolsEnvVars\": {\"GOPROXY\": \"https://c.example\"}}\n"))
	if v := e.WS.Context(e.Target, "gopls").Get("GOPROXY"); v == nil || !strings.HasPrefix(string(v.Origin.Layer), "go.toolsEnvVars") {
		t.Fatalf("fixture: gopls GOPROXY = %+v; want it from go.toolsEnvVars", v)
	}
	fs := e.Run(goenvShadowed)
	if len(fs) != 1 || strings.Join(fs[0].Contexts, ",") != "shell,terminal" {
		t.Fatalf("findings = %+v; want shell and terminal only", fs)
	}
}
