package remote

import (
	"strings"
	"testing"
)

func TestDetectWindowsGo(t *testing.T) {
	const pe, elf = "MZ\x90\x00", "\x7fELF\x02"
	bins := memFS{
		"/mnt/c/Program Files/Go/bin/go.exe": pe,
		"/usr/local/go/bin/go":               elf,
		"/usr/local/bin/go":                  pe, // a symlink to go.exe, or a copy
		"/home/alice/bin/go.exe":             "#!/bin/sh\n",
		"/home/alice/go/bin/gopls":           elf, // /home/alice holds a directory named go
		"/opt/winbin/go.exe":                 pe,
		"/opt/unreadable/go":                 unreadable,
		"/win/d/Go/bin/go.exe":               "",
	}
	for _, c := range []struct {
		name, path, want, howMatch string
		conf                       string
	}{
		{name: "Windows go.exe first", path: "/usr/bin:/mnt/c/Program Files/Go/bin:/usr/local/go/bin", want: "/mnt/c/Program Files/Go/bin/go.exe", howMatch: "has go.exe"},
		{name: "Linux go first", path: "/usr/local/go/bin:/mnt/c/Program Files/Go/bin"},
		{name: "a go that is a PE file", path: "/usr/local/bin:/usr/local/go/bin", want: "/usr/local/bin/go", howMatch: "Windows executable"},
		{name: "a Linux go.exe wrapper is skipped", path: "/home/alice/bin:/mnt/c/Program Files/Go/bin", want: "/mnt/c/Program Files/Go/bin/go.exe"},
		{name: "a PE go.exe outside the drives", path: "/opt/winbin", want: "/opt/winbin/go.exe"},
		{name: "a directory named go is not a go", path: "/home/alice:/mnt/c/Program Files/Go/bin", want: "/mnt/c/Program Files/Go/bin/go.exe"},
		{name: "an unreadable go is skipped", path: "/opt/unreadable:/usr/local/go/bin"},
		{name: "empty and relative entries", path: "::.:bin:/mnt/c/Program Files/Go/bin/", want: "/mnt/c/Program Files/Go/bin/go.exe"},
		{name: "custom automount root", path: "/win/d/Go/bin", conf: "[automount]\nroot=/win/\n", want: "/win/d/Go/bin/go.exe"},
		{name: "an empty go.exe outside the drives", path: "/win/d/Go/bin"},
		{name: "no go", path: "/usr/bin:/bin"},
		{name: "no PATH"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := wsl2(bins)
			if c.conf != "" {
				f["/etc/wsl.conf"] = c.conf
			}
			w := Detect(f, envOf(map[string]string{"PATH": c.path}), Editor{}, Options{}).WSL
			if w.WindowsGo != c.want || !strings.Contains(w.WindowsGoHow, c.howMatch) || (w.WindowsGo == "") != (w.WindowsGoHow == "") {
				t.Errorf("WindowsGo = %q (%s), want %q (how containing %q)", w.WindowsGo, w.WindowsGoHow, c.want, c.howMatch)
			}
		})
	}
}
