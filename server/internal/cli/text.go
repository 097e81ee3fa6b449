package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/go-env-doctor/go-env-doctor/server/internal/model"
	"github.com/go-env-doctor/go-env-doctor/server/internal/redact"
	"github.com/go-env-doctor/go-env-doctor/server/internal/system"
)

// style colors text only when writing to a terminal.
type style struct{ on bool }

func (s style) wrap(code, t string) string {
	if !s.on || t == "" {
		return t
	}
	return "\x1b[" + code + "m" + t + "\x1b[0m"
}
func (s style) bold(t string) string   { return s.wrap("1", t) }
func (s style) dim(t string) string    { return s.wrap("2", t) }
func (s style) yellow(t string) string { return s.wrap("33", t) }
func (s style) red(t string) string    { return s.wrap("31", t) }
func (s style) cyan(t string) string   { return s.wrap("36", t) }

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

func describeOrigin(o model.Origin) string {
	where := o.Where()
	if where == string(o.Layer) {
		return HumanLayer(o.Layer)
	}
	return HumanLayer(o.Layer) + "  " + where
}

func writeExplainText(w io.Writer, l *system.Loaded, ctxs []*model.Context, vars []string, color bool) {
	s := style{color}
	header(w, l, s)
	for _, folder := range folders(ctxs) {
		if len(l.Input.Folders) > 1 {
			fmt.Fprintf(w, "%s %s\n\n", s.bold("Folder"), folder)
		}
		for _, name := range vars {
			writeVarText(w, s, name, groupVar(ctxs, folder, name))
		}
		if notes := notesOf(ctxs, folder); len(notes) > 0 {
			fmt.Fprintln(w, s.bold("Notes"))
			for _, n := range notes {
				fmt.Fprintln(w, "  "+s.dim("• "+n))
			}
			fmt.Fprintln(w)
		}
	}
}

func header(w io.Writer, l *system.Loaded, s style) {
	target := l.WorkspaceFile
	if target == "" && len(l.Input.Folders) > 0 {
		target = l.Input.Folders[0].Path
	}
	fmt.Fprintf(w, "%s %s\n", s.bold("Workspace"), target)
	if l.UserSettings != "" {
		fmt.Fprintf(w, "%s %s\n", s.bold("User settings"), l.UserSettings)
	} else {
		fmt.Fprintf(w, "%s %s\n", s.bold("User settings"), s.dim("none found (use --user-settings FILE)"))
	}
	for _, e := range l.OtherEditors {
		fmt.Fprintf(w, "  %s\n", s.dim("also found "+e.Name+" settings at "+e.Path+" (not used)"))
	}
	fmt.Fprintln(w)
}

func writeVarText(w io.Writer, s style, name string, gs []*group) {
	if len(gs) == 0 {
		return
	}
	// Group by value first: what a reader wants at a glance is whether contexts agree.
	var values []string
	byValue := map[string][]*group{}
	for _, g := range gs {
		if _, ok := byValue[g.v.Value]; !ok {
			values = append(values, g.v.Value)
		}
		byValue[g.v.Value] = append(byValue[g.v.Value], g)
	}
	indent := "    "
	if len(values) == 1 {
		fmt.Fprintf(w, "%s = %s\n", s.bold(name), s.cyan(display(name, values[0])))
	} else {
		fmt.Fprintf(w, "%s  %s\n", s.bold(name), s.yellow(fmt.Sprintf("⚠ %d different values across contexts", len(values))))
		indent = "      "
	}
	for _, v := range values {
		if len(values) > 1 {
			fmt.Fprintf(w, "  = %s\n", s.cyan(display(name, v)))
		}
		for _, g := range byValue[v] {
			fmt.Fprintf(w, "%s%s\n", indent[:len(indent)-2], strings.Join(g.ids, ", "))
			writeGroupBody(w, s, name, g, indent+"  ")
		}
	}
	fmt.Fprintln(w)
}

func writeGroupBody(w io.Writer, s style, name string, g *group, indent string) {
	if g.v.Origin.Layer == model.LayerUnset {
		fmt.Fprintf(w, "%s%s\n", indent, s.dim("not set in any layer"))
	} else {
		fmt.Fprintf(w, "%s%s %s\n", indent, s.dim("from"), redact.Text(describeOrigin(g.v.Origin)))
	}
	if n := model.JoinNotes(g.v.Origin.Note, g.v.Note); n != "" {
		fmt.Fprintf(w, "%s%s\n", indent, s.dim("note: "+redact.Text(n)))
	}
	for _, o := range g.v.Overridden {
		val := display(name, o.Value)
		if o.Unset {
			val = "(removed)"
		}
		line := fmt.Sprintf("overrides %s = %s  %s", HumanLayer(o.Layer), val, o.Where())
		if o.Where() == string(o.Layer) {
			line = fmt.Sprintf("overrides %s = %s", HumanLayer(o.Layer), val)
		}
		if o.Note != "" {
			line += " — " + o.Note
		}
		fmt.Fprintf(w, "%s%s\n", indent, s.dim(redact.Text(line)))
	}
}

func writeExplainMarkdown(w io.Writer, l *system.Loaded, ctxs []*model.Context, vars []string) {
	fmt.Fprintln(w, "## Go environment per context (go-env-doctor)")
	fmt.Fprintln(w)
	for _, folder := range folders(ctxs) {
		fmt.Fprintf(w, "### `%s`\n\n", folder)
		fmt.Fprintln(w, "| Variable | Contexts | Value | From |")
		fmt.Fprintln(w, "|---|---|---|---|")
		for _, name := range vars {
			for _, g := range groupVar(ctxs, folder, name) {
				fmt.Fprintf(w, "| `%s` | %s | `%s` | %s |\n", name, strings.Join(g.ids, ", "),
					mdEscape(display(name, g.v.Value)), mdEscape(redact.Text(describeOrigin(g.v.Origin))))
			}
		}
		fmt.Fprintln(w)
	}
	if len(l.Problems) > 0 {
		fmt.Fprintln(w, "**Files that could not be used**")
		fmt.Fprintln(w)
		for _, p := range l.Problems {
			fmt.Fprintf(w, "- %s\n", mdEscape(redact.Text(p.String())))
		}
	}
}

func mdEscape(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ", "\r", `\r`, "`", "'").Replace(s)
}
