package remote

import "testing"

func TestIsWindowsPath(t *testing.T) {
	for s, want := range map[string]bool{
		`C:\Users\alice`: true,
		`c:/go`:          true,
		`C:\`:            true,
		`\\server\share`: true,
		`C:`:             false,
		`C:go`:           false,
		`\\`:             false,
		`\\\x`:           false,
		`/mnt/c/Users`:   false,
		`1:\x`:           false,
		``:               false,
		`https://x`:      false,
	} {
		if got := IsWindowsPath(s); got != want {
			t.Errorf("IsWindowsPath(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestWindowsToWSLPath(t *testing.T) {
	for _, c := range []struct {
		in, root, want string
		ok             bool
	}{
		{`C:\Users\alice`, "/mnt/", "/mnt/c/Users/alice", true},
		{`D:/work/go/`, "", "/mnt/d/work/go", true},
		{`C:\`, "/mnt/", "/mnt/c", true},
		{`C:`, "/mnt/", "/mnt/c", true},
		{`C:\Users\alice`, "/win", "/win/c/Users/alice", true},
		{`C:\Users\alice`, "/", "/c/Users/alice", true},
		{`C:\..\..\etc\passwd`, "/mnt/", "/mnt/c/etc/passwd", true},
		{`C:\Program Files\Go\bin`, "/mnt/", "/mnt/c/Program Files/Go/bin", true},
		{`\\server\share\x`, "/mnt/", "", false},
		{`C:relative`, "/mnt/", "", false},
		{`relative\path`, "/mnt/", "", false},
		{`/home/alice`, "/mnt/", "", false},
		{``, "/mnt/", "", false},
	} {
		got, ok := WindowsToWSLPath(c.in, c.root)
		if got != c.want || ok != c.ok {
			t.Errorf("WindowsToWSLPath(%q, %q) = %q, %v; want %q, %v", c.in, c.root, got, ok, c.want, c.ok)
		}
	}
}
