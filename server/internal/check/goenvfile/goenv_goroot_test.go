package goenvfile

import (
	"strings"
	"testing"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check/checktest"
)

func TestGoenvGoroot(t *testing.T) {
	e := checktest.Load(t, `
-- home/.config/go/env --
GOPROXY=https://proxy.golang.org,direct
GOROOT=$DIR/nonexistent
`)
	fs := e.Run(goenvGoroot)
	if len(fs) != 1 {
		t.Fatalf("findings = %+v; want one", fs)
	}
	f := fs[0]
	if f.Location == nil || f.Location.Line != 2 || !strings.HasSuffix(f.Location.File, "home/.config/go/env") {
		t.Errorf("location = %+v; want line 2 of the go/env file", f.Location)
	}
	if !strings.Contains(f.Message, "does not exist") {
		t.Errorf("message should say the GOROOT does not exist: %s", f.Message)
	}
	fix := f.Fixes[0]
	if fix.GoEnv.Env["GOROOT"] != e.Path("goroot") {
		t.Errorf("go env -u must run with the discovered GOROOT %s; got %v", e.Path("goroot"), fix.GoEnv.Env)
	}
	e.Apply(fix)
	if got := e.Run(goenvGoroot); len(got) != 0 {
		t.Errorf("after the fix: %+v", got)
	}
	if s := e.Read("home/.config/go/env"); strings.Contains(s, "GOROOT") || !strings.Contains(s, "GOPROXY=") {
		t.Errorf("go/env after fix = %q", s)
	}
}

func TestGoenvGorootClean(t *testing.T) {
	for name, archive := range map[string]string{
		"no go/env": ``,
		"clean":     "-- home/.config/go/env --\nGOPROXY=https://proxy.golang.org,direct\n",
		"empty":     "-- home/.config/go/env --\nGOROOT=\n",
		"lowercase": "-- home/.config/go/env --\ngoroot=/x\n",
	} {
		if fs := checktest.Load(t, archive).Run(goenvGoroot); len(fs) != 0 {
			t.Errorf("%s: %+v", name, fs)
		}
	}
}
