package modules

import (
	"testing"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/check/checktest"
)

const vendored = `-- ws/vendor/modules.txt --
# golang.org/x/mod v0.42.0
## explicit; go 1.26.0
golang.org/x/mod/semver
`

func TestVendorModeImplicit(t *testing.T) {
	e := checktest.Load(t, cleanGoMod+vendored)
	f := one(t, e.Run(vendorMode))
	if f.Check != "vendor-mode" || f.Severity != check.Info || len(f.Fixes) != 0 {
		t.Errorf("check %s severity %s fixes %+v", f.Check, f.Severity, f.Fixes)
	}
	wantAt(t, f, "ws/go.mod", 3, 1)
	wantContexts(t, f, allContexts...)
	wantMsg(t, f, "go 1.26.8", "-mod=vendor by default", "module lookup disabled by -mod=vendor", "go mod tidy")

	// Explaining is all it does; -mod=mod in GOFLAGS turns vendor mode off again.
	e = checktest.Load(t, "-- home/.config/go/env --\nGOFLAGS=-mod=mod\n"+cleanGoMod+vendored)
	if fs := e.Run(vendorMode); len(fs) != 0 {
		t.Errorf("with -mod=mod: %+v", fs)
	}
}

func TestVendorModeFlag(t *testing.T) {
	e := checktest.Load(t, `
-- user/settings.json --
{"go.toolsEnvVars": {"GOFLAGS": "-mod=vendor"}}
`+cleanGoMod)
	f := one(t, e.Run(vendorMode))
	wantAt(t, f, "user/settings.json", 1, 33)
	wantContexts(t, f, "gopls", "test", "test-debug")
	wantMsg(t, f, "GOFLAGS=\"-mod=vendor\"", "GOPROXY")
}

func TestVendorModeClean(t *testing.T) {
	for name, archive := range map[string]string{
		"default":   cleanGoMod,
		"old go":    "-- ws/go.mod --\nmodule example.com/app\n\ngo 1.13\n" + vendored,
		"readonly":  "-- home/.config/go/env --\nGOFLAGS=-mod=readonly\n" + cleanGoMod + vendored,
		"workspace": cleanGoMod + vendored + "-- ws/go.work --\ngo 1.26.8\n\nuse .\n",
	} {
		if fs := checktest.Load(t, archive).Run(vendorMode); len(fs) != 0 {
			t.Errorf("%s: %+v", name, fs)
		}
	}
}
