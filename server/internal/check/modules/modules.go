// Package modules holds the checks of the catalog table "The go/env file and values" that
// need the module itself or the go command's flags: GOPRIVATE-style pattern lists, private
// requirements of go.mod, the toolchain go.mod asks for, GOFLAGS and vendor mode.
package modules

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/model"
	"github.com/go-env-doctor/go-env-doctor/server/internal/redact"
	"github.com/go-env-doctor/go-env-doctor/server/internal/vscode"
)

// Checks returns the checks of this package.
func Checks() []check.Check {
	return []check.Check{
		patternListSyntax,
		privateModuleNotCovered,
		toolchainUnavailable,
		goflagsInvalid,
		vendorMode,
	}
}

// where says in words where an origin sets a value, for messages.
func where(o model.Origin) string {
	switch o.Layer {
	case model.LayerDefault:
		if o.Source != "" {
			return "the go command's default (" + o.Source + ")"
		}
		return "the go command's default"
	case model.LayerDerived:
		if o.Source != "" {
			return o.Source
		}
		return "derived from GOPRIVATE"
	case model.LayerUnset:
		return "nothing (it is unset)"
	case model.LayerUserGoEnv:
		return "the go/env file " + o.Where()
	case model.LayerGorootEnv:
		return "the Go installation's go.env " + o.Where()
	case model.LayerShell, model.LayerHost, model.LayerActivation:
		return o.Where()
	}
	return string(o.Layer) + " at " + o.Where()
}

// underlying is where a value vscode-go copied into the extension host at activation really
// comes from: the go/env or go.env line it read (kept among the overridden origins), else the
// go command's default.
func underlying(v *model.Var) model.Origin {
	if v.Origin.Layer != model.LayerActivation {
		return v.Origin
	}
	if from := v.Origin.CopiedFrom; from != nil && from.Layer != model.LayerDefault {
		return *from
	}
	for _, o := range v.Overridden {
		if (o.Layer == model.LayerUserGoEnv || o.Layer == model.LayerGorootEnv) && o.Value == v.Value {
			return o
		}
	}
	return model.Origin{Layer: model.LayerDefault, Value: v.Value}
}

// whereVar is where for a variable, seeing through vscode-go's activation copy, so contexts
// that read the same line are described (and grouped) alike.
func whereVar(v *model.Var) string { return where(underlying(v)) }

// envWhich names the environment an environment origin belongs to, for "change it there".
func envWhich(o model.Origin) string {
	switch o.Layer {
	case model.LayerShell:
		return "the shell environment (your shell profile)"
	case model.LayerHost:
		return "VS Code's extension host environment (how VS Code is launched)"
	case model.LayerActivation:
		return "the extension host, where vscode-go copied it at activation (reload the window after changing the source)"
	}
	return string(o.Layer)
}

// valueFixes returns fixes that make the contexts of use read value for use.Name, at the place
// the current value is written (an empty value removes that setting). When the value comes
// from a process environment no file can be changed for the user: note says which variable of
// which environment to change, and the fix falls back to a user-scope go.toolsEnvVars entry,
// which vscode-go applies to gopls, tests, debugging and tasks (not to terminals); that fix is
// not preferred.
func valueFixes(ws *check.Workspace, use check.ValueUse, value, title string) (fixes []check.Fix, note string) {
	if use.Var.Origin.Layer == model.LayerActivation {
		// vscode-go copied the value from `go env` into the extension host: change its source,
		// then reload so the extension host forgets the copy.
		o := underlying(use.Var)
		v := *use.Var
		v.Origin = o
		use.Var = &v
		fixes, note = valueFixes(ws, use, value, title)
		note += fmt.Sprintf(" vscode-go copied %s into VS Code's extension host when it activated, so gopls, tests and debugging keep the old value until the window is reloaded.", use.Name)
		return append(fixes, check.Reload()), note
	}
	if value == "" {
		if f, ok := use.Remove(title); ok {
			f.Preferred = true
			return []check.Fix{f}, ""
		}
	}
	if f, ok := use.SetValue(value, title); ok {
		f.Preferred = true
		return []check.Fix{f}, ""
	}
	if o := use.Var.Origin; use.FromEnvironment() {
		name := use.Name
		if o.Var != "" {
			name = o.Var
		}
		note = fmt.Sprintf(" %s comes from $%s in %s: change it there too, or the shell and terminals keep the old value.", use.Name, name, envWhich(o))
	}
	if u := ws.Input.User; u != nil && u.Path != "" {
		// Not preferred: it splits the editor's tools from the shell instead of fixing the source.
		f := check.SettingFix(u.Path, string(vscode.ScopeUser), u.Prefix, title+" in user go.toolsEnvVars (gopls, tests, debugging, tasks)", check.Str(value), "go.toolsEnvVars", use.Name)
		fixes = append(fixes, f)
	}
	return fixes, note
}

// dedupeFixes drops fixes that make the same change as an earlier one and keeps at most one
// preferred fix, the first.
func dedupeFixes(fs []check.Fix) []check.Fix {
	var out []check.Fix
	seen := map[string]bool{}
	havePreferred := false
	for _, f := range fs {
		k := f
		k.Title, k.Preferred = "", false
		b, _ := json.Marshal(k)
		if seen[string(b)] {
			continue
		}
		seen[string(b)] = true
		if f.Preferred && havePreferred {
			f.Preferred = false
		}
		havePreferred = havePreferred || f.Preferred
		out = append(out, f)
	}
	return out
}

// q quotes a value for a message, redacting URL credentials.
func q(s string) string { return fmt.Sprintf("%q", redact.Text(s)) }

// contextList renders context ids for a message.
func contextList(ids []string) string {
	if len(ids) == 1 {
		return ids[0]
	}
	return strings.Join(ids[:len(ids)-1], ", ") + " and " + ids[len(ids)-1]
}
