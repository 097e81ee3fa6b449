package goenv

import (
	"bytes"
	"fmt"
	"testing"
	"time"
)

// TestLargeFile: a go/env file of 100k lines (test/fixtures/badinput, generated case
// goenv-3mb-lines) made Lookup a scan per call, quadratic in the checks, and every context's
// explanation listed each dead GOPROXY line. Lookup is indexed now and Earlier keeps the last
// MaxEarlier overridden lines.
func TestLargeFile(t *testing.T) {
	var b bytes.Buffer
	for i := range 100000 {
		fmt.Fprintf(&b, "GOPROXY=https://p%d.example\njunk %d\n", i, i)
	}
	f := Parse("env", b.Bytes())
	start := time.Now()
	for range len(f.Lines) {
		if l, ok := f.Lookup("GOPROXY"); !ok || l.Value != "https://p99999.example" {
			t.Fatalf("Lookup = %+v, %v", l, ok)
		}
	}
	if _, ok := f.Lookup("GOFLAGS"); ok {
		t.Fatal("GOFLAGS found")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("100k lookups took %v", d)
	}
	e := f.Earlier("GOPROXY")
	if len(e) != MaxEarlier || e[0].Value != fmt.Sprintf("https://p%d.example", 99999-MaxEarlier) || e[len(e)-1].Value != "https://p99998.example" {
		t.Errorf("Earlier = %d lines, %+v … %+v", len(e), e[0], e[len(e)-1])
	}
	// A File extended by hand is not served from a stale index.
	f.Lines = append(f.Lines, Line{Key: "GOPROXY", Value: "late"})
	if l, _ := f.Lookup("GOPROXY"); l.Value != "late" {
		t.Errorf("Lookup after append = %q", l.Value)
	}
}
