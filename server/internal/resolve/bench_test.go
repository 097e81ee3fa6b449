package resolve_test

import (
	"path/filepath"
	"testing"

	"github.com/go-env-doctor/go-env-doctor/server/internal/bench/benchws"
	"github.com/go-env-doctor/go-env-doctor/server/internal/resolve"
	"github.com/go-env-doctor/go-env-doctor/server/internal/system"
)

// Resolution of large workspaces (make bench reports these in docs/PERFORMANCE.md):
//
//	go test -run '^$' -bench . -benchmem ./server/internal/resolve
//
// "Resolve" is resolve.Resolve on a loaded workspace whose files are cached (what the language
// server does after an editor-state change); "LoadResolve" also reads and parses every file
// with an empty cache (what `go-env-doctor check` does).

func benchLayout(b testing.TB, o benchws.Options) (*benchws.Layout, string) {
	b.Helper()
	l, err := benchws.Write(b.TempDir(), o)
	if err != nil {
		b.Fatal(err)
	}
	root, err := filepath.Abs("../../../test/fixtures/goroot")
	if err != nil {
		b.Fatal(err)
	}
	return l, filepath.Join(root, "bin") + ":/usr/bin:/bin"
}

func benchResolve(b *testing.B, o benchws.Options) {
	l, path := benchLayout(b, o)
	w := system.NewWorld()
	ld, err := l.Load(w, path)
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	for b.Loop() {
		n = len(resolve.Resolve(ld.Input, w))
	}
	b.ReportMetric(float64(n), "contexts")
}

func benchLoadResolve(b *testing.B, o benchws.Options) {
	l, path := benchLayout(b, o)
	n := 0
	for b.Loop() {
		w := system.NewWorld()
		ld, err := l.Load(w, path)
		if err != nil {
			b.Fatal(err)
		}
		n = len(resolve.Resolve(ld.Input, w))
	}
	b.ReportMetric(float64(n), "contexts")
}

func BenchmarkResolve50Folders(b *testing.B) { benchResolve(b, benchws.Options{Folders: 50}) }
func BenchmarkResolve200Launch(b *testing.B) {
	benchResolve(b, benchws.Options{Folders: 1, LaunchConfigs: 200})
}
func BenchmarkLoadResolve50Folders(b *testing.B) { benchLoadResolve(b, benchws.Options{Folders: 50}) }
func BenchmarkLoadResolve200Launch(b *testing.B) {
	benchLoadResolve(b, benchws.Options{Folders: 1, LaunchConfigs: 200})
}
