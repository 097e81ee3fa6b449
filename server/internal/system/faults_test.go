//go:build unix

package system

// Faults (issue 9): files that are there and cannot be read as files. World reads only
// regular files, never blocks on one, and says which file it could not read and why.

import (
	"errors"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// bounded runs f and fails the test if it does not return within 5s (a blocking open/read).
func bounded(t *testing.T, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatalf("%s did not return (blocked on a read?)", what)
	}
}

func TestReadFileRefusesWhatIsNotARegularFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "settings.json")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	sock := filepath.Join(dir, "env.sock")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Skipf("unix socket: %v", err)
	}
	defer l.Close()
	sub := filepath.Join(dir, "launch.json")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	loop := filepath.Join(dir, "tasks.json")
	if err := os.Symlink("tasks.json", loop); err != nil {
		t.Fatal(err)
	}
	dangling := filepath.Join(dir, "go.mod")
	if err := os.Symlink(filepath.Join(dir, "gone"), dangling); err != nil {
		t.Fatal(err)
	}
	toFIFO := filepath.Join(dir, "env")
	if err := os.Symlink(fifo, toFIFO); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		path, want string // want: in the error and in Unreadable's message
	}{
		{fifo, "not a regular file (a named pipe)"},
		{toFIFO, "not a regular file (a named pipe)"}, // through a symlink too
		{sock, "no such device or address"},           // opening a socket fails (ENXIO) before any read
		{"/dev/null", "not a regular file (a character device)"},
		{sub, "is a directory"},
		{loop, "too many levels of symbolic links"},
		{dangling, ""}, // ErrNotExist: as missing, but Unreadable names the link
	} {
		w := NewWorld()
		var data []byte
		var err error
		bounded(t, "ReadFile("+c.path+")", func() { data, err = w.ReadFile(c.path) })
		if err == nil || data != nil {
			t.Errorf("%s: read %q, %v", c.path, data, err)
			continue
		}
		if c.want != "" && !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %q does not say %q", c.path, err, c.want)
		}
		// The error names the path (fs.PathError), so callers can unwrap it for their own message.
		var pe *fs.PathError
		if !errors.As(err, &pe) || pe.Path == "" {
			t.Errorf("%s: %T %v is not a PathError", c.path, err, err)
		}
		ps := w.Unreadable(nil)
		if len(ps) != 1 || ps[0].File != c.path || !strings.HasPrefix(ps[0].Msg, "cannot read: ") {
			t.Errorf("%s: Unreadable = %+v", c.path, ps)
			continue
		}
		if c.path == dangling && !strings.Contains(ps[0].Msg, "symbolic link to "+filepath.Join(dir, "gone")+", which does not exist") {
			t.Errorf("dangling symlink: %q", ps[0].Msg)
		}
		if w.Unreadable([]Problem{{File: c.path}}) != nil {
			t.Errorf("%s: a file already reported is reported again", c.path)
		}
	}
	// A plainly missing file, or one under a regular file, is no problem: most reads are of
	// optional files.
	w := NewWorld()
	w.ReadFile(filepath.Join(dir, "absent.json"))
	w.ReadFile(filepath.Join(dir, "env", "under-a-fifo"))
	if ps := w.Unreadable(nil); len(ps) != 0 {
		t.Errorf("missing files reported: %+v", ps)
	}
	// ReadRegularFile (the language server's go env command) refuses the same way.
	bounded(t, "ReadRegularFile(fifo)", func() {
		if _, err := ReadRegularFile(fifo); err == nil {
			t.Errorf("ReadRegularFile read a FIFO")
		}
	})
}

// /proc files are regular files of size 0 whose content appears on read.
func TestReadFileProc(t *testing.T) {
	if _, err := os.Stat("/proc/self/environ"); err != nil {
		t.Skip("no /proc")
	}
	// Stat says 0 bytes; the read gets this process's environment as it started.
	data, err := NewWorld().ReadFile("/proc/self/environ")
	if err != nil || !strings.Contains(string(data), "=") {
		t.Errorf("/proc/self/environ: %d bytes, %v", len(data), err)
	}
	// A process that is gone: its files vanish between listing and reading.
	if _, err := NewWorld().ReadFile("/proc/999999999/environ"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a gone process: %v", err)
	}
}

// A file that vanishes or changes after it was read is seen by ChangedSinceRead, and a read
// after Forget sees the new state (the language server re-reads on the watcher's word).
func TestFileVanishesAfterRead(t *testing.T) {
	p := filepath.Join(t.TempDir(), "settings.json")
	if err := os.WriteFile(p, []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	w := NewWorld()
	if _, err := w.ReadFile(p); err != nil {
		t.Fatal(err)
	}
	os.Remove(p)
	if got := w.ChangedSinceRead(); len(got) != 1 || got[0] != p {
		t.Errorf("ChangedSinceRead = %v", got)
	}
	w.Forget(p)
	if _, err := w.ReadFile(p); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("after Forget: %v", err)
	}
	// It comes back as a FIFO: refused, not waited on.
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	w.Forget(p)
	bounded(t, "ReadFile(fifo)", func() {
		if _, err := w.ReadFile(p); err == nil {
			t.Error("read a FIFO")
		}
	})
}
