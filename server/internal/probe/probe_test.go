package probe

import (
	"strings"
	"testing"
)

func urls(p Plan) []string {
	var out []string
	for _, t := range p.Targets {
		s := string(t.Role) + " " + t.URL
		if t.Via != "" {
			s += " via " + t.Via
		}
		if t.Separator != "" {
			s += " " + t.Separator
		}
		out = append(out, s)
	}
	return out
}

func TestPlanDefault(t *testing.T) {
	p := NewPlan(Env{"GOPROXY": "https://proxy.golang.org,direct", "GOSUMDB": "sum.golang.org"}, "linux")
	want := []string{
		"proxy https://proxy.golang.org ,",
		"sumdb https://proxy.golang.org/sumdb/sum.golang.org ,",
		"sumdb https://sum.golang.org",
	}
	if got := urls(p); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("targets:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestPlanSeparatorsProxiesAndNoProxy(t *testing.T) {
	p := NewPlan(Env{
		"GOPROXY":     "https://a.example|https://b.internal,direct,https://never.example",
		"GOSUMDB":     "sum.golang.org",
		"HTTPS_PROXY": "http://user:pw@proxy.corp:3128",
		"NO_PROXY":    ".internal",
	}, "linux")
	want := []string{
		"proxy https://a.example via http://user:pw@proxy.corp:3128 |",
		"proxy https://b.internal ,",
		"sumdb https://a.example/sumdb/sum.golang.org via http://user:pw@proxy.corp:3128 |",
		"sumdb https://b.internal/sumdb/sum.golang.org ,",
		"sumdb https://sum.golang.org via http://user:pw@proxy.corp:3128",
		"http-proxy http://user:pw@proxy.corp:3128",
	}
	if got := urls(p); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("targets:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestPlanOffAndSumDBURL(t *testing.T) {
	p := NewPlan(Env{"GOPROXY": "off", "GOSUMDB": "off"}, "linux")
	if len(p.Targets) != 0 || !p.SumDBOff || len(p.Problems) != 1 {
		t.Errorf("plan = %+v", p)
	}
	p = NewPlan(Env{"GOPROXY": "https://p.example", "GOSUMDB": "sum.golang.org https://sum.golang.google.cn"}, "linux")
	if got := urls(p); len(got) != 2 || got[1] != "sumdb https://sum.golang.google.cn" {
		t.Errorf("a GOSUMDB URL bypasses the proxies: %v", got)
	}
	// localhost is never proxied (net/http).
	p = NewPlan(Env{"GOPROXY": "http://127.0.0.1:3000", "GOSUMDB": "off", "HTTP_PROXY": "http://proxy:8080"}, "linux")
	if got := urls(p); len(got) != 1 || strings.Contains(got[0], "via") {
		t.Errorf("loopback proxied: %v", got)
	}
}

func res(p Plan, outcomes ...func(*Result)) []Result {
	out := make([]Result, len(p.Targets))
	for i, t := range p.Targets {
		out[i] = Result{Target: t}
		if i < len(outcomes) && outcomes[i] != nil {
			outcomes[i](&out[i])
		}
	}
	return out
}

func fail(stage StageName, f Failure) func(*Result) {
	return func(r *Result) {
		r.Stages = append(r.Stages, Stage{Stage: stage, Failure: f})
		r.Failed = stage
	}
}

func checks(rs []Result) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Check)
	}
	return out
}

// The real case on these machines: sum.golang.org does not resolve, but proxy.golang.org serves
// it. Nothing is wrong.
func TestAssessSumDBServedByProxy(t *testing.T) {
	p := NewPlan(Env{"GOPROXY": "https://proxy.golang.org,direct", "GOSUMDB": "sum.golang.org"}, "linux")
	rs := res(p, nil, nil, fail(StageDNS, DNSNotFound))
	a := Assess(p, rs)
	if !a.SumDBOK || !a.ProxyOK || a.SumDBRoute != "https://proxy.golang.org/sumdb/sum.golang.org" {
		t.Errorf("assessment = %+v", a)
	}
	if got := checks(rs); strings.Join(got, ",") != ",," || rs[2].Note != NoteSumDBServedByProxy {
		t.Errorf("checks = %q, note %q", got, rs[2].Note)
	}
}

func TestAssessSumDBDirectWhenProxyDoesNotServeIt(t *testing.T) {
	p := NewPlan(Env{"GOPROXY": "https://athens.corp,direct", "GOSUMDB": "sum.golang.org"}, "linux")
	rs := res(p, nil, fail(StageProtocol, SumDBNotServed), fail(StageDNS, DNSNotFound))
	a := Assess(p, rs)
	if a.SumDBOK || a.SumDBRoute != "https://sum.golang.org" || rs[2].Check != CheckSumDB {
		t.Errorf("assessment %+v, checks %q", a, checks(rs))
	}
}

func TestAssessSumDBForbiddenByProxy(t *testing.T) {
	p := NewPlan(Env{"GOPROXY": "https://corp.example,direct", "GOSUMDB": "sum.golang.org"}, "linux")
	rs := res(p, nil, fail(StageHTTP, HTTPStatus), fail(StageDNS, DNSNotFound))
	Assess(p, rs)
	if got := checks(rs); got[1] != CheckSumDB || got[2] != "" || rs[2].Note != NoteSumDBNotTried {
		t.Errorf("checks = %q, notes %q", got, rs[2].Note)
	}
}

func TestAssessProxyFailures(t *testing.T) {
	p := NewPlan(Env{"GOPROXY": "https://a.example|https://b.example", "GOSUMDB": "off"}, "linux")
	rs := res(p, fail(StageTLS, TLSUnknownAuth), nil)
	a := Assess(p, rs)
	if !a.ProxyOK || rs[0].Check != CheckTLS {
		t.Errorf("'|' falls through to b: %+v %q", a, checks(rs))
	}
	p = NewPlan(Env{"GOPROXY": "https://a.example,https://b.example", "GOSUMDB": "off"}, "linux")
	rs = res(p, fail(StageHTTP, HTTPStatus), nil)
	if a := Assess(p, rs); a.ProxyOK || rs[0].Check != CheckProtocol {
		t.Errorf("',' stops at a's 403: %+v %q", a, checks(rs))
	}
	rs = res(p, fail(StageHTTP, NotFound), nil)
	if a := Assess(p, rs); !a.ProxyOK || rs[0].Check != "" || rs[0].Note != NoteNotFoundFallsBack {
		t.Errorf("404 falls through: %+v %q", a, checks(rs))
	}
}

func TestAssessHTTPProxy(t *testing.T) {
	p := NewPlan(Env{"GOPROXY": "https://proxy.golang.org", "GOSUMDB": "sum.golang.org", "HTTPS_PROXY": "http://proxy.corp:3128"}, "linux")
	// proxy, sumdb via proxy, sumdb direct, http-proxy: the HTTP proxy refuses connections.
	rs := res(p, fail(StageTCP, TCPRefused), fail(StageTCP, TCPRefused), fail(StageTCP, TCPRefused), fail(StageTCP, TCPRefused))
	Assess(p, rs)
	if got := checks(rs); strings.Join(got, ",") != ",,,"+CheckHTTPProxy {
		t.Errorf("one finding, on the HTTP proxy: %q", got)
	}
	rs = res(p, fail(StageConnect, ProxyAuth), nil, nil, nil)
	Assess(p, rs)
	if rs[0].Check != CheckHTTPProxy {
		t.Errorf("407 on CONNECT: %q", checks(rs))
	}
}

func TestAssessInterception(t *testing.T) {
	p := NewPlan(Env{"GOPROXY": "https://proxy.golang.org", "GOSUMDB": "off"}, "linux")
	rs := res(p, func(r *Result) {
		r.TLS = &TLSInfo{Verified: true, Public: false, Chain: []Cert{{Subject: "CN=Corp MITM"}}}
	})
	Assess(p, rs)
	if rs[0].Check != CheckIntercept {
		t.Errorf("checks = %q", checks(rs))
	}
}
