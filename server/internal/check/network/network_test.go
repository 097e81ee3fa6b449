package network

import (
	"strings"
	"testing"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/check/checktest"
	"github.com/go-env-doctor/go-env-doctor/server/internal/model"
	"github.com/go-env-doctor/go-env-doctor/server/internal/probe"
)

// withProbe loads a workspace whose gopls GOPROXY is written in settings.json and attaches a
// probe of the gopls route; outcome shapes its results (in plan order) before Assess.
func withProbe(t *testing.T, goproxy string, outcome func(rs []probe.Result)) *check.Workspace {
	t.Helper()
	e := checktest.Load(t, "-- ws/.vscode/settings.json --\n{\n\t\"go.toolsEnvVars\": {\"GOPROXY\": \""+goproxy+"\"}\n}\n")
	for _, c := range e.WS.Contexts {
		if c.ID != "gopls" {
			continue
		}
		plan := probe.NewPlan(check.ProbeEnv(c), "linux")
		rs := make([]probe.Result, len(plan.Targets))
		for i, tg := range plan.Targets {
			rs[i] = probe.Result{Target: tg}
		}
		outcome(rs)
		a := probe.Assess(plan, rs)
		e.WS.Probes = append(e.WS.Probes, &check.Probe{Contexts: []*model.Context{c}, Plan: plan, Results: rs, Assessment: a})
	}
	return e.WS
}

func failAt(r *probe.Result, st probe.StageName, f probe.Failure, detail string) {
	r.Stages = append(r.Stages, probe.Stage{Stage: st, Failure: f, Detail: detail})
	r.Failed = st
}

func run(ws *check.Workspace) []check.Finding { return check.Run(ws, Checks()) }

func TestUnknownAuthorityNamesTheIssuerAndTheSetting(t *testing.T) {
	ws := withProbe(t, "https://proxy.corp.example,direct", func(rs []probe.Result) {
		failAt(&rs[0], probe.StageTLS, probe.TLSUnknownAuth, "x509: certificate signed by unknown authority")
		rs[0].TLS = &probe.TLSInfo{Chain: []probe.Cert{{Subject: "CN=proxy.corp.example", Issuer: "CN=Corp Inspection CA"}}}
	})
	fs := run(ws)
	if len(fs) != 1 || fs[0].Check != probe.CheckTLS || fs[0].Severity != check.Error {
		t.Fatalf("findings: %+v", fs)
	}
	for _, want := range []string{"In gopls", "https://proxy.corp.example", "\"CN=Corp Inspection CA\"", "not a public CA", "SSL_CERT_FILE", "GOINSECURE does not help"} {
		if !strings.Contains(fs[0].Message, want) {
			t.Errorf("message lacks %q: %s", want, fs[0].Message)
		}
	}
	if fs[0].Location == nil || !strings.HasSuffix(fs[0].Location.File, "settings.json") || fs[0].Location.Line != 2 {
		t.Errorf("location = %+v", fs[0].Location)
	}
}

func TestOneFindingPerHostAndStage(t *testing.T) {
	// The proxy and the sumdb through it fail at DNS alike: one finding (the sumdb's is covered).
	ws := withProbe(t, "https://proxy.corp.example", func(rs []probe.Result) {
		for i := range rs {
			failAt(&rs[i], probe.StageDNS, probe.DNSNotFound, "lookup proxy.corp.example: no such host")
		}
	})
	var ids []string
	for _, f := range run(ws) {
		ids = append(ids, f.Check)
	}
	// proxy: dns-failure; sumdb via proxy: covered; sumdb direct: not tried (',' stops).
	if strings.Join(ids, ",") != probe.CheckDNS {
		t.Errorf("findings = %v", ids)
	}
}

func TestPipeFallbackLowersTheSeverity(t *testing.T) {
	ws := withProbe(t, "https://broken.example|https://proxy.golang.org", func(rs []probe.Result) {
		failAt(&rs[0], probe.StageTCP, probe.TCPRefused, "connection refused")
	})
	fs := run(ws)
	if len(fs) != 1 || fs[0].Check != probe.CheckTCP || fs[0].Severity != check.Warning {
		t.Fatalf("findings: %+v", fs)
	}
}

func TestNoProbeNoFinding(t *testing.T) {
	e := checktest.Load(t, "-- ws/.vscode/settings.json --\n{}\n")
	if fs := run(e.WS); len(fs) != 0 {
		t.Errorf("findings without a probe: %+v", fs)
	}
}

func TestCredentialsRedacted(t *testing.T) {
	ws := withProbe(t, "https://user:CANARY-pw@proxy.corp.example", func(rs []probe.Result) {
		failAt(&rs[0], probe.StageHTTP, probe.HTTPStatus, "GET https://user:CANARY-pw@proxy.corp.example/golang.org/x/text/@v/list: 403 Forbidden")
	})
	for _, f := range run(ws) {
		if strings.Contains(f.Message, "CANARY-pw") {
			t.Errorf("credential in %s: %s", f.Check, f.Message)
		}
	}
}
