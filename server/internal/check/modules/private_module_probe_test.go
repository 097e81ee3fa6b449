package modules

import (
	"slices"
	"strings"
	"testing"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/check/checktest"
	"github.com/go-env-doctor/go-env-doctor/server/internal/model"
	"github.com/go-env-doctor/go-env-doctor/server/internal/probe"
)

const acmeGoMod = `-- ws/go.mod --
module example.com/app

go 1.26.8

require (
	github.com/acme/secret v1.2.3
	git.acme.com/x v1.0.0
	github.com/x/y v1.0.0
)
`

const (
	publicProxy = "https://proxy.golang.org"
	cnProxy     = "https://goproxy.cn"
	corpProxy   = "https://athens.acme.com"
)

// proxyResult is a proxy's own probe result: ok when it served the well-known public module.
func proxyResult(u string, ok bool) probe.Result {
	r := probe.Result{Target: probe.Target{URL: u, Role: probe.RoleProxy, Module: probe.ListModule},
		Stages: []probe.Stage{{Stage: probe.StageDNS, OK: true}, {Stage: probe.StageTCP, OK: true}, {Stage: probe.StageTLS, OK: true}, {Stage: probe.StageHTTP, OK: true}}}
	if ok {
		r.Stages = append(r.Stages, probe.Stage{Stage: probe.StageProtocol, OK: true})
	} else {
		r.Stages = append(r.Stages, probe.Stage{Stage: probe.StageProtocol, Failure: probe.NotFound})
		r.Failed = probe.StageProtocol
	}
	return r
}

func answer(path, version, proxy string, status int) probe.ModuleAnswer {
	a := probe.ModuleAnswer{Path: path, Version: version, Proxy: proxy, Status: status}
	switch status {
	case 200:
		a.Detail = "200 OK"
	case 404:
		a.Failure, a.Detail = probe.NotFound, "404 Not Found: server response: not found: "+path+"@"+version+": invalid version: git ls-remote -q origin\n\tfatal: could not read Username for 'https://github.com': terminal prompts disabled"
	case 410:
		a.Failure, a.Detail = probe.NotFound, "410 Gone: server response: gone"
	case 403:
		a.Failure, a.Detail = probe.HTTPStatus, "403 Forbidden"
	case 0:
		a.Failure, a.Detail = probe.HTTPTimeout, "no HTTP answer within 5s"
	}
	return a
}

// attachProbe gives every context of the workspace one probe with these proxy results and
// module answers.
func attachProbe(e *checktest.Env, results []probe.Result, answers ...probe.ModuleAnswer) {
	var plan probe.Plan
	for _, r := range results {
		plan.Targets = append(plan.Targets, r.Target)
	}
	e.WS.Probes = []*check.Probe{{Contexts: e.WS.Contexts, Plan: plan, Results: results, Modules: answers}}
}

// Every proxy that serves public modules refused github.com/acme/secret and git.acme.com/x:
// both are reported, with a pattern for the owner on a forge and for the host elsewhere.
func TestPrivateModuleProbeEvidence(t *testing.T) {
	e := checktest.Load(t, acmeGoMod)
	if fs := e.Run(privateModuleNotCovered); len(fs) != 0 {
		t.Fatalf("offline, the paths look public: %+v", fs)
	}
	results := []probe.Result{proxyResult(publicProxy, true), proxyResult(cnProxy, true)}
	answers := []probe.ModuleAnswer{
		answer("github.com/acme/secret", "v1.2.3", publicProxy, 404), answer("github.com/acme/secret", "v1.2.3", cnProxy, 403),
		answer("git.acme.com/x", "v1.0.0", publicProxy, 410), answer("git.acme.com/x", "v1.0.0", cnProxy, 410),
		answer("github.com/x/y", "v1.0.0", publicProxy, 200), answer("github.com/x/y", "v1.0.0", cnProxy, 200),
	}
	attachProbe(e, results, answers...)
	fs := e.Run(privateModuleNotCovered)
	if len(fs) != 2 {
		t.Fatalf("findings = %+v", fs)
	}
	f := fs[0]
	wantAt(t, f, "ws/go.mod", 6, 2)
	wantContexts(t, f, allContexts...)
	wantMsg(t, f, "github.com/acme/secret v1.2.3, which looks private: every GOPROXY entry",
		"https://proxy.golang.org answered 404 Not Found (not found: github.com/acme/secret@v1.2.3: invalid version: git ls-remote -q origin fatal:",
		"https://goproxy.cn answered 403 Forbidden", "GOPRIVATE=github.com/acme makes")
	if strings.Contains(f.Message, "\t") || strings.Contains(f.Message, "terminal prompts disabled") {
		t.Errorf("the server response is not shortened: %s", f.Message)
	}
	fix := preferred(t, f)
	if fix.Kind != check.GoEnvWrite || fix.GoEnv.Set["GOPRIVATE"] != "github.com/acme" || fix.Title != "add github.com/acme to GOPRIVATE" {
		t.Errorf("fix = %+v", fix)
	}
	wantMsg(t, fs[1], "git.acme.com/x v1.0.0", "https://proxy.golang.org answered 410 Gone (gone)", "GOPRIVATE=git.acme.com makes")
	if got := preferred(t, fs[1]).GoEnv.Set["GOPRIVATE"]; got != "git.acme.com" {
		t.Errorf("second fix sets GOPRIVATE=%q", got)
	}

	e.Apply(fix)
	attachProbe(e, results, answers...)
	f = one(t, e.Run(privateModuleNotCovered))
	wantMsg(t, f, "git.acme.com/x")
	if got := preferred(t, f).GoEnv.Set["GOPRIVATE"]; got != "github.com/acme,git.acme.com" {
		t.Errorf("after the first fix: GOPRIVATE=%q", got)
	}
}

// What is not evidence: a proxy that serves the module, an answer that is no refusal, refusals
// only from a proxy that serves nothing, another folder's probe, another version.
func TestPrivateModuleProbeNoEvidence(t *testing.T) {
	secret := func(proxy string, status int) probe.ModuleAnswer {
		return answer("github.com/acme/secret", "v1.2.3", proxy, status)
	}
	for name, c := range map[string]struct {
		results []probe.Result
		answers []probe.ModuleAnswer
		folder  string
	}{
		"one proxy serves it": {
			results: []probe.Result{proxyResult(publicProxy, true), proxyResult(corpProxy, true)},
			answers: []probe.ModuleAnswer{secret(publicProxy, 404), secret(corpProxy, 200)},
		},
		"served by a proxy without public modules": {
			results: []probe.Result{proxyResult(publicProxy, true), proxyResult(corpProxy, false)},
			answers: []probe.ModuleAnswer{secret(publicProxy, 404), secret(corpProxy, 200)},
		},
		"a timeout": {
			results: []probe.Result{proxyResult(publicProxy, true), proxyResult(corpProxy, true)},
			answers: []probe.ModuleAnswer{secret(publicProxy, 404), secret(corpProxy, 0)},
		},
		"a server error": {
			results: []probe.Result{proxyResult(publicProxy, true)},
			answers: []probe.ModuleAnswer{secret(publicProxy, 502)},
		},
		"only a proxy that serves nothing refused it": {
			results: []probe.Result{proxyResult(corpProxy, false)},
			answers: []probe.ModuleAnswer{secret(corpProxy, 401)},
		},
		"another version": {
			results: []probe.Result{proxyResult(publicProxy, true)},
			answers: []probe.ModuleAnswer{answer("github.com/acme/secret", "v1.0.0", publicProxy, 404)},
		},
		"another folder's probe": {
			results: []probe.Result{proxyResult(publicProxy, true)},
			answers: []probe.ModuleAnswer{secret(publicProxy, 404)},
			folder:  "/elsewhere",
		},
	} {
		e := checktest.Load(t, acmeGoMod)
		attachProbe(e, c.results, c.answers...)
		if c.folder != "" {
			ctx := *e.WS.Contexts[0]
			ctx.Folder = c.folder
			e.WS.Probes[0].Contexts = []*model.Context{&ctx}
		}
		for _, f := range e.Run(privateModuleNotCovered) {
			if strings.Contains(f.Message, "github.com/acme/secret") {
				t.Errorf("%s: %s", name, f.Message)
			}
		}
	}
}

// The offline evidence comes first and is unchanged by a probe.
func TestPrivateModuleProbeOfflineFirst(t *testing.T) {
	e := checktest.Load(t, privateGoMod)
	offline := e.Run(privateModuleNotCovered)
	attachProbe(e, []probe.Result{proxyResult(publicProxy, true)},
		answer("git.corp.internal/team/lib", "v1.2.3", publicProxy, 200), answer("github.com/x/y", "v1.0.0", publicProxy, 200))
	probed := e.Run(privateModuleNotCovered)
	if len(offline) != 2 || len(probed) != 2 || offline[0].Message != probed[0].Message || offline[1].Message != probed[1].Message {
		t.Errorf("offline %+v\nprobed %+v", offline, probed)
	}
}

func TestProbeQueries(t *testing.T) {
	e := checktest.Load(t, `
-- home/.config/go/env --
GOPRIVATE=example.com/covered
-- ws/go.mod --
module example.com/app

go 1.26.8

require (
	github.com/acme/secret v1.2.3
	github.com/x/y v1.0.0
	git.corp.internal/team/lib v1.2.3
	corp.internal/replaced v1.0.0
	example.com/covered/lib v1.0.0
	gitlab/team/lib v1.0.0
	github.com/old/mod v1.0.0
)

replace corp.internal/replaced => ../lib

replace github.com/old/mod v1.0.0 => github.com/new/mod v1.1.0
`)
	folder := e.WS.Folders()[0].Path
	gopls := e.WS.Context(folder, "gopls")
	want := []probe.ModuleQuery{{Path: "github.com/acme/secret", Version: "v1.2.3"}, {Path: "github.com/x/y", Version: "v1.0.0"}, {Path: "github.com/new/mod", Version: "v1.1.0"}}
	if got := ProbeQueries(e.WS, gopls); !slices.Equal(got, want) {
		t.Errorf("ProbeQueries = %+v; want %+v", got, want)
	}
	if got := GroupQueries(e.WS, e.WS.Contexts); !slices.Equal(got, want) {
		t.Errorf("GroupQueries = %+v; want %+v", got, want)
	}
	if got := ProbeQueries(e.WS, &model.Context{ID: "global"}); got != nil {
		t.Errorf("a context without a folder: %+v", got)
	}

	// Nothing goes to a proxy or the checksum database: nothing to ask.
	e = checktest.Load(t, "-- home/.config/go/env --\nGOPROXY=direct\nGOSUMDB=off\n"+acmeGoMod)
	if got := GroupQueries(e.WS, e.WS.Contexts); len(got) != 0 {
		t.Errorf("GOPROXY=direct GOSUMDB=off: %+v", got)
	}
	// GONOPROXY covers github.com/acme: the go command never sends it to a proxy, nor does the probe.
	e = checktest.Load(t, "-- home/.config/go/env --\nGONOPROXY=github.com/acme\n"+acmeGoMod)
	if got := GroupQueries(e.WS, e.WS.Contexts); len(got) != 2 || got[0].Path != "git.acme.com/x" {
		t.Errorf("GONOPROXY: %+v", got)
	}
}

func TestSuggestedPattern(t *testing.T) {
	for path, want := range map[string]string{
		"github.com/acme/secret": "github.com/acme", "gitlab.com/grp/sub/proj": "gitlab.com/grp",
		"bitbucket.org/team/repo": "bitbucket.org/team", "git.acme.com/x/y": "git.acme.com",
		"git.corp.internal/team/lib": "git.corp.internal", "github.com": "github.com", "10.0.0.5/x": "10.0.0.5",
	} {
		if got := suggestedPattern(path); got != want {
			t.Errorf("suggestedPattern(%q) = %q; want %q", path, got, want)
		}
	}
}
