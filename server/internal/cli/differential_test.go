package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The differential test checks the engine against the real go command: for random process
// environments and user go/env files, the shell context of `explain` must report exactly what
// `go env -json` reports. Each case draws from its own generator seeded with (seed, index), so a
// failing case reproduces with GOENVDOCTOR_DIFF_SEED alone, whatever GOENVDOCTOR_DIFF_N is.

// diffVars are the variables compared; all of them are resolved through cmd/go's fallback.
var diffVars = []string{
	"GOPROXY", "GOSUMDB", "GOPRIVATE", "GONOPROXY", "GONOSUMDB", "GOINSECURE", "GOFLAGS",
	"GOTOOLCHAIN", "GOAUTH", "GOVCS", "GOENV", "GOPATH", "GOMODCACHE", "GOCACHE", "GOBIN",
	"GOROOT", "GO111MODULE",
}

// diffPools are the values a variable may take, in the environment or in the go/env file.
// "<tmp>" stands for the case's temporary directory. GOROOT is never set: go would trust it.
func diffPools(tmp string) map[string][]string {
	p := map[string][]string{
		"GOPROXY":     {"https://proxy.golang.org,direct", "off", "direct", "", "https://a.example|https://b.example", " https://a.example ,direct", `"https://q.example"`},
		"GOSUMDB":     {"sum.golang.org", "off", "", "sum.golang.google.cn"},
		"GOPRIVATE":   {"", "*.corp.example.com", "github.com/acme, gitlab.com/x"},
		"GONOPROXY":   {"", "none", "corp.example.com"},
		"GONOSUMDB":   {"", "none", "corp.example.com"},
		"GOINSECURE":  {"", "*.lan"},
		"GOFLAGS":     {"", "-mod=mod", "-buildvcs=false -modcacherw"},
		"GOTOOLCHAIN": {"local", "auto", "", "path", "local+auto"},
		"GOAUTH":      {"netrc", "off", "", "netrc;git /tmp"},
		"GOVCS":       {"", "private:all"},
		"GOPATH":      {"", "<tmp>/gp1", "<tmp>/gp1:<tmp>/gp2"},
		"GOMODCACHE":  {"", "<tmp>/modcache"},
		"GOCACHE":     {"", "<tmp>/cache", "relative/cache", "off"},
		"GOBIN":       {"", "<tmp>/bin"},
		"GO111MODULE": {"", "on", "auto", "off"},
	}
	for k, vs := range p {
		for i, v := range vs {
			p[k][i] = strings.ReplaceAll(v, "<tmp>", tmp)
		}
	}
	return p
}

// diffCase is one random situation: the OS environment and the user go/env file.
type diffCase struct {
	env      map[string]string
	userFile string // where go looks for the user go/env file; "" with GOENV=off
	userData string // its content; written only when write is set
	write    bool
}

func TestDifferentialShellMatchesGoEnv(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command hundreds of times")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	n := diffEnvInt(t, "GOENVDOCTOR_DIFF_N", 150)
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("GOENVDOCTOR_DIFF_SEED"); s != "" {
		if seed, err = strconv.ParseUint(s, 10, 64); err != nil {
			t.Fatalf("GOENVDOCTOR_DIFF_SEED=%q: %v", s, err)
		}
	}
	t.Logf("seed %d (reproduce with GOENVDOCTOR_DIFF_SEED=%d)", seed, seed)

	pools := diffPools("<tmp>") // only the key set is needed here
	keys := make([]string, 0, len(pools))
	for k := range pools {
		keys = append(keys, k)
	}
	sort.Strings(keys) // map order must not leak into the random stream

	compared, skipped := 0, 0
	for i := 0; i < n; i++ {
		tmp := t.TempDir()
		rng := rand.New(rand.NewPCG(seed, uint64(i)))
		c := diffRandomCase(rng, tmp, filepath.Dir(goBin), keys)
		if err := c.materialize(); err != nil {
			t.Fatal(err)
		}
		want, err := diffGoEnv(goBin, c.env, tmp)
		if err != nil {
			// Some inputs make go itself refuse to run (e.g. GOTOOLCHAIN="local\r" from a CRLF
			// line); there is no reference value to compare against.
			skipped++
			t.Logf("case %d skipped: %v", i, err)
			continue
		}
		got := diffExplain(t, tmp, c.env)
		compared++
		for _, name := range diffVars {
			g, ok := got[name]
			if !ok {
				t.Errorf("seed %d case %d: explain printed no %s", seed, i, name)
				continue
			}
			if g.Value != want[name] {
				t.Errorf("seed %d case %d: %s: go env = %q, explain = %q (layer %s, origin %s)\nenv: %s\ngo/env file %s (written: %v): %q",
					seed, i, name, want[name], g.Value, g.Layer, g.Origin, diffFormatEnv(c.env), c.userFile, c.write, c.userData)
			}
		}
	}
	t.Logf("%d cases: %d compared, %d skipped", n, compared, skipped)
	if n > 0 && compared*4 < n*3 {
		t.Errorf("only %d of %d cases were compared; the generator makes go fail too often", compared, n)
	}
}

// diffRandomCase draws an OS environment and a user go/env file under tmp.
func diffRandomCase(rng *rand.Rand, tmp, goDir string, keys []string) diffCase {
	pools := diffPools(tmp)
	home := filepath.Join(tmp, "home")
	c := diffCase{env: map[string]string{"PATH": goDir + ":/usr/bin:/bin", "HOME": home}}
	switch rng.IntN(4) {
	case 0:
		c.env["GOENV"] = filepath.Join(tmp, "custom", "env")
		c.userFile = c.env["GOENV"]
	case 1:
		c.env["XDG_CONFIG_HOME"] = filepath.Join(tmp, "xdg")
		c.userFile = filepath.Join(tmp, "xdg", "go", "env")
	case 2:
		c.userFile = filepath.Join(home, ".config", "go", "env")
	case 3:
		c.env["GOENV"] = "off"
	}
	if c.userFile != "" && c.env["GOENV"] == "" && rng.IntN(5) == 0 {
		c.env["GOENV"] = "" // an empty GOENV means "unset" to go
	}
	for _, k := range keys {
		if rng.IntN(3) == 0 {
			c.env[k] = diffPick(rng, pools[k])
		}
	}
	if c.userFile != "" && rng.IntN(6) != 0 {
		c.write = true
		c.userData = diffRandomEnvFile(rng, pools, keys)
	}
	return c
}

// diffRandomEnvFile writes go/env lines in every shape cmd/go's readEnvFile accepts or skips.
func diffRandomEnvFile(rng *rand.Rand, pools map[string][]string, keys []string) string {
	var lines []string
	for n := rng.IntN(12); n > 0; n-- {
		k := diffPick(rng, keys)
		v := diffPick(rng, pools[k])
		switch rng.IntN(12) {
		case 0, 1, 2, 3:
			lines = append(lines, k+"="+v)
		case 4: // the last duplicate wins
			lines = append(lines, k+"="+v, k+"="+diffPick(rng, pools[k]))
		case 5: // hides $GOROOT/go.env, yields the built-in default
			lines = append(lines, k+"=")
		case 6: // key "K " is a different key
			lines = append(lines, k+" = "+v)
		case 7:
			lines = append(lines, " "+k+"="+v)
		case 8:
			lines = append(lines, "export "+k+"="+v)
		case 9:
			lines = append(lines, strings.ToLower(k)+"=x")
		case 10:
			lines = append(lines, diffPick(rng, []string{"# comment", "", "   "}))
		case 11: // quotes are kept verbatim
			lines = append(lines, k+`="`+v+`"`)
		}
	}
	crlf := rng.IntN(10) // 0: every line CRLF, 1–2: some lines, else LF only
	var b strings.Builder
	if rng.IntN(8) == 0 {
		b.WriteString("\xef\xbb\xbf") // a BOM hides the first line from go
	}
	for i, l := range lines {
		b.WriteString(l)
		if crlf == 0 || (crlf <= 2 && rng.IntN(2) == 0) {
			b.WriteString("\r")
		}
		if i < len(lines)-1 || rng.IntN(4) != 0 {
			b.WriteString("\n")
		}
	}
	return b.String()
}

// materialize creates the directories and the user go/env file the case describes.
func (c diffCase) materialize() error {
	if err := os.MkdirAll(c.env["HOME"], 0o755); err != nil {
		return err
	}
	// Telemetry off wherever this go looks for its config, or it may start a background
	// process that writes into the temporary directory while it is being removed.
	for _, dir := range []string{filepath.Join(c.env["HOME"], ".config"), c.env["XDG_CONFIG_HOME"]} {
		if dir == "" || !filepath.IsAbs(dir) {
			continue
		}
		mode := filepath.Join(dir, "go", "telemetry", "mode")
		if err := os.MkdirAll(filepath.Dir(mode), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(mode, []byte("off"), 0o644); err != nil {
			return err
		}
	}
	if !c.write {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(c.userFile), 0o755); err != nil {
		return err
	}
	return os.WriteFile(c.userFile, []byte(c.userData), 0o644)
}

// diffGoEnv runs the real `go env -json` with exactly env (nothing of this process leaks in)
// from an empty directory, so no go.mod can trigger a toolchain switch. Naming the variables
// keeps go from computing the cgo settings, which need a build cache and would make every
// GOCACHE=off or relative case fail instead of showing how go reports them.
func diffGoEnv(goBin string, env map[string]string, tmp string) (map[string]string, error) {
	dir := filepath.Join(tmp, "cwd")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	cmd := exec.Command(goBin, append([]string{"env", "-json"}, diffVars...)...)
	cmd.Dir = dir
	cmd.Env = []string{}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go env: %v: %s (env %s)", err, strings.ReplaceAll(strings.TrimSpace(stderr.String()), "\n", " "), diffFormatEnv(env))
	}
	vals := map[string]string{}
	if err := json.Unmarshal(out, &vals); err != nil {
		return nil, fmt.Errorf("go env output: %v", err)
	}
	return vals, nil
}

// diffVar is the part of explain's JSON the test compares and reports.
type diffVar struct{ Value, Layer, Origin string }

// diffExplain runs explain in-process for the shell context, with env as its environment.
func diffExplain(t *testing.T, tmp string, env map[string]string) map[string]diffVar {
	t.Helper()
	envFile := filepath.Join(tmp, "shell.env")
	settings := filepath.Join(tmp, "settings.json")
	ws := filepath.Join(tmp, "ws")
	var lines []string
	for k, v := range env {
		lines = append(lines, k+"="+v)
	}
	sort.Strings(lines)
	for _, err := range []error{
		os.WriteFile(envFile, []byte(strings.Join(lines, "\n")+"\n"), 0o644),
		os.WriteFile(settings, []byte("{}"), 0o644),
		os.MkdirAll(ws, 0o755),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	var stdout, stderr bytes.Buffer
	io := IO{Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }, Environ: func() map[string]string { return nil }}
	args := append([]string{"explain", "--format", "json", "--context", "shell", "--env-file", envFile, "--user-settings", settings, ws}, diffVars...)
	if code := Run(args, io); code != ExitOK {
		t.Fatalf("explain exited %d: %s", code, stderr.String())
	}
	var out struct {
		Contexts []struct {
			ID   string             `json:"id"`
			Vars map[string]diffVar `json:"vars"`
		} `json:"contexts"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		t.Fatalf("explain output: %v\n%s", err, stdout.String())
	}
	if len(out.Contexts) != 1 || out.Contexts[0].ID != "shell" {
		t.Fatalf("want exactly the shell context, got %s", stdout.String())
	}
	return out.Contexts[0].Vars
}

func diffPick[T any](rng *rand.Rand, from []T) T { return from[rng.IntN(len(from))] }

func diffEnvInt(t *testing.T, name string, def int) int {
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		t.Fatalf("%s=%q: want a non-negative integer", name, s)
	}
	return n
}

// diffFormatEnv prints env sorted and quoted, so empty values and spaces are visible.
func diffFormatEnv(env map[string]string) string {
	keys := make([]string, 0, len(env))
	for k := range env {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s=%q", k, env[k])
	}
	return strings.Join(parts, " ")
}
