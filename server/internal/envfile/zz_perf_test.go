package envfile

import (
	"strings"
	"testing"
	"time"
)

func TestZZPerf(t *testing.T) {
	for name, in := range map[string]string{
		"plain":   "A=" + strings.Repeat("x", 1<<20),
		"subst":   "A=" + strings.Repeat("${A}", 1<<18),
		"bogus":   "A=" + strings.Repeat("${a-", 1<<18),
		"bogus2":  "A=\"" + strings.Repeat("${a-}\\n", 1<<17) + "\"",
		"spaces":  "A=" + strings.Repeat(" ", 1<<20) + "x",
		"spaces2": strings.Repeat(" \u00a0", 1<<18) + "x",
		"nomatch": "A=" + strings.Repeat("x\r", 1<<19) + "x",
		"lines":   strings.Repeat("A=${A}x\n", 1<<17),
		"dollar":  "A=" + strings.Repeat("$a", 1<<19),
		"invalid": "A=" + strings.Repeat("\xff", 1<<20),
		"export":  strings.Repeat("export ", 1<<17) + "=1",
	} {
		st := time.Now()
		e, p := Parse([]byte(in), nil)
		t.Logf("%s: %v entries=%d problems=%d", name, time.Since(st), len(e), len(p))
	}
}
