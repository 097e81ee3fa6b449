package model

import "sort"

// Env is a process environment under construction. It remembers every layer that touched a
// variable, in order, so the final value can say what it overrode.
type Env struct {
	stacks map[string][]Origin
}

// NewEnv returns an empty environment.
func NewEnv() *Env { return &Env{stacks: map[string][]Origin{}} }

// Set records that layer o sets (or, with o.Unset, removes) name. Later calls win.
func (e *Env) Set(name string, o Origin) {
	e.stacks[name] = append(e.stacks[name], o)
}

// Attribute replaces the top origin of name with o, which names a more precise source of the
// same value (a shell variable that came from Windows through WSLENV); o.Value is kept from
// the replaced origin. Nothing happens when name is absent.
func (e *Env) Attribute(name string, o Origin) {
	s := e.stacks[name]
	if len(s) == 0 || s[len(s)-1].Unset {
		return
	}
	o.Value, o.Var = s[len(s)-1].Value, s[len(s)-1].Var
	s[len(s)-1] = o
}

// SetAll records every variable of vars from one layer.
func (e *Env) SetAll(vars map[string]string, o Origin) {
	for _, k := range sortedKeys(vars) {
		oo := o
		oo.Value = vars[k]
		oo.Var = k
		e.Set(k, oo)
	}
}

// Lookup returns the current value of name and whether it is present.
func (e *Env) Lookup(name string) (string, bool) {
	s := e.stacks[name]
	if len(s) == 0 || s[len(s)-1].Unset {
		return "", false
	}
	return s[len(s)-1].Value, true
}

// Getenv returns the current value of name, "" when absent.
func (e *Env) Getenv(name string) string {
	v, _ := e.Lookup(name)
	return v
}

// Stack returns every origin of name, lowest precedence first.
func (e *Env) Stack(name string) []Origin { return e.stacks[name] }

// Map returns the current environment as a plain map.
func (e *Env) Map() map[string]string {
	m := make(map[string]string, len(e.stacks))
	for k := range e.stacks {
		if v, ok := e.Lookup(k); ok {
			m[k] = v
		}
	}
	return m
}

// Clone copies e so a context can build on a shared base without changing it.
func (e *Env) Clone() *Env {
	c := &Env{stacks: make(map[string][]Origin, len(e.stacks))}
	for k, s := range e.stacks {
		c.stacks[k] = append([]Origin(nil), s...)
	}
	return c
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
