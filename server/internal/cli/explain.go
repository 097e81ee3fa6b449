package cli

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/go-env-doctor/go-env-doctor/server/internal/model"
	"github.com/go-env-doctor/go-env-doctor/server/internal/redact"
	"github.com/go-env-doctor/go-env-doctor/server/internal/remote"
	"github.com/go-env-doctor/go-env-doctor/server/internal/report"
	"github.com/go-env-doctor/go-env-doctor/server/internal/resolve"
	"github.com/go-env-doctor/go-env-doctor/server/internal/system"
)

func runExplain(args []string, io IO) error {
	var c common
	fs := flag.NewFlagSet("explain", flag.ContinueOnError)
	c.register(fs, "text, json, markdown")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if err := checkFormat(c.format, "text", "json", "markdown"); err != nil {
		return err
	}
	vars, target, err := splitVarsAndPath(pos)
	if err != nil {
		return err
	}
	vars = dedupe(vars)
	l, ctxs, w, err := c.load(io, target, vars)
	if err != nil {
		return err
	}
	l.Problems = append(l.Problems, w.Unreadable(l.Problems)...) // go/env, $GOROOT/go.env, env files
	if len(vars) == 0 {
		vars = resolve.DownloadVars
	}
	for _, p := range l.Problems {
		if c.format != "json" {
			fmt.Fprintln(io.Stderr, "warning:", redact.Text(p.String()))
		}
	}
	color := useColor(io)
	out := bufio.NewWriter(io.Stdout)
	defer out.Flush()
	switch c.format {
	case "json":
		return writeJSON(out, explainJSON(l, ctxs, vars))
	case "markdown":
		report.ExplainMarkdown(out, ctxs, vars, problemTexts(l.Problems))
	default:
		writeExplainText(out, l, ctxs, vars, color)
	}
	return nil
}

// JSON shapes of the explain contract (product.md). Fields after the contract's are additive.
type jsonExplain struct {
	Version  int           `json:"version"`
	Contexts []jsonContext `json:"contexts"`
	Problems []jsonProblem `json:"problems,omitempty"`
	System   *jsonSystem   `json:"system,omitempty"`
}

type jsonContext struct {
	ID       string             `json:"id"`
	Folder   string             `json:"folder"`
	Vars     map[string]jsonVar `json:"vars"`
	Notes    []string           `json:"notes,omitempty"`
	Observed *jsonObserved      `json:"observed,omitempty"`
}

// jsonObserved is a running process of the context (--observe): its effective values, and
// for each variable whether a process started now would get something else.
type jsonObserved struct {
	PID    int                        `json:"pid"`
	Source string                     `json:"source"`
	Vars   map[string]jsonObservedVar `json:"vars"`
}

type jsonObservedVar struct {
	jsonVar
	Differs bool `json:"differs"`
}

type jsonVar struct {
	Value      string       `json:"value"`
	Layer      string       `json:"layer"`
	Origin     string       `json:"origin"`
	Overridden []jsonOrigin `json:"overridden"`
	Note       string       `json:"note,omitempty"`
	Side       string       `json:"side,omitempty"` // the machine it is set on, in a split window
}

type jsonOrigin struct {
	Layer  string `json:"layer"`
	Value  string `json:"value"`
	Origin string `json:"origin"`
	Unset  bool   `json:"unset,omitempty"`
	Note   string `json:"note,omitempty"`
}

type jsonProblem struct {
	File    string `json:"file"`
	Message string `json:"message"`
}

func explainJSON(l *system.Loaded, ctxs []*model.Context, vars []string) jsonExplain {
	out := jsonExplain{Version: 1, Contexts: []jsonContext{}}
	for _, c := range ctxs {
		jc := jsonContext{ID: c.ID, Folder: c.Folder, Vars: map[string]jsonVar{}, Notes: redactAll(c.Notes)}
		for _, name := range vars {
			if v := c.Get(name); v != nil {
				jc.Vars[name] = toJSONVar(v)
			}
		}
		if o := c.Observed; o != nil {
			jc.Observed = &jsonObserved{PID: o.PID, Source: o.Source, Vars: map[string]jsonObservedVar{}}
			for _, name := range vars {
				if v := o.Vars[name]; v != nil {
					jc.Observed.Vars[name] = jsonObservedVar{toJSONVar(v), o.Differs(name)}
				}
			}
		}
		out.Contexts = append(out.Contexts, jc)
	}
	for _, p := range l.Problems {
		out.Problems = append(out.Problems, jsonProblem{p.File, redact.Text(p.Msg)})
	}
	out.System = systemJSON(l.Input.System)
	return out
}

// jsonSystem is the machine when VS Code is split across machines (WSL, SSH, containers).
type jsonSystem struct {
	Summary  string   `json:"summary"`
	Here     string   `json:"here"` // where the Go tools run: wsl, container, remote, local
	UI       string   `json:"ui"`   // where the window and its user settings are: windows, local, ...
	Editor   string   `json:"editor,omitempty"`
	Evidence []string `json:"evidence"`
}

func systemJSON(sys *remote.System) *jsonSystem {
	if !sys.Split() && !sys.InRemoteWindow() {
		return nil
	}
	return &jsonSystem{Summary: sys.Summary(), Here: string(sys.Here()), UI: string(sys.UI()), Editor: sys.Editor, Evidence: redactAll(sys.Evidence)}
}

func toJSONVar(v *model.Var) jsonVar {
	jv := jsonVar{Value: redact.Value(v.Name, v.Value), Layer: string(v.Origin.Layer), Origin: redact.Text(v.Origin.Where()),
		Overridden: []jsonOrigin{}, Note: redact.Text(model.JoinNotes(v.Origin.Note, v.Note)), Side: v.Origin.Side}
	for _, o := range v.Overridden {
		jv.Overridden = append(jv.Overridden, jsonOrigin{Layer: string(o.Layer), Value: redact.Value(v.Name, o.Value),
			Origin: redact.Text(o.Where()), Unset: o.Unset, Note: redact.Text(o.Note)})
	}
	return jv
}

func redactAll(in []string) []string {
	out := make([]string, 0, len(in))
	for _, s := range in {
		out = append(out, redact.Text(s))
	}
	return out
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// notesOf collects each context's notes of folder once, keyed by the contexts sharing them.
func notesOf(ctxs []*model.Context, folder string) []string {
	byNote := map[string][]string{}
	var order []string
	for _, c := range ctxs {
		if c.Folder != folder {
			continue
		}
		for _, n := range c.Notes {
			if _, ok := byNote[n]; !ok {
				order = append(order, n)
			}
			byNote[n] = append(byNote[n], c.ID)
		}
	}
	out := make([]string, 0, len(order))
	for _, n := range order {
		out = append(out, strings.Join(byNote[n], ", ")+": "+redact.Text(n))
	}
	return out
}
