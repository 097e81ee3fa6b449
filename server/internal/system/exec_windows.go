//go:build windows

package system

import (
	"os"
)

func exeSuffixes() []string { return []string{".exe", ".bat", ".cmd", ""} }

func isExecutable(os.FileInfo) bool { return true }
