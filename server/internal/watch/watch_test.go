package watch

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
	"time"
)

// collect returns a watcher whose callbacks land on a channel.
func collect(t *testing.T, opts Options) (*Watcher, chan []string) {
	t.Helper()
	ch := make(chan []string, 16)
	if opts.Debounce == 0 {
		opts.Debounce = 20 * time.Millisecond
	}
	w := New(func(p []string) { slices.Sort(p); ch <- p }, opts)
	t.Cleanup(w.Close)
	return w, ch
}

func wait(t *testing.T, ch chan []string, want ...string) {
	t.Helper()
	slices.Sort(want)
	deadline := time.After(10 * time.Second)
	for {
		select {
		case got := <-ch:
			if slices.Equal(got, want) {
				return
			}
			t.Logf("callback with %v, still waiting for %v", got, want)
		case <-deadline:
			t.Fatalf("no callback for %v", want)
		}
	}
}

func quiet(t *testing.T, ch chan []string) {
	t.Helper()
	select {
	case got := <-ch:
		t.Fatalf("unexpected callback %v", got)
	case <-time.After(300 * time.Millisecond):
	}
}

func write(t *testing.T, p, s string) {
	t.Helper()
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestRenameOverAndUnrelatedFiles(t *testing.T) {
	dir := t.TempDir()
	env := filepath.Join(dir, "env")
	write(t, env, "GOPROXY=a\n")
	w, ch := collect(t, Options{})
	w.Set([]string{env})

	// go env -w writes a temp file and renames it over the old one.
	tmp := filepath.Join(dir, "env.tmp")
	write(t, tmp, "GOPROXY=b\n")
	if err := os.Rename(tmp, env); err != nil {
		t.Fatal(err)
	}
	wait(t, ch, env)

	write(t, filepath.Join(dir, "other"), "x")
	quiet(t, ch)

	// The watch survives the rename.
	write(t, env, "GOPROXY=c\n")
	wait(t, ch, env)
}

func TestFileInDirectoryCreatedLater(t *testing.T) {
	dir := t.TempDir()
	settings := filepath.Join(dir, ".vscode", "settings.json")
	w, ch := collect(t, Options{})
	w.Set([]string{settings})
	if err := os.Mkdir(filepath.Join(dir, ".vscode"), 0o755); err != nil {
		t.Fatal(err)
	}
	wait(t, ch, settings) // the directory appearing may change what VS Code reads
	write(t, settings, "{}")
	wait(t, ch, settings)
}

func TestDebounceMergesBursts(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	w, ch := collect(t, Options{Debounce: 200 * time.Millisecond})
	w.Set([]string{a, b})
	for i := 0; i < 5; i++ {
		write(t, a, "x")
		write(t, b, "y")
	}
	wait(t, ch, a, b)
	quiet(t, ch)
}

func TestPollingWhereEventsAreBlind(t *testing.T) {
	dir := t.TempDir()
	env := filepath.Join(dir, "env")
	write(t, env, "GOPROXY=a\n")
	w, ch := collect(t, Options{PollInterval: 30 * time.Millisecond, NeedsPolling: func(string) bool { return true }})
	w.Set([]string{env})
	if got := w.Polled(); len(got) != 1 {
		t.Fatalf("polled = %v", got)
	}
	write(t, env, "GOPROXY=bb\n") // size changes, so the stamp differs even with coarse mtimes
	wait(t, ch, env)
	if err := os.Remove(env); err != nil {
		t.Fatal(err)
	}
	wait(t, ch, env)
}

func TestSetReplacesTheSet(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a")
	other := t.TempDir()
	b := filepath.Join(other, "b")
	w, ch := collect(t, Options{})
	w.Set([]string{a})
	w.Set([]string{b})
	write(t, a, "x")
	quiet(t, ch)
	write(t, b, "x")
	wait(t, ch, b)
}

func TestDefaultNeedsPolling(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("WSL mounts exist only on Linux")
	}
	for p, want := range map[string]bool{"/mnt/c/Users/me/AppData/Roaming/go/env": true, "/home/me/.config/go/env": false, "/mnt/data/x": false} {
		if got := DefaultNeedsPolling(p); got != want {
			t.Errorf("%s: got %v want %v", p, got, want)
		}
	}
}
