package system_test

import (
	"bytes"
	"maps"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/go-env-doctor/go-env-doctor/server/internal/badinput"
	"github.com/go-env-doctor/go-env-doctor/server/internal/procenv"
	"github.com/go-env-doctor/go-env-doctor/server/internal/system"
)

// FuzzParseEnvFile covers the two readers of environment dumps: system.ParseEnvFile
// (--env-file, KEY=VALUE lines or a NUL-separated block) and procenv.ParseEnviron
// (/proc/PID/environ). Properties: no panic; what ParseEnvFile accepts survives a round trip
// through a NUL-separated block, read back identically by both parsers.
func FuzzParseEnvFile(f *testing.F) {
	fixtures, _ := filepath.Abs("../../../test/fixtures")
	for _, pat := range []string{"*.env", "env", "shell.environ"} {
		for _, data := range badinput.Files(fixtures, pat) {
			f.Add(data)
		}
	}
	f.Add([]byte("HOME=/h\nGOPROXY=a,b\r\n# c\n\nGOFLAGS=-x=y=z\n"))
	f.Add([]byte("A=1\x00B=two\nlines\x00=x\x00C\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_ = procenv.ParseEnviron(data)
		env, err := system.ParseEnvFile(data)
		if err != nil {
			return
		}
		var block bytes.Buffer
		keys := make([]string, 0, len(env))
		for k := range env {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		want := map[string]string{}
		for _, k := range keys {
			v := env[k]
			if k == "" || strings.ContainsAny(k, "= \t\x00") || strings.HasPrefix(k, "#") {
				t.Fatalf("accepted key %q", k)
			}
			if strings.Contains(v, "\x00") {
				t.Fatalf("value of %s holds a NUL: %q", k, v)
			}
			if strings.HasSuffix(v, "\r") {
				continue // a trailing CR is trimmed on reading, by design
			}
			want[k] = v
			block.WriteString(k + "=" + v + "\x00")
		}
		if block.Len() == 0 {
			return
		}
		back, err := system.ParseEnvFile(block.Bytes())
		if err != nil {
			t.Fatalf("re-reading %q: %v", block.Bytes(), err)
		}
		if !maps.Equal(back, want) {
			t.Fatalf("round trip: %q → %v, want %v", block.Bytes(), back, want)
		}
		if got := procenv.ParseEnviron(block.Bytes()); !maps.Equal(got, want) {
			t.Fatalf("procenv.ParseEnviron(%q) = %v, want %v", block.Bytes(), got, want)
		}
	})
}
