package modules

import (
	"fmt"
	"go/version"
	"runtime"
	"strings"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/modcfg"
	"github.com/go-env-doctor/go-env-doctor/server/internal/model"
	"golang.org/x/mod/modfile"
)

// toolchainUnavailable: go.mod (or go.work) needs a newer Go than the one that would run, and
// the go command may not or cannot switch. It reproduces toolchain/select.go Select: the
// GOTOOLCHAIN minimum, the go.work/go.mod go and toolchain lines in auto/path mode, then Exec's
// download of golang.org/toolchain, which needs GOPROXY and always the checksum database
// (modfetch/sumdb.go useSumDB), and finally modload's "requires go >=" test of the go line.
var toolchainUnavailable = check.Check{
	ID:       "toolchain-unavailable",
	Severity: check.Error,
	Summary:  "go.mod/go.work needs a newer Go than the local one, and GOTOOLCHAIN, GOPROXY or GOSUMDB prevent the switch",
	Run:      runToolchainUnavailable,
}

// modInfo is the part of a go.mod or go.work that selects a toolchain.
type modInfo struct {
	path      string
	name      string // "go.mod" or "go.work", as the go command's messages say it
	goV       string // "go1.27.0", "" without a go line
	goLine    *modfile.Line
	toolchain string // "go1.27.1", "default" or ""
	tcLine    *modfile.Line
}

func modInfos(ws *check.Workspace, folder string) (work, mod *modInfo) {
	if m, mf := mainGoMod(ws, folder); mf != nil {
		mod = &modInfo{path: m.Path, name: "go.mod"}
		if mf.Go != nil {
			mod.goV, mod.goLine = "go"+mf.Go.Version, mf.Go.Syntax
		}
		if mf.Toolchain != nil {
			mod.toolchain, mod.tcLine = mf.Toolchain.Name, mf.Toolchain.Syntax
		}
	}
	if w := goWork(ws, folder); w != nil {
		work = &modInfo{path: w.path, name: "go.work"}
		if w.file.Go != nil {
			work.goV, work.goLine = "go"+w.file.Go.Version, w.file.Go.Syntax
		}
		if w.file.Toolchain != nil {
			work.toolchain, work.tcLine = w.file.Toolchain.Name, w.file.Toolchain.Syntax
		}
	}
	return work, mod
}

// toolchainVersion is the Go version of a toolchain name: "go1.21.3" and "gccgo-go1.21.3"
// give "go1.21.3" (gover.FromToolchain), anything else "".
func toolchainVersion(name string) string {
	if strings.HasPrefix(name, "go1") {
		return name
	}
	if i := strings.Index(name, "-go1"); i >= 0 {
		return name[i+1:]
	}
	return ""
}

// verdict is one way the toolchain selection fails for a context.
type verdict struct {
	file  *modInfo
	line  *modfile.Line
	kind  string // "local", "default", "pinned", "blocked"
	msg   string
	block []string // variables that block the download ("GOPROXY", "GOSUMDB")
}

func runToolchainUnavailable(ws *check.Workspace) []check.Finding {
	var out []check.Finding
	for _, f := range ws.Folders() {
		work, mod := modInfos(ws, f.Path)
		if work == nil && mod == nil {
			continue
		}
		type group struct {
			v    verdict
			ctxs []*model.Context
		}
		var groups []*group
		for _, c := range ws.FolderContexts(f.Path) {
			for _, v := range toolchainVerdicts(ws, c, work, mod) {
				found := false
				for _, g := range groups {
					if g.v.file == v.file && g.v.kind == v.kind && g.v.msg == v.msg {
						g.ctxs = append(g.ctxs, c)
						found = true
						break
					}
				}
				if !found {
					groups = append(groups, &group{v, []*model.Context{c}})
				}
			}
		}
		for _, g := range groups {
			fd := check.Finding{Folder: f.Path, Contexts: check.IDs(g.ctxs)}
			if line, col := posOf(g.v.line); line > 0 {
				fd.Location = &check.Location{File: g.v.file.path, Line: line, Column: col}
			}
			fixes, note := toolchainFixes(ws, f.Path, g.ctxs, g.v)
			fd.Message, fd.Fixes = g.v.msg+note, fixes
			out = append(out, fd)
		}
	}
	return out
}

// toolchainVerdicts simulates the go command in context c for a folder with these files.
func toolchainVerdicts(ws *check.Workspace, c *model.Context, work, mod *modInfo) []verdict {
	local := ws.GoVersion(c.Goroot)
	if !version.IsValid(local) {
		return nil // a devel build or no VERSION file: nothing to compare with
	}
	gt := c.Get("GOTOOLCHAIN")
	if gt == nil {
		return nil
	}
	tc, probs := modcfg.ParseGOTOOLCHAIN(gt.Value)
	if modcfg.HasFatal(probs) {
		return nil // the go command stops at "invalid GOTOOLCHAIN" before looking at go.mod
	}
	sel := mod
	if work != nil && c.Env["GOWORK"] != "off" {
		sel = work
	}
	setting := fmt.Sprintf("GOTOOLCHAIN=%s (set in %s)", gt.Value, where(gt.Origin))
	forbid := setting + " forbids switching toolchains"
	if gt.Value == "" {
		forbid = fmt.Sprintf("GOTOOLCHAIN is empty (from %s), which the go command treats as local: it never switches toolchains", where(gt.Origin))
	}

	// Select: the minimum toolchain, then auto/path upgrades from the selected file.
	target, targetV := local, local
	if !tc.Local && tc.Name != "" {
		target, targetV = tc.Name, tc.Version
	}
	switching := gt.Value != "" && (tc.Auto || tc.Path)
	var chose *modfile.Line
	defaulted := false
	if switching && sel != nil {
		if sel.toolchain == "default" {
			defaulted = true
		} else {
			if v := toolchainVersion(sel.toolchain); v != "" && version.Compare(v, targetV) > 0 {
				target, targetV, chose = sel.toolchain, v, sel.tcLine
			}
			if sel.goV != "" && version.Compare(sel.goV, targetV) > 0 {
				target, targetV, chose = sel.goV, sel.goV, sel.goLine
				// Select: "Don't try to download a language version (sans patch component)".
				if version.Lang(sel.goV) == sel.goV && version.Compare(sel.goV, "go1.21") >= 0 {
					target += ".0"
				}
			}
		}
	}
	if gt.Value == "" {
		target, targetV = local, local // Select returns before anything else
	}

	if target != local && !tc.Path {
		if reasons, vars := downloadBlocked(c); len(reasons) > 0 {
			file := sel
			if file == nil {
				file = mod
			}
			if file == nil {
				file = work
			}
			line := chose
			if line == nil {
				line = file.goLine
			}
			what := "GOTOOLCHAIN=" + gt.Value + " (set in " + where(gt.Origin) + ") names " + target
			if chose != nil {
				which := "go"
				if chose == sel.tcLine {
					which = "toolchain"
				}
				what = fmt.Sprintf("%s's %s line asks for %s, newer than the local %s, and GOTOOLCHAIN=%s (set in %s) lets the go command switch to it", file.name, which, target, local, gt.Value, where(gt.Origin))
			}
			mod := fmt.Sprintf("golang.org/toolchain@v0.0.1-%s.%s-%s", target, ws.Input.GOOS, runtime.GOARCH)
			msg := fmt.Sprintf("%s. Unless an executable named %s is on PATH, the go command downloads %s through GOPROXY, and that cannot work here: %s. Every go command in this folder, gopls's included, fails with \"go: download %s: …\".",
				what, target, mod, strings.Join(reasons, "; "), target)
			return []verdict{{file: file, line: line, kind: "blocked", msg: msg, block: vars}}
		}
	}
	runs := targetV // the version of the toolchain that ends up running

	var out []verdict
	for _, f := range []*modInfo{work, mod} {
		if f == nil || f.goV == "" || version.Compare(f.goV, runs) <= 0 {
			continue
		}
		if f == mod && sel == work && switching && !defaulted {
			continue // go.work's go line is lower than go.mod's: "go work use" fixes that, not the environment
		}
		need := strings.TrimPrefix(f.goV, "go")
		explain := ""
		if gt.Value != "" && gt.Value != "auto" {
			explain = "; GOTOOLCHAIN=" + gt.Value
		}
		if defaulted {
			explain += "; " + sel.name + " sets toolchain default" // gover.TooNewError with Startup.AutoToolchain
		}
		goErr := fmt.Sprintf("go: %s requires go >= %s (running go %s%s)", f.name, need, strings.TrimPrefix(runs, "go"), explain)
		var v verdict
		switch {
		case defaulted:
			v = verdict{kind: "default", msg: fmt.Sprintf("%s needs %s (its go line), but %s says \"toolchain default\", which turns off switching, so the default toolchain %s runs (%s): every go command in this folder, gopls's included, fails with %q. Install %s or newer, or remove the \"toolchain default\" line.",
				f.name, f.goV, sel.name, runs, setting, goErr, f.goV)}
		case !switching && (tc.Local || gt.Value == ""):
			msg := fmt.Sprintf("%s needs %s (its go line), but %s, and the local Go (%s) is %s: every go command in this folder, gopls's included, fails with %q.",
				f.name, f.goV, forbid, c.Goroot, local, goErr)
			if gt.Origin.Layer == model.LayerGorootEnv {
				msg += " Upstream Go ships $GOROOT/go.env with GOTOOLCHAIN=auto; some distributions change it to local, and this installation does."
			}
			msg += fmt.Sprintf(" With GOTOOLCHAIN=auto the go command downloads %s itself (or install it).", f.goV)
			v = verdict{kind: "local", msg: msg}
		case !switching:
			v = verdict{kind: "pinned", msg: fmt.Sprintf("%s needs %s (its go line), but %s always runs %s, which is older: every go command in this folder, gopls's included, fails with %q.",
				f.name, f.goV, setting, tc.Name, goErr)}
		default:
			continue
		}
		v.file, v.line = f, f.goLine
		out = append(out, v)
	}
	return out
}

// downloadBlocked says why the go command cannot download golang.org/toolchain in context c:
// GOPROXY=off (unless GONOPROXY matches, which sends it direct) or GOSUMDB=off, which
// useSumDB does not accept for toolchains (unless GOPROXY is a single file:// URL).
func downloadBlocked(c *model.Context) (reasons, vars []string) {
	val := func(n string) (string, *model.Var) {
		v := c.Get(n)
		if v == nil {
			return "", &model.Var{}
		}
		return v.Value, v
	}
	goproxy, pv := val("GOPROXY")
	gonoproxy, _ := val("GONOPROXY")
	gosumdb, sv := val("GOSUMDB")
	if !modcfg.Matches(gonoproxy, "golang.org/toolchain") {
		entries, _ := modcfg.ParseGOPROXY(goproxy)
		if len(entries) > 0 && entries[0].Kind == modcfg.ProxyOff {
			reasons = append(reasons, fmt.Sprintf("GOPROXY=off (set in %s) forbids module downloads (\"module lookup disabled by GOPROXY=off\")", whereVar(pv)))
			vars = append(vars, "GOPROXY")
		}
	}
	fileProxy := strings.HasPrefix(goproxy, "file://") && !strings.ContainsAny(goproxy, ",|")
	if db, _ := modcfg.ParseGOSUMDB(gosumdb); db.Off && !fileProxy {
		reasons = append(reasons, fmt.Sprintf("GOSUMDB=off (set in %s), but toolchain downloads must be verified by the checksum database, and GOPRIVATE/GONOSUMDB do not apply to them (\"verifying module: checksum database disabled by GOSUMDB=off\")", whereVar(sv)))
		vars = append(vars, "GOSUMDB")
	}
	return reasons, vars
}

// toolchainFixes: GOTOOLCHAIN=auto where local is set; <name>+auto for a pinned name; the
// default GOSUMDB/GOPROXY where a download is blocked. "toolchain default" has no
// environment fix: the message says what to change in go.mod.
func toolchainFixes(ws *check.Workspace, folder string, ctxs []*model.Context, v verdict) ([]check.Fix, string) {
	var all []check.Fix
	var notes []string
	for _, c := range ctxs {
		fs, note := toolchainFixesFor(ws, folder, c, v)
		all = append(all, fs...)
		if note != "" && !contains(notes, note) {
			notes = append(notes, note)
		}
	}
	return dedupeFixes(all), strings.Join(notes, "")
}

func toolchainFixesFor(ws *check.Workspace, folder string, c *model.Context, v verdict) ([]check.Fix, string) {
	switch v.kind {
	case "local", "pinned":
		use, ok := useOf(ws, "GOTOOLCHAIN", folder, c)
		if !ok {
			return nil, ""
		}
		value, title := "auto", fmt.Sprintf("set GOTOOLCHAIN=auto so the go command can switch to %s", v.file.goV)
		if v.kind == "pinned" {
			tc, _ := modcfg.ParseGOTOOLCHAIN(use.Var.Value)
			value = tc.Name + "+auto"
			title = fmt.Sprintf("set GOTOOLCHAIN=%s: %s stays the minimum, newer go lines may switch", value, tc.Name)
		}
		return valueFixes(ws, use, value, title)
	case "blocked":
		var fixes []check.Fix
		var notes []string
		for _, name := range v.block {
			use, ok := useOf(ws, name, folder, c)
			if !ok {
				continue
			}
			value := "sum.golang.org"
			if name == "GOPROXY" {
				value = "https://proxy.golang.org,direct"
			}
			fs, note := valueFixes(ws, use, value, fmt.Sprintf("set %s=%s so the toolchain can be downloaded and verified", name, value))
			for _, f := range fs {
				f.Preferred = false // turning downloads or verification back on is the user's policy call
				fixes = append(fixes, f)
			}
			if note != "" {
				notes = append(notes, note)
			}
		}
		return fixes, strings.Join(notes, "")
	}
	return nil, ""
}
