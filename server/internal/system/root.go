package system

import (
	"os"
	"path"
	"path/filepath"

	"github.com/go-env-doctor/go-env-doctor/server/internal/regularfile"
	"github.com/go-env-doctor/go-env-doctor/server/internal/remote"
)

// RootFiles gives remote.Detect the files of a machine: the real system when Root is "" or
// "/", else a copy of a machine's files under Root (a fixture, --root DIR), where
// "/proc/version" is Root/proc/version.
type RootFiles struct{ Root string }

var _ interface {
	remote.Files
	remote.PrefixReader
} = RootFiles{}

// real maps a path of the described machine to the file to open. Cleaning it as an absolute
// path first means "../" cannot climb out of Root; on Windows a backslash is a separator too.
func (r RootFiles) real(p string) string {
	p = path.Clean("/" + filepath.ToSlash(p))
	if r.Root == "" || r.Root == "/" {
		return filepath.FromSlash(p)
	}
	return filepath.Join(r.Root, filepath.FromSlash(p))
}

// ReadFile reads a file, at most maxFile bytes of it, and never a directory.
func (r RootFiles) ReadFile(p string) ([]byte, error) { return readLimited(r.real(p)) }

// Exists reports whether a file or directory is there (following symlinks).
func (r RootFiles) Exists(p string) bool {
	_, err := os.Stat(r.real(p))
	return err == nil
}

// ReadDir lists the names in a directory.
func (r RootFiles) ReadDir(p string) ([]string, error) {
	entries, err := os.ReadDir(r.real(p))
	names := make([]string, len(entries))
	for i, e := range entries {
		names[i] = e.Name()
	}
	return names, err
}

// ReadPrefix reads the first n bytes of a file (fewer when it is shorter): enough to tell a
// Windows executable without reading a whole go binary.
func (r RootFiles) ReadPrefix(p string, n int) ([]byte, error) {
	return regularfile.ReadPrefix(r.real(p), n)
}
