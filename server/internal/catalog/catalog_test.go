package catalog

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
)

// catalogTables is every table of shared/spec/checks.md: id → default severity. The
// ids are a public contract (JSON, SARIF, LSP codes, docs URLs).
var catalogTables = map[string]check.Severity{
	"ineffective-setting":        check.Warning,
	"workspace-overrides-user":   check.Info,
	"context-divergence":         check.Warning,
	"gopls-stale-env":            check.Warning,
	"runtime-env-mismatch":       check.Warning,
	"sticky-extension-env":       check.Warning,
	"multiroot-gopls-env":        check.Warning,
	"http-proxy-setting":         check.Info,
	"test-env-override":          check.Info,
	"launch-env-override":        check.Info,
	"envfile-missing":            check.Error,
	"envfile-unused":             check.Info,
	"debug-console-env":          check.Info,
	"goenv-file-syntax":          check.Error,
	"goenv-empty-value":          check.Warning,
	"goenv-shadowed":             check.Info,
	"goenv-goroot":               check.Error,
	"goproxy-syntax":             check.Error,
	"goproxy-off":                check.Warning,
	"goproxy-insecure-scheme":    check.Warning,
	"goproxy-fallback":           check.Info,
	"credentials-in-url":         check.Warning,
	"gosumdb-off":                check.Warning,
	"goinsecure-set":             check.Warning,
	"goflags-invalid":            check.Error,
	"pattern-list-syntax":        check.Error,
	"private-module-not-covered": check.Warning,
	"toolchain-unavailable":      check.Error,
	"vendor-mode":                check.Info,
	// Network (--probe)
	"dns-failure":           check.Error,
	"tcp-failure":           check.Error,
	"tls-unknown-authority": check.Error,
	"tls-intercepted":       check.Info,
	// Remote, WSL, containers
	"wsl-localhost-proxy": check.Warning,
	"wsl-slow-cache":      check.Warning,
	"wsl-windows-goenv":   check.Info,
	"wsl-windows-path":    check.Warning,
	"wsl-windows-go":      check.Warning,
	"remote-env-source":   check.Info,
	"http-proxy-failure":  check.Error,
	"goproxy-protocol":    check.Error,
	"sumdb-unreachable":   check.Error,
}

// notYet are catalog checks without an implementation (none today).
var notYet = map[string]bool{}

func TestCatalogIsComplete(t *testing.T) {
	got := map[string]check.Check{}
	for _, c := range All() {
		if _, dup := got[c.ID]; dup {
			t.Errorf("%s registered twice", c.ID)
		}
		got[c.ID] = c
		want, ok := catalogTables[c.ID]
		if !ok {
			t.Errorf("%s is not a catalog id", c.ID)
			continue
		}
		if c.Severity != want {
			t.Errorf("%s: default severity %s; the catalog says %s", c.ID, c.Severity, want)
		}
		if c.Summary == "" || c.Run == nil {
			t.Errorf("%s: needs a Summary and a Run function", c.ID)
		}
	}
	for id := range catalogTables {
		if _, ok := got[id]; !ok && !notYet[id] {
			t.Errorf("catalog check %s is not implemented", id)
		}
	}
}

func TestEveryCheckHasDocs(t *testing.T) {
	root := filepath.Join("..", "..", "..", "docs", "checks")
	for _, c := range All() {
		for _, p := range []string{filepath.Join(root, c.ID+".md"), filepath.Join(root, "zh-CN", c.ID+".md")} {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Errorf("%s: %v", c.ID, err)
				continue
			}
			if !strings.Contains(string(data), "`"+c.ID+"`") {
				t.Errorf("%s does not name the check id", p)
			}
		}
		data, _ := os.ReadFile(filepath.Join(root, c.ID+".md"))
		for _, section := range []string{"## What it means", "## Why it happens", "## How to fix it", "## Source facts"} {
			if !strings.Contains(string(data), section) {
				t.Errorf("%s.md lacks %q", c.ID, section)
			}
		}
	}
}

var update = flag.Bool("update", false, "rewrite docs/checks/README.md")

// TestDocsIndex keeps docs/checks/README.md, the index of check pages, in step with the code.
func TestDocsIndex(t *testing.T) {
	var b strings.Builder
	b.WriteString("# Checks\n\n")
	b.WriteString("Every check go-env-doctor runs, with its stable id (used in JSON, SARIF, LSP diagnostic codes and\n")
	b.WriteString("these URLs) and default severity. `check` exits 1 when any warning or error is found.\n")
	b.WriteString("Simplified Chinese pages: [zh-CN](zh-CN/).\n\n")
	b.WriteString("| id | severity | triggers when | 中文 |\n|---|---|---|---|\n")
	for _, c := range All() {
		fmt.Fprintf(&b, "| [`%s`](%s.md) | %s | %s | [中文](zh-CN/%s.md) |\n", c.ID, c.ID, c.Severity, c.Summary, c.ID)
	}
	if len(notYet) > 0 {
		b.WriteString("\nNot yet implemented:\n")
		var later []string
		for id := range notYet {
			later = append(later, "`"+id+"`")
		}
		sort.Strings(later)
		b.WriteString(strings.Join(later, ", ") + ".\n")
	}
	path := filepath.Join("..", "..", "..", "docs", "checks", "README.md")
	if *update {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(path)
	if err != nil || string(data) != b.String() {
		t.Errorf("docs/checks/README.md is out of date; run go test ./server/internal/catalog -update")
	}
}
