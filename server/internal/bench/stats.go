package bench

import (
	"fmt"
	"math"
	"slices"
	"time"
)

// Summary describes one sample of durations.
type Summary struct {
	N                           int
	Min, Median, P95, Max, Mean time.Duration
}

// Summarize computes the summary of ds (which it does not modify).
func Summarize(ds []time.Duration) Summary {
	if len(ds) == 0 {
		return Summary{}
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	var sum time.Duration
	for _, d := range s {
		sum += d
	}
	return Summary{N: len(s), Min: s[0], Median: Median(s), P95: Percentile(s, 95), Max: s[len(s)-1],
		Mean: sum / time.Duration(len(s))}
}

// Median of sorted: the middle value, or the mean of the two middle values.
func Median(sorted []time.Duration) time.Duration {
	n := len(sorted)
	if n == 0 {
		return 0
	}
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}

// Percentile of sorted by the nearest-rank method: the smallest value such that at least p
// percent of the sample is less than or equal to it (p95 of 30 values is the 29th smallest).
func Percentile(sorted []time.Duration, p float64) time.Duration {
	n := len(sorted)
	if n == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(n)))
	rank = min(max(rank, 1), n)
	return sorted[rank-1]
}

// Ratio is a/b, or 0 when b is 0.
func Ratio(a, b time.Duration) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// PairRatios are a[i]/b[i] for each interleaved pair: a second estimate of the ratio that is
// less sensitive to slow drifts of the machine's speed than a ratio of medians.
func PairRatios(a, b []time.Duration) []float64 {
	n := min(len(a), len(b))
	out := make([]float64, 0, n)
	for i := 0; i < n; i++ {
		if b[i] > 0 {
			out = append(out, float64(a[i])/float64(b[i]))
		}
	}
	return out
}

// MedianFloat is the median of xs (which it does not modify).
func MedianFloat(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// Ms formats a duration in milliseconds with one decimal ("12.3 ms"), two below 10 ms.
func Ms(d time.Duration) string {
	ms := float64(d) / float64(time.Millisecond)
	if ms < 10 {
		return fmt.Sprintf("%.2f ms", ms)
	}
	return fmt.Sprintf("%.1f ms", ms)
}

// MiB formats a byte count in MiB with two decimals.
func MiB(n int64) string {
	return fmt.Sprintf("%.2f MiB", float64(n)/(1<<20))
}
