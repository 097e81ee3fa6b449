package check

import "testing"

func TestRunOrdersAndFillsDefaults(t *testing.T) {
	saved := registry
	defer func() { registry = saved }()
	registry = nil
	Register(Check{ID: "b-info", Severity: Info, Run: func(*Workspace) []Finding { return []Finding{{Message: "i"}} }})
	Register(Check{ID: "a-warning", Severity: Warning, Run: func(*Workspace) []Finding { return []Finding{{Message: "w"}} }})
	Register(Check{ID: "c-error", Severity: Error, Run: func(*Workspace) []Finding { return []Finding{{Message: "e", Severity: Info}} }})

	got := Run(&Workspace{})
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
