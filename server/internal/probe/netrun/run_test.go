package netrun

import (
	"context"
	"crypto/x509"
	"testing"
	"time"

	"github.com/go-env-doctor/go-env-doctor/server/internal/probe"
)

// Canceling ctx stops every target promptly, each ending with a canceled stage.
func TestCancel(t *testing.T) {
	silent := silentListener(t)
	silentDNS := startDNS(t, dnsSilent, nil)
	plan := probe.Plan{Targets: []probe.Target{
		proxyTarget("https://" + silent),                                            // hangs in tls
		proxyTarget("http://" + silent),                                             // hangs in http
		proxyTarget("https://hang.test"),                                            // hangs in dns
		{URL: "http://" + silent, Role: probe.RoleProxy, Via: "http://" + silent},   // through a proxy: hangs in http
		{URL: "https://proxy.test", Role: probe.RoleProxy, Via: "http://" + silent}, // hangs in connect
	}}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	rs := Run(ctx, plan, Options{StageTimeout: 10 * time.Second, Resolver: silentDNS, ContextRoots: x509.NewCertPool()})
	if el := time.Since(start); el > time.Second {
		t.Fatalf("Run took %v after cancel at 100ms", el)
	}
	want := []probe.StageName{probe.StageTLS, probe.StageHTTP, probe.StageDNS, probe.StageHTTP, probe.StageConnect}
	for i, r := range rs {
		if r.URL != plan.Targets[i].URL || r.Via != plan.Targets[i].Via {
			t.Errorf("result %d is for %s", i, r.URL)
		}
		wantFail(t, r, want[i], probe.Canceled, "canceled")
	}
}

// A context already done: nothing is attempted.
func TestCanceledBeforeStart(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := Run(ctx, probe.Plan{Targets: []probe.Target{proxyTarget("https://proxy.test")}}, Options{})[0]
	wantFail(t, r, probe.StageDNS, probe.Canceled, "canceled")
}

// Targets run in parallel: two that each wait a stage timeout take about one timeout together.
func TestParallel(t *testing.T) {
	a, b := silentListener(t), silentListener(t)
	plan := probe.Plan{Targets: []probe.Target{proxyTarget("https://" + a), proxyTarget("https://" + b), proxyTarget("http://" + a)}}
	var calls []int
	start := time.Now()
	rs := Run(context.Background(), plan, Options{StageTimeout: testTimeout, ContextRoots: x509.NewCertPool(),
		Progress: func(i int, r probe.Result) {
			calls = append(calls, i) // unguarded on purpose: -race checks the calls are serialized
			if r.Failed == "" {
				t.Errorf("progress %d: not failed", i)
			}
		}})
	el := time.Since(start)
	if el > testTimeout*2-50*time.Millisecond {
		t.Errorf("took %v for three targets of one %v timeout each", el, testTimeout)
	}
	wantFail(t, rs[0], probe.StageTLS, probe.TLSError, "no TLS answer")
	wantFail(t, rs[1], probe.StageTLS, probe.TLSError, "no TLS answer")
	wantFail(t, rs[2], probe.StageHTTP, probe.HTTPTimeout, "no HTTP answer")
	if len(calls) != 3 || calls[0]+calls[1]+calls[2] != 3 {
		t.Errorf("progress calls %v", calls)
	}
	for _, r := range rs {
		if ms := r.Last().MS; ms < testTimeout.Milliseconds()-20 || ms > testTimeout.Milliseconds()+500 {
			t.Errorf("stage MS %d for a %v timeout", ms, testTimeout)
		}
	}
}

func TestEmptyPlan(t *testing.T) {
	if rs := Run(context.Background(), probe.Plan{}, Options{}); len(rs) != 0 {
		t.Fatalf("%v", rs)
	}
}

// abandon reports a target canceled on its behalf and ignores what its goroutine records later.
func TestAbandon(t *testing.T) {
	p := &prober{s: newSettings(Options{ContextRoots: x509.NewCertPool()}), ctx: context.Background(),
		res: probe.Result{Target: proxyTarget("https://proxy.test")}}
	p.record(probe.Stage{Stage: probe.StageDNS, OK: true, Detail: "IP address"})
	r := p.abandon()
	wantFail(t, r, probe.StageTCP, probe.Canceled, "canceled")
	p.record(probe.Stage{Stage: probe.StageTCP, OK: true, Detail: "late"})
	p.setStatus(200)
	if r2 := p.snapshot(); len(r2.Stages) != 2 || r2.Status != 0 {
		t.Errorf("recorded after abandon: %s", dump(r2))
	}
}
