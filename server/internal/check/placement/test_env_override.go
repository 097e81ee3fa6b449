package placement

import (
	"fmt"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/model"
	"github.com/go-env-doctor/go-env-doctor/server/internal/resolve"
	"github.com/go-env-doctor/go-env-doctor/server/internal/vscode"
)

// testEnvOverride: vscode-go applies go.testEnvFile and then go.testEnvVars on top of the tool
// environment only for tests (testUtils.ts getTestEnvVars; debug test passes them as env and
// envFile of a debug configuration), so a download variable set there makes `go test` from the
// editor fetch differently from gopls.
var testEnvOverride = check.Check{
	ID:       "test-env-override",
	Severity: check.Info,
	Summary:  "go.testEnvVars / go.testEnvFile change a download variable, so tests fetch differently from gopls",
	Run:      runTestEnvOverride,
}

// override is one place a context-specific setting decides a variable, the contexts, and the
// value each gets (run test and debug test substitute variables differently).
type override struct {
	origin   model.Origin
	value    string // the first context's
	values   []string
	contexts []string
}

// mixed reports whether the contexts got different values from the same place.
func (o *override) mixed() bool {
	for _, v := range o.values {
		if v != o.value {
			return true
		}
	}
	return false
}

// valueText says what each context gets.
func (o *override) valueText(k string) string {
	if !o.mixed() {
		return show(k, o.value) + " for " + joinAnd(o.contexts)
	}
	var parts []string
	for i, c := range o.contexts {
		parts = append(parts, show(k, o.values[i])+" for "+c)
	}
	return joinAnd(parts)
}

// overridesIn groups the contexts whose variable k is decided by one of layers and differs from
// gopls's value.
func overridesIn(ws *check.Workspace, folder string, k string, ctxs []*model.Context, layers ...model.Layer) ([]*override, *model.Var) {
	gopls := ws.Context(folder, "gopls")
	if gopls == nil {
		return nil, nil
	}
	gv := gopls.Get(k)
	var out []*override
	idx := map[string]int{}
	for _, c := range ctxs {
		v := c.Get(k)
		top, ok := envTop(v)
		if !ok || v.Value == gv.Value {
			continue
		}
		match := false
		for _, l := range layers {
			match = match || layerBase(top.Layer) == l
		}
		if !match {
			continue
		}
		key := top.Where()
		i, ok := idx[key]
		if !ok {
			i = len(out)
			idx[key] = i
			out = append(out, &override{origin: top, value: v.Value})
		}
		out[i].contexts = append(out[i].contexts, c.ID)
		out[i].values = append(out[i].values, v.Value)
	}
	return out, gv
}

func runTestEnvOverride(ws *check.Workspace) []check.Finding {
	var out []check.Finding
	for _, f := range ws.Folders() {
		var tests []*model.Context
		for _, id := range []string{"test", "test-debug"} {
			if c := ws.Context(f.Path, id); c != nil {
				tests = append(tests, c)
			}
		}
		for _, k := range resolve.DownloadVars {
			ovs, gv := overridesIn(ws, f.Path, k, tests, model.LayerTestEnvVars, model.LayerTestEnvFile)
			for _, ov := range ovs {
				out = append(out, testOverrideFinding(ws, f, k, ov, gv))
			}
		}
	}
	return out
}

func testOverrideFinding(ws *check.Workspace, f resolve.Folder, k string, ov *override, gv *model.Var) check.Finding {
	what := "go.testEnvVars"
	if layerBase(ov.origin.Layer) == model.LayerTestEnvFile {
		what = "the go.testEnvFile " + ov.origin.File
	}
	set := "sets " + k + " to " + ov.valueText(k)
	if ov.origin.Unset || ov.origin.Value == "" {
		set = "empties " + k + " (so the go command falls back to " + ov.valueText(k) + ")"
	}
	msg := fmt.Sprintf("%s %s, while gopls uses %s (from %s). vscode-go applies go.testEnvFile and then go.testEnvVars on top of go.toolsEnvVars for tests only, so a test run from the editor downloads modules differently from gopls.",
		what, set, show(k, gv.Value), describe(gv.Origin))
	if ov.mixed() {
		msg += " Run test and debug test disagree too: run test does not substitute ${env:…} in go.testEnvVars, debug test does (VS Code's resolver)."
	}
	var fixes []check.Fix
	if fix, ok := check.RemoveAt(ov.origin, k, fmt.Sprintf("remove %s from %s (tests then use gopls's value)", k, what)); ok {
		fixes = append(fixes, preferred(fix))
	}
	// Align the other way: give gopls the test value.
	val := ov.value
	fromFile := layerBase(ov.origin.Layer) == model.LayerTestEnvFile
	if !(fromFile && hasCredentials(k, val)) && !ov.mixed() {
		title := fmt.Sprintf("align gopls instead: set %s to %s", k, show(k, val))
		if top, ok := envTop(gv); ok && (layerBase(top.Layer) == model.LayerToolsEnvVars || layerBase(top.Layer) == model.LayerBuildEnv) {
			if fix, ok := check.SetAt(top, k, val, title+" where gopls's value is written ("+top.Where()+")"); ok {
				fixes = append(fixes, fix)
			}
		} else if s := testScope(ws, f, ov.origin); s != nil {
			fixes = append(fixes, setting(s, title+" in go.toolsEnvVars of "+scopeName(s), check.Str(val), "go.toolsEnvVars", k))
		}
	}
	return check.Finding{Message: msg, Folder: f.Path, Contexts: ov.contexts, Location: check.At(ov.origin), Fixes: fixes}
}

// testScope is the settings object the test setting behind o is written in.
func testScope(ws *check.Workspace, f resolve.Folder, o model.Origin) *vscode.Settings {
	if layerBase(o.Layer) == model.LayerTestEnvFile {
		_, _, s := testEnvFileSetting(ws, f)
		return s
	}
	for _, s := range ws.FolderScopes(f) {
		if s.Path == o.File && model.Scoped(model.LayerTestEnvVars, string(s.Scope)) == o.Layer {
			return s
		}
	}
	return nil
}
