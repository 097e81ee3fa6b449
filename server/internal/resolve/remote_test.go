package resolve_test

import (
	"strings"
	"testing"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check/checktest"
	"github.com/go-env-doctor/go-env-doctor/server/internal/model"
)

const wsl2 = "-- root/proc/version --\nLinux version 5.15.167.4-microsoft-standard-WSL2 (root@x) #1 SMP\n-- root/mnt/c/Users/alice/NTUSER.DAT --\n"

// A variable WSLENV brings from Windows is attributed to Windows; user settings read through
// /mnt/c are on the Windows side, the go/env file on the WSL side.
func TestWSLSides(t *testing.T) {
	e := checktest.Load(t, wsl2+`-- shell.env --
USER=alice
WSLENV=GOPROXY:WT_SESSION
GOPROXY=https://goproxy.cn,direct
GOFLAGS=-mod=mod
-- home/.config/go/env --
GOPRIVATE=corp.example.com
`)
	shell := e.WS.Context(e.Target, "shell")
	gp := shell.Get("GOPROXY").Origin
	if gp.Side != "windows" || gp.Layer != model.LayerShell || !strings.Contains(gp.Note, "WSLENV") {
		t.Errorf("GOPROXY origin = %+v, want the shell layer on the Windows side, through WSLENV", gp)
	}
	if o := shell.Get("GOFLAGS").Origin; o.Side != "wsl" {
		t.Errorf("GOFLAGS origin = %+v, want the WSL side", o)
	}
	if o := shell.Get("GOPRIVATE").Origin; o.Side != "wsl" || o.Layer != model.LayerUserGoEnv {
		t.Errorf("GOPRIVATE origin = %+v, want the WSL go/env file", o)
	}
	if o := shell.Get("GOSUMDB").Origin; o.Side != "" && o.Layer == model.LayerDefault {
		t.Errorf("a default has a side: %+v", o)
	}
}

// On a plain machine nothing gets a side: explain and the report stay as they were.
func TestNoSidesOnALocalMachine(t *testing.T) {
	e := checktest.Load(t, "-- shell.env --\nGOPROXY=https://goproxy.cn,direct\nWSLENV=GOPROXY\n")
	if o := e.WS.Context(e.Target, "gopls").Get("GOPROXY").Origin; o.Side != "" {
		t.Errorf("GOPROXY origin = %+v, want no side", o)
	}
}

// In a dev container, values equal to devcontainer.json's are attributed to it; remoteEnv
// reaches VS Code's processes (gopls) but not a shell that did not get it (docker exec).
func TestDevContainerEnv(t *testing.T) {
	e := checktest.Load(t, `-- root/.dockerenv --
-- shell.env --
REMOTE_CONTAINERS=true
GOFLAGS=-mod=mod
CORP=corp.example.com
-- ws/.devcontainer/devcontainer.json --
{
  // JSONC, like VS Code's own files
  "containerEnv": {"GOFLAGS": "-mod=mod"},
  "remoteEnv": {"GOPRIVATE": "${containerEnv:CORP}", "GONOSUMDB": "${localEnv:NOSUM}"}
}
`)
	shell, gopls := e.WS.Context(e.Target, "shell"), e.WS.Context(e.Target, "gopls")
	if o := shell.Get("GOFLAGS").Origin; o.Layer != model.LayerContainerEnv || o.Line != 3 || o.Side != "container" {
		t.Errorf("shell GOFLAGS origin = %+v, want devcontainer.json containerEnv line 3", o)
	}
	if v := shell.Get("GOPRIVATE"); v.Value != "" {
		t.Errorf("shell GOPRIVATE = %q: remoteEnv does not reach a docker exec shell", v.Value)
	}
	p := gopls.Get("GOPRIVATE")
	if p.Value != "corp.example.com" || p.Origin.Layer != model.LayerRemoteEnv || p.Origin.Line != 4 {
		t.Errorf("gopls GOPRIVATE = %q from %+v, want corp.example.com from remoteEnv (${containerEnv:CORP})", p.Value, p.Origin)
	}
	if v := gopls.Get("GONOSUMDB"); v.Origin.Layer == model.LayerRemoteEnv {
		t.Errorf("gopls GONOSUMDB from %+v: ${localEnv:…} is unknown inside the container", v.Origin)
	}
}

// In a remote window, a value the server's env setup script exports is attributed to it.
func TestServerEnvSetup(t *testing.T) {
	e := checktest.Load(t, wsl2+`-- remote.txt --
wsl
-- host.env --
HOME=$DIR/home
GOPROXY=https://goproxy.corp.example,direct
-- home/.vscode-server/server-env-setup --
# run before VS Code's server starts
export GOPROXY=https://goproxy.corp.example,direct
`)
	o := e.WS.Context(e.Target, "gopls").Get("GOPROXY").Origin
	if !strings.HasSuffix(o.File, ".vscode-server/server-env-setup") || o.Line != 2 || o.Layer != model.LayerHost {
		t.Errorf("gopls GOPROXY origin = %+v, want server-env-setup line 2", o)
	}
}
