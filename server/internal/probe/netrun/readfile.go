package netrun

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// readRegular reads a certificate file the way os.ReadFile does, except that opening does not
// wait for a writer and only regular files are read: a named pipe in SSL_CERT_DIR would
// otherwise block the probe forever, beyond every stage's deadline.
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
	return io.ReadAll(io.LimitReader(f, 64<<20))
}
