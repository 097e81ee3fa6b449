package system

import (
	"errors"
	"io/fs"
	"os"
	"sort"
	"syscall"
)

// Unreadable lists the files this World tried to read from disk and could not, other than
// those that simply do not exist (most reads look for optional files) and those known already
// lists: a go/env file, $GOROOT/go.env, go.mod, an env file or a shell profile that is a named
// pipe, a directory, a symlink loop or a dangling symlink. Every reader goes on without such a
// file; this is what tells the user which file it was and why.
func (w *World) Unreadable(known []Problem) []Problem {
	seen := map[string]bool{}
	for _, p := range known {
		seen[p.File] = true
	}
	type failed struct {
		path string
		err  error
	}
	var fails []failed
	w.mu.Lock()
	for p, r := range w.files {
		if r.disk && r.err != nil && !seen[p] {
			fails = append(fails, failed{p, r.err})
		}
	}
	w.mu.Unlock()
	var out []Problem
	for _, f := range fails {
		if msg := unreadableMsg(f.path, f.err); msg != "" {
			out = append(out, Problem{File: f.path, Msg: msg})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].File < out[j].File })
	return out
}

// unreadableMsg explains why path could not be read; "" when it is plainly absent.
func unreadableMsg(path string, err error) string {
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
		// Absent, or under something that is not a directory: as good as missing, unless the
		// name is a symbolic link that leads nowhere.
		if st, lerr := os.Lstat(path); lerr == nil && st.Mode()&fs.ModeSymlink != 0 {
			target, _ := os.Readlink(path)
			return "cannot read: a symbolic link to " + target + ", which does not exist; ignored"
		}
		return ""
	}
	return "cannot read: " + unwrapPath(err).Error() + "; ignored"
}
