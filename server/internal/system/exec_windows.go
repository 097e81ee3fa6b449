//go:build windows

package system

import (
	"io"
	"os"
)

var ioEOF = io.EOF

func exeSuffixes() []string { return []string{".exe", ".bat", ".cmd", ""} }

func isExecutable(os.FileInfo) bool { return true }
