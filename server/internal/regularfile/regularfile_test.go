//go:build unix

package regularfile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/go-env-doctor/go-env-doctor/server/internal/model"
)

func TestRead(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "settings.json")
	if err := os.WriteFile(file, []byte("0123456789"), 0o644); err != nil {
		t.Fatal(err)
	}
	if data, err := Read(file, 10); err != nil || string(data) != "0123456789" {
		t.Errorf("Read = %q, %v", data, err)
	}
	var tooLarge *model.TooLargeError
	if _, err := Read(file, 9); !errors.As(err, &tooLarge) {
		t.Errorf("Read over the limit: %v, want a TooLargeError", err)
	}
	if p, err := ReadPrefix(file, 4); err != nil || string(p) != "0123" {
		t.Errorf("ReadPrefix = %q, %v", p, err)
	}
	if _, err := Read(dir, 10); err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("Read of a directory: %v", err)
	}
	// /proc files are regular files that report size 0.
	if data, err := Read("/proc/self/environ", 1<<20); err != nil || len(data) == 0 {
		t.Errorf("Read /proc/self/environ: %d bytes, %v", len(data), err)
	}
}

// A named pipe with no writer is refused at once instead of blocking the reader forever.
func TestNamedPipeDoesNotBlock(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "settings.json")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	done := make(chan error, 1)
	go func() { _, err := Read(fifo, 10); done <- err }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "a named pipe") {
			t.Errorf("Read of a FIFO: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Read of a FIFO blocked")
	}
}
