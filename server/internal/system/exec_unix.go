//go:build !windows

package system

import (
	"io"
	"os"
)

var ioEOF = io.EOF

func exeSuffixes() []string { return []string{""} }

func isExecutable(st os.FileInfo) bool { return st.Mode()&0o111 != 0 }
