//go:build !windows

package regularfile

import (
	"os"
	"syscall"
)

// openNoBlock opens path for reading without waiting: opening a named pipe with no writer
// would otherwise block until one appears (forever, for a FIFO left where a settings file is
// expected). O_NONBLOCK changes nothing for regular files, the only kind that is then read.
func openNoBlock(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
