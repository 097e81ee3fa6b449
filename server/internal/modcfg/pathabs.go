package modcfg

import "strings"

// isAbs is path/filepath.IsAbs as compiled for goos, so that a value can be
// judged for the machine the go command runs on (auth/auth.go checks the
// GOAUTH git directory with filepath.IsAbs; modfetch/proxy.go uses it to
// decide whether to prepend "https://").
func isAbs(goos, p string) bool {
	switch goos {
	case "windows":
		return windowsIsAbs(p)
	case "plan9":
		return strings.HasPrefix(p, "/") || strings.HasPrefix(p, "#")
	default:
		return strings.HasPrefix(p, "/")
	}
}

// The functions below port internal/filepathlite/path_windows.go (go1.26.8).
// Copyright 2010 The Go Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found at https://go.dev/LICENSE.

func windowsIsAbs(path string) bool {
	l := windowsVolumeNameLen(path)
	if l == 0 {
		return false
	}
	// If the volume name starts with a double slash, this is an absolute path.
	if isWindowsSep(path[0]) && isWindowsSep(path[1]) {
		return true
	}
	path = path[l:]
	if path == "" {
		return false
	}
	return isWindowsSep(path[0])
}

func isWindowsSep(c uint8) bool { return c == '\\' || c == '/' }

func windowsVolumeNameLen(path string) int {
	switch {
	case len(path) >= 2 && path[1] == ':':
		// Path starts with a drive letter.
		return 2
	case len(path) == 0 || !isWindowsSep(path[0]):
		// Path does not have a volume component.
		return 0
	case windowsHasPrefixFold(path, `\\.\UNC`):
		return windowsUNCLen(path, len(`\\.\UNC\`))
	case windowsHasPrefixFold(path, `\\.`) ||
		windowsHasPrefixFold(path, `\\?`) || windowsHasPrefixFold(path, `\??`):
		// Local Device or Root Local Device path.
		if len(path) == 3 {
			return 3 // exactly \\.
		}
		_, rest, ok := windowsCutPath(path[4:])
		if !ok {
			return len(path)
		}
		return len(path) - len(rest) - 1
	case len(path) >= 2 && isWindowsSep(path[1]):
		// Path starts with \\, and is a UNC path.
		return windowsUNCLen(path, 2)
	}
	return 0
}

func windowsHasPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		if isWindowsSep(prefix[i]) {
			if !isWindowsSep(s[i]) {
				return false
			}
		} else if toUpperASCII(prefix[i]) != toUpperASCII(s[i]) {
			return false
		}
	}
	if len(s) > len(prefix) && !isWindowsSep(s[len(prefix)]) {
		return false
	}
	return true
}

func toUpperASCII(c byte) byte {
	if 'a' <= c && c <= 'z' {
		return c - ('a' - 'A')
	}
	return c
}

func windowsUNCLen(path string, prefixLen int) int {
	count := 0
	for i := prefixLen; i < len(path); i++ {
		if isWindowsSep(path[i]) {
			count++
			if count == 2 {
				return i
			}
		}
	}
	return len(path)
}

func windowsCutPath(path string) (before, after string, found bool) {
	for i := range path {
		if isWindowsSep(path[i]) {
			return path[:i], path[i+1:], true
		}
	}
	return path, "", false
}
