// Package report renders resolved contexts and findings for people: layer names, origins,
// Markdown tables and lists. The CLI and the language server share it so that both say the
// same thing the same way; every value passes through redact first.
package report

import (
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/model"
	"github.com/go-env-doctor/go-env-doctor/server/internal/redact"
)

// HumanLayer names a layer the way a user thinks of it.
func HumanLayer(l model.Layer) string {
	name, scope, _ := strings.Cut(string(l), ":")
	var h string
	switch model.Layer(name) {
	case model.LayerDefault:
		h = "go command default"
	case model.LayerDerived:
		h = "derived"
	case model.LayerUnset:
		h = "not set anywhere"
	case model.LayerGorootEnv:
		h = "$GOROOT/go.env"
	case model.LayerUserGoEnv:
		h = "go env -w file"
	case model.LayerShell:
		h = "shell environment"
	case model.LayerHost:
		h = "extension host environment"
	case model.LayerActivation:
		h = "vscode-go activation copy"
	default:
		h = name
	}
	if scope != "" {
		h += " (" + scope + " settings)"
	}
	return h
}

func DescribeOrigin(o model.Origin) string {
	where := o.Where()
	s := HumanLayer(o.Layer)
	if where != string(o.Layer) {
		s += "  " + where
	}
	if o.Side != "" {
		s = SideLabel(o.Side) + ": " + s
	}
	return s
}

// SideLabel names a machine of a split window (model.Origin.Side) for people.
func SideLabel(side string) string {
	switch side {
	case "windows":
		return "Windows"
	case "wsl":
		return "WSL"
	case "container":
		return "container"
	case "remote":
		return "remote host"
	case "local":
		return "local machine"
	}
	return side
}

// ExplainMarkdown writes the effective value of vars per folder and context as Markdown tables;
// problems name files that could not be used.
func ExplainMarkdown(w io.Writer, ctxs []*model.Context, vars []string, problems []string) {
	fmt.Fprintln(w, "## Go environment per context (go-env-doctor)")
	fmt.Fprintln(w)
	for _, folder := range Folders(ctxs) {
		fmt.Fprintf(w, "### `%s`\n\n", folder)
		fmt.Fprintln(w, "| Variable | Contexts | Value | From |")
		fmt.Fprintln(w, "|---|---|---|---|")
		for _, name := range vars {
			for _, g := range GroupVar(ctxs, folder, name) {
				fmt.Fprintf(w, "| `%s` | %s | `%s` | %s |\n", name, strings.Join(g.IDs, ", "),
					MDEscape(Display(name, g.V.Value)), MDEscape(redact.Text(DescribeOrigin(g.V.Origin))))
			}
		}
		fmt.Fprintln(w)
	}
	if len(problems) > 0 {
		fmt.Fprintln(w, "**Files that could not be used**")
		fmt.Fprintln(w)
		for _, p := range problems {
			fmt.Fprintf(w, "- %s\n", MDEscape(redact.Text(p)))
		}
	}
}

// MDEscape keeps a value on one line and out of Markdown table syntax.
func MDEscape(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ", "\r", `\r`, "`", "'").Replace(s)
}

// Group is a set of contexts of one folder that agree on a variable's value and origin.
type Group struct {
	IDs []string
	V   *model.Var
}

// GroupVar groups the contexts of folder by (value, origin) of name, in context order.
func GroupVar(ctxs []*model.Context, folder, name string) []*Group {
	var out []*Group
	index := map[string]*Group{}
	for _, c := range ctxs {
		if c.Folder != folder {
			continue
		}
		v := c.Get(name)
		if v == nil {
			continue
		}
		key := v.Value + "\x00" + string(v.Origin.Layer) + "\x00" + v.Origin.Where()
		g, ok := index[key]
		if !ok {
			g = &Group{V: v}
			index[key] = g
			out = append(out, g)
		}
		g.IDs = append(g.IDs, c.ID)
	}
	return out
}

// DistinctValues counts the different effective values among groups.
func DistinctValues(gs []*Group) int {
	seen := map[string]bool{}
	for _, g := range gs {
		seen[g.V.Value] = true
	}
	return len(seen)
}

// Display shows a value so that what matters is visible: "(empty)", and quoted Go syntax when
// it holds a CR, other control characters or edge spaces (GOSUMDB=off\r from a CRLF file).
func Display(name, v string) string {
	if v == "" {
		return "(empty)"
	}
	v = redact.Value(name, v)
	if strings.TrimSpace(v) != v || strings.IndexFunc(v, func(r rune) bool { return r < 0x20 || r == 0x7f }) >= 0 {
		return strconv.Quote(v)
	}
	return v
}

// CheckMarkdown writes findings with their fixes as a Markdown list.
func CheckMarkdown(w io.Writer, fs []check.Finding, problems []string) {
	fmt.Fprintln(w, "## go-env-doctor check")
	fmt.Fprintln(w)
	if len(fs) == 0 {
		fmt.Fprintln(w, "No problems found.")
	}
	for _, f := range fs {
		fmt.Fprintf(w, "- **%s** [`%s`](%s): %s", f.Severity, f.Check, check.DocsURL(f.Check), MDEscape(f.Message))
		if f.Location != nil {
			fmt.Fprintf(w, " (`%s:%d:%d`)", filepath.Base(f.Location.File), f.Location.Line, f.Location.Column)
		}
		fmt.Fprintln(w)
		for _, fix := range f.Fixes {
			fmt.Fprintf(w, "  - fix: %s", MDEscape(fix.Title))
			if d := DescribeFix(fix); d != "" {
				fmt.Fprintf(w, " — `%s`", strings.ReplaceAll(d, "`", "'"))
			}
			fmt.Fprintln(w)
		}
	}
	for _, p := range problems {
		fmt.Fprintf(w, "- could not use %s\n", MDEscape(redact.Text(p)))
	}
}

// Folders lists the folders of cs in first-seen order.
func Folders(cs []*model.Context) []string {
	seen := map[string]bool{}
	var out []string
	for _, c := range cs {
		if !seen[c.Folder] {
			seen[c.Folder] = true
			out = append(out, c.Folder)
		}
	}
	return out
}
