package bench

import (
	"strings"
	"testing"
	"time"
)

func ms(xs ...float64) []time.Duration {
	out := make([]time.Duration, len(xs))
	for i, x := range xs {
		out[i] = time.Duration(x * float64(time.Millisecond))
	}
	return out
}

func TestPercentileNearestRank(t *testing.T) {
	var s []time.Duration
	for i := 1; i <= 30; i++ {
		s = append(s, time.Duration(i)*time.Millisecond)
	}
	for _, tc := range []struct {
		p    float64
		want time.Duration
	}{{95, 29 * time.Millisecond}, {50, 15 * time.Millisecond}, {100, 30 * time.Millisecond}, {0, time.Millisecond}, {1, time.Millisecond}} {
		if got := Percentile(s, tc.p); got != tc.want {
			t.Errorf("p%v of 1..30 ms = %v, want %v", tc.p, got, tc.want)
		}
	}
	// 200 samples: p95 is the 190th smallest.
	s = s[:0]
	for i := 1; i <= 200; i++ {
		s = append(s, time.Duration(i))
	}
	if got := Percentile(s, 95); got != 190 {
		t.Errorf("p95 of 1..200 = %v, want 190", got)
	}
	if Percentile(nil, 95) != 0 {
		t.Errorf("p95 of nothing is not 0")
	}
}

func TestSummarize(t *testing.T) {
	in := ms(5, 1, 4, 2, 3, 100)
	s := Summarize(in)
	if s.N != 6 || s.Min != ms(1)[0] || s.Max != ms(100)[0] || s.Median != ms(3.5)[0] || s.P95 != ms(100)[0] || s.Mean != ms(115.0 / 6)[0] {
		t.Errorf("Summarize = %+v", s)
	}
	if in[0] != ms(5)[0] {
		t.Errorf("Summarize sorted its input")
	}
	if Summarize(ms(7)).Median != ms(7)[0] {
		t.Errorf("median of one value")
	}
	if (Summarize(nil) != Summary{}) {
		t.Errorf("summary of nothing")
	}
}

func TestRatios(t *testing.T) {
	if r := Ratio(ms(30)[0], ms(20)[0]); r != 1.5 {
		t.Errorf("Ratio = %v", r)
	}
	if Ratio(1, 0) != 0 {
		t.Errorf("Ratio by zero")
	}
	pr := PairRatios(ms(2, 3, 8), ms(1, 3, 2, 5))
	if len(pr) != 3 || pr[0] != 2 || pr[1] != 1 || pr[2] != 4 {
		t.Errorf("PairRatios = %v", pr)
	}
	if m := MedianFloat(pr); m != 2 {
		t.Errorf("MedianFloat = %v", m)
	}
	if m := MedianFloat([]float64{1, 2, 3, 10}); m != 2.5 {
		t.Errorf("MedianFloat even = %v", m)
	}
}

// Interleave alternates which side runs first, so neither always runs right after the other,
// and records each side's own times.
func TestInterleaveAlternates(t *testing.T) {
	var order []string
	tick := time.Duration(0)
	run := func(name string, d time.Duration) func() (time.Duration, error) {
		return func() (time.Duration, error) {
			order = append(order, name)
			tick++
			return d + tick, nil
		}
	}
	as, bs, err := Interleave(4, 1, run("A", 1000), run("B", 2000))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(order, ""); got != "AB"+"AB"+"BA"+"AB"+"BA" {
		t.Errorf("order = %s", got)
	}
	if len(as) != 4 || len(bs) != 4 {
		t.Fatalf("%d and %d samples", len(as), len(bs))
	}
	for i := range as {
		if as[i] < 1000 || as[i] >= 2000 || bs[i] < 2000 {
			t.Errorf("pair %d: A %v B %v: the sides are mixed up", i, as[i], bs[i])
		}
	}
}

func TestTable(t *testing.T) {
	tb := &Table{Header: []string{"name", "time"}, Right: []int{1}}
	tb.Add("a|b", "1 ms")
	tb.Add("only one cell")
	want := "| name | time |\n|---|---:|\n| a\\|b | 1 ms |\n| only one cell |  |\n"
	if got := tb.String(); got != want {
		t.Errorf("table:\n%s\nwant:\n%s", got, want)
	}
}

func TestFormats(t *testing.T) {
	if got := Ms(1234567 * time.Nanosecond); got != "1.23 ms" {
		t.Errorf("Ms = %q", got)
	}
	if got := Ms(12345678 * time.Nanosecond); got != "12.3 ms" {
		t.Errorf("Ms = %q", got)
	}
	if got := MiB(3 << 20); got != "3.00 MiB" {
		t.Errorf("MiB = %q", got)
	}
}

func TestParseGoBench(t *testing.T) {
	out := `goos: linux
goarch: amd64
pkg: github.com/x/resolve
cpu: Some CPU @ 2.0GHz
BenchmarkResolve50Folders-2       	      54	  19704650 ns/op	       502.0 contexts	 9106237 B/op	   60256 allocs/op
BenchmarkBroken-2 	 notanumber
PASS
ok  	github.com/x/resolve	5.004s
pkg: github.com/x/catalog
BenchmarkCheck200Launch  	      60	  17447300 ns/op	 7039427 B/op	   68119 allocs/op
`
	run := ParseGoBench(out)
	if run.CPU != "Some CPU @ 2.0GHz" || len(run.Results) != 2 {
		t.Fatalf("parsed %+v", run)
	}
	r := run.Results[0]
	if r.Pkg != "github.com/x/resolve" || r.Name != "Resolve50Folders" || r.Procs != 2 || r.Iters != 54 || r.NsPerOp != 19704650 ||
		r.BPerOp != 9106237 || r.AllocsOp != 60256 || r.Extra["contexts"] != 502 {
		t.Errorf("first = %+v", r)
	}
	if r := run.Results[1]; r.Pkg != "github.com/x/catalog" || r.Name != "Check200Launch" || r.Procs != 0 || r.AllocsOp != 68119 {
		t.Errorf("second = %+v", r)
	}
}

func TestProcFiles(t *testing.T) {
	cpuinfo := "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 9B14\n\nprocessor\t: 1\nmodel name\t: AMD EPYC 9B14\n"
	if got := CPUModel([]byte(cpuinfo)); got != "AMD EPYC 9B14" {
		t.Errorf("CPUModel = %q", got)
	}
	if got := MemTotal([]byte("MemTotal:       24684184 kB\nMemFree: 1 kB\n")); got != 24684184*1024 {
		t.Errorf("MemTotal = %d", got)
	}
	status := "Name:\tgo-env-doctor\nVmHWM:\t   13020 kB\nVmRSS:\t   12580 kB\n"
	if got := ProcStatusKB([]byte(status), "VmRSS"); got != 12580*1024 {
		t.Errorf("VmRSS = %d", got)
	}
	if got := ProcStatusKB([]byte(status), "VmSwap"); got != 0 {
		t.Errorf("VmSwap = %d", got)
	}
}

// The report states each target with its verdict, and says what was not measured.
func TestRender(t *testing.T) {
	c := &Comparison{A: Command{Name: "go-env-doctor check ."}, AS: ms(10, 12), BS: ms(20, 22), SumA: Summarize(ms(10, 12)), SumB: Summarize(ms(20, 22)), Runs: 5}
	c.RatioMedians = Ratio(c.SumA.Median, c.SumB.Median)
	m := &Comparison{A: Command{Name: "go-env-doctor check ws"}, AS: ms(90), BS: ms(20), SumA: Summarize(ms(90)), SumB: Summarize(ms(20)), Runs: 4}
	m.RatioMedians = Ratio(m.SumA.Median, m.SumB.Median)
	r := &Results{Date: time.Date(2026, 1, 2, 3, 4, 0, 0, time.UTC), Machine: Machine{CPU: "Test CPU", Cores: 2, MemTotal: 8 << 30, Kernel: "6.1", GoVersion: "go version go1.26.8 linux/amd64"},
		N: 2, Warmup: 1, Single: c, Multi: m, MultiFacts: WorkspaceFacts{Folders: 50, Contexts: 502, Environments: 181},
		LSP: []*LSPResult{{Folders: 1, Changes: 200, Warmup: 10, Latencies: ms(1, 2), Sum: Summarize(ms(1, 2)), RSSIdle: 12 << 20, Idle: 2 * time.Second},
			{Folders: 50, Changes: 200, Warmup: 10, Latencies: ms(90, 110), Sum: Summarize(ms(90, 110)), RSSIdle: 31 << 20, Idle: 2 * time.Second}},
		E2ENote: "skipped (BENCH_SKIP_E2E=1)"}
	md := Render(r)
	for _, want := range []string{
		"| 1. `check` on one folder ÷ one `go env -json` | 0.52× (11.0 ms vs 21.0 ms) | ≤ 1.5× | met |",
		"| 2. `check` on a 50-folder workspace ÷ one `go env -json` | 4.50× (90.0 ms vs 20.0 ms) | ≤ 3× | **not met** |",
		"| 3. settings change → status, one folder | p50 1.50 ms, p95 2.00 ms | p95 ≤ 20.0 ms | met |",
		"| 3. settings change → status, 50 folders | p50 100.0 ms, p95 110.0 ms | p95 ≤ 20.0 ms | **not met** |",
		"| 4. sidecar idle RSS after the first check, 50 folders | 31.00 MiB (32.5 MB) | < 30 MB | **not met** |",
		"not measured: skipped (BENCH_SKIP_E2E=1)",
		"| CPU | Test CPU |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("report lacks %q:\n%s", want, md)
		}
	}
}
