package placement

import (
	"fmt"
	"strings"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/goenv"
	"github.com/go-env-doctor/go-env-doctor/server/internal/model"
	"github.com/go-env-doctor/go-env-doctor/server/internal/resolve"
	"github.com/go-env-doctor/go-env-doctor/server/internal/vscode"
)

// contextDivergence: one download variable, two values, in contexts of the same folder. The
// classic case is a VS Code started from a desktop launcher: the shell has GOPROXY from a
// profile, the extension host (and so gopls, tests, debugging) does not. Values a launch
// configuration, test setting or task sets for itself are left to test-env-override and
// launch-env-override: those are deliberate per-context choices.
var contextDivergence = check.Check{
	ID:       "context-divergence",
	Severity: check.Warning,
	Summary:  "a download variable has different effective values in two contexts of the same folder",
	Run:      runContextDivergence,
}

// valueGroup is one effective value and the contexts that use it.
type valueGroup struct {
	value    string
	contexts []*model.Context
	vars     []*model.Var
}

func (g *valueGroup) has(kind model.ContextKind) (*model.Context, *model.Var) {
	for i, c := range g.contexts {
		if c.Kind == kind {
			return c, g.vars[i]
		}
	}
	return nil, nil
}

// origins describes where the group's value comes from, each place once.
func (g *valueGroup) origins() string {
	var out []string
	for _, v := range g.vars {
		out = appendUnique(out, describe(v.Origin))
	}
	return strings.Join(out, "; ")
}

func runContextDivergence(ws *check.Workspace) []check.Finding {
	var out []check.Finding
	for _, f := range ws.Folders() {
		ctxs := ws.FolderContexts(f.Path)
		for _, k := range resolve.DownloadVars {
			var groups []*valueGroup
			idx := map[string]int{}
			for _, c := range ctxs {
				v := c.Get(k)
				// An old activation copy diverges until the window reloads; sticky-extension-env
				// reports that, with the reload as its fix.
				if v == nil || check.IsContextOverride(v.Origin.Layer) || v.Origin.Stale {
					continue
				}
				if top, ok := envTop(v); ok && check.IsContextOverride(top.Layer) {
					continue
				}
				i, ok := idx[v.Value]
				if !ok {
					i = len(groups)
					idx[v.Value] = i
					groups = append(groups, &valueGroup{value: v.Value})
				}
				groups[i].contexts = append(groups[i].contexts, c)
				groups[i].vars = append(groups[i].vars, v)
			}
			if len(groups) < 2 || allDerived(groups) {
				continue // GONOPROXY/GONOSUMDB following GOPRIVATE: reported for GOPRIVATE
			}
			out = append(out, divergence(ws, f.Path, f.Name, k, groups))
		}
	}
	return out
}

func divergence(ws *check.Workspace, folder, folderName, k string, groups []*valueGroup) check.Finding {
	var parts []string
	var all []*model.Context
	var shellG, goplsG, termG *valueGroup
	var shellV, goplsV, termV *model.Var
	for _, g := range groups {
		ids := strings.Join(check.IDs(g.contexts), ", ")
		plural := len(g.contexts) > 1
		if g.value == "" {
			verb := "has"
			if plural {
				verb = "have"
			}
			parts = append(parts, fmt.Sprintf("%s %s no %s (%s)", ids, verb, k, g.origins()))
		} else {
			verb := "uses"
			if plural {
				verb = "use"
			}
			parts = append(parts, fmt.Sprintf("%s %s %s (from %s)", ids, verb, show(k, g.value), g.origins()))
		}
		all = append(all, g.contexts...)
		if _, v := g.has(model.Shell); v != nil {
			shellG, shellV = g, v
		}
		if _, v := g.has(model.Gopls); v != nil {
			goplsG, goplsV = g, v
		}
		if _, v := g.has(model.Terminal); v != nil {
			termG, termV = g, v
		}
	}
	msg := fmt.Sprintf("%s differs between the contexts of folder %s: %s.", k, folderName, strings.Join(parts, "; "))
	goplsTop, goplsHasTop := envTop(goplsV)
	// The shell's value is deliberate when its environment sets it; the editor missing it is
	// the desktop-launcher case when the extension host's environment lacks that value.
	fromShellEnv := shellV != nil && shellV.Origin.Layer == model.LayerShell
	launcher := fromShellEnv && goplsG != nil && goplsG != shellG && hostEnv(ws)[shellV.Origin.Var] != shellV.Value
	switch {
	case goplsHasTop && layerBase(goplsTop.Layer) == model.LayerHTTPProxy && goplsG != shellG:
		msg += " gopls gets it from the http.proxy setting, which vscode-go copies into the proxy variables of gopls, tests and debug sessions but not of terminals (see http-proxy-setting)."
	case launcher:
		msg += fmt.Sprintf(" The shell gets %s from its environment ($%s), but VS Code's extension host, which starts gopls, tests and debug sessions, does not have that value — typical when VS Code was started from a desktop launcher or dock and did not get this shell's environment (resolution failed or timed out, or the variable is set only for interactive shells), or runs as a server started elsewhere. Either start VS Code from a shell that exports %s, or write the value where the editor reads it (fixes below).", k, shellV.Origin.Var, k)
	default:
		msg += " A go command in one of them fetches modules differently from the others, so a download that works in one can fail in another."
	}

	// Location: where a disagreeing value is written, gopls's first.
	var location *check.Location
	if goplsV != nil {
		location = check.At(goplsV.Origin)
		if location == nil && goplsV.Origin.Layer == model.LayerActivation {
			// vscode-go copied the value from `go env`: point at the file it read.
			for _, o := range goplsV.Overridden {
				if isFileLayer(o.Layer) && o.Value == goplsV.Value && check.At(o) != nil {
					location = check.At(o)
					break
				}
			}
		}
	}
	for _, g := range groups {
		for _, v := range g.vars {
			if location == nil {
				location = check.At(v.Origin)
			}
		}
	}

	var fixes []check.Fix
	preferredAt := -1
	goplsChanged, reload := false, false
	target := writeTarget(ws)

	// 1. Make gopls agree with the shell.
	if shellG != nil && goplsG != nil && shellG != goplsG {
		val := shellG.value
		title := fmt.Sprintf("make gopls use the shell's %s: ", k)
		var fix check.Fix
		ok := false
		settingTop := goplsHasTop && (layerBase(goplsTop.Layer) == model.LayerToolsEnvVars || layerBase(goplsTop.Layer) == model.LayerBuildEnv)
		switch {
		case hasCredentials(k, val):
			// never copy a credential into a settings file
		case goplsHasTop && layerBase(goplsTop.Layer) == model.LayerHTTPProxy:
			// http.proxy sets all four proxy variables; http-proxy-setting handles it
		case settingTop && val == "":
			fix, ok = check.RemoveAt(goplsTop, k, title+fmt.Sprintf("remove %s where gopls's value is written (%s)", k, goplsTop.Where()))
		case settingTop:
			fix, ok = check.SetAt(goplsTop, k, val, title+fmt.Sprintf("set %s to %s where gopls's value is written (%s)", k, show(k, val), goplsTop.Where()))
		case target != nil:
			fix, ok = setting(target, title+fmt.Sprintf("set go.toolsEnvVars.%s to %s in %s", k, show(k, val), scopeName(target)), check.Str(val), "go.toolsEnvVars", k), true
		}
		if ok {
			if fromShellEnv {
				preferredAt = len(fixes)
			}
			fixes = append(fixes, fix)
			goplsChanged = true
		}
	}

	// 2. Make the integrated terminal agree with gopls.
	if termG != nil && goplsG != nil && termG != goplsG && !hasCredentials(k, goplsG.value) {
		val := goplsG.value
		title := fmt.Sprintf("make the integrated terminal use gopls's %s: ", k)
		key := vscode.TerminalEnvKey(ws.Input.GOOS)
		var fix check.Fix
		ok := false
		top, has := envTop(termV)
		isTerm := has && strings.HasPrefix(string(top.Layer), string(model.LayerTerminalEnv))
		switch {
		case isTerm && val == "":
			fix, ok = check.RemoveAt(top, k, title+fmt.Sprintf("remove %s where the terminal's value is written (%s)", k, top.Where()))
		case isTerm:
			fix, ok = check.SetAt(top, k, val, title+fmt.Sprintf("set %s to %s where the terminal's value is written (%s)", k, show(k, val), top.Where()))
		case target != nil && val != "":
			fix, ok = setting(target, title+fmt.Sprintf("set %s.%s to %s in %s (new terminals only; a shell outside VS Code keeps its value)", key, k, show(k, val), scopeName(target)), check.Str(val), key, k), true
		}
		if ok {
			// The terminal is the odd one out when only its own setting makes it differ.
			if preferredAt < 0 && isTerm && shellG == goplsG {
				preferredAt = len(fixes)
			}
			fixes = append(fixes, fix)
		}
	}

	// 3. `go env -w`: only for go variables, and only where every context that must change
	// reads the value from its files (an environment variable beats the go/env file).
	if goenv.IsGoVar(k) && k != "GOENV" {
		var cands []*valueGroup
		if shellG != nil {
			cands = append(cands, shellG)
		}
		if goplsG != nil && goplsG != shellG {
			cands = append(cands, goplsG)
		}
		for _, want := range cands {
			if hasCredentials(k, want.value) {
				continue
			}
			file, ok, needReload, touchesGopls := goEnvWTarget(groups, want)
			if !ok {
				continue
			}
			title := fmt.Sprintf("write %s=%s into the go/env file (go env -w), so every context agrees", k, show(k, want.value))
			if needReload {
				title += "; then reload the window: vscode-go copied the old value into the extension host"
			}
			// Writing the shell's value where only files disagree is safe; spreading an
			// editor setting to every go command is the user's call.
			if preferredAt < 0 && want == shellG {
				preferredAt = len(fixes)
			}
			fixes = append(fixes, check.GoEnvW(file, k, want.value, title))
			goplsChanged = goplsChanged || touchesGopls
			reload = reload || needReload
		}
	}
	if preferredAt >= 0 {
		fixes[preferredAt].Preferred = true
	}
	if reload {
		fixes = append(fixes, check.Reload())
	} else if goplsChanged {
		fixes = append(fixes, check.Restart())
	}
	return check.Finding{Message: msg, Folder: folder, Contexts: check.IDs(all), Location: location, Fixes: fixes}
}

// goEnvWTarget says whether `go env -w K=<want.value>` makes every other group agree: each of
// their contexts must read K from its files (no non-empty environment value, apart from
// vscode-go's activation copy, which a window reload refreshes) and all must read one go/env
// file.
func goEnvWTarget(groups []*valueGroup, want *valueGroup) (file string, ok, reload, gopls bool) {
	for _, g := range groups {
		if g == want {
			continue
		}
		for i, c := range g.contexts {
			top, has := envTop(g.vars[i])
			switch {
			case !has || top.Unset || top.Value == "":
			case top.Layer == model.LayerActivation:
				reload = true
			default:
				return "", false, false, false
			}
			if c.GoEnvFile == "" || (file != "" && c.GoEnvFile != file) {
				return "", false, false, false
			}
			file = c.GoEnvFile
			gopls = gopls || c.Kind == model.Gopls
		}
	}
	return file, file != "", reload, gopls
}

func allDerived(groups []*valueGroup) bool {
	for _, g := range groups {
		for _, v := range g.vars {
			if v.Origin.Layer != model.LayerDerived {
				return false
			}
		}
	}
	return true
}
