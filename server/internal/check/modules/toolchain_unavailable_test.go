package modules

import (
	"strings"
	"testing"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/check/checktest"
)

const localGoEnv = `-- goroot/VERSION --
go1.26.8
time 2026-08-28T16:20:06Z
-- goroot/go.env --
GOPROXY=https://proxy.golang.org,direct
GOSUMDB=sum.golang.org
GOTOOLCHAIN=local
`

const newerGoMod = `-- ws/go.mod --
module example.com/app

go 1.27.0

require golang.org/x/mod v0.42.0
`

func TestToolchainUnavailableLocal(t *testing.T) {
	e := checktest.Load(t, localGoEnv+newerGoMod)
	f := one(t, e.Run(toolchainUnavailable))
	if f.Check != "toolchain-unavailable" || f.Severity != check.Error {
		t.Errorf("check %s severity %s", f.Check, f.Severity)
	}
	wantAt(t, f, "ws/go.mod", 3, 1)
	wantContexts(t, f, allContexts...)
	wantMsg(t, f, "go1.27.0", "GOTOOLCHAIN=local", "goroot/go.env:3", "go1.26.8",
		`go: go.mod requires go >= 1.27.0 (running go 1.26.8; GOTOOLCHAIN=local)`, "some distributions")
	fix := preferred(t, f)
	if fix.Kind != check.GoEnvWrite || fix.GoEnv.Set["GOTOOLCHAIN"] != "auto" || !strings.HasSuffix(fix.File, "home/.config/go/env") {
		t.Errorf("fix = %+v", fix)
	}
	e.Apply(fix)
	if fs := e.Run(toolchainUnavailable); len(fs) != 0 {
		t.Errorf("after the fix: %+v", fs)
	}
}

func TestToolchainUnavailableSettings(t *testing.T) {
	// gopls, tests and debugging get GOTOOLCHAIN=local from go.toolsEnvVars; the shell switches.
	e := checktest.Load(t, `
-- user/settings.json --
{
  // pinned for CI parity
  "go.toolsEnvVars": {"GOTOOLCHAIN": "local"}
}
`+newerGoMod)
	f := one(t, e.Run(toolchainUnavailable))
	wantContexts(t, f, "gopls", "test", "test-debug")
	wantMsg(t, f, "go.toolsEnvVars")
	fix := preferred(t, f)
	if fix.Kind != check.SetSetting || *fix.JSON.Value != "auto" {
		t.Errorf("fix = %+v", fix)
	}
	e.Apply(fix)
	if fs := e.Run(toolchainUnavailable); len(fs) != 0 {
		t.Errorf("after the fix: %+v", fs)
	}
	if s := e.Read("user/settings.json"); !strings.Contains(s, "// pinned for CI parity") {
		t.Errorf("comment lost: %s", s)
	}
}

func TestToolchainUnavailableDownloadBlocked(t *testing.T) {
	e := checktest.Load(t, "-- home/.config/go/env --\nGOSUMDB=off\n"+newerGoMod)
	f := one(t, e.Run(toolchainUnavailable))
	wantAt(t, f, "ws/go.mod", 3, 1)
	wantMsg(t, f, "GOSUMDB=off", "golang.org/toolchain@v0.0.1-go1.27.0.", "GOPRIVATE/GONOSUMDB do not apply")
	if len(f.Fixes) != 1 || f.Fixes[0].GoEnv == nil || f.Fixes[0].GoEnv.Set["GOSUMDB"] != "sum.golang.org" {
		t.Fatalf("fixes = %+v", f.Fixes)
	}
	e.Apply(f.Fixes[0])
	if fs := e.Run(toolchainUnavailable); len(fs) != 0 {
		t.Errorf("after the fix: %+v", fs)
	}

	// A toolchain line alone asks for a switch under auto: located at that line.
	e = checktest.Load(t, `
-- home/.config/go/env --
GOPROXY=off
-- ws/go.mod --
module example.com/app

go 1.25.0

toolchain go1.27.1
`)
	f = one(t, e.Run(toolchainUnavailable))
	wantAt(t, f, "ws/go.mod", 5, 1)
	wantMsg(t, f, "toolchain line asks for go1.27.1", "GOPROXY=off", "home/.config/go/env:1")
	// gopls got GOPROXY through vscode-go's activation copy of `go env`: the fix edits the go/env
	// line it came from, and the window must reload.
	wantContexts(t, f, allContexts...)
	kinds := map[check.FixKind]int{}
	for _, x := range f.Fixes {
		kinds[x.Kind]++
		if x.Kind == check.GoEnvWrite && x.GoEnv.Set["GOPROXY"] != "https://proxy.golang.org,direct" {
			t.Errorf("fix = %+v", x)
		}
	}
	if kinds[check.GoEnvWrite] != 1 || kinds[check.ReloadWindow] != 1 {
		t.Errorf("fixes = %+v", f.Fixes)
	}
}

func TestToolchainUnavailablePinned(t *testing.T) {
	e := checktest.Load(t, "-- home/.config/go/env --\nGOTOOLCHAIN=go1.25.0\n"+newerGoMod)
	f := one(t, e.Run(toolchainUnavailable))
	wantMsg(t, f, "GOTOOLCHAIN=go1.25.0", "always runs go1.25.0", "running go 1.25.0; GOTOOLCHAIN=go1.25.0")
	wantAt(t, f, "ws/go.mod", 3, 1)
	fix := preferred(t, f)
	if fix.GoEnv.Set["GOTOOLCHAIN"] != "go1.25.0+auto" {
		t.Errorf("fix = %+v", fix)
	}
	e.Apply(fix)
	if fs := e.Run(toolchainUnavailable); len(fs) != 0 {
		t.Errorf("after the fix: %+v", fs)
	}
}

func TestToolchainUnavailableDefaultLine(t *testing.T) {
	e := checktest.Load(t, `
-- ws/go.mod --
module example.com/app

go 1.27.0

toolchain default
`)
	f := one(t, e.Run(toolchainUnavailable))
	wantMsg(t, f, `"toolchain default"`, "turns off switching")
}

func TestToolchainUnavailableClean(t *testing.T) {
	for name, archive := range map[string]string{
		"equal local":        localGoEnv + cleanGoMod,
		"older go line":      localGoEnv + "-- ws/go.mod --\nmodule example.com/app\n\ngo 1.22\n",
		"auto switches":      newerGoMod,
		"toolchain is local": localGoEnv + "-- ws/go.mod --\nmodule example.com/app\n\ngo 1.25.0\n\ntoolchain go1.27.1\n",
		"no go.mod":          localGoEnv,
		"pinned newer":       "-- home/.config/go/env --\nGOTOOLCHAIN=go1.27.2\n" + newerGoMod,
		"file proxy":         "-- home/.config/go/env --\nGOSUMDB=off\nGOPROXY=file:///srv/goproxy\n" + newerGoMod,
		"nonproxy direct":    "-- home/.config/go/env --\nGOPROXY=off\nGONOPROXY=golang.org/toolchain\n" + newerGoMod,
	} {
		if fs := checktest.Load(t, archive).Run(toolchainUnavailable); len(fs) != 0 {
			t.Errorf("%s: %+v", name, fs)
		}
	}
}
