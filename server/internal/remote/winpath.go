package remote

import (
	"path"
	"strings"
)

// IsWindowsPath reports whether s is an absolute Windows path: a drive letter with a separator
// (C:\ or C:/) or a UNC path (\\server\share). Such a value in a variable read on the WSL side
// came from Windows and means nothing to Linux programs.
func IsWindowsPath(s string) bool {
	if len(s) >= 3 && isASCIILetter(s[0]) && s[1] == ':' && (s[2] == '\\' || s[2] == '/') {
		return true
	}
	return len(s) > 2 && s[0] == '\\' && s[1] == '\\' && s[2] != '\\'
}

// WindowsToWSLPath maps a drive-letter path to where WSL mounts it: C:\a\b → /mnt/c/a/b under
// the default automountRoot ("" means /mnt/). ".." cannot climb out of the drive. UNC paths and
// drive-relative ones (C:a) have no fixed place in WSL: ok is false.
func WindowsToWSLPath(p, automountRoot string) (string, bool) {
	if len(p) < 2 || !isASCIILetter(p[0]) || p[1] != ':' {
		return "", false
	}
	rest := p[2:]
	if rest != "" && rest[0] != '\\' && rest[0] != '/' {
		return "", false
	}
	if automountRoot == "" {
		automountRoot = defaultAutomountRoot
	}
	drive := withSlash(automountRoot) + strings.ToLower(p[:1])
	inDrive := path.Clean("/" + strings.ReplaceAll(rest, `\`, "/"))
	if inDrive == "/" {
		return drive, true
	}
	return drive + inDrive, true
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
