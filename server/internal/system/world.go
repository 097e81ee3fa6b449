// Package system adapts the real machine to the pure model: it reads files, environments and
// the location of the go binary. Everything here is I/O; the decisions live in resolve.
package system

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/go-env-doctor/go-env-doctor/server/internal/regularfile"
)

// World reads files once per run and finds GOROOTs the way cmd/go does. A long-running
// language server keeps one World, drops what changed with Forget, and lays the editor's
// unsaved buffers over the disk with SetOverlay.
type World struct {
	mu       sync.Mutex
	files    map[string]fileResult
	roots    map[string][2]string
	overlays map[string][]byte
}

type fileResult struct {
	data []byte
	err  error
	// stamp is the file as it was when read from disk (zero for overlays): ChangedSinceRead
	// compares it with the file now.
	stamp fileStamp
	disk  bool
}

// fileStamp identifies a version of a file cheaply.
type fileStamp struct {
	exists bool
	size   int64
	mod    int64 // UnixNano
}

func stampOf(path string) fileStamp {
	st, err := os.Stat(path)
	if err != nil {
		return fileStamp{}
	}
	return fileStamp{exists: true, size: st.Size(), mod: st.ModTime().UnixNano()}
}

// NewWorld returns a World with empty caches.
func NewWorld() *World {
	return &World{files: map[string]fileResult{}, roots: map[string][2]string{}, overlays: map[string][]byte{}}
}

// SetOverlay makes ReadFile return data for path (an open editor buffer); nil removes it.
func (w *World) SetOverlay(path string, data []byte) {
	w.mu.Lock()
	defer w.mu.Unlock()
	delete(w.files, path)
	if data == nil {
		delete(w.overlays, path)
	} else {
		w.overlays[path] = data
	}
}

// Forget drops the cached content of paths, so the next ReadFile reads them again.
func (w *World) Forget(paths ...string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, p := range paths {
		delete(w.files, p)
	}
}

// ForgetAll drops every cached file and GOROOT lookup (overlays stay).
func (w *World) ForgetAll() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.files = map[string]fileResult{}
	w.roots = map[string][2]string{}
}

// Paths lists every path read so far (existing or not): what a watcher must watch.
func (w *World) Paths() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := make([]string, 0, len(w.files))
	for p := range w.files {
		out = append(out, p)
	}
	return out
}

// maxFile bounds what is read from any one file: settings and env files are small, and a huge
// file must not stall the editor.
const maxFile = 8 << 20

// ReadFile reads a file at most once per run.
func (w *World) ReadFile(path string) ([]byte, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if data, ok := w.overlays[path]; ok {
		w.files[path] = fileResult{data: data} // recorded so the path is watched
		return data, nil
	}
	if r, ok := w.files[path]; ok {
		return r.data, r.err
	}
	before := stampOf(path)
	data, err := readLimited(path)
	// A file written while it was read has two stamps: keep the earlier one, so that the
	// difference shows up in ChangedSinceRead.
	w.files[path] = fileResult{data: data, err: err, stamp: before, disk: true}
	return data, err
}

// ChangedSinceRead lists the cached files read from disk whose size, time or existence differ
// from when they were read. A watcher set up after a read cannot report what happened in
// between; the language server asks this right after setting up its watches.
func (w *World) ChangedSinceRead() []string {
	w.mu.Lock()
	paths := make([]string, 0, len(w.files))
	stamps := make([]fileStamp, 0, len(w.files))
	for p, r := range w.files {
		if r.disk {
			paths = append(paths, p)
			stamps = append(stamps, r.stamp)
		}
	}
	w.mu.Unlock()
	var out []string
	for i, p := range paths {
		if stampOf(p) != stamps[i] {
			out = append(out, p)
		}
	}
	return out
}

// ReadRegularFile reads path as World does, for callers outside World (the language server's
// go env command): never a directory, a pipe or a device, and at most maxFile bytes.
func ReadRegularFile(path string) ([]byte, error) { return readLimited(path) }

func readLimited(path string) ([]byte, error) { return regularfile.Read(path, maxFile) }

// DiscoverGoroot finds `go` on pathList and applies cmd/go's findGOROOT to it: the binary's
// ../.. or ../../.. when it holds pkg/tool, also after resolving symlinks.
func (w *World) DiscoverGoroot(pathList string) (string, string) {
	w.mu.Lock()
	if r, ok := w.roots[pathList]; ok {
		w.mu.Unlock()
		return r[0], r[1]
	}
	w.mu.Unlock()
	root, how := discoverGoroot(pathList)
	w.mu.Lock()
	w.roots[pathList] = [2]string{root, how}
	w.mu.Unlock()
	return root, how
}

func discoverGoroot(pathList string) (string, string) {
	exe := LookPath("go", pathList)
	if exe == "" {
		return "", "no go binary on PATH"
	}
	try := func(p string) string {
		for _, up := range []string{"../..", "../../.."} {
			if d := filepath.Join(p, up); isGOROOT(d) {
				return d
			}
		}
		return ""
	}
	if d := try(exe); d != "" {
		return d, "the directory of " + exe
	}
	if real, err := filepath.EvalSymlinks(exe); err == nil {
		if d := try(real); d != "" {
			return d, "the directory of " + real + " (via " + exe + ")"
		}
	}
	return "", exe + " does not sit in a GOROOT (no pkg/tool next to it)"
}

func isGOROOT(dir string) bool {
	st, err := os.Stat(filepath.Join(dir, "pkg", "tool"))
	return err == nil && st.IsDir()
}

// LookPath finds an executable named name in the directories of pathList.
func LookPath(name, pathList string) string {
	for _, dir := range filepath.SplitList(pathList) {
		if dir == "" {
			continue // an empty PATH entry means ".", which cmd/go would refuse too
		}
		for _, ext := range exeSuffixes() {
			p := filepath.Join(dir, name+ext)
			if st, err := os.Stat(p); err == nil && !st.IsDir() && isExecutable(st) {
				if abs, err := filepath.Abs(p); err == nil {
					return abs
				}
				return p
			}
		}
	}
	return ""
}

// ParseEnvFile reads KEY=VALUE lines (as printed by `env`) or NUL-separated entries (as in
// /proc/PID/environ). Blank lines and lines starting with '#' are skipped; values are taken
// verbatim except for a trailing "\r".
func ParseEnvFile(data []byte) (map[string]string, error) {
	env := map[string]string{}
	sep := byte('\n')
	if bytes.IndexByte(data, 0) >= 0 {
		sep = 0
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), maxFile)
	sc.Split(func(data []byte, atEOF bool) (int, []byte, error) {
		if i := bytes.IndexByte(data, sep); i >= 0 {
			return i + 1, data[:i], nil
		}
		if atEOF && len(data) > 0 {
			return len(data), data, nil
		}
		return 0, nil, nil
	})
	line := 0
	for sc.Scan() {
		line++
		t := strings.TrimSuffix(sc.Text(), "\r")
		if strings.TrimSpace(t) == "" || strings.HasPrefix(strings.TrimSpace(t), "#") {
			continue
		}
		k, v, ok := strings.Cut(t, "=")
		if !ok || k == "" || strings.ContainsAny(k, " \t") {
			return nil, fmt.Errorf("line %d: expected KEY=VALUE", line)
		}
		env[k] = v
	}
	return env, sc.Err()
}

// Environ returns this process's environment as a map.
func Environ() map[string]string {
	env := map[string]string{}
	for _, kv := range os.Environ() {
		if k, v, ok := strings.Cut(kv, "="); ok && k != "" {
			env[k] = v
		}
	}
	return env
}

// IsDir reports whether path is an existing directory.
func (w *World) IsDir(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.IsDir()
}
