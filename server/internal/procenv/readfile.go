package procenv

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// readRegular reads a regular file (the files of /proc are regular, of size 0). Opening does
// not wait for a writer, and anything else is refused: a named pipe at Root/proc/PID/environ
// would otherwise block the reader forever.
func readRegular(p string) ([]byte, error) {
	f, err := os.OpenFile(p, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "read", Path: p, Err: errors.New("not a regular file")}
	}
	return io.ReadAll(io.LimitReader(f, 16<<20))
}
