package benchws_test

import (
	"path/filepath"
	"testing"

	"github.com/go-env-doctor/go-env-doctor/server/internal/bench/benchws"
	"github.com/go-env-doctor/go-env-doctor/server/internal/catalog"
	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/resolve"
	"github.com/go-env-doctor/go-env-doctor/server/internal/system"
)

// goroot is the repository's stand-in GOROOT (bin/go, go.env, pkg/tool).
func goroot(t *testing.T) string {
	d, err := filepath.Abs("../../../../test/fixtures/goroot")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// The generated workspaces parse without a problem and give the contexts they are meant to.
func TestWorkspacesLoad(t *testing.T) {
	for _, tc := range []struct {
		name     string
		o        benchws.Options
		contexts int
	}{
		// per folder: shell, terminal, gopls, 3 launches, test, test-debug, 2 tasks = 10;
		// the first folder also gets the workspace file's launch configuration and task.
		{"50 folders", benchws.Options{Folders: 50}, 50*10 + 2},
		{"200 launch configurations", benchws.Options{Folders: 1, LaunchConfigs: 200}, 5 + 200 + 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l, err := benchws.Write(t.TempDir(), tc.o)
			if err != nil {
				t.Fatal(err)
			}
			w := system.NewWorld()
			ld, err := l.Load(w, filepath.Join(goroot(t), "bin")+":/usr/bin:/bin")
			if err != nil {
				t.Fatal(err)
			}
			if len(ld.Problems) != 0 {
				t.Fatalf("problems: %v", ld.Problems)
			}
			if len(ld.Input.Folders) != tc.o.Folders {
				t.Errorf("%d folders", len(ld.Input.Folders))
			}
			ctxs := resolve.Resolve(ld.Input, w)
			if len(ctxs) != tc.contexts {
				t.Errorf("%d contexts, want %d", len(ctxs), tc.contexts)
			}
			fs := check.Run(&check.Workspace{Input: ld.Input, Contexts: ctxs, World: w}, catalog.Offline())
			if len(fs) == 0 {
				t.Errorf("no findings: the workspace is meant to have some")
			}
			ids := map[string]int{}
			for _, f := range fs {
				ids[f.Check]++
			}
			t.Logf("%d contexts, %d findings: %v", len(ctxs), len(fs), ids)
		})
	}
}
