package system

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestChangedSinceRead(t *testing.T) {
	dir := t.TempDir()
	a, missing := filepath.Join(dir, "a.json"), filepath.Join(dir, "later.env")
	if err := os.WriteFile(a, []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	w := NewWorld()
	_, _ = w.ReadFile(a)
	_, _ = w.ReadFile(missing)
	w.SetOverlay(filepath.Join(dir, "open.json"), []byte("{}"))
	_, _ = w.ReadFile(filepath.Join(dir, "open.json"))
	if got := w.ChangedSinceRead(); len(got) != 0 {
		t.Fatalf("nothing changed, got %v", got)
	}
	// Written and created after they were read (before any watch could see it).
	if err := os.WriteFile(a, []byte(`{"go.toolsEnvVars": {}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(missing, []byte("GOPROXY=off\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got := w.ChangedSinceRead()
	slices.Sort(got)
	if want := []string{a, missing}; !slices.Equal(got, want) {
		t.Fatalf("changed = %v, want %v", got, want)
	}
	w.Forget(a, missing)
	_, _ = w.ReadFile(a)
	if got := w.ChangedSinceRead(); len(got) != 0 {
		t.Fatalf("after a fresh read, got %v", got)
	}
}
