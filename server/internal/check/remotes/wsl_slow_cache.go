package remotes

import (
	"path"
	"strings"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/model"
	"github.com/go-env-doctor/go-env-doctor/server/internal/redact"
	"github.com/go-env-doctor/go-env-doctor/server/internal/remote"
)

// wslSlowCache: Windows drives reach WSL2 over 9P, which is many times slower than the Linux
// disk for the small files a module or build cache is made of, and delivers no inotify events.
// A GOPATH or cache there makes every gopls load and build crawl.
var wslSlowCache = check.Check{
	ID:       "wsl-slow-cache",
	Severity: check.Warning,
	Summary:  "GOPATH, GOMODCACHE or GOCACHE under `/mnt/<drive>` (9P: slow, no inotify)",
	Run: func(ws *check.Workspace) []check.Finding {
		w := wslOf(ws)
		if w == nil {
			return nil
		}
		slow := func(u check.ValueUse) bool {
			// A GOMODCACHE that only follows GOPATH is fixed by moving GOPATH.
			l := u.Var.Origin.Layer
			return onWindowsDrive(w, u.Var.Value) && l != model.LayerDerived && l != model.LayerDefault
		}
		var out []check.Finding
		for _, u := range usesByPlace(ws, slow, "GOPATH", "GOMODCACHE", "GOCACHE") {
			out = append(out, slowCacheFinding(w, u))
		}
		return out
	},
}

func slowCacheFinding(w *remote.WSL, u check.ValueUse) check.Finding {
	msg := "`" + u.Name + "=" + redact.Value(u.Name, u.Var.Value) + "`, set " + check.WhereSet(u.Var.Origin, u.Name) +
		", is on a Windows drive. WSL reaches " + w.AutomountRoot + "<drive> through the 9P file server: every one of the many small files of a module or build cache costs a round trip to Windows, and changes made from Windows raise no inotify events, so gopls, builds and tests run many times slower than on the Linux disk."
	f := check.Finding{Message: msg, Folder: u.Folder, Contexts: u.ContextIDs(), Location: u.Location()}
	home := linuxHome(u.Contexts)
	if home == "" {
		return f
	}
	target := linuxDefault(u.Name, home, u.Contexts)
	f.Message += " Move it under the Linux home (" + target + "); the go command fills the new location as it needs it." + cleanOld[u.Name]
	if fix, ok := u.SetValue(target, "move "+u.Name+" under the Linux home: "+target); ok {
		f.Fixes = append(f.Fixes, withPreferred(fix))
	}
	return f
}

// cleanOld says how to free the old location once nothing uses it.
var cleanOld = map[string]string{
	"GOMODCACHE": " Free the old one with `go clean -modcache` run with the old value, or delete it from Windows.",
	"GOCACHE":    " Delete the old directory from Windows when nothing uses it.",
	"GOPATH":     " Move or re-clone what you keep in the old GOPATH, then delete its pkg/mod from Windows.",
}

// onWindowsDrive reports whether any element of a path list is under a drive mount (/mnt/c).
func onWindowsDrive(w *remote.WSL, list string) bool {
	for _, elem := range strings.Split(list, ":") { // GOPATH may be a list
		if w.OnWindowsDrive(path.Clean(elem) + "/") {
			return true
		}
	}
	return false
}

// linuxHome is $HOME of the contexts, when it is on the Linux side.
func linuxHome(ctxs []*model.Context) string {
	for _, c := range ctxs {
		if h := c.Env["HOME"]; strings.HasPrefix(h, "/") && !strings.HasPrefix(h, "/mnt/") {
			return h
		}
	}
	return ""
}

// linuxDefault is where the go command would put name under a Linux home.
func linuxDefault(name, home string, ctxs []*model.Context) string {
	switch name {
	case "GOMODCACHE":
		return path.Join(home, "go", "pkg", "mod")
	case "GOCACHE":
		for _, c := range ctxs {
			if x := c.Env["XDG_CACHE_HOME"]; strings.HasPrefix(x, "/") && !strings.HasPrefix(x, "/mnt/") {
				return path.Join(x, "go-build")
			}
		}
		return path.Join(home, ".cache", "go-build")
	}
	return path.Join(home, "go")
}
