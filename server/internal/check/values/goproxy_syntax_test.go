package values

import (
	"strings"
	"testing"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/check/checktest"
)

func TestGoproxySyntaxSettings(t *testing.T) {
	e := checktest.Load(t, toolsEnv(`"GOPROXY": "https://goproxy.io,DIRECT"`, `"GOFLAGS": "-mod=mod"`))
	f := one(t, e.Run(goproxySyntax))
	if f.Check != "goproxy-syntax" || f.Severity != check.Error {
		t.Errorf("check/severity = %s/%s; want goproxy-syntax/error", f.Check, f.Severity)
	}
	wantLoc(t, e, f, "ws/.vscode/settings.json", `"https://goproxy.io,DIRECT"`)
	wantContexts(t, f, "gopls", "test", "test-debug")
	wantIn(t, f.Message, `"DIRECT" is not a keyword`, "go.toolsEnvVars (workspace settings")
	fix := preferredFix(t, f)
	if fix.Kind != check.SetSetting || fix.JSON == nil || *fix.JSON.Value != "https://goproxy.io,direct" {
		t.Fatalf("preferred fix = %+v; want set-setting to https://goproxy.io,direct", fix)
	}
	e.Apply(fix)
	if fs := e.Run(goproxySyntax); len(fs) != 0 {
		t.Errorf("after the fix: %+v", fs)
	}
	keepsComments(t, e, "ws/.vscode/settings.json")
}

func TestGoproxySyntaxGoEnvWarning(t *testing.T) {
	e := checktest.Load(t, "-- home/.config/go/env --\nGOSUMDB=sum.golang.org\nGOPROXY=https://proxy.golang.org,,direct,off\n")
	f := one(t, e.Run(goproxySyntax))
	if f.Severity != check.Warning {
		t.Errorf("severity = %s; want warning (nothing fatal)", f.Severity)
	}
	wantLoc(t, e, f, "home/.config/go/env", "GOPROXY=")
	// The go/env value reaches gopls and tests through vscode-go's activation copy: still one finding.
	wantContexts(t, f, "shell", "terminal", "gopls", "test", "test-debug")
	wantIn(t, f.Message, "2 problems", "empty entry", "never consulted", "user go/env file")
	fix := preferredFix(t, f)
	if fix.Kind != check.GoEnvWrite || fix.GoEnv.Set["GOPROXY"] != "https://proxy.golang.org,direct" {
		t.Fatalf("preferred fix = %+v", fix)
	}
	e.Apply(fix)
	if fs := e.Run(goproxySyntax); len(fs) != 0 {
		t.Errorf("after the fix: %+v", fs)
	}
	if s := e.Read("home/.config/go/env"); !strings.Contains(s, "GOSUMDB=sum.golang.org") {
		t.Errorf("go/env lost its other line: %q", s)
	}
}

func TestGoproxySyntaxShellEnv(t *testing.T) {
	e := checktest.Load(t, "-- shell.env --\nGOPROXY=ftp://mirror.example.com\n")
	f := one(t, e.Run(goproxySyntax))
	if f.Severity != check.Error || f.Location != nil {
		t.Errorf("severity/location = %s/%+v; want error and no location", f.Severity, f.Location)
	}
	wantContexts(t, f, "shell", "terminal", "gopls", "test", "test-debug")
	wantIn(t, f.Message, "environment variable GOPROXY of the shell environment (shell.env)", "`go env -w` cannot help", "go.toolsEnvVars")
	noEnvEdit(t, e, f)
	// Nothing usable is left, and the environment cannot be edited: no corrected value to write.
	for _, x := range f.Fixes {
		if x.Preferred {
			t.Errorf("no fix can be preferred for an environment value: %+v", x)
		}
	}
}

func TestGoproxySyntaxLaunch(t *testing.T) {
	e := checktest.Load(t, launchEnv(`"GOPROXY": " https://goproxy.cn ,direct"`, `"CGO_ENABLED": "0"`))
	f := one(t, e.Run(goproxySyntax))
	if f.Severity != check.Warning {
		t.Errorf("severity = %s; want warning: the go command trims the white space", f.Severity)
	}
	wantLoc(t, e, f, "ws/.vscode/launch.json", `" https://goproxy.cn ,direct"`)
	wantContexts(t, f, "delve:dbg")
	wantIn(t, f.Message, `white space around "https://goproxy.cn"`)
	fix := preferredFix(t, f)
	if fix.Kind != check.Edit || *fix.JSON.Value != "https://goproxy.cn,direct" {
		t.Fatalf("preferred fix = %+v", fix)
	}
	e.Apply(fix)
	if fs := e.Run(goproxySyntax); len(fs) != 0 {
		t.Errorf("after the fix: %+v", fs)
	}
	keepsComments(t, e, "ws/.vscode/launch.json")
}

func TestGoproxySyntaxClean(t *testing.T) {
	clean(t, goproxySyntax, map[string]string{
		"nothing set":     ``,
		"default in file": "-- home/.config/go/env --\nGOPROXY=https://proxy.golang.org,direct\n",
		"mirror":          toolsEnv(`"GOPROXY": "https://goproxy.cn,direct"`),
		"pipe":            toolsEnv(`"GOPROXY": "https://a.example|https://b.example,direct"`),
		"schemeless host": "-- home/.config/go/env --\nGOPROXY=goproxy.cn,direct\n",
		"off":             "-- home/.config/go/env --\nGOPROXY=off\n",
		"direct":          "-- shell.env --\nGOPROXY=direct\n",
		"file proxy":      "-- shell.env --\nGOPROXY=file:///srv/goproxy\n",
		"crlf go/env":     "-- home/.config/go/env --\nGOPROXY=https://proxy.golang.org,direct\r\n",
	})
}
