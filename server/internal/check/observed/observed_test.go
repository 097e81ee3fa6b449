package observed

import (
	"strings"
	"testing"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/check/checktest"
)

const settings = `-- ws/.vscode/settings.json --
{
	"go.toolsEnvVars": {
		"GOPROXY": "https://new.example.com,direct",
	},
	"gopls": {"build.env": {"GOFLAGS": "-mod=mod"}},
}
`

func TestGoplsStaleEnv(t *testing.T) {
	e := checktest.Load(t, settings+"-- observed/gopls.env --\nHOME=$DIR/home\nPATH=$DIR/goroot/bin\nGOPROXY=https://old.example.com\n")
	fs := e.Run(goplsStaleEnv)
	if len(fs) != 1 {
		t.Fatalf("findings: %+v", fs)
	}
	f := fs[0]
	for _, want := range []string{"PID 1000", "GOPROXY=https://old.example.com", "GOPROXY=https://new.example.com,direct", "go.toolsEnvVars"} {
		if !strings.Contains(f.Message, want) {
			t.Errorf("message lacks %q: %s", want, f.Message)
		}
	}
	// gopls.build.env (GOFLAGS) is never in the process env: not reported.
	if strings.Contains(f.Message, "GOFLAGS") {
		t.Errorf("build.env reported: %s", f.Message)
	}
	if f.Location == nil || !strings.HasSuffix(f.Location.File, "settings.json") || f.Location.Line != 3 {
		t.Errorf("location = %+v", f.Location)
	}
	if len(f.Fixes) != 1 || f.Fixes[0].Kind != check.RestartGopls || !f.Fixes[0].Preferred {
		t.Errorf("fixes = %+v", f.Fixes)
	}
}

func TestGoplsUpToDate(t *testing.T) {
	// The running gopls has exactly what a new one would get (build.env aside): nothing to say.
	e := checktest.Load(t, settings+"-- observed/gopls.env --\nHOME=$DIR/home\nPATH=$DIR/goroot/bin\nGOPROXY=https://new.example.com,direct\n")
	if fs := e.Run(goplsStaleEnv); len(fs) != 0 {
		t.Errorf("findings: %+v", fs)
	}
	// No observation at all: nothing to compare.
	e = checktest.Load(t, settings)
	if fs := e.Run(goplsStaleEnv); len(fs) != 0 {
		t.Errorf("findings without observation: %+v", fs)
	}
}

// go env -w changed the file; gopls still has the value as a real variable (vscode-go's
// activation copy): a restart is not enough, the window must reload.
func TestGoplsStaleAfterGoEnvW(t *testing.T) {
	e := checktest.Load(t, "-- home/.config/go/env --\nGOPROXY=https://corp.example.com\n"+
		"-- observed/gopls.env --\nHOME=$DIR/home\nPATH=$DIR/goroot/bin\nGOPROXY=https://proxy.golang.org,direct\n")
	fs := e.Run(goplsStaleEnv)
	if len(fs) != 1 {
		t.Fatalf("findings: %+v", fs)
	}
	kinds := []check.FixKind{}
	for _, f := range fs[0].Fixes {
		kinds = append(kinds, f.Kind)
	}
	if len(kinds) != 2 || kinds[1] != check.ReloadWindow || !strings.Contains(fs[0].Message, "reloading the window") {
		t.Errorf("fixes %v, message %s", kinds, fs[0].Message)
	}
	if fs[0].Location == nil || !strings.HasSuffix(fs[0].Location.File, "go/env") {
		t.Errorf("location = %+v", fs[0].Location)
	}
}

func TestRuntimeEnvMismatch(t *testing.T) {
	e := checktest.Load(t, `-- ws/.vscode/launch.json --
{"configurations": [{"name": "Launch", "type": "go", "request": "launch", "program": ".", "env": {"GOPROXY": "off"}}]}
-- observed/delve:Launch.env --
HOME=$DIR/home
PATH=$DIR/goroot/bin
GOPROXY=https://proxy.golang.org,direct
-- observed/terminal.env --
HOME=$DIR/home
PATH=$DIR/goroot/bin
GOPRIVATE=old.example.com
`)
	fs := e.Run(runtimeEnvMismatch)
	if len(fs) != 2 {
		t.Fatalf("findings: %+v", fs)
	}
	byCtx := map[string]check.Finding{}
	for _, f := range fs {
		byCtx[f.Contexts[0]] = f
	}
	if f := byCtx["delve:Launch"]; !strings.Contains(f.Message, "restart the debug session") || !strings.Contains(f.Message, "GOPROXY=off") ||
		f.Location == nil || !strings.HasSuffix(f.Location.File, "launch.json") {
		t.Errorf("delve finding: %+v", f)
	}
	if f := byCtx["terminal"]; !strings.Contains(f.Message, "open a new terminal") || !strings.Contains(f.Message, "GOPRIVATE=old.example.com") {
		t.Errorf("terminal finding: %+v", f)
	}
	// gopls is not this check's business.
	if fs := e.Run(goplsStaleEnv); len(fs) != 0 {
		t.Errorf("gopls findings: %+v", fs)
	}
}

// go env -w changed GOPROXY after vscode-go activated: the extension host still holds the copy.
func TestStickyExtensionEnv(t *testing.T) {
	const goenv = "-- home/.config/go/env --\nGOPROXY=https://corp.example.com\n"
	e := checktest.Load(t, goenv+"-- host-live.env --\nHOME=$DIR/home\nGOPROXY=https://proxy.golang.org,direct\nGOPATH=$DIR/home/go\n")
	fs := e.Run(stickyExtensionEnv)
	if len(fs) != 1 {
		t.Fatalf("findings: %+v", fs)
	}
	f := fs[0]
	for _, want := range []string{"GOPROXY=https://proxy.golang.org,direct", "now gives https://corp.example.com", "reload the window"} {
		if !strings.Contains(f.Message, want) {
			t.Errorf("message lacks %q: %s", want, f.Message)
		}
	}
	if f.Location == nil || !strings.HasSuffix(f.Location.File, "go/env") || f.Location.Line != 1 {
		t.Errorf("location = %+v", f.Location)
	}
	if len(f.Fixes) != 1 || f.Fixes[0].Kind != check.ReloadWindow || !f.Fixes[0].Preferred {
		t.Errorf("fixes = %+v", f.Fixes)
	}

	// The copy still matches: nothing. Unknown live env (the CLI): nothing.
	e = checktest.Load(t, goenv+"-- host-live.env --\nHOME=$DIR/home\nGOPROXY=https://corp.example.com\nGOPATH=$DIR/home/go\n")
	if fs := e.Run(stickyExtensionEnv); len(fs) != 0 {
		t.Errorf("fresh copy reported: %+v", fs)
	}
	e = checktest.Load(t, goenv)
	if fs := e.Run(stickyExtensionEnv); len(fs) != 0 {
		t.Errorf("without a live env: %+v", fs)
	}
	// The host started with GOPROXY itself (a shell variable), so it is no copy.
	e = checktest.Load(t, goenv+"-- shell.env --\nHOME=$DIR/home\nPATH=$DIR/goroot/bin\nGOPROXY=https://shell.example.com\n"+
		"-- host-live.env --\nHOME=$DIR/home\nGOPROXY=https://shell.example.com\n")
	if fs := e.Run(stickyExtensionEnv); len(fs) != 0 {
		t.Errorf("a shell variable reported as a copy: %+v", fs)
	}
}

// With the extension host's live env known, the held copy is what a restarted gopls gets: a gopls
// running with it is not stale (a restart would not change it), and only sticky-extension-env
// speaks, with the window reload. Found by the e2e scenario sticky-copy.
func TestStickyCopyIsWhatGoplsGets(t *testing.T) {
	const held = "https://proxy.golang.org,direct"
	e := checktest.Load(t, "-- home/.config/go/env --\nGOPROXY=https://user:s3cret@corp.example.com\n"+
		"-- host-live.env --\nHOME=$DIR/home\nGOPROXY="+held+"\nGOPATH=$DIR/home/go\n"+
		"-- observed/gopls.env --\nHOME=$DIR/home\nPATH=$DIR/goroot/bin\nGOPROXY="+held+"\n")
	if fs := e.Run(goplsStaleEnv); len(fs) != 0 {
		t.Errorf("gopls-stale-env for a gopls that a restart would not change: %+v", fs)
	}
	if fs := e.Run(stickyExtensionEnv); len(fs) != 1 {
		t.Errorf("sticky-extension-env: %+v", fs)
	}
	for _, c := range e.WS.Contexts {
		if c.ID != "gopls" {
			continue
		}
		v := c.Get("GOPROXY")
		if v.Value != held || !strings.Contains(v.Origin.Source, "extension host's environment now") {
			t.Errorf("gopls GOPROXY = %q from %+v", v.Value, v.Origin)
		}
		if strings.Contains(v.Origin.Source, "s3cret") {
			t.Errorf("credential in the origin: %s", v.Origin.Source)
		}
	}
}

// A stale copy that go.toolsEnvVars overrides for every Go tool reaches nothing: not reported.
func TestStickyCopyOverridden(t *testing.T) {
	e := checktest.Load(t, "-- home/.config/go/env --\nGOPROXY=https://corp.example.com\n"+
		"-- user/settings.json --\n{\"go.toolsEnvVars\": {\"GOPROXY\": \"https://user.example.com\"}}\n"+
		"-- host-live.env --\nHOME=$DIR/home\nGOPROXY=https://old.example.com\n")
	if fs := e.Run(stickyExtensionEnv); len(fs) != 0 {
		t.Errorf("findings: %+v", fs)
	}
}

// A dlv-dap launch request carries only an overlay: variables it does not name are taken to be
// what a new session gets, so only what the request set can differ.
func TestRuntimeEnvMismatchLaunchOverlay(t *testing.T) {
	e := checktest.Load(t, `-- ws/.vscode/launch.json --
{"configurations": [{"name": "Launch", "type": "go", "request": "launch", "program": ".", "env": {"GOPROXY": "https://new.example.com"}}]}
-- observed/delve:Launch.overlay.env --
GOPROXY=https://old.example.com
`)
	fs := e.Run(runtimeEnvMismatch)
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "GOPROXY=https://old.example.com") || !strings.Contains(fs[0].Message, "GOPROXY=https://new.example.com") {
		t.Fatalf("findings: %+v", fs)
	}
}
