package remotes

import (
	"strings"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/goenv"
	"github.com/go-env-doctor/go-env-doctor/server/internal/redact"
)

// wslWindowsGoenv: `go env -w` on Windows writes %APPDATA%\go\env, which the go command in WSL
// never reads: it reads ~/.config/go/env. Users who set GOPROXY once on Windows expect WSL to
// follow; it silently does not.
var wslWindowsGoenv = check.Check{
	ID:       "wsl-windows-goenv",
	Severity: check.Info,
	Summary:  "the Windows %APPDATA%\\go\\env differs from the WSL go/env on a download variable",
	Run: func(ws *check.Workspace) []check.Finding {
		w := wslOf(ws)
		if w == nil || w.WindowsGoEnvData == nil {
			return nil
		}
		win := goenv.Parse(w.WindowsGoEnv, w.WindowsGoEnvData)
		var out []check.Finding
		seen := map[string]bool{}
		for _, c := range ws.Contexts {
			if c.GoEnvFile == "" || seen[c.GoEnvFile] {
				continue
			}
			seen[c.GoEnvFile] = true
			if f := windowsGoenvFinding(ws, win, c.GoEnvFile); f != nil {
				out = append(out, *f)
			}
		}
		return out
	},
}

// goenvDownloadVars are the download variables a go/env file can set.
var goenvDownloadVars = []string{"GOPROXY", "GOSUMDB", "GOPRIVATE", "GONOPROXY", "GONOSUMDB", "GOINSECURE", "GOFLAGS", "GOTOOLCHAIN", "GOAUTH"}

func windowsGoenvFinding(ws *check.Workspace, win *goenv.File, wslPath string) *check.Finding {
	wsl := ws.GoEnvFile(wslPath) // nil when the WSL file does not exist
	var diffs []string
	var fixes []check.Fix
	var loc *check.Location
	for _, name := range goenvDownloadVars {
		wv, winHas := win.Lookup(name)
		// A Windows editor may have saved the file with CRLF; the value is what precedes it.
		wv.Value = strings.TrimSuffix(wv.Value, "\r")
		lv, wslHas := wsl.Lookup(name)
		if wv.Value == lv.Value && winHas == wslHas {
			continue
		}
		if !winHas && !wslHas {
			continue
		}
		shownWin, shownWSL := "not set", "not set"
		if winHas {
			shownWin = "`" + redact.Value(name, wv.Value) + "`"
		}
		if wslHas {
			shownWSL = "`" + redact.Value(name, lv.Value) + "`"
			if loc == nil {
				loc = &check.Location{File: wslPath, Line: lv.Line, Column: 1}
			}
		}
		diffs = append(diffs, name+": Windows "+shownWin+", WSL "+shownWSL)
		if winHas {
			fixes = append(fixes, check.GoEnvW(wslPath, name, wv.Value, "use the Windows "+name+" in WSL (go env -w in WSL)"))
		} else {
			fixes = append(fixes, check.GoEnvU(wslPath, name, "unset "+name+" in WSL, like on Windows (go env -u in WSL)", nil))
		}
	}
	if len(diffs) == 0 {
		return nil
	}
	return &check.Finding{
		Message: "The Windows go/env file (" + win.Path + ") and the WSL one (" + wslPath + ") disagree on " + strings.Join(diffs, "; ") +
			". The go command in WSL, and so gopls, Delve and tests in this window, read only the WSL file: `go env -w` on Windows does not reach them. Align the two if you expect the same downloads on both sides.",
		Location: loc,
		Fixes:    fixes,
	}
}
