package modules

import (
	"strings"
	"testing"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/check/checktest"
	"github.com/go-env-doctor/go-env-doctor/server/internal/modcfg"
)

func TestGoflagsInvalidUnknown(t *testing.T) {
	e := checktest.Load(t, "-- home/.config/go/env --\nGOPROXY=https://proxy.golang.org,direct\nGOFLAGS=-mod=mod -bogus '-ldflags=-s -w'\n"+cleanGoMod)
	f := one(t, e.Run(goflagsInvalid))
	if f.Check != "goflags-invalid" || f.Severity != check.Error {
		t.Errorf("check %s severity %s", f.Check, f.Severity)
	}
	wantAt(t, f, "home/.config/go/env", 2, 9)
	wantContexts(t, f, allContexts...)
	wantMsg(t, f, "go: parsing $GOFLAGS: unknown flag -bogus", "gopls")
	fix := preferred(t, f)
	if fix.Kind != check.GoEnvWrite || fix.GoEnv.Set["GOFLAGS"] != "-mod=mod '-ldflags=-s -w'" {
		t.Errorf("fix = %+v", fix)
	}
	e.Apply(fix)
	if fs := e.Run(goflagsInvalid); len(fs) != 0 {
		t.Errorf("after the fix: %+v", fs)
	}
}

func TestGoflagsInvalidEmptyQuoted(t *testing.T) {
	e := checktest.Load(t, "-- home/.config/go/env --\nGOFLAGS=\"\"\n"+cleanGoMod)
	f := one(t, e.Run(goflagsInvalid))
	wantMsg(t, f, "panic")
	fix := preferred(t, f)
	// go env -u itself would panic on the file's GOFLAGS: the command runs with a valid one.
	if fix.Kind != check.GoEnvUnset || fix.Command != "GOFLAGS=-modcacherw go env -u GOFLAGS" {
		t.Errorf("fix = %+v", fix)
	}
	e.Apply(fix)
	if fs := e.Run(goflagsInvalid); len(fs) != 0 {
		t.Errorf("after the fix: %+v", fs)
	}
}

func TestGoflagsInvalidInsecureSetting(t *testing.T) {
	e := checktest.Load(t, `
-- user/settings.json --
{
  // old corp setup
  "go.toolsEnvVars": {
    "GOPROXY": "https://proxy.golang.org,direct",
    "GOFLAGS": "-insecure"
  }
}
`+cleanGoMod)
	f := one(t, e.Run(goflagsInvalid))
	wantAt(t, f, "user/settings.json", 5, 16)
	wantContexts(t, f, "gopls", "test", "test-debug")
	wantMsg(t, f, "-insecure flag is no longer supported; use GOINSECURE instead")
	fix := preferred(t, f)
	if fix.Kind != check.RemoveSetting {
		t.Errorf("nothing is left: the fix should remove the setting: %+v", fix)
	}
	e.Apply(fix)
	if fs := e.Run(goflagsInvalid); len(fs) != 0 {
		t.Errorf("after the fix: %+v", fs)
	}
	s := e.Read("user/settings.json")
	if !strings.Contains(s, "// old corp setup") || !strings.Contains(s, `"GOPROXY"`) || strings.Contains(s, "GOFLAGS") {
		t.Errorf("settings after the fix: %s", s)
	}
}

func TestGoflagsInvalidWorkspaceModMod(t *testing.T) {
	e := checktest.Load(t, "-- home/.config/go/env --\nGOFLAGS=-mod=mod -modcacherw\n"+cleanGoMod+"-- ws/go.work --\ngo 1.26.8\n\nuse .\n")
	f := one(t, e.Run(goflagsInvalid))
	wantMsg(t, f, "-mod may only be set to readonly or vendor when in workspace mode")
	fix := preferred(t, f)
	if fix.GoEnv.Set["GOFLAGS"] != "-modcacherw" {
		t.Errorf("fix = %+v", fix)
	}
	e.Apply(fix)
	if fs := e.Run(goflagsInvalid); len(fs) != 0 {
		t.Errorf("after the fix: %+v", fs)
	}
}

func TestGoflagsJSONStripped(t *testing.T) {
	e := checktest.Load(t, "-- home/.config/go/env --\nGOFLAGS=-json\n"+cleanGoMod)
	f := one(t, e.Run(goflagsInvalid))
	if f.Severity != check.Info || len(f.Fixes) != 0 {
		t.Errorf("-json is legal: want an info finding without fixes, got %s %+v", f.Severity, f.Fixes)
	}
	wantContexts(t, f, "gopls", "test", "test-debug")
	wantMsg(t, f, "vscode-go removes -json")
}

func TestGoflagsInvalidClean(t *testing.T) {
	for name, archive := range map[string]string{
		"default": cleanGoMod,
		"valid":   "-- home/.config/go/env --\nGOFLAGS=-mod=mod -modcacherw \"-ldflags=-s -w\" -tags=integration\n" + cleanGoMod,
		"vendor":  "-- home/.config/go/env --\nGOFLAGS=-mod=readonly\n" + cleanGoMod + "-- ws/go.work --\ngo 1.26.8\n\nuse .\n",
		"no work": "-- home/.config/go/env --\nGOFLAGS=-mod=mod\n" + cleanGoMod,
	} {
		if fs := checktest.Load(t, archive).Run(goflagsInvalid); len(fs) != 0 {
			t.Errorf("%s: %+v", name, fs)
		}
	}
}

// TestDropBadFlagsRepairsSplits: the fix keeps what the user meant when GOFLAGS was split at a
// space, instead of dropping words.
func TestDropBadFlagsRepairsSplits(t *testing.T) {
	for in, want := range map[string]string{
		"-tags integration":          "-tags=integration",
		"-trimpath -ldflags=-s -w":   `-trimpath "-ldflags=-s -w"`,
		"-mod=vendor -bogus":         "-mod=vendor",
		"-insecure -mod=mod":         "-mod=mod",
		"-w":                         "",
		`"-ldflags=-s -w" -trimpath`: `"-ldflags=-s -w" -trimpath`,
	} {
		got := dropBadFlags(in)
		if got != want {
			t.Errorf("dropBadFlags(%q) = %q; want %q", in, got, want)
		}
		if got != "" {
			if _, probs := modcfg.ParseGOFLAGS(got); modcfg.HasFatal(probs) {
				t.Errorf("dropBadFlags(%q) = %q still has fatal problems: %+v", in, got, probs)
			}
		}
	}
}
