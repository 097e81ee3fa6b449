package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/go-env-doctor/go-env-doctor/server/internal/model"
	"github.com/go-env-doctor/go-env-doctor/server/internal/redact"
	"github.com/go-env-doctor/go-env-doctor/server/internal/report"
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
func (s style) green(t string) string  { return s.wrap("32", t) }

func writeExplainText(w io.Writer, l *system.Loaded, ctxs []*model.Context, vars []string, color bool) {
	s := style{color}
	header(w, l, s)
	for _, folder := range report.Folders(ctxs) {
		if len(l.Input.Folders) > 1 {
			fmt.Fprintf(w, "%s %s\n\n", s.bold("Folder"), folder)
		}
		for _, name := range vars {
			writeVarText(w, s, name, report.GroupVar(ctxs, folder, name))
			writeObservedText(w, s, name, ctxs, folder)
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
	if l.MachineSettings != "" {
		fmt.Fprintf(w, "%s %s\n", s.bold("Remote settings"), l.MachineSettings)
	}
	if sys := l.Input.System; sys.Split() || sys.InRemoteWindow() {
		fmt.Fprintf(w, "%s %s\n", s.bold("Machine"), sys.Summary())
	}
	fmt.Fprintln(w)
}

func writeVarText(w io.Writer, s style, name string, gs []*report.Group) {
	if len(gs) == 0 {
		return
	}
	// Group by value first: what a reader wants at a glance is whether contexts agree.
	var values []string
	byValue := map[string][]*report.Group{}
	for _, g := range gs {
		if _, ok := byValue[g.V.Value]; !ok {
			values = append(values, g.V.Value)
		}
		byValue[g.V.Value] = append(byValue[g.V.Value], g)
	}
	indent := "    "
	if len(values) == 1 {
		fmt.Fprintf(w, "%s = %s\n", s.bold(name), s.cyan(report.Display(name, values[0])))
	} else {
		fmt.Fprintf(w, "%s  %s\n", s.bold(name), s.yellow(fmt.Sprintf("⚠ %d different values across contexts", len(values))))
		indent = "      "
	}
	for _, v := range values {
		if len(values) > 1 {
			fmt.Fprintf(w, "  = %s\n", s.cyan(report.Display(name, v)))
		}
		for _, g := range byValue[v] {
			fmt.Fprintf(w, "%s%s\n", indent[:len(indent)-2], strings.Join(g.IDs, ", "))
			writeGroupBody(w, s, name, g, indent+"  ")
		}
	}
	fmt.Fprintln(w)
}

func writeGroupBody(w io.Writer, s style, name string, g *report.Group, indent string) {
	if g.V.Origin.Layer == model.LayerUnset {
		fmt.Fprintf(w, "%s%s\n", indent, s.dim("not set in any layer"))
	} else {
		fmt.Fprintf(w, "%s%s %s\n", indent, s.dim("from"), redact.Text(report.DescribeOrigin(g.V.Origin)))
	}
	if n := model.JoinNotes(g.V.Origin.Note, g.V.Note); n != "" {
		fmt.Fprintf(w, "%s%s\n", indent, s.dim("note: "+redact.Text(n)))
	}
	for _, o := range g.V.Overridden {
		val := report.Display(name, o.Value)
		if o.Unset {
			val = "(removed)"
		}
		line := fmt.Sprintf("overrides %s = %s  %s", report.HumanLayer(o.Layer), val, o.Where())
		if o.Where() == string(o.Layer) {
			line = fmt.Sprintf("overrides %s = %s", report.HumanLayer(o.Layer), val)
		}
		if o.Note != "" {
			line += " — " + o.Note
		}
		fmt.Fprintf(w, "%s%s\n", indent, s.dim(redact.Text(line)))
	}
}

// writeObservedText adds, under a variable, what the running processes given with --observe
// have, and whether a process started now would get the same.
func writeObservedText(w io.Writer, s style, name string, ctxs []*model.Context, folder string) {
	printed := false
	for _, c := range ctxs {
		o := c.Observed
		if c.Folder != folder || o == nil || o.Vars[name] == nil {
			continue
		}
		v := o.Vars[name]
		verdict := s.dim("(same as a new " + c.ID + " would get)")
		if o.Differs(name) {
			verdict = s.yellow("⚠ a new " + c.ID + " would get " + report.Display(name, o.Intended[name].Value))
		}
		fmt.Fprintf(w, "  running %s (PID %d, %s) = %s %s\n", c.ID, o.PID, o.Source, s.cyan(report.Display(name, v.Value)), verdict)
		printed = true
	}
	if printed {
		fmt.Fprintln(w)
	}
}
