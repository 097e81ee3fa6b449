package goenvfile

import (
	"strings"
	"testing"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/check/checktest"
)

const allContexts = "shell,terminal,gopls,test,test-debug"

func TestGoenvEmptyValue(t *testing.T) {
	cases := []struct {
		name, archive string
		line          int
		sev           check.Severity
		gist          []string
		fixKind       check.FixKind
		after         string // the go/env file after the preferred fix
	}{
		{"GOPROXY", withGoEnv("GOPRIVATE=*.corp.example.com\nGOPROXY=\n"), 2, check.Warning,
			[]string{"GOPROXY= (empty)", "sets GOPROXY=https://proxy.golang.org,direct", "GOPROXY list is not the empty string, but contains no entries"},
			check.GoEnvUnset, "GOPRIVATE=*.corp.example.com\n"},
		{"GOSUMDB", withGoEnv("GOSUMDB=\n"), 1, check.Warning,
			[]string{"missing GOSUMDB"}, check.GoEnvUnset, ""},
		{"GOTOOLCHAIN against go.env auto", withGoEnv("GOTOOLCHAIN=\n"), 1, check.Warning,
			[]string{"GOTOOLCHAIN=auto", "never switches toolchains"}, check.GoEnvUnset, ""},
		{"GOTOOLCHAIN against go.env local", withGoEnv("GOTOOLCHAIN=\n", "-- goroot/go.env --\nGOPROXY=https://proxy.golang.org,direct\nGOSUMDB=sum.golang.org\nGOTOOLCHAIN=local\n"), 1, check.Info,
			[]string{"nothing changes today"}, check.GoEnvUnset, ""},
		{"another go.env key", withGoEnv("GOFLAGS=\n", "-- goroot/go.env --\nGOPROXY=https://proxy.golang.org,direct\nGOFLAGS=-mod=mod\n"), 1, check.Warning,
			[]string{"GOFLAGS=-mod=mod from go.env no longer applies"}, check.GoEnvUnset, ""},
		{"GOPROXY with go.env lacking it", withGoEnv("GOPROXY=\n", "-- goroot/go.env --\nGOSUMDB=sum.golang.org\n"), 1, check.Warning,
			[]string{"does not set GOPROXY either", "upstream default GOPROXY=https://proxy.golang.org,direct"},
			check.GoEnvWrite, "GOPROXY=https://proxy.golang.org,direct\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := checktest.Load(t, c.archive)
			fs := e.Run(goenvEmptyValue)
			if len(fs) != 1 {
				t.Fatalf("findings = %+v; want one", fs)
			}
			f := fs[0]
			if f.Check != "goenv-empty-value" || f.Severity != c.sev {
				t.Errorf("%s %s; want %s", f.Check, f.Severity, c.sev)
			}
			if f.Location == nil || f.Location.File != e.Path(goenvName) || f.Location.Line != c.line || f.Location.Column != 1 {
				t.Errorf("location = %+v; want line %d", f.Location, c.line)
			}
			if strings.Join(f.Contexts, ",") != allContexts {
				t.Errorf("contexts = %v", f.Contexts)
			}
			for _, g := range c.gist {
				if !strings.Contains(f.Message, g) {
					t.Errorf("message lacks %q:\n%s", g, f.Message)
				}
			}
			fx := preferred(t, f)
			if fx.Kind != c.fixKind {
				t.Errorf("preferred fix = %+v; want %s", fx, c.fixKind)
			}
			e.Apply(fx)
			if got := e.Read(goenvName); got != c.after {
				t.Errorf("after %q the file is %q; want %q", fx.Command, got, c.after)
			}
			if fs := e.Run(goenvEmptyValue); len(fs) != 0 {
				t.Errorf("after the fix: %+v", fs)
			}
		})
	}
}

// An environment variable that overrides the empty line takes those contexts out of the finding.
func TestGoenvEmptyValueOverriddenByEnv(t *testing.T) {
	e := checktest.Load(t, withGoEnv("GOPROXY=\n", "-- host.env --\nHOME=$DIR/home\nPATH=$DIR/goroot/bin\nGOPROXY=https://proxy.golang.org,direct\n"))
	fs := e.Run(goenvEmptyValue)
	if len(fs) != 1 || strings.Join(fs[0].Contexts, ",") != "shell,terminal" {
		t.Fatalf("findings = %+v; want one for shell and terminal only", fs)
	}
}

func TestGoenvEmptyValueClean(t *testing.T) {
	for name, archive := range map[string]string{
		"no go/env":        ``,
		"default GOPROXY":  withGoEnv("GOPROXY=https://proxy.golang.org,direct\n"),
		"clean":            withGoEnv("GOPRIVATE=*.corp.example.com\nGOFLAGS=-buildvcs=false\n"),
		"comments only":    withGoEnv("# nothing here\n\n"),
		"empty GOPRIVATE":  withGoEnv("GOPRIVATE=\nGOFLAGS=\nGOINSECURE=\n"),
		"later value wins": withGoEnv("GOPROXY=\nGOPROXY=direct\n"),
		"shell overrides":  withGoEnv("GOPROXY=\nGOSUMDB=\n", "-- shell.env --\nGOPROXY=https://proxy.golang.org,direct\nGOSUMDB=sum.golang.org\n"),
		"GOENV=off":        withGoEnv("GOPROXY=\n", "-- shell.env --\nGOENV=off\n"),
		"GOTOOLCHAIN, go.env without it": withGoEnv("GOTOOLCHAIN=\n",
			"-- goroot/go.env --\nGOPROXY=https://proxy.golang.org,direct\nGOSUMDB=sum.golang.org\n"),
	} {
		if fs := checktest.Load(t, archive).Run(goenvEmptyValue); len(fs) != 0 {
			t.Errorf("%s: %+v", name, fs)
		}
	}
}

// The go1.26 behaviour the messages describe, from the real go command.
func TestGoenvEmptyValueAgreesWithGo(t *testing.T) {
	g := newRealGo(t)
	if got := g.env(t, "GOPROXY=\nGOSUMDB=\n", "GOPROXY", "GOSUMDB"); got["GOPROXY"] != "" || got["GOSUMDB"] != "" {
		t.Errorf("go env with empty lines: %v", got)
	}
	if out := g.download(t, "GOPROXY=\n"); !strings.Contains(out, "GOPROXY list is not the empty string, but contains no entries") {
		t.Errorf("GOPROXY=: %s", out)
	}
	if out := g.download(t, "GOPROXY="+g.proxy+"\nGOSUMDB=\n"); !strings.Contains(out, "verifying go.mod: missing GOSUMDB") {
		t.Errorf("GOSUMDB=: %s", out)
	}
	// After go env -u the go.env values are back.
	e := checktest.Load(t, withGoEnv("GOPROXY=\n"))
	e.Apply(preferred(t, e.Run(goenvEmptyValue)[0]))
	if got := g.env(t, e.Read(goenvName), "GOPROXY"); got["GOPROXY"] != g.rootEnv["GOPROXY"] || got["GOPROXY"] == "" {
		t.Errorf("after go env -u: GOPROXY = %q; want go.env's %q", got["GOPROXY"], g.rootEnv["GOPROXY"])
	}
}
