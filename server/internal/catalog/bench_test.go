package catalog_test

import (
	"path/filepath"
	"testing"

	"github.com/go-env-doctor/go-env-doctor/server/internal/bench/benchws"
	"github.com/go-env-doctor/go-env-doctor/server/internal/catalog"
	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/resolve"
	"github.com/go-env-doctor/go-env-doctor/server/internal/system"
)

// Every offline check on large workspaces (make bench reports these in docs/PERFORMANCE.md):
//
//	go test -run '^$' -bench . -benchmem ./server/internal/catalog
//
// The contexts are resolved once and the files are cached; each iteration runs check.Run with
// catalog.Offline() on a fresh check.Workspace (its per-run caches start empty, as in a real
// diagnosis).

func benchCheck(b *testing.B, o benchws.Options) {
	l, err := benchws.Write(b.TempDir(), o)
	if err != nil {
		b.Fatal(err)
	}
	root, err := filepath.Abs("../../../test/fixtures/goroot")
	if err != nil {
		b.Fatal(err)
	}
	w := system.NewWorld()
	ld, err := l.Load(w, filepath.Join(root, "bin")+":/usr/bin:/bin")
	if err != nil {
		b.Fatal(err)
	}
	ctxs := resolve.Resolve(ld.Input, w)
	checks := catalog.Offline()
	n := 0
	for b.Loop() {
		n = len(check.Run(&check.Workspace{Input: ld.Input, Contexts: ctxs, World: w}, checks))
	}
	b.ReportMetric(float64(n), "findings")
}

func BenchmarkCheck50Folders(b *testing.B) { benchCheck(b, benchws.Options{Folders: 50}) }
func BenchmarkCheck200Launch(b *testing.B) {
	benchCheck(b, benchws.Options{Folders: 1, LaunchConfigs: 200})
}
