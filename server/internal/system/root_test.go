package system

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestRootFiles(t *testing.T) {
	outside := t.TempDir()
	writeTestFile(t, filepath.Join(outside, "secret"), "outside the root")
	root := filepath.Join(outside, "machine")
	writeTestFile(t, filepath.Join(root, "proc", "version"), "Linux version 6.1.0")
	writeTestFile(t, filepath.Join(root, "secret"), "inside the root")
	writeTestFile(t, filepath.Join(root, "bin", "go"), "MZ and a lot more")
	r := RootFiles{Root: root}

	for _, p := range []string{"/proc/version", "proc/version", "/proc/./sys/../version", "//proc//version"} {
		if data, err := r.ReadFile(p); err != nil || string(data) != "Linux version 6.1.0" {
			t.Errorf("ReadFile(%q) = %q, %v", p, data, err)
		}
	}
	for _, p := range []string{"/../secret", "../secret", "/proc/../../secret", "/../../../../secret"} {
		if data, err := r.ReadFile(p); err != nil || string(data) != "inside the root" {
			t.Errorf("ReadFile(%q) = %q, %v: must stay inside the root", p, data, err)
		}
	}
	if _, err := r.ReadFile("/missing"); !os.IsNotExist(err) {
		t.Errorf("ReadFile(/missing) error = %v, want not-exist", err)
	}
	if _, err := r.ReadFile("/proc"); err == nil {
		t.Error("ReadFile of a directory succeeded")
	}

	for p, want := range map[string]bool{"/proc": true, "/proc/version": true, "/missing": false, "/../machine": false, "/": true} {
		if got := r.Exists(p); got != want {
			t.Errorf("Exists(%q) = %v, want %v", p, got, want)
		}
	}

	names, err := r.ReadDir("/")
	slices.Sort(names)
	if err != nil || !slices.Equal(names, []string{"bin", "proc", "secret"}) {
		t.Errorf("ReadDir(/) = %q, %v", names, err)
	}
	if _, err := r.ReadDir("/missing"); err == nil {
		t.Error("ReadDir(/missing) succeeded")
	}

	if head, err := r.ReadPrefix("/bin/go", 2); err != nil || string(head) != "MZ" {
		t.Errorf("ReadPrefix(/bin/go, 2) = %q, %v", head, err)
	}
	if head, err := r.ReadPrefix("/proc/version", 100); err != nil || string(head) != "Linux version 6.1.0" {
		t.Errorf("ReadPrefix of a short file = %q, %v", head, err)
	}
	if _, err := r.ReadPrefix("/bin", 2); err == nil {
		t.Error("ReadPrefix of a directory succeeded")
	}
	if _, err := r.ReadPrefix("/missing", 2); err == nil {
		t.Error("ReadPrefix(/missing) succeeded")
	}
}

func TestRootFilesRealSystem(t *testing.T) {
	dir := t.TempDir()
	writeTestFile(t, filepath.Join(dir, "f"), "real")
	for _, root := range []string{"", "/"} {
		if data, err := (RootFiles{Root: root}).ReadFile(filepath.ToSlash(filepath.Join(dir, "f"))); err != nil || string(data) != "real" {
			t.Errorf("RootFiles{%q}.ReadFile = %q, %v; want the real file", root, data, err)
		}
	}
}

func writeTestFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
