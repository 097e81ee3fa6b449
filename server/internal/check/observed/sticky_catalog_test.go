package observed_test

import (
	"testing"

	"github.com/go-env-doctor/go-env-doctor/server/internal/catalog"
	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/check/checktest"
)

// An old activation copy is one cause, reported once by sticky-extension-env (fix: reload the
// window) — not also as a divergence from the terminal, nor as a go/env line shadowed by "a
// shell variable" whose advice (edit the shell profile) would be wrong. Found end to end.
func TestStickyCopyReportedOnce(t *testing.T) {
	const held = "https://goproxy.one.example.test,direct"
	e := checktest.Load(t, "-- home/.config/go/env --\nGOPROXY=https://goproxy.two.example.test,direct\n"+
		"-- host-live.env --\nHOME=$DIR/home\nGOPROXY="+held+"\nGOPATH=$DIR/home/go\n"+
		"-- observed/gopls.env --\nHOME=$DIR/home\nPATH=$DIR/goroot/bin\nGOPROXY="+held+"\n")
	var ids []string
	for _, f := range check.Run(e.WS, catalog.All()) {
		ids = append(ids, f.Check)
	}
	if len(ids) != 1 || ids[0] != "sticky-extension-env" {
		t.Errorf("findings = %v, want only sticky-extension-env", ids)
	}
}
