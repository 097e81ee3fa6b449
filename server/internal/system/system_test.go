package system

import (
	"os"
	"path/filepath"
	"testing"
)

// fakeGoroot makes dir/<name> look like a GOROOT with bin/go in it.
func fakeGoroot(t *testing.T, root string) string {
	t.Helper()
	for _, d := range []string{"bin", "pkg/tool"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	goBin := filepath.Join(root, "bin", "go")
	if err := os.WriteFile(goBin, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return goBin
}

func TestDiscoverGoroot(t *testing.T) {
	dir := t.TempDir()
	goBin := fakeGoroot(t, filepath.Join(dir, "lib", "go-1.26"))
	// A distro-style symlink: /usr/bin/go -> /usr/lib/go-1.26/bin/go.
	usrBin := filepath.Join(dir, "usrbin")
	if err := os.MkdirAll(usrBin, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(goBin, filepath.Join(usrBin, "go")); err != nil {
		t.Skip("symlinks not available:", err)
	}
	notExec := filepath.Join(dir, "notexec")
	os.MkdirAll(notExec, 0o755)
	os.WriteFile(filepath.Join(notExec, "go"), []byte("x"), 0o644)

	w := NewWorld()
	for _, c := range []struct{ path, want string }{
		{filepath.Join(dir, "lib", "go-1.26", "bin"), filepath.Join(dir, "lib", "go-1.26")},
		{notExec + string(os.PathListSeparator) + usrBin, filepath.Join(dir, "lib", "go-1.26")},
		{filepath.Join(dir, "nothing"), ""},
	} {
		got, how := w.DiscoverGoroot(c.path)
		if got != c.want {
			t.Errorf("DiscoverGoroot(%q) = %q (%s); want %q", c.path, got, how, c.want)
		}
	}
}

func TestParseEnvFile(t *testing.T) {
	got, err := ParseEnvFile([]byte("# comment\nA=1\r\nB=x=y\n\nC=\n"))
	if err != nil || got["A"] != "1" || got["B"] != "x=y" || got["C"] != "" || len(got) != 3 {
		t.Errorf("got %v, %v", got, err)
	}
	got, err = ParseEnvFile([]byte("A=1\x00B=line\nbreak\x00"))
	if err != nil || got["B"] != "line\nbreak" {
		t.Errorf("NUL-separated: got %v, %v", got, err)
	}
	if _, err := ParseEnvFile([]byte("not an assignment\n")); err == nil {
		t.Error("want an error for a line without =")
	}
}

func TestLoadMultiRootAndUserSettings(t *testing.T) {
	dir := t.TempDir()
	home := filepath.Join(dir, "home")
	write := func(p, s string) {
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(home, ".config", "Code - Insiders", "User", "settings.json"), `{"http.proxy": "http://p"}`)
	write(filepath.Join(home, ".local", "share", "code-server", "User", "settings.json"), `{}`)
	write(filepath.Join(dir, "w.code-workspace"), `{"folders": [{"path": "a"}, {"path": "b", "name": "B"}, {"uri": "vscode-remote://x/y"}], "settings": {}}`)
	write(filepath.Join(dir, "a", ".vscode", "settings.json"), `{"go.toolsEnvVars": {"GOPROXY": "off"}}`)
	write(filepath.Join(dir, "b", ".vscode", "launch.json"), `{"configurations": [{"name": "x", "type": "go", "request": "launch"}]}`)
	env := func(k string) string { return map[string]string{"HOME": home}[k] }
	l, err := Load(NewWorld(), Options{GOOS: "linux", Target: filepath.Join(dir, "w.code-workspace"), Env: env})
	if err != nil {
		t.Fatal(err)
	}
	if l.UserSettings != filepath.Join(home, ".config", "Code - Insiders", "User", "settings.json") || len(l.OtherEditors) != 1 {
		t.Errorf("user settings = %q, others %v", l.UserSettings, l.OtherEditors)
	}
	if len(l.Input.Folders) != 2 || l.Input.Folders[1].Name != "B" || len(l.Input.Folders[1].Launch) != 1 {
		t.Errorf("folders = %+v", l.Input.Folders)
	}
	if len(l.Problems) != 1 {
		t.Errorf("problems = %v (want one: the folder with only a uri)", l.Problems)
	}
	if v, _ := l.Input.Folders[0].Settings.Get("go.toolsEnvVars").Get("GOPROXY"), 0; v == nil || v.Str != "off" {
		t.Errorf("folder settings not read")
	}
}

// An untitled multi-root window has no workspace file: each folder brings its own settings,
// and two folders with the same base name stay apart.
func TestLoadFoldersWithoutWorkspaceFile(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "one", "api"), filepath.Join(dir, "two", "api")
	for _, f := range []string{a, b} {
		if err := os.MkdirAll(filepath.Join(f, ".vscode"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(b, ".vscode", "settings.json"), []byte(`{"go.toolsEnvVars": {"GOPROXY": "off"}}`), 0o644)
	l, err := Load(NewWorld(), Options{GOOS: "linux", Folders: []string{a, b}, NoUserSettings: true, Env: func(string) string { return "" }})
	if err != nil {
		t.Fatal(err)
	}
	if l.Input.User != nil || len(l.Input.Folders) != 2 {
		t.Fatalf("user %v, folders %+v", l.Input.User, l.Input.Folders)
	}
	if l.Input.Folders[0].Name != "api" || l.Input.Folders[1].Name != "api (2)" {
		t.Errorf("names %q, %q", l.Input.Folders[0].Name, l.Input.Folders[1].Name)
	}
	if got := l.Input.Folders[1].Settings.Get("go.toolsEnvVars"); got == nil {
		t.Errorf("the second folder's settings were not read")
	}
}

// Overlays (unsaved editor buffers) win over the disk; Forget drops cached content.
func TestWorldOverlayAndForget(t *testing.T) {
	p := filepath.Join(t.TempDir(), "settings.json")
	os.WriteFile(p, []byte("disk"), 0o644)
	w := NewWorld()
	if got, _ := w.ReadFile(p); string(got) != "disk" {
		t.Fatalf("read %q", got)
	}
	w.SetOverlay(p, []byte("buffer"))
	if got, _ := w.ReadFile(p); string(got) != "buffer" {
		t.Fatalf("overlay: %q", got)
	}
	w.SetOverlay(p, nil)
	os.WriteFile(p, []byte("disk2"), 0o644)
	if got, _ := w.ReadFile(p); string(got) != "disk2" {
		t.Fatalf("after closing the buffer: %q", got)
	}
	os.WriteFile(p, []byte("disk3"), 0o644)
	if got, _ := w.ReadFile(p); string(got) != "disk2" {
		t.Fatalf("cached read changed without Forget: %q", got)
	}
	w.Forget(p)
	if got, _ := w.ReadFile(p); string(got) != "disk3" {
		t.Fatalf("after Forget: %q", got)
	}
	if paths := w.Paths(); len(paths) != 1 || paths[0] != p {
		t.Errorf("paths %v", paths)
	}
}
