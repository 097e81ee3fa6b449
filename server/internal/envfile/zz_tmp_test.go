package envfile

import (
	"strings"
	"testing"
	"time"
)

func TestZZTmp(t *testing.T) {
	for _, in := range []string{strings.Repeat("A=${A}${A}${A}${A}${A}${A}${A}${A}\n", 200), "A=xxxxxxxxxxxxxxxxxxxxxxxxxxxx\n" + strings.Repeat("A=${A}${A}\n", 100), strings.Repeat("A=${A}x\n", 50000)} {
		st := time.Now()
		Parse([]byte(in), func(string) (string, bool) { return "g", true })
		t.Log(time.Since(st))
	}
}
