package bench

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/go-env-doctor/go-env-doctor/server/internal/bench/benchws"
)

// Spy is a `go` that counts its runs: a GOROOT-shaped directory (bin/go, go.env, VERSION,
// pkg/tool, so go-env-doctor finds the same GOROOT facts as with the real one) whose bin/go
// appends a line to Log and then execs the real go command.
type Spy struct {
	Root string // the stand-in GOROOT
	Bin  string // Root/bin: put it first on PATH
	Log  string // one line per run
}

// NewSpy builds a spy in dir for the real go command realGo, whose GOROOT is goroot.
func NewSpy(dir, realGo, goroot string) (*Spy, error) {
	s := &Spy{Root: filepath.Join(dir, "spy-goroot"), Log: filepath.Join(dir, "go-spawns.log")}
	s.Bin = filepath.Join(s.Root, "bin")
	if err := os.MkdirAll(filepath.Join(s.Root, "pkg", "tool"), 0o755); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(s.Bin, 0o755); err != nil {
		return nil, err
	}
	for _, f := range []string{"go.env", "VERSION"} {
		data, err := os.ReadFile(filepath.Join(goroot, f))
		if err != nil {
			return nil, fmt.Errorf("the real GOROOT %s: %w", goroot, err)
		}
		if err := os.WriteFile(filepath.Join(s.Root, f), data, 0o644); err != nil {
			return nil, err
		}
	}
	script := "#!/bin/sh\necho \"$$ $*\" >> " + shellQuote(s.Log) + "\nexec " + shellQuote(realGo) + " \"$@\"\n"
	if err := os.WriteFile(filepath.Join(s.Bin, "go"), []byte(script), 0o755); err != nil {
		return nil, err
	}
	return s, os.WriteFile(s.Log, nil, 0o644)
}

// Count is the number of runs so far.
func (s *Spy) Count() int {
	data, _ := os.ReadFile(s.Log)
	return bytes.Count(data, []byte("\n"))
}

// Runs are the logged runs (pid and arguments), one per line.
func (s *Spy) Runs() []string {
	data, _ := os.ReadFile(s.Log)
	return strings.Split(strings.TrimSpace(string(data)), "\n")
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// Command is one program run the same way each time.
type Command struct {
	Name string   // for the report, e.g. "go-env-doctor check ws.code-workspace"
	Args []string // Args[0] is the executable path
	Dir  string
	Env  []string
	// OKExit lists exit codes that are not failures (check exits 1 when it finds something).
	OKExit []int
}

// Usage is what a finished process cost besides wall time.
type Usage struct {
	CPU    time.Duration // user + system
	Faults int64         // minor page faults (first touches of memory)
}

// Run runs c once and returns its wall time, from fork to exit.
func (c Command) Run() (time.Duration, error) {
	d, _, err := c.RunUsage()
	return d, err
}

// RunUsage is Run, also returning the process's CPU time and page faults.
func (c Command) RunUsage() (time.Duration, Usage, error) {
	cmd := exec.Command(c.Args[0], c.Args[1:]...)
	cmd.Dir, cmd.Env = c.Dir, c.Env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr // stdout goes to /dev/null
	start := time.Now()
	err := cmd.Run()
	d := time.Since(start)
	var u Usage
	if ps := cmd.ProcessState; ps != nil {
		u.CPU = ps.UserTime() + ps.SystemTime()
		u.Faults = minorFaults(ps)
	}
	return d, u, c.failure(err, stderr.String())
}

// failure is err unless it is an exit code c accepts.
func (c Command) failure(err error, stderr string) error {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		for _, ok := range c.OKExit {
			if ee.ExitCode() == ok {
				return nil
			}
		}
	}
	if err != nil {
		return fmt.Errorf("%s: %v: %s", c.Name, err, strings.TrimSpace(stderr))
	}
	return nil
}

// Interleave runs a and b n times each, alternating which goes first in each pair (AB, BA,
// AB, …) so neither always runs right after the other, after warmup unrecorded runs of each.
func Interleave(n, warmup int, a, b func() (time.Duration, error)) (as, bs []time.Duration, err error) {
	for i := 0; i < warmup; i++ {
		if _, err := a(); err != nil {
			return nil, nil, err
		}
		if _, err := b(); err != nil {
			return nil, nil, err
		}
	}
	for i := 0; i < n; i++ {
		first, second := a, b
		if i%2 == 1 {
			first, second = b, a
		}
		d1, err := first()
		if err != nil {
			return nil, nil, err
		}
		d2, err := second()
		if err != nil {
			return nil, nil, err
		}
		if i%2 == 1 {
			d1, d2 = d2, d1
		}
		as, bs = append(as, d1), append(bs, d2)
	}
	return as, bs, nil
}

// Comparison is one side-by-side measurement of two commands.
type Comparison struct {
	A, B         Command
	AS, BS       []time.Duration
	AU, BU       []Usage // CPU time and page faults of each run
	SumA, SumB   Summary
	RatioMedians float64 // median(A) / median(B)
	PairMedian   float64 // median of A_i/B_i over the pairs
	Spawns       int     // runs of the spy go during the measured and warm-up runs of A
	SpawnsPerRun float64
	Runs         int // measured + warm-up runs of A
}

// Compare measures a against b, interleaved, and counts the spy's runs during them (b should
// run the real go by its absolute path, so only a's runs of `go` through PATH are counted).
func Compare(a, b Command, n, warmup int, spy *Spy) (*Comparison, error) {
	before := spy.Count()
	var au, bu []Usage
	record := func(cmd Command, us *[]Usage) func() (time.Duration, error) {
		return func() (time.Duration, error) {
			d, u, err := cmd.RunUsage()
			*us = append(*us, u)
			return d, err
		}
	}
	as, bs, err := Interleave(n, warmup, record(a, &au), record(b, &bu))
	if err != nil {
		return nil, err
	}
	c := &Comparison{A: a, B: b, AS: as, BS: bs, AU: au[warmup:], BU: bu[warmup:], SumA: Summarize(as), SumB: Summarize(bs), Runs: n + warmup}
	c.RatioMedians = Ratio(c.SumA.Median, c.SumB.Median)
	c.PairMedian = MedianFloat(PairRatios(as, bs))
	c.Spawns = spy.Count() - before
	c.SpawnsPerRun = float64(c.Spawns) / float64(c.Runs)
	return c, nil
}

// WorkspaceFacts are counts that say how big a workspace is for the resolver.
type WorkspaceFacts struct {
	Folders, Contexts, Findings int
	// Environments is the number of distinct environments among the contexts: distinct sets of
	// values of every variable `explain` resolves (download, toolchain and proxy variables).
	// A doctor that asked `go env` instead of reading go/env and go.env itself would need one
	// run per distinct environment at least.
	Environments int
}

// Facts runs `go-env-doctor explain --format json` and `check --format json` on the
// workspace to count its folders, contexts, distinct environments and findings.
func Facts(ged string, l *benchws.Layout, env []string) (WorkspaceFacts, error) {
	f := WorkspaceFacts{Folders: len(l.Folders)}
	run := func(args ...string) ([]byte, error) {
		cmd := exec.Command(ged, args...)
		cmd.Dir, cmd.Env = l.Root, env
		out, err := cmd.Output()
		var ee *exec.ExitError
		if errors.As(err, &ee) && ee.ExitCode() == 1 {
			err = nil
		}
		return out, err
	}
	out, err := run("explain", "--format", "json", l.Target)
	if err != nil {
		return f, fmt.Errorf("explain: %w", err)
	}
	var ex struct {
		Contexts []struct {
			Vars map[string]struct {
				Value string `json:"value"`
			} `json:"vars"`
		} `json:"contexts"`
	}
	if err := json.Unmarshal(out, &ex); err != nil {
		return f, fmt.Errorf("explain output: %w", err)
	}
	f.Contexts = len(ex.Contexts)
	distinct := map[string]bool{}
	for _, c := range ex.Contexts {
		var keys []string
		for k := range c.Vars {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var b strings.Builder
		for _, k := range keys {
			b.WriteString(k + "=" + c.Vars[k].Value + "\x00")
		}
		distinct[b.String()] = true
	}
	f.Environments = len(distinct)
	out, err = run("check", "--format", "json", l.Target)
	if err != nil {
		return f, fmt.Errorf("check: %w", err)
	}
	var ck struct {
		Findings []json.RawMessage `json:"findings"`
	}
	if err := json.Unmarshal(out, &ck); err != nil {
		return f, fmt.Errorf("check output: %w", err)
	}
	f.Findings = len(ck.Findings)
	return f, nil
}

// MedianUsage is the median CPU time and the median page-fault count of us.
func MedianUsage(us []Usage) Usage {
	var cpu []time.Duration
	var faults []time.Duration // reuse Summarize's median
	for _, u := range us {
		cpu = append(cpu, u.CPU)
		faults = append(faults, time.Duration(u.Faults))
	}
	return Usage{CPU: Summarize(cpu).Median, Faults: int64(Summarize(faults).Median)}
}

// PageFaultCost is the time one first touch of a fresh anonymous page takes on this machine
// (measured on 64 MiB): on virtual machines it can dominate a short process's run time.
func PageFaultCost() time.Duration {
	const size, page = 64 << 20, 4096
	b := make([]byte, size)
	start := time.Now()
	for i := 0; i < len(b); i += page {
		b[i] = 1
	}
	return time.Since(start) / (size / page)
}
