// Package netrun performs the network I/O of a probe: for each target of a probe.Plan it walks
// the route the go command takes (dns → tcp → connect → tls → http → protocol), over one real
// connection, and records what each stage saw.
package netrun

import (
	"context"
	"crypto/x509"
	"net"
	"runtime"
	"sync"
	"time"

	"github.com/go-env-doctor/go-env-doctor/server/internal/probe"
	"github.com/go-env-doctor/go-env-doctor/server/internal/redact"
)

// DefaultStageTimeout bounds each stage when Options.StageTimeout is zero.
const DefaultStageTimeout = 5 * time.Second

// UserAgent is sent with every probe request.
const UserAgent = "go-env-doctor-probe"

// cancelGrace is how long Run waits, once ctx is done, for targets to notice before it reports
// them canceled on their behalf.
const cancelGrace = 300 * time.Millisecond

// Options configures Run.
type Options struct {
	Env          probe.Env     // the context's env: SSL_CERT_FILE, SSL_CERT_DIR matter here
	GOOS         string        // runtime.GOOS when ""
	StageTimeout time.Duration // each stage bounded; DefaultStageTimeout when 0
	// Resolver looks names up; nil is net.DefaultResolver.
	Resolver *net.Resolver
	// PublicRoots are the public Web PKI roots; nil is PublicRoots().
	PublicRoots *x509.CertPool
	// ContextRoots are the roots the go command of the context trusts; nil computes them from
	// Env and GOOS like the go command (ContextRoots).
	ContextRoots *x509.CertPool
	// Progress, when set, is called once per target as it finishes, one call at a time.
	Progress func(i int, r probe.Result)
}

// settings is Options with defaults filled in, shared read-only by all targets.
type settings struct {
	timeout     time.Duration
	resolver    *net.Resolver
	public      *x509.CertPool
	context     *x509.CertPool
	rootsSource string // where context roots come from, in words
	rootsErr    error
	// secrets are the credentials in the environment's URLs (redact.Secrets): a server that got
	// them may echo them in an answer the details quote, where redact.Text cannot see them.
	secrets []string
}

func newSettings(opts Options) *settings {
	s := &settings{timeout: opts.StageTimeout, resolver: opts.Resolver, public: opts.PublicRoots, context: opts.ContextRoots}
	for _, v := range opts.Env {
		s.secrets = append(s.secrets, redact.Secrets(v)...)
	}
	if s.timeout <= 0 {
		s.timeout = DefaultStageTimeout
	}
	if s.resolver == nil {
		s.resolver = net.DefaultResolver
	}
	if s.public == nil {
		s.public = PublicRoots()
	}
	if s.context == nil {
		goos := opts.GOOS
		if goos == "" {
			goos = runtime.GOOS
		}
		s.context, s.rootsSource, s.rootsErr = ContextRoots(opts.Env, goos)
	} else {
		s.rootsSource = "the given roots"
	}
	return s
}

// Run probes every target of the plan in parallel (each target's stages in order, stopping at the
// first failure), bounded by ctx: once ctx is done every target stops, and those that had not
// finished end with a stage that failed with probe.Canceled. Results are in plan.Targets order.
func Run(ctx context.Context, plan probe.Plan, opts Options) []probe.Result {
	s := newSettings(opts)
	n := len(plan.Targets)
	probers := make([]*prober, n)
	done := make(chan int, n)
	for i, t := range plan.Targets {
		p := &prober{s: s, ctx: ctx, res: probe.Result{Target: t}}
		probers[i] = p
		go func() {
			defer func() { done <- i }()
			p.run()
		}()
	}

	results := make([]probe.Result, n)
	finished := make([]bool, n)
	finish := func(i int, r probe.Result) {
		results[i], finished[i] = r, true
		if opts.Progress != nil {
			opts.Progress(i, r)
		}
	}
	var grace <-chan time.Time
	ctxDone := ctx.Done()
	for left := n; left > 0; {
		select {
		case i := <-done:
			finish(i, probers[i].snapshot())
			left--
		case <-ctxDone:
			ctxDone = nil
			grace = time.After(cancelGrace)
		case <-grace:
			// A stage ignored the cancellation (a system resolver, say): report those targets
			// canceled now; their goroutines end on their own and are no longer recorded.
			for i, p := range probers {
				if !finished[i] {
					finish(i, p.abandon())
				}
			}
			return results
		}
	}
	return results
}

// prober runs one target. Its result is guarded by mu because Run may abandon it while a stage
// is still running.
type prober struct {
	s   *settings
	ctx context.Context

	mu        sync.Mutex
	res       probe.Result
	abandoned bool
}

func (p *prober) snapshot() probe.Result {
	p.mu.Lock()
	defer p.mu.Unlock()
	return cloneResult(p.res)
}

// abandon ends the result with a canceled stage and stops further recording.
func (p *prober) abandon() probe.Result {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.abandoned = true
	if p.res.Failed == "" {
		name := probe.StageDNS
		if last := p.res.Last(); last != nil {
			name = nextStage(last.Stage)
		}
		p.res.Stages = append(p.res.Stages, probe.Stage{Stage: name, Detail: "canceled: the probe was stopped", Failure: probe.Canceled})
		p.res.Failed = name
	}
	return cloneResult(p.res)
}

// nextStage guesses the stage after s, for a target abandoned between stages.
func nextStage(s probe.StageName) probe.StageName {
	switch s {
	case probe.StageDNS:
		return probe.StageTCP
	case probe.StageTCP, probe.StageConnect:
		return probe.StageTLS
	case probe.StageTLS:
		return probe.StageHTTP
	}
	return probe.StageProtocol
}

func cloneResult(r probe.Result) probe.Result {
	r.Stages = append([]probe.Stage(nil), r.Stages...)
	if r.TLS != nil {
		t := *r.TLS
		t.Chain = append([]probe.Cert(nil), t.Chain...)
		r.TLS = &t
	}
	return r
}

// record appends a stage; a failed stage ends the contact.
func (p *prober) record(st probe.Stage) {
	st.Detail = redact.Known(redact.Text(st.Detail), p.s.secrets)
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.abandoned {
		return
	}
	p.res.Stages = append(p.res.Stages, st)
	if !st.OK {
		p.res.Failed = st.Stage
	}
}

func (p *prober) setTLS(info *probe.TLSInfo) {
	for i := range info.Chain {
		info.Chain[i].Subject = redact.Text(info.Chain[i].Subject)
		info.Chain[i].Issuer = redact.Text(info.Chain[i].Issuer)
	}
	info.Root = redact.Text(info.Root)
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.abandoned {
		p.res.TLS = info
	}
}

func (p *prober) setStatus(code int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.abandoned {
		p.res.Status = code
	}
}

// stage runs f as stage name with its own StageTimeout, records the outcome and reports whether
// it passed. f returns a plain-words detail and, on failure, why.
func (p *prober) stage(name probe.StageName, f func(ctx context.Context) (string, probe.Failure)) bool {
	if err := p.ctx.Err(); err != nil {
		p.record(probe.Stage{Stage: name, Detail: "canceled before this stage: " + err.Error(), Failure: probe.Canceled})
		return false
	}
	sctx, cancel := context.WithTimeout(p.ctx, p.s.timeout)
	defer cancel()
	start := time.Now()
	detail, fail := f(sctx)
	st := probe.Stage{Stage: name, OK: fail == "", MS: time.Since(start).Milliseconds(), Detail: detail, Failure: fail}
	if fail != "" && p.ctx.Err() != nil {
		// The stage failed because the whole probe was stopped, not because of the route.
		st.Failure = probe.Canceled
		st.Detail = "canceled: " + detail
	}
	p.record(st)
	return st.OK
}

// fail records a stage that fails without doing anything.
func (p *prober) fail(name probe.StageName, f probe.Failure, detail string) {
	p.record(probe.Stage{Stage: name, Detail: detail, Failure: f})
}
