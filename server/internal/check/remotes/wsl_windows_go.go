package remotes

import (
	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
)

// wslWindowsGo: WSL appends the Windows PATH (/mnt/c/Program Files/Go/bin) to the Linux one, so
// without a Linux Go a Windows go.exe is what runs. It reads %APPDATA%\go\env and Windows
// paths, builds Windows binaries, and vscode-go in WSL cannot use it at all.
var wslWindowsGo = check.Check{
	ID:       "wsl-windows-go",
	Severity: check.Warning,
	Summary:  "the go on PATH in WSL is a Windows go.exe",
	Run: func(ws *check.Workspace) []check.Finding {
		w := wslOf(ws)
		if w == nil || w.WindowsGo == "" {
			return nil
		}
		return []check.Finding{{
			Message: "PATH in WSL reaches a Windows Go before any Linux one: " + w.WindowsGo + " (" + w.WindowsGoHow + "). A Windows go reads the Windows go/env file and Windows paths and builds Windows programs, and where only go.exe is found a bare `go` finds nothing; gopls, Delve and vscode-go inside WSL need a Linux go." +
				" Install Go inside WSL (https://go.dev/doc/install, e.g. under /usr/local/go) and put its bin directory before the Windows entries on PATH, or stop WSL from appending the Windows PATH with appendWindowsPath=false under [interop] in /etc/wsl.conf.",
			Contexts: []string{},
		}}
	},
}
