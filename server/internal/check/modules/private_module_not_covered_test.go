package modules

import (
	"strings"
	"testing"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/check/checktest"
)

const privateGoMod = `-- ws/go.mod --
module example.com/app

go 1.26.8

require (
	git.corp.internal/team/lib v1.2.3
	10.0.0.5/x v1.0.0
	github.com/x/y v1.0.0
	corp.internal/replaced v1.0.0
)

replace corp.internal/replaced => ../lib
`

func TestPrivateModuleNotCovered(t *testing.T) {
	e := checktest.Load(t, privateGoMod)
	fs := e.Run(privateModuleNotCovered)
	if len(fs) != 2 {
		t.Fatalf("findings = %+v; want git.corp.internal and 10.0.0.5", fs)
	}
	f := fs[0]
	if f.Check != "private-module-not-covered" || f.Severity != check.Warning {
		t.Errorf("check %s severity %s", f.Check, f.Severity)
	}
	wantAt(t, f, "ws/go.mod", 6, 2)
	wantContexts(t, f, allContexts...)
	wantMsg(t, f, "git.corp.internal/team/lib v1.2.3", `".internal" is not a public top-level domain`, "sum.golang.org", "404 Not Found", "proxy.golang.org")
	wantAt(t, fs[1], "ws/go.mod", 7, 2)
	wantMsg(t, fs[1], "IP address")

	fix := preferred(t, f)
	if fix.Kind != check.GoEnvWrite || fix.GoEnv.Set["GOPRIVATE"] != "git.corp.internal" || !strings.HasSuffix(fix.File, "home/.config/go/env") {
		t.Errorf("fix = %+v", fix)
	}
	e.Apply(fix)
	f = one(t, e.Run(privateModuleNotCovered))
	wantMsg(t, f, "10.0.0.5/x")
	// Now GOPRIVATE is written in go/env: the next fix appends to it.
	fix = preferred(t, f)
	if got := fix.GoEnv.Set["GOPRIVATE"]; got != "git.corp.internal,10.0.0.5" {
		t.Errorf("second fix sets GOPRIVATE=%q", got)
	}
	e.Apply(fix)
	if fs := e.Run(privateModuleNotCovered); len(fs) != 0 {
		t.Errorf("after both fixes: %+v", fs)
	}
}

func TestPrivateModuleNotCoveredSettings(t *testing.T) {
	// gopls, tests and debugging read go.toolsEnvVars; the shell and terminal still miss it.
	e := checktest.Load(t, `
-- user/settings.json --
{
  // private modules
  "go.toolsEnvVars": {"GOPRIVATE": "github.com/acme"}
}
`+privateGoMod)
	fs := e.Run(privateModuleNotCovered)
	if len(fs) != 2 {
		t.Fatalf("findings = %+v", fs)
	}
	f := fs[0]
	wantContexts(t, f, allContexts...)
	var settingFix, goenvFix *check.Fix
	for i := range f.Fixes {
		switch f.Fixes[i].Kind {
		case check.SetSetting:
			settingFix = &f.Fixes[i]
		case check.GoEnvWrite:
			goenvFix = &f.Fixes[i]
		}
	}
	if settingFix == nil || !settingFix.Preferred || *settingFix.JSON.Value != "github.com/acme,git.corp.internal" {
		t.Fatalf("the preferred fix should extend the gopls value in settings: %+v", f.Fixes)
	}
	if goenvFix == nil || goenvFix.Preferred {
		t.Fatalf("the shell's value needs a go env -w fix too: %+v", f.Fixes)
	}
	e.Apply(*settingFix)
	f = one(t, e.Run(privateModuleNotCovered)[:1])
	wantContexts(t, f, "shell", "terminal")
	if s := e.Read("user/settings.json"); !strings.Contains(s, "// private modules") {
		t.Errorf("comment lost: %s", s)
	}
	e.Apply(*goenvFix)
	for _, f := range e.Run(privateModuleNotCovered) {
		if strings.Contains(f.Message, "git.corp.internal") {
			t.Errorf("after both fixes: %s", f.Message)
		}
	}
}

func TestPrivateModuleNotCoveredShellEnv(t *testing.T) {
	e := checktest.Load(t, `
-- shell.env --
GOPRIVATE=github.com/acme
-- user/settings.json --
{}
-- ws/go.mod --
module example.com/app

go 1.26.8

require git.corp.internal/team/lib v1.2.3
`)
	f := one(t, e.Run(privateModuleNotCovered))
	wantMsg(t, f, "$GOPRIVATE in the shell environment", "change it there too")
	if len(f.Fixes) != 1 || f.Fixes[0].Preferred {
		t.Fatalf("want one non-preferred settings fix: %+v", f.Fixes)
	}
	fix := f.Fixes[0]
	if fix.Kind != check.SetSetting || fix.Setting.Key != "go.toolsEnvVars" || fix.Setting.Scope != "user" || *fix.JSON.Value != "github.com/acme,git.corp.internal" {
		t.Errorf("fix = %+v", fix)
	}
	e.Apply(fix)
	f = one(t, e.Run(privateModuleNotCovered))
	wantContexts(t, f, "shell", "terminal")
}

func TestPrivateModuleNotCoveredClean(t *testing.T) {
	for name, archive := range map[string]string{
		"public":     cleanGoMod,
		"covered":    "-- home/.config/go/env --\nGOPRIVATE=git.corp.internal,10.0.0.5\n" + privateGoMod,
		"nosumdb":    "-- home/.config/go/env --\nGONOSUMDB=git.corp.internal,10.0.0.5\nGONOPROXY=git.corp.internal,10.0.0.5\n" + privateGoMod,
		"sumdb off":  "-- home/.config/go/env --\nGOSUMDB=off\nGOPROXY=direct\n" + privateGoMod,
		"corp proxy": "-- home/.config/go/env --\nGOSUMDB=off\nGOPROXY=https://athens.corp.internal\n" + privateGoMod,
		"public dot": "-- ws/go.mod --\nmodule example.com/app\n\ngo 1.26.8\n\nrequire (\n\tgithub.com/x/y v1.0.0\n\tgo.dev/x v1.0.0\n\tfoo.github.io/y v1.0.0\n)\n",
		"no go.mod":  "",
	} {
		if fs := checktest.Load(t, archive).Run(privateModuleNotCovered); len(fs) != 0 {
			t.Errorf("%s: %+v", name, fs)
		}
	}
}

func TestLooksPrivate(t *testing.T) {
	for path, want := range map[string]bool{
		"git.corp.internal/team/lib": true, "10.0.0.5/x": true, "gitlab/team/lib": true,
		"git.example.test/x": true, "nas.home/x": true, "git.corp:8443/x": true, "host.lan/x": true,
		"github.com/x/y": false, "golang.org/x/mod": false, "gopkg.in/yaml.v3": false, "foo.github.io/y": false,
		"example.dev/x": false, "code.gitea.io/sdk": false,
	} {
		if _, got := looksPrivate(path); got != want {
			t.Errorf("looksPrivate(%q) = %v; want %v", path, got, want)
		}
	}
}
