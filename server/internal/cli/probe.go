package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"time"

	"github.com/go-env-doctor/go-env-doctor/server/internal/catalog"
	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/check/modules"
	"github.com/go-env-doctor/go-env-doctor/server/internal/model"
	"github.com/go-env-doctor/go-env-doctor/server/internal/probe"
	"github.com/go-env-doctor/go-env-doctor/server/internal/probe/netrun"
	"github.com/go-env-doctor/go-env-doctor/server/internal/redact"
	"github.com/go-env-doctor/go-env-doctor/server/internal/report"
)

// probeFlags are the flags of `probe` and `check --probe`.
type probeFlags struct {
	stageTimeout time.Duration
	timeout      time.Duration
}

func (p *probeFlags) register(fs *flag.FlagSet) {
	fs.DurationVar(&p.stageTimeout, "stage-timeout", 5*time.Second, "bound of each probe stage (dns, tcp, tls, …)")
	fs.DurationVar(&p.timeout, "probe-timeout", 30*time.Second, "bound of the whole probe")
}

// runProbes probes each distinct download route of ctxs once, in parallel inside each probe;
// Ctrl-C cancels. progress (may be nil) hears about each route before it starts. When a module
// proxy of a route answers, it is also asked about the requirements of ws's folders that the
// route's contexts send to it (modules.GroupQueries), for private-module-not-covered.
func (p *probeFlags) runProbes(ws *check.Workspace, ctxs []*model.Context, progress func(ids []string, plan probe.Plan)) []*check.Probe {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, p.timeout)
	defer cancel()
	var out []*check.Probe
	for _, group := range check.ProbeGroups(ctxs) {
		env := check.ProbeEnv(group[0])
		plan := probe.NewPlan(env, runtime.GOOS)
		if progress != nil {
			var ids []string
			for _, c := range group {
				ids = append(ids, c.ID)
			}
			progress(ids, plan)
		}
		opts := netrun.Options{Env: env, StageTimeout: p.stageTimeout}
		results := netrun.Run(ctx, plan, opts)
		a := probe.Assess(plan, results)
		pr := &check.Probe{Contexts: group, Plan: plan, Results: results, Assessment: a}
		if a.ProxyOK || netrun.AnyProxyAnswered(results) {
			if qs := modules.GroupQueries(ws, group); len(qs) > 0 && ctx.Err() == nil {
				pr.Modules = netrun.Modules(ctx, plan, qs, opts)
			}
		}
		out = append(out, pr)
	}
	return out
}

func runProbe(args []string, io IO) (int, error) {
	var c common
	var pf probeFlags
	fs := flag.NewFlagSet("probe", flag.ContinueOnError)
	c.register(fs, "text, json")
	pf.register(fs)
	paths, err := parseInterleaved(fs, args)
	if err != nil {
		return ExitUsage, err
	}
	if err := checkFormat(c.format, "text", "json"); err != nil {
		return ExitUsage, err
	}
	if len(paths) > 1 {
		return ExitUsage, usageError{"probe takes one folder or .code-workspace"}
	}
	target := "."
	if len(paths) == 1 {
		target = paths[0]
	}
	if c.context == "" {
		c.context = "shell" // what a go typed in this terminal uses
	}
	l, ctxs, w, err := c.load(io, target, nil)
	if err != nil {
		return ExitUsage, err
	}
	ctxs = ctxs[:1] // one context: the first folder's
	ws := &check.Workspace{Input: l.Input, Contexts: ctxs, World: w}
	probes := pf.runProbes(ws, ctxs, func(ids []string, plan probe.Plan) {
		if c.format == "text" {
			fmt.Fprintf(io.Stderr, "probing %d targets for %s (each stage at most %s)…\n", len(plan.Targets), strings.Join(ids, ", "), pf.stageTimeout)
		}
	})
	ws.Probes = probes
	var findings []check.Finding
	for _, ch := range catalog.All() {
		if ch.Network {
			findings = append(findings, check.Run(ws, []check.Check{ch})...)
		}
	}
	for i := range findings {
		findings[i] = report.RedactFinding(findings[i])
	}
	p := probes[0]
	if c.format == "json" {
		err = writeJSON(io.Stdout, probeJSONOf(p, findings))
	} else {
		writeProbeText(io.Stdout, p, findings, useColor(io))
	}
	if err != nil {
		return ExitUsage, err
	}
	if check.Failing(findings) {
		return ExitFindings, nil
	}
	return ExitOK, nil
}

// probeJSON is the CLI contract: {"version":1,"targets":[{"url","role","stages":[…],"check"?}]}
// plus what the probe means.
type probeJSON struct {
	Version    int              `json:"version"`
	Context    string           `json:"context"`
	Contexts   []string         `json:"contexts"`
	Targets    []probeTarget    `json:"targets"`
	Assessment probe.Assessment `json:"assessment"`
	Problems   []string         `json:"problems,omitempty"`
	// Modules are the proxies' answers about the folder's requirements (redacted).
	Modules  []probe.ModuleAnswer `json:"modules,omitempty"`
	Findings []check.Finding      `json:"findings"`
}

type probeTarget struct {
	URL    string         `json:"url"`
	Role   probe.Role     `json:"role"`
	Via    string         `json:"via,omitempty"`
	Stages []probe.Stage  `json:"stages"`
	TLS    *probe.TLSInfo `json:"tls,omitempty"`
	Check  string         `json:"check,omitempty"`
	Note   string         `json:"note,omitempty"`
}

func probeJSONOf(p *check.Probe, findings []check.Finding) probeJSON {
	out := probeJSON{Version: 1, Context: p.Contexts[0].ID, Assessment: p.Assessment, Findings: nonNil(findings), Targets: []probeTarget{}}
	for _, c := range p.Contexts {
		out.Contexts = append(out.Contexts, c.ID)
	}
	for _, pr := range p.Plan.Problems {
		out.Problems = append(out.Problems, redact.Text(pr))
	}
	out.Assessment.SumDBRoute = redact.Text(out.Assessment.SumDBRoute)
	for _, r := range p.Results {
		t := probeTarget{URL: redact.Text(r.URL), Role: r.Role, Via: redact.Text(r.Via), Stages: r.Stages, TLS: r.TLS, Check: r.Check, Note: r.Note}
		if t.Stages == nil {
			t.Stages = []probe.Stage{}
		}
		for i := range t.Stages {
			t.Stages[i].Detail = redact.Text(t.Stages[i].Detail)
		}
		out.Targets = append(out.Targets, t)
	}
	for _, m := range p.Modules {
		m.Proxy, m.Detail = redact.Text(m.Proxy), redact.Text(m.Detail)
		out.Modules = append(out.Modules, m)
	}
	return out
}

func writeProbeText(w io.Writer, p *check.Probe, findings []check.Finding, color bool) {
	s := style{color}
	ids := make([]string, 0, len(p.Contexts))
	for _, c := range p.Contexts {
		ids = append(ids, c.ID)
	}
	fmt.Fprintf(w, "%s %s\n", s.bold("Download route of"), strings.Join(ids, ", "))
	env := check.ProbeEnv(p.Contexts[0])
	for _, name := range check.ProbeVars {
		if v, ok := env[name]; ok {
			fmt.Fprintf(w, "  %s=%s\n", name, report.Display(name, v))
		}
	}
	for _, pr := range p.Plan.Problems {
		fmt.Fprintf(w, "  %s %s\n", s.yellow("!"), redact.Text(pr))
	}
	fmt.Fprintln(w)
	for _, r := range p.Results {
		mark := s.green("✓")
		switch {
		case !r.OK() && r.Check != "":
			mark = s.red("✗")
		case !r.OK():
			mark = s.yellow("–")
		case r.Check != "":
			mark = s.yellow("!")
		}
		via := ""
		if r.Via != "" && r.Role != probe.RoleHTTPProxy {
			via = " via " + redact.Text(r.Via)
		}
		fmt.Fprintf(w, "%s %-10s %s%s\n", mark, r.Role, redact.Text(r.URL), via)
		for _, st := range r.Stages {
			ok := s.green("ok  ")
			if !st.OK {
				ok = s.red("FAIL")
			}
			fmt.Fprintf(w, "    %-8s %s %5dms  %s\n", st.Stage, ok, st.MS, redact.Text(st.Detail))
		}
		if r.Note != "" {
			fmt.Fprintf(w, "    → %s\n", r.Note)
		}
	}
	if len(p.Modules) > 0 {
		fmt.Fprintf(w, "\n%s\n", s.bold("Requirements asked about (no GOPRIVATE pattern covers them)"))
		for _, m := range p.Modules {
			mark := s.green("✓")
			if m.Status != http.StatusOK || m.Failure != "" {
				mark = s.yellow("–")
			}
			mod := m.Path
			if m.Version != "" {
				mod += "@" + m.Version
			}
			from := ""
			if m.Proxy != "" {
				from = " from " + redact.Text(m.Proxy)
			}
			fmt.Fprintf(w, "%s %s%s: %s\n", mark, mod, from, redact.Text(m.Detail))
		}
	}
	fmt.Fprintln(w)
	a := p.Assessment
	switch {
	case len(p.Plan.Targets) == 0:
		fmt.Fprintln(w, "Nothing to contact: no module proxy is used (GOPROXY is direct or off).")
	case a.ProxyOK:
		fmt.Fprintln(w, s.green("Module proxy: works."))
	default:
		fmt.Fprintln(w, s.red("Module proxy: downloads fail."))
	}
	switch {
	case p.Plan.SumDBOff:
		fmt.Fprintln(w, s.yellow("Checksum database: off (GOSUMDB=off): downloads are not verified."))
	case a.SumDBOK:
		fmt.Fprintf(w, "%s (through %s)\n", s.green("Checksum database: works"), redact.Text(a.SumDBRoute))
	case a.SumDBRoute != "":
		fmt.Fprintf(w, "%s (%s)\n", s.red("Checksum database: unreachable"), redact.Text(a.SumDBRoute))
	}
	if len(findings) > 0 {
		fmt.Fprintln(w)
		writeCheckText(w, findings, p.Contexts, color)
	}
}
