package check

import (
	"slices"
	"testing"

	"github.com/go-env-doctor/go-env-doctor/server/internal/model"
)

// Uses, UsesAcrossFolders and Context are computed once per workspace; what a caller does to
// the groups it gets (checks append, filter and sort their contexts) must not show in the next
// caller's.
func TestCachedLookupsAreIndependentCopies(t *testing.T) {
	v := func(val, file string, line int) *model.Var {
		return &model.Var{Name: "GOPROXY", Value: val, Origin: model.Origin{Layer: "settings", File: file, Line: line}}
	}
	ctx := func(id, folder string, val *model.Var) *model.Context {
		return &model.Context{ID: id, Folder: folder, Vars: map[string]*model.Var{"GOPROXY": val}}
	}
	shared := v("https://a.example", "/u/settings.json", 3)
	cs := []*model.Context{
		ctx("shell", "/a", v("direct", "", 0)), ctx("gopls", "/a", shared), ctx("test", "/a", shared),
		ctx("gopls", "/b", shared), ctx("gopls", "/b", v("off", "/b/.vscode/settings.json", 2)),
	}
	ws := &Workspace{Contexts: cs}
	first := ws.Uses("GOPROXY")
	if len(first) != 4 || len(first[1].Contexts) != 2 {
		t.Fatalf("Uses = %+v", first)
	}
	first[1].Contexts = append(first[1].Contexts[:1], cs[0], cs[0])
	slices.Reverse(first[1].Contexts)
	first[0].Contexts[0] = nil
	again := ws.Uses("GOPROXY")
	if again[0].Contexts[0] != cs[0] || again[1].Contexts[0] != cs[1] || again[1].Contexts[1] != cs[2] || len(again[1].Contexts) != 2 {
		t.Errorf("a caller's changes leaked into the cache: %+v", again[1].Contexts)
	}
	across := ws.UsesAcrossFolders("GOPROXY")
	if len(across) != 3 || len(across[1].Contexts) != 3 || across[1].Folder != "" {
		t.Fatalf("UsesAcrossFolders = %+v", across)
	}
	across[1].Contexts = across[1].Contexts[:0]
	if got := ws.UsesAcrossFolders("GOPROXY"); len(got[1].Contexts) != 3 {
		t.Errorf("UsesAcrossFolders changed by a caller: %+v", got[1].Contexts)
	}
	// The first context with the id wins, as the linear search did.
	if c := ws.Context("/b", "gopls"); c != cs[3] {
		t.Errorf("Context(/b, gopls) = %+v", c)
	}
	if ws.Context("/c", "gopls") != nil || ws.Context("/a", "nope") != nil {
		t.Errorf("Context found something that is not there")
	}
}
