package resolve_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/go-env-doctor/go-env-doctor/server/internal/bench/benchws"
	"github.com/go-env-doctor/go-env-doctor/server/internal/model"
	"github.com/go-env-doctor/go-env-doctor/server/internal/resolve"
	"github.com/go-env-doctor/go-env-doctor/server/internal/system"
)

// TestCacheEqualsResolve changes one input at a time and compares what the Cache gives with a
// fresh Resolve of the same input, and checks that the folders a change cannot affect are
// taken from the cache and the others are not.
func TestCacheEqualsResolve(t *testing.T) {
	l, path := benchLayout(t, benchws.Options{Folders: 4})
	w := system.NewWorld()
	var c resolve.Cache
	load := func() *resolve.Input {
		t.Helper()
		ld, err := l.Load(w, path)
		if err != nil {
			t.Fatal(err)
		}
		return ld.Input
	}
	rewrite := func(p, old, new string) {
		t.Helper()
		data, err := os.ReadFile(p)
		if err != nil || !strings.Contains(string(data), old) {
			t.Fatalf("%s: %v, or no %q in it", p, err, old)
		}
		if err := os.WriteFile(p, []byte(strings.Replace(string(data), old, new, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
		w.Forget(p)
	}
	var last []*model.Context
	// step resolves in with the cache and checks it against Resolve; reused says, per folder
	// path, whether its contexts must be the ones the previous step returned.
	step := func(name string, in *resolve.Input, reused map[string]bool) {
		t.Helper()
		got := c.Resolve(in, w)
		if want := resolve.Resolve(in, w); !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: the cache gives other contexts than Resolve", name)
		}
		prev := map[[2]string]*model.Context{}
		for _, ctx := range last {
			prev[[2]string{ctx.Folder, ctx.ID}] = ctx
		}
		for _, ctx := range got {
			if want, same := reused[ctx.Folder], prev[[2]string{ctx.Folder, ctx.ID}] == ctx; want != same {
				t.Errorf("%s: %s of %s reused = %v, want %v", name, ctx.ID, filepath.Base(ctx.Folder), same, want)
			}
		}
		last = got
	}
	f := l.Folders
	none := map[string]bool{}
	allBut := func(changed ...string) map[string]bool {
		m := map[string]bool{}
		for _, p := range f {
			m[p] = true
		}
		for _, p := range changed {
			m[p] = false
		}
		return m
	}

	step("first", load(), none)
	step("nothing changed", load(), allBut())
	rewrite(filepath.Join(f[1], ".vscode", "settings.json"), "// folder settings", `"go.toolsEnvVars": { "GOPROXY": "off" },`)
	step("one folder's settings", load(), allBut(f[1]))
	rewrite(filepath.Join(f[2], "dev.env"), "GOFLAGS=-mod=mod", "GOFLAGS=-mod=readonly")
	step("an env file of one folder", load(), allBut(f[2]))
	rewrite(l.UserSettings, `"GONOSUMDB": "corp.example"`, `"GONOSUMDB": "corp.example,other.example"`)
	step("a user setting", load(), none)
	rewrite(l.GoEnv, "GOFLAGS=-mod=mod", "GOFLAGS=-mod=vendor")
	step("the go/env file", load(), none)
	in := load()
	in.Observed = map[string]resolve.Observed{"delve": {Env: map[string]string{"GOPROXY": "https://stale.example"}, Overlay: true, Source: "test"}}
	step("observed processes", in, none)
	in = load()
	in.Observed = map[string]resolve.Observed{"delve": {Env: map[string]string{"GOPROXY": "https://stale.example"}, Overlay: true, Source: "test"}}
	step("the same observed processes", in, allBut())
	in.Folders = in.Folders[:3]
	step("a folder removed", in, none) // the folder count and names are shared inputs
	step("the same folders", in, allBut())
}
