// Package bench measures go-env-doctor against the go command on this machine and writes
// docs/PERFORMANCE.md (see scripts/bench.sh and `make bench`). Every comparison runs its two
// sides interleaved in one run, because the machines it runs on are noisy: a ratio of two
// numbers taken minutes apart would say more about the neighbours than about the product.
package bench

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/go-env-doctor/go-env-doctor/server/internal/bench/benchws"
)

// Config is what one harness run measures and where the other inputs come from.
type Config struct {
	Ged      string // the go-env-doctor binary to measure
	Go       string // the real go command
	N        int    // interleaved runs of each side
	Warmup   int
	Changes  int // editor-state changes for the latency measurement
	Idle     time.Duration
	Work     string // scratch directory
	Folders  int    // folders of the multi-root workspace
	GoBench  string // `go test -bench` output to include
	GoBenchC string // the command that produced it
	VSIXDir  string
	VSIXNote string
	E2E      string // timings.json of the e2e status-bar scenario
	E2ENote  string
	Only     string // "cli" or "lsp": only those measurements (for profiling); "" for all
	// QuietWait is how long to wait, before measuring, for the machine to calm down (the
	// 1-minute load average below half the cores); 0 does not wait.
	QuietWait time.Duration
	Out       string // the Markdown report
	JSON      string // raw results
	Logf      func(string, ...any)
}

// Main is the go-env-doctor-bench command.
func Main(args []string, stderr io.Writer) int {
	var c Config
	fs := flag.NewFlagSet("go-env-doctor-bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.Ged, "ged", "", "the go-env-doctor binary to measure (required)")
	fs.StringVar(&c.Go, "go", "", "the real go command (default: go on PATH)")
	fs.IntVar(&c.N, "n", 30, "interleaved runs of each command")
	fs.IntVar(&c.Warmup, "warmup", 3, "unrecorded runs of each command first")
	fs.IntVar(&c.Changes, "changes", 200, "editor-state changes timed in the language server")
	fs.DurationVar(&c.Idle, "idle", 2*time.Second, "idle time before reading the language server's memory")
	fs.IntVar(&c.Folders, "folders", 50, "folders of the multi-root workspace")
	fs.StringVar(&c.Work, "work", "", "scratch directory (default: a new temp dir, removed afterwards)")
	fs.StringVar(&c.GoBench, "gobench", "", "file with `go test -bench -benchmem` output to include")
	fs.StringVar(&c.GoBenchC, "gobench-cmd", "", "the command that produced -gobench")
	fs.StringVar(&c.VSIXDir, "vsix-dir", "", "directory with go-env-doctor-<target>.vsix files")
	fs.StringVar(&c.VSIXNote, "vsix-note", "", "how the VSIX files were made, for the report")
	fs.StringVar(&c.E2E, "e2e", "", "timings.json of the e2e status-bar scenario")
	fs.StringVar(&c.E2ENote, "e2e-note", "", "how the e2e run went, for the report")
	fs.DurationVar(&c.QuietWait, "quiet-wait", 0, "wait up to this long for the load average to drop below half the cores before measuring")
	fs.StringVar(&c.Only, "only", "", `only the "cli" or the "lsp" measurements (for profiling)`)
	fs.StringVar(&c.Out, "out", "", "write the Markdown report here (default stdout)")
	fs.StringVar(&c.JSON, "json", "", "also write the raw results as JSON here")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if c.Ged == "" {
		fmt.Fprintln(stderr, "go-env-doctor-bench: -ged is required")
		return 2
	}
	c.Logf = func(f string, a ...any) { fmt.Fprintf(stderr, "[bench] "+f+"\n", a...) }
	r, err := Run(c)
	if err != nil {
		fmt.Fprintln(stderr, "go-env-doctor-bench:", err)
		return 1
	}
	md := Render(r)
	if c.Out == "" {
		fmt.Print(md)
	} else if err := os.WriteFile(c.Out, []byte(md), 0o644); err != nil {
		fmt.Fprintln(stderr, "go-env-doctor-bench:", err)
		return 1
	}
	if c.JSON != "" {
		data, _ := json.MarshalIndent(r, "", "  ")
		if err := os.WriteFile(c.JSON, data, 0o644); err != nil {
			fmt.Fprintln(stderr, "go-env-doctor-bench:", err)
			return 1
		}
	}
	return 0
}

// Results is everything a report shows.
type Results struct {
	Date       time.Time
	Machine    Machine
	GedVersion string
	GedSize    int64
	N, Warmup  int

	Single, Multi           *Comparison
	SingleFacts, MultiFacts WorkspaceFacts
	LSP                     []*LSPResult

	GoBench     *GoBenchRun
	GoBenchRaw  string
	GoBenchCmd  string
	VSIX        []VSIX
	VSIXNote    string
	E2E         *E2ETimings
	E2ENote     string
	Failures    []string // measurements that could not be taken, and why
	QuietWait   string   // how the wait for a quiet machine ended, if there was one
	SpyGoroot   string
	RealGoroot  string
	RealGo      string
	WorkPATH    string
	SingleDir   string
	MultiTarget string
}

// Run takes every measurement of c.
func Run(c Config) (*Results, error) {
	if c.Logf == nil {
		c.Logf = func(string, ...any) {}
	}
	var err error
	if c.Go == "" {
		if c.Go, err = exec.LookPath("go"); err != nil {
			return nil, fmt.Errorf("no go command on PATH: %w", err)
		}
	}
	if c.Go, err = filepath.Abs(c.Go); err != nil {
		return nil, err
	}
	if c.Ged, err = filepath.Abs(c.Ged); err != nil {
		return nil, err
	}
	if c.Work == "" {
		if c.Work, err = os.MkdirTemp("", "ged-bench"); err != nil {
			return nil, err
		}
		defer os.RemoveAll(c.Work)
	}
	r := &Results{Date: time.Now().UTC(), N: c.N, Warmup: c.Warmup, RealGo: c.Go, GoBenchCmd: c.GoBenchC,
		VSIXNote: c.VSIXNote, E2ENote: c.E2ENote}
	if c.QuietWait > 0 {
		r.QuietWait = waitQuiet(c.QuietWait, c.Logf)
	}
	r.Machine = DescribeMachine(c.Go)
	if st, err := os.Stat(c.Ged); err == nil {
		r.GedSize = st.Size()
	}
	if out, err := exec.Command(c.Ged, "version").Output(); err == nil {
		r.GedVersion = strings.TrimSpace(string(out))
	}

	single, err := benchws.Write(mkdir(c.Work, "single"), benchws.Options{Folders: 1})
	if err != nil {
		return nil, err
	}
	multi, err := benchws.Write(mkdir(c.Work, "multi"), benchws.Options{Folders: c.Folders})
	if err != nil {
		return nil, err
	}
	r.RealGoroot, err = goroot(c.Go, single.EnvList("/usr/bin:/bin"))
	if err != nil {
		return nil, err
	}
	spy, err := NewSpy(c.Work, c.Go, r.RealGoroot)
	if err != nil {
		return nil, err
	}
	r.SpyGoroot = spy.Root
	r.WorkPATH = spy.Bin + ":/usr/bin:/bin"
	r.SingleDir, r.MultiTarget = single.Target, multi.Target

	// 1 and 2: the CLI against one `go env -json`, interleaved.
	cmpWith := func(l *benchws.Layout, name string, args []string, dir string) (*Comparison, WorkspaceFacts, error) {
		env := l.EnvList(r.WorkPATH)
		a := Command{Name: name, Args: append([]string{c.Ged}, args...), Dir: dir, Env: env, OKExit: []int{1}}
		b := Command{Name: "go env -json", Args: []string{c.Go, "env", "-json"}, Dir: l.Folders[0], Env: env}
		facts, err := Facts(c.Ged, l, env)
		if err != nil {
			return nil, facts, err
		}
		c.Logf("%s: %d folders, %d contexts, %d distinct environments, %d findings", name, facts.Folders, facts.Contexts, facts.Environments, facts.Findings)
		cmp, err := Compare(a, b, c.N, c.Warmup, spy)
		if cmp != nil {
			c.Logf("%s: median %s vs go env -json %s: %.2f×; %d go runs", name, Ms(cmp.SumA.Median), Ms(cmp.SumB.Median), cmp.RatioMedians, cmp.Spawns)
		}
		return cmp, facts, err
	}
	if c.Only != "lsp" {
		r.measureCLI(c, single, multi, cmpWith)
	}
	if c.Only != "cli" {
		r.measureLSP(c, single, multi, spy)
	}
	r.Machine.LoadEnd = LoadAvg()
	r.readArtifacts(c)
	return r, nil
}

// measureCLI takes measurements 1 and 2.
func (r *Results) measureCLI(c Config, single, multi *benchws.Layout, cmpWith func(*benchws.Layout, string, []string, string) (*Comparison, WorkspaceFacts, error)) {
	var err error
	if r.Single, r.SingleFacts, err = cmpWith(single, "go-env-doctor check .", []string{"check", "."}, single.Target); err != nil {
		r.Failures = append(r.Failures, "check on one folder: "+err.Error())
	}
	rel, _ := filepath.Rel(multi.Root, multi.Target)
	if r.Multi, r.MultiFacts, err = cmpWith(multi, "go-env-doctor check "+rel, []string{"check", rel}, multi.Root); err != nil {
		r.Failures = append(r.Failures, "check on the multi-root workspace: "+err.Error())
	}
}

// measureLSP takes measurements 3 and 4 (the language server) on both workspaces.
func (r *Results) measureLSP(c Config, single, multi *benchws.Layout, spy *Spy) {
	for _, l := range []*benchws.Layout{single, multi} {
		lr, err := MeasureLSP(c.Ged, l, l.EnvList(r.WorkPATH), l.Env(r.WorkPATH), spy, c.Changes, 10, c.Idle)
		if err != nil {
			r.Failures = append(r.Failures, "language server: "+err.Error())
			continue
		}
		c.Logf("lsp, %d folder(s): first status %s; latency p50 %s p95 %s over %d changes; %d go runs; RSS %s", lr.Folders,
			Ms(lr.FirstStatus), Ms(lr.Sum.Median), Ms(lr.Sum.P95), len(lr.Latencies), lr.SpawnsAll, MiB(lr.RSSIdle))
		r.LSP = append(r.LSP, lr)
	}
}

// readArtifacts reads what scripts/bench.sh gathered: Go benchmarks, VSIXs, e2e timings.
func (r *Results) readArtifacts(c Config) {
	if c.GoBench != "" {
		data, err := os.ReadFile(c.GoBench)
		if err != nil {
			r.Failures = append(r.Failures, "Go benchmarks: "+err.Error())
		} else {
			r.GoBenchRaw = string(data)
			gb := ParseGoBench(r.GoBenchRaw)
			r.GoBench = &gb
		}
	}
	if c.VSIXDir != "" {
		r.VSIX = ReadVSIXes(c.VSIXDir)
	}
	if c.E2E != "" {
		if t, err := ReadE2E(c.E2E); err == nil {
			r.E2E = t
		} else if r.E2ENote == "" {
			r.E2ENote = "no timings: " + err.Error()
		}
	}
}

func mkdir(parts ...string) string {
	d := filepath.Join(parts...)
	_ = os.MkdirAll(d, 0o755)
	return d
}

// goroot asks the real go command for its GOROOT (in the isolated environment).
func goroot(goBin string, env []string) (string, error) {
	cmd := exec.Command(goBin, "env", "GOROOT")
	cmd.Env = env
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("%s env GOROOT: %w", goBin, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// waitQuiet waits up to max for the 1-minute load average to drop below half the cores, and
// says how it went.
func waitQuiet(max time.Duration, logf func(string, ...any)) string {
	limit := float64(runtime.NumCPU()) / 2
	start := time.Now()
	for {
		f := strings.Fields(LoadAvg())
		load := -1.0
		if len(f) > 0 {
			load, _ = strconv.ParseFloat(f[0], 64)
		}
		waited := time.Since(start).Round(time.Second)
		switch {
		case load < 0:
			return "no load average to wait on"
		case load < limit:
			return fmt.Sprintf("waited %s for the 1-minute load average to drop below %.1f (it was %.2f)", waited, limit, load)
		case waited >= max:
			return fmt.Sprintf("waited %s for the 1-minute load average to drop below %.1f; it was still %.2f: other work shared the machine", waited, limit, load)
		}
		logf("load average %.2f: waiting for a quieter machine (%s of %s)", load, waited, max)
		time.Sleep(15 * time.Second)
	}
}
