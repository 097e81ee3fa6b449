package check

import (
	"slices"

	"github.com/go-env-doctor/go-env-doctor/server/internal/model"
)

// ValueUse is one effective value of a variable, set at one place, and the contexts that use it.
type ValueUse struct {
	Name     string
	Var      *model.Var // the effective value and its origin (as seen by the first context)
	Folder   string
	Contexts []*model.Context
}

// Location is where the value is written, or nil for environment and default values.
func (u ValueUse) Location() *Location { return At(u.Var.Origin) }

// ContextIDs returns the ids of the contexts that use the value.
func (u ValueUse) ContextIDs() []string { return IDs(u.Contexts) }

// Uses groups every context's effective value of name by (folder, value, where it is set), in
// context order. Checks on values report once per group, so one bad line is one finding that
// lists every context it affects.
//
// The groups are computed once per variable and workspace (checks ask for the same ones many
// times); each call returns its own copy, which the caller may change.
func (ws *Workspace) Uses(name string) []ValueUse {
	return ws.cachedUses(&ws.uses, name, ws.groupUses)
}

// cachedUses returns a copy of (*cache)[name], computing it with compute the first time.
func (ws *Workspace) cachedUses(cache *map[string][]ValueUse, name string, compute func(string) []ValueUse) []ValueUse {
	cached := memo(&ws.mu, cache, name, func() []ValueUse { return compute(name) })
	out := make([]ValueUse, len(cached))
	for i, u := range cached {
		u.Contexts = slices.Clone(u.Contexts)
		out[i] = u
	}
	return out
}

func (ws *Workspace) groupUses(name string) []ValueUse {
	var out []ValueUse
	idx := map[string]int{}
	for _, c := range ws.Contexts {
		v := c.Get(name)
		if v == nil {
			continue
		}
		key := c.Folder + "\x00" + v.Value + "\x00" + string(v.Origin.Layer) + "\x00" + v.Origin.Where()
		i, ok := idx[key]
		if !ok {
			i = len(out)
			idx[key] = i
			out = append(out, ValueUse{Name: name, Var: v, Folder: c.Folder})
		}
		out[i].Contexts = append(out[i].Contexts, c)
	}
	return out
}

// UsesAcrossFolders is Uses, but one group per (value, where) for the whole workspace: a value
// from the shared go/env file or user settings is reported once, not once per folder.
func (ws *Workspace) UsesAcrossFolders(name string) []ValueUse {
	return ws.cachedUses(&ws.usesAcross, name, ws.groupUsesAcrossFolders)
}

func (ws *Workspace) groupUsesAcrossFolders(name string) []ValueUse {
	var out []ValueUse
	idx := map[string]int{}
	for _, u := range ws.Uses(name) {
		key := u.Var.Value + "\x00" + string(u.Var.Origin.Layer) + "\x00" + u.Var.Origin.Where()
		i, ok := idx[key]
		if !ok {
			i = len(out)
			idx[key] = i
			out = append(out, u)
			continue
		}
		if out[i].Folder != u.Folder {
			out[i].Folder = ""
		}
		out[i].Contexts = append(out[i].Contexts, u.Contexts...)
	}
	return out
}

// SetValue returns a fix that makes the contexts of u use value for u.Name: it edits the place
// the current value is written; for a default or go.env value it writes the user go/env file
// (`go env -w`). It returns false when the value comes from the environment (a shell profile
// or the extension host), which no tool can edit reliably.
func (u ValueUse) SetValue(value, title string) (Fix, bool) {
	if f, ok := SetAt(u.Var.Origin, u.Name, value, title); ok {
		return f, true
	}
	switch u.Var.Origin.Layer {
	case model.LayerDefault, model.LayerDerived, model.LayerGorootEnv, model.LayerUnset:
		for _, c := range u.Contexts {
			if c.GoEnvFile != "" {
				return GoEnvW(c.GoEnvFile, u.Name, value, title), true
			}
		}
	}
	return Fix{}, false
}

// Remove returns a fix that deletes the setting behind u, so a lower layer's value applies.
func (u ValueUse) Remove(title string) (Fix, bool) {
	return RemoveAt(u.Var.Origin, u.Name, title)
}

// FromEnvironment reports whether the value comes from a process environment rather than a
// file or setting, so the fix is to change a shell profile or launcher.
func (u ValueUse) FromEnvironment() bool {
	switch u.Var.Origin.Layer {
	case model.LayerShell, model.LayerHost, model.LayerActivation:
		return true
	}
	return false
}
