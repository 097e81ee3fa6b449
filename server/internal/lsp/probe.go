package lsp

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/sourcegraph/jsonrpc2"
	"go.lsp.dev/uri"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/check/modules"
	"github.com/go-env-doctor/go-env-doctor/server/internal/model"
	"github.com/go-env-doctor/go-env-doctor/server/internal/probe"
	"github.com/go-env-doctor/go-env-doctor/server/internal/probe/netrun"
	"github.com/go-env-doctor/go-env-doctor/server/internal/redact"
)

// storedProbe is the last probe of one download environment (check.ProbeKey).
type storedProbe struct {
	at         time.Time
	plan       probe.Plan
	results    []probe.Result
	assessment probe.Assessment
	modules    []probe.ModuleAnswer // the proxies' answers about the folders' requirements
}

// startProbe answers goEnvDoctor/probe from its own goroutine; $/cancelRequest with the same id
// cancels it.
func (s *Server) startProbe(ctx context.Context, req *jsonrpc2.Request, p ProbeParams) {
	ctx, cancel := context.WithCancel(ctx)
	s.mu.Lock()
	s.cancels[req.ID.String()] = cancel
	s.mu.Unlock()
	go func() {
		defer func() {
			s.mu.Lock()
			delete(s.cancels, req.ID.String())
			s.mu.Unlock()
			cancel()
		}()
		res, err := s.runProbe(ctx, p)
		s.reply(context.Background(), req, res, err)
	}()
}

// cancelRequest handles $/cancelRequest for the requests that can be canceled.
func (s *Server) cancelRequest(id jsonrpc2.ID) {
	s.mu.Lock()
	cancel := s.cancels[id.String()]
	s.mu.Unlock()
	if cancel != nil {
		cancel()
	}
}

func (s *Server) runProbe(ctx context.Context, p ProbeParams) (ProbeResult, error) {
	s.waitFresh(ctx)
	s.mu.Lock()
	snap := s.snap
	s.mu.Unlock()
	if snap == nil || snap.err != nil || len(snap.ctxs) == 0 {
		return ProbeResult{}, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidRequest, Message: "nothing to probe: no folder has been diagnosed yet"}
	}
	ctxs := snap.ctxs
	if p.Folder != nil && *p.Folder != "" {
		path := fsPath(uri.URI(*p.Folder))
		var mine []*model.Context
		for _, c := range ctxs {
			if c.Folder == path || c.Folder == "" {
				mine = append(mine, c)
			}
		}
		ctxs = mine
	}
	// The requirements the proxies are asked about are read as the last diagnosis read them.
	ws := &check.Workspace{Input: snap.loaded.Input, Contexts: snap.ctxs, World: s.world}
	groups := check.ProbeGroups(ctxs)
	type done struct {
		key string
		sp  *storedProbe
	}
	var out []done
	res := ProbeResult{Routes: len(groups)}
	for _, g := range groups {
		env := check.ProbeEnv(g[0])
		plan := probe.NewPlan(env, s.opts.GOOS)
		results := s.opts.ProbeRun(ctx, plan, env)
		if ctx.Err() != nil {
			return ProbeResult{Canceled: true, Summary: "The network probe was canceled; nothing was kept."}, nil
		}
		a := probe.Assess(plan, results)
		var answers []probe.ModuleAnswer
		if a.ProxyOK || netrun.AnyProxyAnswered(results) {
			if qs := modules.GroupQueries(ws, g); len(qs) > 0 {
				answers = probeModules(ctx, plan, qs, env)
				if ctx.Err() != nil {
					return ProbeResult{Canceled: true, Summary: "The network probe was canceled; nothing was kept."}, nil
				}
			}
		}
		out = append(out, done{check.ProbeKey(env), &storedProbe{at: s.opts.Now(), plan: plan, results: results, assessment: a, modules: answers}})
		res.Targets += len(results)
		for _, r := range results {
			if !r.OK() && r.Check != "" {
				res.Failed++
			}
		}
	}
	s.mu.Lock()
	for _, d := range out {
		s.probes[d.key] = d.sp
	}
	s.mu.Unlock()
	s.schedule()
	s.waitFresh(ctx)
	s.mu.Lock()
	if s.snap != nil {
		for _, f := range s.snap.findings {
			if c, ok := s.checkByID[f.Check]; ok && c.Network {
				res.Findings++
			}
		}
	}
	s.mu.Unlock()
	switch {
	case res.Targets == 0:
		res.Summary = "Nothing to contact: no module proxy or checksum database is used (GOPROXY is direct or off, GOSUMDB off)."
	case res.Failed == 0:
		res.Summary = fmt.Sprintf("Module downloads work: %d targets on %d route(s) answered.", res.Targets, res.Routes)
	default:
		res.Summary = fmt.Sprintf("%d of %d targets fail in a way that breaks module downloads; see the Problems panel and the report.", res.Failed, res.Targets)
	}
	return res, nil
}

// attachProbes gives each group of contexts the stored probe of its current environment.
func (s *Server) attachProbes(ctxs []*model.Context) []*check.Probe {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.probes) == 0 {
		return nil
	}
	var out []*check.Probe
	for _, g := range check.ProbeGroups(ctxs) {
		if sp := s.probes[check.ProbeKey(check.ProbeEnv(g[0]))]; sp != nil {
			results := make([]probe.Result, len(sp.results))
			copy(results, sp.results)
			out = append(out, &check.Probe{Contexts: g, Plan: sp.plan, Results: results, Assessment: sp.assessment,
				Modules: append([]probe.ModuleAnswer(nil), sp.modules...), At: sp.at})
		}
	}
	return out
}

// networkStatus is FolderStatus.network for a folder: the probes of its contexts.
func networkStatus(probes []*check.Probe, folder string) *NetworkStatus {
	var ns *NetworkStatus
	for _, p := range probes {
		var ids []string
		for _, c := range p.Contexts {
			if c.Folder == folder || c.Folder == "" {
				ids = append(ids, c.ID)
			}
		}
		if len(ids) == 0 {
			continue
		}
		if ns == nil {
			ns = &NetworkStatus{}
		}
		if at := p.At.UTC().Format(time.RFC3339); at > ns.At {
			ns.At = at
		}
		route := NetworkRoute{Contexts: ids, ProxyOK: p.Assessment.ProxyOK, SumDBOK: p.Assessment.SumDBOK, SumDBOff: p.Plan.SumDBOff, Targets: []NetworkTarget{}}
		for _, r := range p.Results {
			t := NetworkTarget{URL: redact.Text(r.URL), Role: string(r.Role), Via: redact.Text(r.Via), OK: r.OK(), Stage: string(r.Failed),
				Check: r.Check, Note: r.Note}
			for _, st := range r.Stages {
				t.MS += st.MS
			}
			if last := r.Last(); last != nil {
				t.Detail = redact.Text(last.Detail)
			}
			route.Targets = append(route.Targets, t)
		}
		ns.Routes = append(ns.Routes, route)
	}
	if ns != nil {
		sort.SliceStable(ns.Routes, func(i, j int) bool { return ns.Routes[i].Contexts[0] < ns.Routes[j].Contexts[0] })
	}
	return ns
}

// probeModules asks the module proxies of plan about qs over the real network.
func probeModules(ctx context.Context, plan probe.Plan, qs []probe.ModuleQuery, env probe.Env) []probe.ModuleAnswer {
	return netrun.Modules(ctx, plan, qs, netrun.Options{Env: env})
}

// defaultProbeRun probes over the real network.
func defaultProbeRun(ctx context.Context, plan probe.Plan, env probe.Env) []probe.Result {
	return netrun.Run(ctx, plan, netrun.Options{Env: env})
}
