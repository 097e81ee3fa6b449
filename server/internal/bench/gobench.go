package bench

import (
	"bufio"
	"strconv"
	"strings"
)

// GoBench is one result line of `go test -bench -benchmem`.
type GoBench struct {
	Pkg      string
	Name     string // without the "Benchmark" prefix and the -GOMAXPROCS suffix
	Procs    int
	Iters    int64
	NsPerOp  float64
	BPerOp   int64
	AllocsOp int64
	Extra    map[string]float64 // custom metrics (b.ReportMetric), by unit
}

// GoBenchRun is the parsed output of one `go test -bench` run.
type GoBenchRun struct {
	CPU     string // the "cpu:" line
	Results []GoBench
}

// ParseGoBench reads `go test -bench` output: "pkg:" and "cpu:" header lines and result lines
// such as "BenchmarkX-2  54  19704650 ns/op  502.0 contexts  9106237 B/op  60256 allocs/op".
func ParseGoBench(out string) GoBenchRun {
	var run GoBenchRun
	pkg := ""
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "pkg:"):
			pkg = strings.TrimSpace(strings.TrimPrefix(line, "pkg:"))
			continue
		case strings.HasPrefix(line, "cpu:"):
			run.CPU = strings.TrimSpace(strings.TrimPrefix(line, "cpu:"))
			continue
		case !strings.HasPrefix(line, "Benchmark"):
			continue
		}
		f := strings.Fields(line)
		if len(f) < 4 || len(f)%2 != 0 {
			continue
		}
		iters, err := strconv.ParseInt(f[1], 10, 64)
		if err != nil {
			continue
		}
		r := GoBench{Pkg: pkg, Name: strings.TrimPrefix(f[0], "Benchmark"), Iters: iters, Extra: map[string]float64{}}
		if i := strings.LastIndexByte(r.Name, '-'); i > 0 {
			if p, err := strconv.Atoi(r.Name[i+1:]); err == nil {
				r.Name, r.Procs = r.Name[:i], p
			}
		}
		ok := true
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				ok = false
				break
			}
			switch f[i+1] {
			case "ns/op":
				r.NsPerOp = v
			case "B/op":
				r.BPerOp = int64(v)
			case "allocs/op":
				r.AllocsOp = int64(v)
			default:
				r.Extra[f[i+1]] = v
			}
		}
		if ok {
			run.Results = append(run.Results, r)
		}
	}
	return run
}
