package remote

import (
	"io/fs"
	"slices"
	"strings"
)

// memFS is an in-memory Files for tests: every key is a file and its parents are directories;
// a key ending in "/" is an empty directory; a file whose content is unreadable exists but
// cannot be read.
type memFS map[string]string

const unreadable = "\x00unreadable"

func (m memFS) ReadFile(p string) ([]byte, error) {
	v, ok := m[p]
	switch {
	case !ok || strings.HasSuffix(p, "/"):
		return nil, fs.ErrNotExist
	case v == unreadable:
		return nil, fs.ErrPermission
	}
	return []byte(v), nil
}

func (m memFS) Exists(p string) bool {
	_, err := m.ReadDir(p)
	_, file := m[p]
	return file || err == nil
}

func (m memFS) ReadDir(p string) ([]string, error) {
	prefix := strings.TrimSuffix(p, "/") + "/"
	var names []string
	found := false
	for k := range m {
		rest, ok := strings.CutPrefix(k, prefix)
		if !ok {
			continue
		}
		found = true
		if name, _, _ := strings.Cut(rest, "/"); name != "" && !slices.Contains(names, name) {
			names = append(names, name)
		}
	}
	if !found {
		return nil, fs.ErrNotExist
	}
	return names, nil
}

// envOf turns a map into the env function Detect takes.
func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// Kernel version strings as the machines print them.
const (
	wsl2Kernel   = "Linux version 5.15.167.4-microsoft-standard-WSL2 (root@f9c826d3017f) (gcc (GCC) 11.2.0, GNU ld (GNU Binutils) 2.37) #1 SMP Tue Nov 5 00:21:55 UTC 2024\n"
	wsl1Kernel   = "Linux version 4.4.0-19041-Microsoft (Microsoft@Microsoft.com) (gcc version 5.4.0 (GCC) ) #4355-Microsoft Thu Apr 12 17:37:00 PST 2024\n"
	debianKernel = "Linux version 6.1.0-28-amd64 (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22)\n"
)

// wsl2 is a minimal WSL2 distribution with interop.
func wsl2(extra memFS) memFS {
	m := memFS{
		"/proc/version":                       wsl2Kernel,
		"/proc/sys/fs/binfmt_misc/WSLInterop": "enabled\ninterpreter /init\nflags: PF\noffset 0\nmagic 4d5a\n",
	}
	for k, v := range extra {
		m[k] = v
	}
	return m
}
