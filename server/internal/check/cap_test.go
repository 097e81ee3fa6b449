package check

import (
	"strings"
	"testing"
)

// TestCapPerFile: a go/env file of 200k junk lines gave 200k findings (a 270 MB JSON report,
// as many diagnostics). Run keeps MaxPerFile per check and file and sums up the rest.
func TestCapPerFile(t *testing.T) {
	c := Check{ID: "many", Severity: Warning, Run: func(*Workspace) []Finding {
		var out []Finding
		for i := range 1000 {
			out = append(out, Finding{Message: "x", Location: &Location{File: "/a", Line: i + 1}})
		}
		out = append(out, Finding{Message: "y", Location: &Location{File: "/b", Line: 1}}, Finding{Message: "no location"})
		return out
	}}
	got := Run(&Workspace{}, []Check{c})
	byFile := map[string]int{}
	var summary *Finding
	for i, f := range got {
		if f.Location != nil {
			byFile[f.Location.File]++
		}
		if strings.Contains(f.Message, "more many findings") {
			summary = &got[i]
		}
	}
	if byFile["/a"] != MaxPerFile+1 || byFile["/b"] != 1 || len(got) != MaxPerFile+3 {
		t.Errorf("per file %v, %d findings", byFile, len(got))
	}
	if summary == nil || summary.Location.Line != MaxPerFile+1 || !strings.Contains(summary.Message, "900 more") {
		t.Errorf("summary %+v", summary)
	}
}
