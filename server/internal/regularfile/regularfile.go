// Package regularfile reads files whose paths users and repositories choose — settings, go/env
// and env files, certificates, /proc environ blocks — without trusting them to be files: a named
// pipe left where a settings file is expected would block a plain read forever, a device never
// ends, and a huge file would stall the editor. It is an adapter (it does I/O) with no other
// dependency than model's error type.
package regularfile

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"

	"github.com/go-env-doctor/go-env-doctor/server/internal/model"
)

// Open opens path for reading and checks it is a regular file. Opening does not wait for a
// writer (open_unix.go), so a named pipe is refused instead of blocking.
func Open(path string) (*os.File, error) {
	f, err := openNoBlock(path)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err == nil {
		err = check(path, st.Mode())
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// Read reads a regular file of at most limit bytes; a longer one is a *model.TooLargeError.
// The files of /proc are regular files of size 0 and read fine.
func Read(path string, limit int64) ([]byte, error) {
	f, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var buf bytes.Buffer
	n, err := buf.ReadFrom(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if n > limit {
		return nil, &model.TooLargeError{Path: path, Limit: limit}
	}
	return buf.Bytes(), nil
}

// ReadPrefix reads the first n bytes of a regular file (fewer when it is shorter).
func ReadPrefix(path string, n int) ([]byte, error) {
	f, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	buf := make([]byte, n)
	read, err := io.ReadFull(f, buf)
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		err = nil
	}
	return buf[:read], err
}

func check(path string, m fs.FileMode) error {
	switch {
	case m.IsDir():
		return &fs.PathError{Op: "read", Path: path, Err: errors.New("is a directory")}
	case !m.IsRegular():
		return &fs.PathError{Op: "read", Path: path, Err: errors.New("not a regular file (" + Kind(m) + ")")}
	}
	return nil
}

// Kind names the type of a file that is neither a directory nor a regular file.
func Kind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "mode " + m.String()
}
