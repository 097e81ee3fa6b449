// Package watch reports changes to a set of files: the go/env file, $GOROOT/go.env, env
// files, go.mod and the settings files the language server has read.
//
// It watches parent directories, not the files: editors and `go env -w` replace a file by
// renaming a new one over it, which ends a watch on the file itself, and a file that does not
// exist yet cannot be watched at all. Where inotify sees nothing — drvfs and 9p mounts such as
// /mnt/c under WSL, network file systems — or fsnotify fails, it polls size and modification
// time instead. Bursts of events are debounced into one callback.
package watch

import (
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Options tune a Watcher; zero values take the defaults.
type Options struct {
	Debounce     time.Duration          // quiet time before a callback (default 100ms)
	PollInterval time.Duration          // for polled files (default 2s)
	NeedsPolling func(path string) bool // default: WSL's /mnt/<drive>/ on Linux
	Logf         func(string, ...any)   // optional diagnostics
}

// Watcher watches a set of files and calls onChange with the ones that changed.
type Watcher struct {
	opts     Options
	onChange func([]string)
	fsw      *fsnotify.Watcher

	mu      sync.Mutex
	files   map[string]bool      // every watched file
	dirs    map[string]bool      // directories under fsnotify
	polled  map[string]fileStamp // files polled instead, with their last stamp
	pending map[string]bool
	timer   *time.Timer
	done    chan struct{}
	closed  bool
}

type fileStamp struct {
	exists bool
	size   int64
	mod    time.Time
}

var wslDrive = regexp.MustCompile(`^/mnt/[a-zA-Z]/`)

// DefaultNeedsPolling is true for paths on WSL's Windows drive mounts, where inotify reports
// nothing for changes made from Windows.
func DefaultNeedsPolling(path string) bool {
	return runtime.GOOS == "linux" && wslDrive.MatchString(path)
}

// New starts a watcher; it watches nothing until Set.
func New(onChange func([]string), opts Options) *Watcher {
	if opts.Debounce == 0 {
		opts.Debounce = 100 * time.Millisecond
	}
	if opts.PollInterval == 0 {
		opts.PollInterval = 2 * time.Second
	}
	if opts.NeedsPolling == nil {
		opts.NeedsPolling = DefaultNeedsPolling
	}
	if opts.Logf == nil {
		opts.Logf = func(string, ...any) {}
	}
	w := &Watcher{opts: opts, onChange: onChange, files: map[string]bool{}, dirs: map[string]bool{},
		polled: map[string]fileStamp{}, pending: map[string]bool{}, done: make(chan struct{})}
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		opts.Logf("file events unavailable (%v); polling every %s", err, opts.PollInterval)
	} else {
		w.fsw = fsw
		go w.events()
	}
	go w.poll()
	return w
}

// Set replaces the set of watched files.
func (w *Watcher) Set(paths []string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return
	}
	w.files = map[string]bool{}
	for _, p := range paths {
		w.files[filepath.Clean(p)] = true
	}
	w.sync()
}

// sync makes the fsnotify and polling sets match w.files. Called with w.mu held.
func (w *Watcher) sync() {
	wantDirs := map[string]bool{}
	wantPoll := map[string]bool{}
	for p := range w.files {
		if w.fsw == nil || w.opts.NeedsPolling(p) {
			wantPoll[p] = true
			continue
		}
		wantDirs[existingAncestor(filepath.Dir(p))] = true
	}
	for d := range w.dirs {
		if !wantDirs[d] {
			_ = w.fsw.Remove(d) // it may be gone already
			delete(w.dirs, d)
		}
	}
	for d := range wantDirs {
		if w.dirs[d] {
			continue
		}
		if err := w.fsw.Add(d); err != nil {
			w.opts.Logf("cannot watch %s (%v); polling its files", d, err)
			for p := range w.files {
				if existingAncestor(filepath.Dir(p)) == d {
					wantPoll[p] = true
				}
			}
			continue
		}
		w.dirs[d] = true
	}
	for p := range w.polled {
		if !wantPoll[p] {
			delete(w.polled, p)
		}
	}
	for p := range wantPoll {
		if _, ok := w.polled[p]; !ok {
			w.polled[p] = stamp(p)
		}
	}
}

// existingAncestor is dir or its nearest existing parent: a .vscode folder created later is
// seen as a create event in the folder above it.
func existingAncestor(dir string) string {
	for {
		if st, err := os.Stat(dir); err == nil && st.IsDir() {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return dir
		}
		dir = parent
	}
}

func (w *Watcher) events() {
	for {
		select {
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			w.mu.Lock()
			name := filepath.Clean(ev.Name)
			changed := false
			for p := range w.files {
				// The file itself, or a missing directory on its way being created.
				if p == name || isAncestor(name, p) {
					w.pending[p] = true
					changed = true
				}
			}
			if changed {
				if ev.Has(fsnotify.Create) {
					w.sync() // a directory may have appeared: watch deeper
				}
				w.kick()
			}
			w.mu.Unlock()
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			// An overflow loses events: treat every file as changed.
			w.opts.Logf("file watch error: %v; rechecking everything", err)
			w.mu.Lock()
			for p := range w.files {
				w.pending[p] = true
			}
			w.kick()
			w.mu.Unlock()
		}
	}
}

func isAncestor(dir, path string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != "." && rel != ".." && !filepath.IsAbs(rel) && !startsWithDotDot(rel)
}

func startsWithDotDot(rel string) bool {
	return len(rel) >= 3 && rel[:2] == ".." && os.IsPathSeparator(rel[2])
}

func (w *Watcher) poll() {
	t := time.NewTicker(w.opts.PollInterval)
	defer t.Stop()
	for {
		select {
		case <-w.done:
			return
		case <-t.C:
		}
		w.mu.Lock()
		paths := make([]string, 0, len(w.polled))
		for p := range w.polled {
			paths = append(paths, p)
		}
		w.mu.Unlock()
		// Stat outside the lock: a slow network mount must not block Set.
		stamps := make(map[string]fileStamp, len(paths))
		for _, p := range paths {
			stamps[p] = stamp(p)
		}
		w.mu.Lock()
		for p, s := range stamps {
			if old, ok := w.polled[p]; ok && old != s {
				w.polled[p] = s
				w.pending[p] = true
				w.kick()
			}
		}
		w.mu.Unlock()
	}
}

func stamp(p string) fileStamp {
	st, err := os.Stat(p)
	if err != nil {
		return fileStamp{}
	}
	return fileStamp{exists: true, size: st.Size(), mod: st.ModTime()}
}

// kick (re)starts the debounce timer. Called with w.mu held.
func (w *Watcher) kick() {
	if w.timer != nil {
		w.timer.Stop()
	}
	w.timer = time.AfterFunc(w.opts.Debounce, w.fire)
}

func (w *Watcher) fire() {
	w.mu.Lock()
	if w.closed || len(w.pending) == 0 {
		w.mu.Unlock()
		return
	}
	paths := make([]string, 0, len(w.pending))
	for p := range w.pending {
		paths = append(paths, p)
	}
	w.pending = map[string]bool{}
	w.mu.Unlock()
	w.onChange(paths)
}

// Close stops watching. A callback already running may still finish.
func (w *Watcher) Close() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return
	}
	w.closed = true
	close(w.done)
	if w.timer != nil {
		w.timer.Stop()
	}
	if w.fsw != nil {
		_ = w.fsw.Close()
	}
}

// Polled reports the files being polled rather than watched (for logs and tests).
func (w *Watcher) Polled() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := make([]string, 0, len(w.polled))
	for p := range w.polled {
		out = append(out, p)
	}
	return out
}
