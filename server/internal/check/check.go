// Package check defines what a diagnosis is: a check with a stable id from the catalog
// (shared/spec/checks.md), the findings it reports, and the fixes it offers as data. Checks are
// pure functions of a resolved workspace, so the CLI and the language server share them. The
// checks themselves live in sub-packages by catalog table; package catalog lists them.
package check

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"sort"
	"sync"
	"sync/atomic"
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

// Location is where the offending value is written. Line is 1-based; Column is 1-based and
// counts UTF-16 code units in JSONC files (as VS Code does) and bytes in go/env and env files.
type Location struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
}

// Finding is one problem a check reports.
type Finding struct {
	Check    string    `json:"check"`
	Severity Severity  `json:"severity"`
	Message  string    `json:"message"`
	Folder   string    `json:"folder,omitempty"` // the workspace folder, when the finding is about one
	Contexts []string  `json:"contexts"`
	Location *Location `json:"location,omitempty"`
	Fixes    []Fix     `json:"fixes"`
}

// Check is one entry of the catalog.
type Check struct {
	ID       string
	Severity Severity // default severity; a finding may lower it
	Summary  string   // one line: what triggers it (SARIF shortDescription, docs index)
	Network  bool     // needs --probe
	Run      func(*Workspace) []Finding
}

// DocsURL is the documentation page of a check id.
func DocsURL(id string) string {
	return "https://github.com/go-env-doctor/go-env-doctor/blob/main/docs/checks/" + id + ".md"
}

// Run runs checks and returns their findings, most severe first, then by id and location.
//
// The checks run concurrently (they only read the workspace); the result is the same as one
// after the other. A check that panics panics Run, in the caller's goroutine.
func Run(ws *Workspace, checks []Check) []Finding {
	per := make([][]Finding, len(checks))
	workers := min(runtime.GOMAXPROCS(0), len(checks))
	if workers <= 1 {
		for i, c := range checks {
			per[i] = c.Run(ws)
		}
	} else {
		var next atomic.Int64
		var wg sync.WaitGroup
		var panicked atomic.Pointer[string]
		for range workers {
			wg.Go(func() {
				defer func() {
					if r := recover(); r != nil {
						msg := fmt.Sprintf("%v\n%s", r, debug.Stack())
						panicked.CompareAndSwap(nil, &msg)
					}
				}()
				for {
					i := int(next.Add(1) - 1)
					if i >= len(checks) {
						return
					}
					per[i] = checks[i].Run(ws)
				}
			})
		}
		wg.Wait()
		if p := panicked.Load(); p != nil {
			panic("a check panicked: " + *p)
		}
	}
	var out []Finding
	for i, c := range checks {
		for _, f := range capPerFile(per[i], c) {
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
		if a.Check != b.Check {
			return a.Check < b.Check
		}
		return a.Folder < b.Folder
	})
	return out
}

// MaxPerFile bounds the findings one check reports in one file. A go/env file of 200k junk
// lines gave 200k findings: a 270 MB JSON report and as many diagnostics in the editor, none
// more useful than the first few. The rest become one summary finding.
const MaxPerFile = 100

// capPerFile keeps the first MaxPerFile findings of check c in each file, in the check's own
// order, and replaces the others of that file by one finding that says how many were left out.
func capPerFile(fs []Finding, c Check) []Finding {
	if len(fs) <= MaxPerFile {
		return fs
	}
	total := map[string]int{}
	for _, f := range fs {
		if f.Location != nil {
			total[f.Location.File]++
		}
	}
	seen := map[string]int{}
	var out []Finding
	for _, f := range fs {
		if f.Location == nil || total[f.Location.File] <= MaxPerFile {
			out = append(out, f)
			continue
		}
		file := f.Location.File
		seen[file]++
		switch n := seen[file]; {
		case n <= MaxPerFile:
			out = append(out, f)
		case n == MaxPerFile+1:
			loc := *f.Location
			out = append(out, Finding{Check: f.Check, Severity: c.Severity, Folder: f.Folder, Contexts: f.Contexts, Location: &loc,
				Message: fmt.Sprintf("%d more %s findings in %s, from this line on, are not listed (only the first %d are); fix those and check again.",
					total[file]-MaxPerFile, c.ID, file, MaxPerFile)})
		}
	}
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
