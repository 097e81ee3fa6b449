package goenv

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
)

func TestUpdateExamples(t *testing.T) {
	cases := []struct {
		name  string
		in    string
		set   map[string]string
		unset []string
		want  string
	}{
		{"empty file", "", map[string]string{"GOPROXY": "direct", "GOFLAGS": "-mod=mod"}, nil,
			"GOFLAGS=-mod=mod\nGOPROXY=direct\n"},
		{"replace in place, keep comments", "# mine\nGOSUMDB=off\nGOPROXY=a\n", map[string]string{"GOPROXY": "b"}, nil,
			"# mine\nGOPROXY=b\nGOSUMDB=off\n"},
		{"duplicates collapse onto the last", "GOPROXY=a\nGOSUMDB=off\nGOPROXY=b\n", map[string]string{"GOPRIVATE": "x"}, nil,
			"GOPRIVATE=x\nGOPROXY=b\nGOSUMDB=off\n"}, // the blanked first line ends the run
		{"GO386 after GO", "GO386=sse2\nGO=1\n", map[string]string{"GOBIN": "/b"}, nil,
			"GO=1\nGO386=sse2\nGOBIN=/b\n"},
		{"missing newline, CRLF kept elsewhere", "GOSUMDB=off\r\nGOPROXY=a", map[string]string{"GOPROXY": "b"}, nil,
			"GOPROXY=b\nGOSUMDB=off\r\n"},
		{"unset blanks the line and splits the run", "C=1\nGOPROXY=a\nB=2\n", nil, []string{"GOPROXY"},
			"C=1\nB=2\n"},
		{"-w then -u", "GOSUMDB=off\n", map[string]string{"GOPROXY": "a", "GOSUMDB": "on"}, []string{"GOSUMDB"},
			"GOPROXY=a\n"},
		{"nothing to do", "b=1\na=2", nil, nil, "b=1\na=2"},
	}
	for _, c := range cases {
		got := string(Update([]byte(c.in), c.set, c.unset))
		if got != c.want {
			t.Errorf("%s: Update(%q, %v, %v) = %q; want %q", c.name, c.in, c.set, c.unset, got, c.want)
		}
	}
}

// writeVars are variables `go env -w` accepts with any value we generate.
var writeVars = []string{"GOPROXY", "GOSUMDB", "GOPRIVATE", "GONOPROXY", "GONOSUMDB", "GOFLAGS", "GOTOOLCHAIN", "GOINSECURE", "GOAUTH", "GOBIN"}

func randomValue(r *rand.Rand, key string) string {
	switch key {
	case "GOFLAGS": // an invalid GOFLAGS would only make later go commands complain
		return pick(r, "", "-mod=mod", "-buildvcs=false", "-trimpath -mod=readonly")
	case "GOTOOLCHAIN":
		return pick(r, "local", "auto", "go1.26.0", "path", "go1.22.0+auto")
	case "GOBIN":
		return pick(r, "", "/opt/bin", "/home/ü/go bin")
	}
	return pick(r, "", "direct", "off", "https://proxy.golang.org,direct", "corp.example.com/*,*.internal",
		"a=b", "x # not a comment", "  spaced  ", "ünïcödé", `"quoted"`, "sum.golang.org", "git.example.com")
}

func pick(r *rand.Rand, s ...string) string { return s[r.IntN(len(s))] }

// randomEnvFile builds a go/env file with the oddities cmd/go has to cope with.
func randomEnvFile(r *rand.Rand) []byte {
	if r.IntN(12) == 0 {
		return nil
	}
	var b strings.Builder
	for n := r.IntN(9); n > 0; n-- {
		key := pick(r, writeVars...)
		var line string
		switch r.IntN(12) {
		case 0:
			line = "# " + pick(r, "comment", "GOPROXY=commented out", "")
		case 1:
			line = ""
		case 2:
			line = strings.ToLower(key) + "=" + randomValue(r, key)
		case 3:
			line = " " + key + "=" + randomValue(r, key)
		case 4:
			line = pick(r, "GO=1", "GO386=sse2", "FOO=bar", "A#B=c", "no equals sign", "=empty key", "export GOPROXY=off")
		default:
			line = key + "=" + randomValue(r, key)
		}
		b.WriteString(line)
		if r.IntN(6) == 0 {
			b.WriteString("\r")
		}
		b.WriteString("\n")
	}
	s := b.String()
	if r.IntN(4) == 0 {
		s = strings.TrimSuffix(s, "\n")
	}
	return []byte(s)
}

type envOp struct {
	set   map[string]string
	unset []string
}

func randomOp(r *rand.Rand) envOp {
	var op envOp
	keys := slices.Clone(writeVars)
	r.Shuffle(len(keys), func(i, j int) { keys[i], keys[j] = keys[j], keys[i] })
	kind := r.IntN(3) // 0: -w, 1: -u, 2: -w then -u
	n := 1 + r.IntN(3)
	if kind != 1 {
		op.set = make(map[string]string)
		for _, k := range keys[:n] {
			op.set[k] = randomValue(r, k)
		}
		keys = keys[n:]
	}
	if kind != 0 {
		op.unset = keys[:1+r.IntN(2)]
		if kind == 2 && r.IntN(2) == 0 {
			for k := range op.set { // also a key that is both set and unset
				op.unset = append(op.unset, k)
				break
			}
		}
	}
	return op
}

// TestUpdateMatchesGoEnv runs the real `go env -w` / `go env -u` on random files, in an
// environment confined to t.TempDir(), and requires Update to write the same bytes.
func TestUpdateMatchesGoEnv(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go command not found")
	}
	const files = 200
	var ops, invocations atomic.Int64
	t.Cleanup(func() {
		if !t.Failed() {
			t.Logf("%d files, %d operations, %d go invocations: all byte-identical", files, ops.Load(), invocations.Load())
		}
	})
	for i := range files {
		r := rand.New(rand.NewPCG(2026, uint64(i)))
		data := randomEnvFile(r)
		var seq []envOp
		for n := 1 + r.IntN(3); n > 0; n-- {
			seq = append(seq, randomOp(r))
		}
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			envFile := filepath.Join(dir, "config", "env")
			if err := os.MkdirAll(filepath.Dir(envFile), 0o777); err != nil {
				t.Fatal(err)
			}
			// Telemetry off: the go command would otherwise start a background process that
			// writes under XDG_CONFIG_HOME while the temporary directory is being removed.
			mode := filepath.Join(dir, "xdg", "go", "telemetry", "mode")
			if err := os.MkdirAll(filepath.Dir(mode), 0o777); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(mode, []byte("off"), 0o666); err != nil {
				t.Fatal(err)
			}
			exists := data != nil
			if exists {
				if err := os.WriteFile(envFile, data, 0o666); err != nil {
					t.Fatal(err)
				}
			}
			env := []string{
				"PATH=" + os.Getenv("PATH"),
				"HOME=" + filepath.Join(dir, "home"),
				"GOENV=" + envFile,
				"XDG_CONFIG_HOME=" + filepath.Join(dir, "xdg"),
				"GOPATH=" + filepath.Join(dir, "gopath"),
				"GOMODCACHE=" + filepath.Join(dir, "gopath", "pkg", "mod"),
				"GOCACHE=" + filepath.Join(dir, "cache"),
				"GOTOOLCHAIN=local",
			}
			run := func(args ...string) {
				invocations.Add(1)
				cmd := exec.Command(goCmd, append([]string{"env"}, args...)...)
				cmd.Dir, cmd.Env = dir, env
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Fatalf("go env %q: %v\n%s", args, err, out)
				}
			}
			want := data
			for _, op := range seq {
				if !exists && len(op.set) == 0 {
					continue // `go env -u` fails when there is no file
				}
				before := want
				got := Update(before, op.set, op.unset)
				if len(op.set) > 0 {
					args := []string{"-w"}
					for k, v := range op.set {
						args = append(args, k+"="+v)
					}
					run(args...)
				}
				if len(op.unset) > 0 {
					run(append([]string{"-u"}, op.unset...)...)
				}
				exists = true
				ops.Add(1)
				var err error
				if want, err = os.ReadFile(envFile); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got, want) {
					t.Fatalf("file %q, -w %q -u %q:\nUpdate  %q\ngo env  %q", before, op.set, op.unset, got, want)
				}
			}
		})
	}
}

func FuzzUpdate(f *testing.F) {
	f.Add([]byte("# c\nGOPROXY=a\r\nGOPROXY=b\ngoproxy=x\n\nGOSUMDB=off"), "GOPROXY", "direct", "GOSUMDB")
	f.Add([]byte(""), "GOFLAGS", "-mod=mod", "GOPROXY")
	f.Add([]byte("GO386=1\nGO=2\n=3\nA#B=4\n"), "GO", "x=y", "GO386")
	f.Add([]byte("0"), "GOPROXY=x", "0", "0") // found by the fuzzer: a key with '=' reads as GOPROXY
	f.Fuzz(func(t *testing.T, data []byte, key, val, unsetKey string) {
		set := map[string]string{key: val, "GOPROXY": "fuzz"}
		unset := []string{unsetKey}
		out := Update(data, set, unset)
		// A last line without "\n" gets one, so output always ends in a newline.
		if len(out) > 0 && out[len(out)-1] != '\n' {
			t.Fatalf("output does not end in a newline: %q", out)
		}
		f := Parse("env", out)
		// Only what `go env -w` accepts and the reader sees is checked: a key that Parse takes as
		// a key and lineToKey agrees on, a value without newline. A key `go env -w` cannot
		// express ("GOPROXY=x": the go command splits at the first '=') writes a line that reads
		// as another key, so with one in the set nothing is checked (callers validate keys).
		valid := func(k string) bool {
			return k != "" && 'A' <= k[0] && k[0] <= 'Z' && !strings.ContainsAny(k, "=#\n")
		}
		if !valid(key) {
			return
		}
		for k, v := range set {
			if k == unsetKey || strings.Contains(v, "\n") {
				continue
			}
			if l, ok := f.Lookup(k); !ok || l.Value != v {
				t.Fatalf("after Update(%q, %q, %q): Lookup(%q) = %q, %v", data, set, unset, k, l.Value, ok)
			}
		}
		if unsetKey != "" && !strings.ContainsAny(unsetKey, "\n") {
			if _, ok := f.Lookup(unsetKey); ok && !strings.Contains(unsetKey, "=") && !strings.Contains(unsetKey, "#") {
				t.Fatalf("after Update(%q, %q, %q): %q still set", data, set, unset, unsetKey)
			}
		}
	})
}
