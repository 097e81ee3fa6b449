// Package check defines what a diagnosis is: a check with a stable id from the catalog
// (shared/spec/checks.md), the findings it reports, and the fixes it offers as data. Checks are
// pure functions of a resolved workspace, so the CLI and the language server share them.
package check

import (
	"sort"

	"github.com/go-env-doctor/go-env-doctor/server/internal/model"
	"github.com/go-env-doctor/go-env-doctor/server/internal/resolve"
)

// Severity of a finding.
type Severity string

const (
	Error   Severity = "error"
	Warning Severity = "warning"
	Info    Severity = "info"
)

// Rank orders severities, most severe first.
func (s Severity) Rank() int {
	switch s {
	case Error:
		return 0
	case Warning:
		return 1
	}
	return 2
}

// Location is where the offending value is written. Column counts UTF-16 code units.
type Location struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
}

// Fix is a remedy expressed as data, so the CLI can print it and the language server can apply it.
type Fix struct {
	Title string `json:"title"`
	Kind  string `json:"kind"` // set-setting, remove-setting, go-env-w, go-env-u, edit, restart-gopls, reload-window
}

// Finding is one problem a check reports.
type Finding struct {
	Check    string    `json:"check"`
	Severity Severity  `json:"severity"`
	Message  string    `json:"message"`
	Contexts []string  `json:"contexts"`
	Location *Location `json:"location,omitempty"`
	Fixes    []Fix     `json:"fixes"`
}

// Workspace is what checks look at: the loaded input and every resolved context.
type Workspace struct {
	Input    *resolve.Input
	Contexts []*model.Context
}

// Check is one entry of the catalog.
type Check struct {
	ID       string
	Severity Severity // default severity
	Run      func(*Workspace) []Finding
}

var registry []Check

// Register adds a check; called from init functions of the files that implement checks.
func Register(c Check) { registry = append(registry, c) }

// All returns the registered checks sorted by id.
func All() []Check {
	out := append([]Check(nil), registry...)
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// DocsURL is the documentation page of a check id.
func DocsURL(id string) string {
	return "https://github.com/go-env-doctor/go-env-doctor/blob/main/docs/checks/" + id + ".md"
}

// Run runs every registered check and returns the findings, most severe first.
func Run(ws *Workspace) []Finding {
	var out []Finding
	for _, c := range All() {
		for _, f := range c.Run(ws) {
			if f.Check == "" {
				f.Check = c.ID
			}
			if f.Severity == "" {
				f.Severity = c.Severity
			}
			if f.Fixes == nil {
				f.Fixes = []Fix{}
			}
			if f.Contexts == nil {
				f.Contexts = []string{}
			}
			out = append(out, f)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Severity.Rank() != b.Severity.Rank() {
			return a.Severity.Rank() < b.Severity.Rank()
		}
		return a.Check < b.Check
	})
	return out
}

// Failing reports whether findings should make `check` exit 1 (any warning or error).
func Failing(fs []Finding) bool {
	for _, f := range fs {
		if f.Severity == Error || f.Severity == Warning {
			return true
		}
	}
	return false
}
