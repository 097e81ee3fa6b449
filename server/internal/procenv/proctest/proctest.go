// Package proctest starts real processes with an environment of a test's choosing, for tests
// that read that environment back from the running process.
package proctest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// Start runs `sleep 120` with exactly env (KEY=VALUE entries) as a child of the test process and
// waits until it has exec'd (before that, /proc shows the forked parent). With a non-empty name
// the binary is a copy of sleep called name ("gopls"), for tests that look processes up by name.
// It skips the test where /proc is unavailable. The returned stop kills and reaps the process;
// it also runs at cleanup.
func Start(t testing.TB, name string, env []string) (pid int, stop func()) {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("process environments are read from /proc here")
	}
	bin, err := exec.LookPath("sleep")
	if err != nil {
		t.Skip("no sleep binary")
	}
	if name != "" {
		data, err := os.ReadFile(bin)
		if err != nil {
			t.Fatal(err)
		}
		bin = filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(bin, data, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(bin, "120")
	cmd.Env = env
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	stopped := false
	stop = func() {
		if !stopped {
			stopped = true
			cmd.Process.Kill()
			cmd.Wait()
		}
	}
	t.Cleanup(stop)
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		if b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", cmd.Process.Pid)); strings.HasPrefix(string(b), bin) {
			return cmd.Process.Pid, stop
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not start", bin)
		}
	}
}
