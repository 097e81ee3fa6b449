package modules

import (
	"fmt"
	"go/version"
	"path/filepath"
	"strings"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/modcfg"
	"github.com/go-env-doctor/go-env-doctor/server/internal/model"
)

// vendorMode: with -mod=vendor the go command builds from vendor/ and never looks modules up
// ("module lookup disabled by -mod=vendor"), so GOPROXY and friends do not matter for builds,
// while `go get` and `go mod tidy` (which force -mod=mod) still download. modload/init.go
// setDefaultBuildMod turns vendor mode on by itself when vendor/ exists and the go line is at
// least 1.14 (go.work: vendor/ next to it, modules.txt marked "## workspace").
var vendorMode = check.Check{
	ID:       "vendor-mode",
	Severity: check.Info,
	Summary:  "-mod=vendor is in effect (GOFLAGS, or vendor/ with go ≥ 1.14): GOPROXY does not matter for builds",
	Run:      runVendorMode,
}

const vendorEffect = "Builds, tests, gopls and the debugger read dependencies from vendor/ and never download them, so GOPROXY, GOSUMDB and GOPRIVATE do not matter for them; a missing package fails with \"module lookup disabled by -mod=vendor\" (run `go mod vendor`). `go get`, `go mod tidy` and `go mod download` still use -mod=mod and download through GOPROXY."

func runVendorMode(ws *check.Workspace) []check.Finding {
	var out []check.Finding
	// Explicit -mod=vendor: once per place GOFLAGS is written.
	for _, use := range ws.UsesAcrossFolders("GOFLAGS") {
		if modFlag(use.Var.Value) != "vendor" {
			continue
		}
		out = append(out, check.Finding{
			Message:  fmt.Sprintf("GOFLAGS=%s (set in %s) turns on vendor mode. %s", q(use.Var.Value), where(use.Var.Origin), vendorEffect),
			Folder:   use.Folder,
			Contexts: use.ContextIDs(),
			Location: use.Location(),
		})
	}
	// Implicit vendor mode: per folder, for the contexts whose GOFLAGS leaves -mod alone.
	for _, f := range ws.Folders() {
		file, why := implicitVendor(ws, f.Path)
		if file == nil {
			continue
		}
		var ctxs []*model.Context
		for _, c := range ws.FolderContexts(f.Path) {
			if v := c.Get("GOFLAGS"); v == nil || modFlag(v.Value) == "" {
				ctxs = append(ctxs, c)
			}
		}
		if len(ctxs) == 0 {
			continue
		}
		fd := check.Finding{
			Message:  why + " " + vendorEffect,
			Folder:   f.Path,
			Contexts: check.IDs(ctxs),
		}
		if line, col := posOf(file.goLine); line > 0 {
			fd.Location = &check.Location{File: file.path, Line: line, Column: col}
		}
		out = append(out, fd)
	}
	return out
}

// modFlag returns the value of the last -mod flag in GOFLAGS ("" when none): later flags win
// in flag.FlagSet.Set, as they do for SetFromGOFLAGS.
func modFlag(goflags string) string {
	flags, _ := modcfg.ParseGOFLAGS(goflags)
	mode := ""
	for _, f := range flags {
		if f.Is("mod") && f.HasValue {
			mode = f.Value
		}
	}
	return mode
}

// implicitVendor reports whether the go command picks -mod=vendor by itself in folder, and why.
func implicitVendor(ws *check.Workspace, folder string) (*modInfo, string) {
	work, mod := modInfos(ws, folder)
	file := mod
	if work != nil {
		file = work
	}
	if file == nil || file.goV == "" || version.Compare(file.goV, "go1.14") < 0 {
		return nil, ""
	}
	vendor := filepath.Join(folder, "vendor")
	if !ws.IsDir(vendor) {
		return nil, ""
	}
	// modulesTextIsForWorkspace: vendor/modules.txt must be written for the same mode.
	forWork := false
	if data, err := ws.ReadFile(filepath.Join(vendor, "modules.txt")); err == nil {
		line, _, _ := strings.Cut(string(data), "\n")
		if ann, ok := strings.CutPrefix(line, "## "); ok {
			for _, e := range strings.Split(ann, ";") {
				forWork = forWork || strings.TrimSpace(e) == "workspace"
			}
		}
	}
	if forWork != (file == work) {
		return nil, ""
	}
	return file, fmt.Sprintf("%s says go %s (at least 1.14) and %s exists, so the go command uses -mod=vendor by default.",
		file.name, strings.TrimPrefix(file.goV, "go"), filepath.Join(filepath.Base(folder), "vendor"))
}
