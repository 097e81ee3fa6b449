package modcfg

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestKnownFlagsUpToDate regenerates knownflags.go in memory from the go
// command source of this machine and compares it with the checked-in file.
// The first run builds cmd/go (about 20 s with a cold build cache).
func TestKnownFlagsUpToDate(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go command: %v", err)
	}
	out, err := exec.Command(goBin, "env", "GOROOT").Output()
	if err != nil {
		t.Fatalf("go env GOROOT: %v", err)
	}
	src := filepath.Join(strings.TrimSpace(string(out)), "src", "cmd", "go")
	if _, err := os.Stat(filepath.Join(src, "main.go")); err != nil {
		t.Skipf("no go command source: %v", err)
	}
	cmd := exec.Command(goBin, "run", "gen_knownflags.go", "-o", "-")
	cmd.Env = append(os.Environ(), "GOTOOLCHAIN=local")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	got, err := cmd.Output()
	if err != nil {
		t.Fatalf("go run gen_knownflags.go: %v\n%s", err, stderr.Bytes())
	}
	want, err := os.ReadFile("knownflags.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		gotLines := strings.Split(string(got), "\n")
		wantLines := strings.Split(string(want), "\n")
		for i := 0; i < len(gotLines) || i < len(wantLines); i++ {
			var g, w string
			if i < len(gotLines) {
				g = gotLines[i]
			}
			if i < len(wantLines) {
				w = wantLines[i]
			}
			if g != w {
				t.Errorf("knownflags.go is stale for %s (first difference at line %d:\n  checked in: %s\n  generated:  %s)\nrun: go generate ./server/internal/modcfg/",
					src, i+1, w, g)
				break
			}
		}
	}
}
