// Package model holds the pure data of Go Env Doctor: layers, the origin of every value, and the
// environment each editor context ends up with. It does no I/O.
package model

import (
	"fmt"
	"sort"
)

// Layer names where a value was set. The strings are part of the JSON contract.
type Layer string

const (
	LayerDefault       Layer = "default"                   // built into the go command
	LayerDerived       Layer = "derived"                   // computed from another variable
	LayerGorootEnv     Layer = "goroot-go.env"             // $GOROOT/go.env
	LayerUserGoEnv     Layer = "user-go-env"               // the go/env file written by `go env -w`
	LayerShell         Layer = "shell-env"                 // the login shell / process environment
	LayerHost          Layer = "extension-host-env"        // the environment VS Code's extension host runs with
	LayerActivation    Layer = "vscode-go-activation"      // values vscode-go copies from `go env` at activation
	LayerGoroot        Layer = "go.goroot"                 // vscode-go writes it into process.env.GOROOT
	LayerGopath        Layer = "go.gopath"                 // vscode-go's GOPATH for tools
	LayerHTTPProxy     Layer = "http.proxy"                // VS Code setting, copied into HTTP(S)_PROXY by vscode-go
	LayerToolsEnvVars  Layer = "go.toolsEnvVars"           // + ":" + scope
	LayerBuildEnv      Layer = "gopls.build.env"           // + ":" + scope
	LayerTestEnvFile   Layer = "go.testEnvFile"            // values read from the file it names
	LayerTestEnvVars   Layer = "go.testEnvVars"            // + ":" + scope
	LayerLaunchEnvFile Layer = "launch.envFile"            // a launch configuration's env files
	LayerLaunchEnv     Layer = "launch.env"                // a launch configuration's env
	LayerTaskEnv       Layer = "task.options.env"          // a task's options.env
	LayerTerminalEnv   Layer = "terminal.integrated.env"   // + "." + os + ":" + scope
	LayerObserved      Layer = "observed"                  // read from a running process
	LayerContainerEnv  Layer = "devcontainer.containerEnv" // devcontainer.json: set on the container
	LayerRemoteEnv     Layer = "devcontainer.remoteEnv"    // devcontainer.json: set on VS Code's server in it
	LayerUnset         Layer = "unset"                     // no layer sets a variable that has no default
)

// Scoped appends a settings scope (user, remote, workspace, folder) to a layer name.
func Scoped(l Layer, scope string) Layer {
	if scope == "" {
		return l
	}
	return Layer(string(l) + ":" + scope)
}

// Origin is one place that sets (or unsets) a variable.
type Origin struct {
	Layer  Layer
	Value  string
	Unset  bool   // the layer removes the variable (null in terminal.integrated.env)
	File   string // set when the value is written in a file
	Line   int    // 1-based, with File
	Column int    // 1-based, with File
	Var    string // the environment variable name it came from, when that differs (https_proxy)
	// JSONPath locates a value written in a JSONC file (settings, launch.json, tasks.json) by
	// keys and array indices, so a fix can edit exactly that member.
	JSONPath []any
	// CopiedFrom is where a copied value was read: vscode-go's activation copy records the
	// go/env, go.env or default origin `go env` reported, so a fix can edit that place.
	CopiedFrom *Origin
	// Stale marks an activation copy vscode-go made earlier that `go env` no longer gives: the
	// extension host keeps it until the window reloads. sticky-extension-env reports it; checks
	// that would blame the go/env file or the shell for it leave it alone.
	Stale  bool
	Source string // a non-file source, e.g. "process environment" or "--env-file ci.env"
	// Side is the machine the value was set on when VS Code is split across machines
	// ("windows", "wsl", "container", "remote", "local"; see package remote); "" on a plain
	// local machine, where it goes without saying.
	Side string
	Note string // why this value won, lost or was transformed
}

// Where is a short human and machine readable location: file:line:col, an env source, or the layer.
func (o Origin) Where() string {
	switch {
	case o.File != "" && o.Line > 0:
		return fmt.Sprintf("%s:%d:%d", o.File, o.Line, o.Column)
	case o.File != "":
		return o.File
	case o.Source != "" && o.Var != "":
		return fmt.Sprintf("$%s in %s", o.Var, o.Source)
	case o.Source != "":
		return o.Source
	}
	return string(o.Layer)
}

// Var is the effective value of one variable in one context, with what it overrode.
type Var struct {
	Name       string
	Value      string
	Origin     Origin   // the winning origin (its Value may differ from Value for derived defaults)
	Overridden []Origin // lower-precedence settings, highest first
	Note       string
}

// ContextKind names a consumer of a Go environment.
type ContextKind string

const (
	Shell     ContextKind = "shell"
	Terminal  ContextKind = "terminal"
	Gopls     ContextKind = "gopls"
	Delve     ContextKind = "delve"
	Test      ContextKind = "test"
	TestDebug ContextKind = "test-debug"
	Task      ContextKind = "task"
)

// Context is the resolved environment of one consumer in one workspace folder.
type Context struct {
	ID     string // "shell", "gopls", "delve:<name>", "task:<label>", ...
	Kind   ContextKind
	Folder string // absolute folder path ("" for workspace-wide contexts)
	Vars   map[string]*Var
	Notes  []string // assumptions and caveats a user should know about this context
	// GoEnvFile is the user go/env file the go command reads in this context ("" when GOENV=off
	// or no location can be found); Goroot is the GOROOT whose go.env it reads.
	GoEnvFile string
	Goroot    string
	// Env is the process environment the context starts with, before the go command's own
	// fallback (the go/env file, go.env, defaults).
	Env map[string]string
	// Observed is what a running process of this context really has; nil when none was read.
	Observed *Observation
}

// Observation compares a running process of a context with what the settings now produce.
type Observation struct {
	PID    int
	Source string // where the env was read, e.g. "/proc/1234/environ"
	// Vars are the effective values in the running process: its environment, then the go
	// command's fallback (the go/env file as it is now, go.env, defaults).
	Vars map[string]*Var
	// Intended are the effective values a process of this context started now would get. For
	// gopls this is its process environment, without gopls.build.env, which gopls applies itself.
	Intended map[string]*Var
}

// Differences lists the names on which the running process and a fresh one disagree, leaving
// out variables that only follow another one on both sides (GONOPROXY and GONOSUMDB derived
// from GOPRIVATE differ exactly when GOPRIVATE does, which is listed itself).
func (o *Observation) Differences(names []string) []string {
	var out []string
	for _, n := range names {
		if !o.Differs(n) {
			continue
		}
		if o.Vars[n].Origin.Layer == LayerDerived && o.Intended[n].Origin.Layer == LayerDerived {
			continue
		}
		out = append(out, n)
	}
	return out
}

// Differs reports whether the running process and a fresh one disagree on name.
func (o *Observation) Differs(name string) bool {
	if o == nil {
		return false
	}
	a, b := o.Vars[name], o.Intended[name]
	if a == nil || b == nil {
		return false
	}
	return a.Value != b.Value
}

// Names returns the variable names of c in a stable order.
func (c *Context) Names() []string {
	out := make([]string, 0, len(c.Vars))
	for n := range c.Vars {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Get returns the variable or nil.
func (c *Context) Get(name string) *Var {
	if c == nil {
		return nil
	}
	return c.Vars[name]
}

// JoinNotes joins two explanations with "; ", dropping empty and repeated ones.
func JoinNotes(a, b string) string {
	switch {
	case a == "" || a == b:
		return b
	case b == "":
		return a
	}
	return a + "; " + b
}
