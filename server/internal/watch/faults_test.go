//go:build unix

package watch

// Faults (issue 9): a named pipe among the watched files. The watcher only stats files (it
// never opens one), so a FIFO with no writer neither blocks Set nor the poller, and changes to
// the other files still arrive.

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

func TestFIFOInWatchedSetDoesNotBlock(t *testing.T) {
	for _, poll := range []bool{false, true} {
		name := "events"
		if poll {
			name = "polling"
		}
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			fifo := filepath.Join(dir, "settings.json")
			if err := syscall.Mkfifo(fifo, 0o644); err != nil {
				t.Skipf("mkfifo: %v", err)
			}
			other := filepath.Join(dir, "go.mod")
			if err := os.WriteFile(other, []byte("module a\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			w, ch := collect(t, Options{PollInterval: 20 * time.Millisecond, NeedsPolling: func(string) bool { return poll }})
			done := make(chan struct{})
			go func() { w.Set([]string{fifo, other}); close(done) }()
			select {
			case <-done:
			case <-time.After(5 * time.Second):
				t.Fatal("Set blocked on a FIFO")
			}
			time.Sleep(50 * time.Millisecond) // a poll or two over the FIFO
			if err := os.WriteFile(other, []byte("module b\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			wait(t, ch, other)
			// Replacing the FIFO with a file is a change to it.
			os.Remove(fifo)
			if err := os.WriteFile(fifo, []byte("{}"), 0o644); err != nil {
				t.Fatal(err)
			}
			wait(t, ch, fifo)
		})
	}
}
