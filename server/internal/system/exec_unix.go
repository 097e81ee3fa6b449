//go:build !windows

package system

import (
	"os"
)

func exeSuffixes() []string { return []string{""} }

func isExecutable(st os.FileInfo) bool { return st.Mode()&0o111 != 0 }
