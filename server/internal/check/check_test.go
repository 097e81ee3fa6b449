package check

import (
	"strings"
	"testing"
)

func TestRunOrdersAndFillsDefaults(t *testing.T) {
	checks := []Check{
		{ID: "b-info", Severity: Info, Run: func(*Workspace) []Finding { return []Finding{{Message: "i"}} }},
		{ID: "a-warning", Severity: Warning, Run: func(*Workspace) []Finding { return []Finding{{Message: "w"}} }},
		{ID: "c-error", Severity: Error, Run: func(*Workspace) []Finding { return []Finding{{Message: "e", Severity: Info}} }},
	}
	got := Run(&Workspace{}, checks)
	var ids []string
	for _, f := range got {
		ids = append(ids, f.Check+"/"+string(f.Severity))
		if f.Fixes == nil || f.Contexts == nil {
			t.Errorf("%s: nil slices would print as null in JSON", f.Check)
		}
	}
	// A finding may lower its check's default severity; order is by severity, then id.
	want := []string{"a-warning/warning", "b-info/info", "c-error/info"}
	if len(ids) != 3 || ids[0] != want[0] || ids[1] != want[1] || ids[2] != want[2] {
		t.Errorf("order = %v; want %v", ids, want)
	}
	if !Failing(got) {
		t.Error("a warning must make check exit 1")
	}
	if Failing(got[1:]) {
		t.Error("info findings alone must not make check fail")
	}
}

func TestGoEnvCommandQuotes(t *testing.T) {
	for _, tc := range []struct {
		c    GoEnvChange
		want string
	}{
		{GoEnvChange{Set: map[string]string{"GOPROXY": "https://proxy.golang.org,direct"}}, "go env -w GOPROXY=https://proxy.golang.org,direct"},
		{GoEnvChange{Set: map[string]string{"GOPROXY": "https://a|https://b"}}, "go env -w 'GOPROXY=https://a|https://b'"},
		{GoEnvChange{Set: map[string]string{"GOFLAGS": "-ldflags='-s'"}}, `go env -w 'GOFLAGS=-ldflags='\''-s'\'''`},
		{GoEnvChange{Unset: []string{"GOROOT"}, Env: map[string]string{"GOROOT": "/usr/local/go"}}, "GOROOT=/usr/local/go go env -u GOROOT"},
	} {
		if got := GoEnvCommand(&tc.c); got != tc.want {
			t.Errorf("GoEnvCommand(%+v) = %s; want %s", tc.c, got, tc.want)
		}
	}
}

// Run's result does not depend on the checks running concurrently: the order is the catalog's
// and a panicking check panics the caller.
func TestRunConcurrentOrderAndPanic(t *testing.T) {
	var checks []Check
	for i := 0; i < 40; i++ {
		id := string(rune('a'+i/26)) + string(rune('a'+i%26))
		checks = append(checks, Check{ID: id, Severity: Info, Run: func(*Workspace) []Finding {
			return []Finding{{Message: id + "1", Folder: "/f"}, {Message: id + "2", Folder: "/f"}}
		}})
	}
	got := Run(&Workspace{}, checks)
	if len(got) != 80 {
		t.Fatalf("%d findings", len(got))
	}
	for i, f := range got {
		if want := checks[i/2].ID + string(rune('1'+i%2)); f.Message != want {
			t.Fatalf("finding %d = %q, want %q", i, f.Message, want)
		}
	}
	checks[7].Run = func(*Workspace) []Finding { panic("boom") }
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), "boom") {
			t.Errorf("recovered %v", r)
		}
	}()
	Run(&Workspace{}, checks)
	t.Error("Run did not panic")
}
