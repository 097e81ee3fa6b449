// Package badinput is the corpus of malformed inputs (product quality bar "Bad input"): small
// workspaces committed under test/fixtures/badinput, one directory per case, plus cases too big
// or too binary to commit, generated here. The CLI and language-server tests run every case and
// the fuzz targets take their seeds from it. It is test support, not used by the product.
//
// A case directory is laid out like test/fixtures/workspaces: ws/ is the folder opened (or the
// file named by "target"), home/ is $HOME (so home/.config/go/env is the go/env file and
// home/.config/Code/User/settings.json the user settings), and badinput.txt says what the case
// is and what must happen:
//
//	# what the case is (comment lines)
//	broken REL     REL (relative to the case) must be named by a finding or a reported problem
//	target REL     open REL (a folder or a .code-workspace file) instead of ws
//	env KEY=VALUE  an extra variable of the shell (and of the editor host)
//	root REL       read system files under $FIXTURES/REL (e.g. a dev container machine)
//	usage          the CLI may refuse the input itself (exit 2), naming a broken file on stderr
package badinput

import (
	"bufio"
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Case is one malformed-input workspace, materialized in Dir.
type Case struct {
	Name      string
	Dir       string
	Target    string   // relative to Dir
	Broken    []string // relative to Dir
	Env       []string // extra KEY=VALUE of the shell
	Root      string   // relative to the fixtures directory; "" for none
	Usage     bool
	Generated bool
}

// Cases returns the committed cases of fixtures/badinput and the generated ones, written under
// tmp (a directory the caller removes). fixtures is test/fixtures.
func Cases(fixtures, tmp string) ([]Case, error) {
	dir := filepath.Join(fixtures, "badinput")
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []Case
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		c, err := readCase(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	for _, g := range generated {
		c := Case{Name: "gen-" + g.name, Dir: filepath.Join(tmp, g.name), Generated: true, Target: "ws"}
		files, manifest := g.make()
		for rel, data := range files {
			if err := write(filepath.Join(c.Dir, rel), data); err != nil {
				return nil, err
			}
		}
		if err := write(filepath.Join(c.Dir, "ws", "go.mod"), []byte("module example.com/m\n\ngo 1.22\n")); err != nil {
			return nil, err
		}
		if err := parseManifest(&c, manifest); err != nil {
			return nil, fmt.Errorf("generated case %s: %w", g.name, err)
		}
		out = append(out, c)
	}
	return out, nil
}

func readCase(dir string) (Case, error) {
	c := Case{Name: filepath.Base(dir), Dir: dir, Target: "ws"}
	data, err := os.ReadFile(filepath.Join(dir, "badinput.txt"))
	if err != nil {
		return c, err
	}
	if err := parseManifest(&c, string(data)); err != nil {
		return c, fmt.Errorf("%s: %w", dir, err)
	}
	return c, nil
}

func parseManifest(c *Case, text string) error {
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		verb, arg, _ := strings.Cut(line, " ")
		switch verb {
		case "broken":
			c.Broken = append(c.Broken, arg)
		case "target":
			c.Target = arg
		case "env":
			c.Env = append(c.Env, arg)
		case "root":
			c.Root = arg
		case "usage":
			c.Usage = true
		default:
			return fmt.Errorf("badinput.txt: unknown directive %q", line)
		}
	}
	return nil
}

// Files returns the contents of every file of the committed corpus (and of the smaller
// generated cases) whose name matches the glob pattern (e.g. "*.json", "env"), for fuzz seeds.
// Files over 64 KiB are left out: seeds should be small.
func Files(fixtures string, pattern string) [][]byte {
	var out [][]byte
	root := filepath.Join(fixtures, "badinput")
	_ = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		if ok, _ := filepath.Match(pattern, d.Name()); !ok {
			return nil
		}
		if data, err := os.ReadFile(p); err == nil && len(data) <= 64<<10 {
			out = append(out, data)
		}
		return nil
	})
	return out
}

// Hashes fingerprints every file under dir (path → content), to show that a run rewrote
// nothing.
func Hashes(dir string) (map[string]string, error) {
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		out[p] = fmt.Sprintf("%d:%x", len(data), fnv(data))
		return nil
	})
	return out, err
}

// DiffHashes describes how after differs from before ("" when equal).
func DiffHashes(before, after map[string]string) string {
	var diffs []string
	for p, h := range before {
		if a, ok := after[p]; !ok {
			diffs = append(diffs, "removed "+p)
		} else if a != h {
			diffs = append(diffs, "modified "+p)
		}
	}
	for p := range after {
		if _, ok := before[p]; !ok {
			diffs = append(diffs, "created "+p)
		}
	}
	sort.Strings(diffs)
	return strings.Join(diffs, "\n")
}

// fnv is FNV-1a 64: enough to notice a changed file, and no crypto import for a test helper.
func fnv(data []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, b := range data {
		h ^= uint64(b)
		h *= 1099511628211
	}
	return h
}

func write(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}

const (
	settingsPath = "ws/.vscode/settings.json"
	launchPath   = "ws/.vscode/launch.json"
	tasksPath    = "ws/.vscode/tasks.json"
	goenvPath    = "home/.config/go/env"
	userPath     = "home/.config/Code/User/settings.json"
)

// generated are the cases built in code: multi-megabyte, deeply nested or binary inputs.
var generated = []struct {
	name string
	make func() (files map[string][]byte, manifest string)
}{
	// 100k levels of arrays: a recursive parser would exhaust the goroutine stack, which is
	// fatal in Go (not a recoverable panic).
	{"deep-arrays-settings", func() (map[string][]byte, string) {
		return map[string][]byte{settingsPath: deep("{\"go.toolsEnvVars\": ", "[", "]", 100000, "}")}, "broken " + settingsPath
	}},
	{"deep-objects-launch", func() (map[string][]byte, string) {
		return map[string][]byte{launchPath: deep("{\"configurations\": ", "{\"a\":", "}", 100000, "}")}, "broken " + launchPath
	}},
	{"deep-arrays-tasks", func() (map[string][]byte, string) {
		return map[string][]byte{tasksPath: deep("{\"tasks\": ", "[", "]", 100000, "}")}, "broken " + tasksPath
	}},
	{"deep-arrays-workspace-file", func() (map[string][]byte, string) {
		return map[string][]byte{"ws.code-workspace": deep("{\"folders\": [{\"path\": \"ws\"}], \"settings\": ", "[", "]", 100000, "}")},
			"target ws.code-workspace\nusage\nbroken ws.code-workspace"
	}},
	{"deep-arrays-devcontainer", func() (map[string][]byte, string) {
		return map[string][]byte{"ws/.devcontainer/devcontainer.json": deep("{\"remoteEnv\": ", "[", "]", 100000, "}")},
			"root systems/devcontainer/root\nenv REMOTE_CONTAINERS=true\nbroken ws/.devcontainer/devcontainer.json"
	}},
	// Unbalanced: 100k opening brackets and nothing else (a truncated deep file).
	{"deep-unclosed-user-settings", func() (map[string][]byte, string) {
		return map[string][]byte{userPath: bytes.Repeat([]byte("[{\"a\":"), 100000)}, "broken " + userPath
	}},
	// A 1 MiB GOPROXY and a GOFLAGS of 64k flags: parsed, redacted, printed without quadratic
	// work. (Bigger inputs only make the test slower: the limits above are about time per byte.)
	{"huge-string-settings", func() (map[string][]byte, string) {
		v := strings.Repeat("https://proxy.example/", 1<<20/22)
		return map[string][]byte{settingsPath: fmt.Appendf(nil, "{\"go.toolsEnvVars\": {\"GOPROXY\": %q, \"GOFLAGS\": %q}}", v, strings.Repeat("-x ", 64<<10))}, ""
	}},
	// Over the 8 MiB read limit: reported as not read, never loaded whole into a diagnostic.
	{"oversized-settings", func() (map[string][]byte, string) {
		return map[string][]byte{settingsPath: append([]byte("{\"a\": \""), append(bytes.Repeat([]byte("x"), 9<<20), "\"}"...)...)}, "broken " + settingsPath
	}},
	// A 20 MB go/env file (over the read limit).
	{"goenv-20mb", func() (map[string][]byte, string) {
		return map[string][]byte{goenvPath: bytes.Repeat([]byte("GOPROXY=https://proxy.example,direct\n"), 20<<20/37)}, "broken " + goenvPath
	}},
	// A 3 MiB go/env file (under the limit): 100k lines, GOPROXY set 50k times, 50k junk lines.
	// Each line was a finding (with a scan of the file for each): minutes and a 270 MB report.
	{"goenv-3mb-lines", func() (map[string][]byte, string) {
		var b bytes.Buffer
		for i := 0; b.Len() < 3<<20; i++ {
			fmt.Fprintf(&b, "GOPROXY=https://p%d.example,direct\ngarbage line %d\n", i, i)
		}
		return map[string][]byte{goenvPath: b.Bytes()}, "broken " + goenvPath
	}},
	// Random bytes (fixed seed) as go/env, settings.json, launch.json, an env file and go.mod.
	{"binary-junk", func() (map[string][]byte, string) {
		r := rand.New(rand.NewPCG(1, 2))
		junk := func(n int) []byte {
			b := make([]byte, n)
			for i := range b {
				b[i] = byte(r.Uint32())
			}
			return b
		}
		return map[string][]byte{
				goenvPath:     junk(64 << 10),
				settingsPath:  append([]byte(`{"go.testEnvFile": "${workspaceFolder}/junk.env", "x": "`), junk(4096)...),
				launchPath:    junk(4096),
				tasksPath:     append([]byte{0xff, 0xfe}, junk(4096)...),
				"ws/junk.env": junk(64 << 10),
				"ws/go.work":  junk(4096),
			}, "broken " + settingsPath + "\nbroken " + launchPath + "\nbroken " + tasksPath +
				"\nbroken " + goenvPath
	}},
	// A 9 MiB env file (over the limit) and a 1 MiB one of 40k lines.
	{"envfile-huge", func() (map[string][]byte, string) {
		var b bytes.Buffer
		for i := 0; b.Len() < 1<<20; i++ {
			fmt.Fprintf(&b, "export K%d='v%d'\nGOPROXY=\"https://p%d.example\n", i, i, i)
		}
		return map[string][]byte{
			launchPath: []byte(`{"configurations": [{"name": "a", "type": "go", "request": "launch",
				"envFile": ["${workspaceFolder}/big.env", "${workspaceFolder}/huge.env"]}]}`),
			settingsPath:  []byte(`{"go.testEnvFile": "${workspaceFolder}/huge.env"}`),
			"ws/big.env":  b.Bytes(),
			"ws/huge.env": bytes.Repeat([]byte("GOFLAGS=-mod=mod\n"), 9<<20/17+1),
		}, "broken ws/huge.env"
	}},
	// 10k GOPROXY entries, GOPRIVATE with 10k patterns, a 10k-entry NO_PROXY.
	{"values-10k-entries", func() (map[string][]byte, string) {
		var proxy, private, noproxy []string
		for i := range 10000 {
			proxy = append(proxy, fmt.Sprintf("https://p%d.example", i))
			private = append(private, fmt.Sprintf("*.c%d.example", i))
			noproxy = append(noproxy, fmt.Sprintf(".n%d.example", i))
		}
		return map[string][]byte{settingsPath: fmt.Appendf(nil, `{"go.toolsEnvVars": {"GOPROXY": %q, "GOPRIVATE": %q, "NO_PROXY": %q, "HTTPS_PROXY": "::::"}}`,
			strings.Join(proxy, ",")+"|"+strings.Join(proxy, "|"), strings.Join(private, ","), strings.Join(noproxy, ","))}, ""
	}},
	// The shell environment given as a NUL-separated /proc/PID/environ: values can hold newlines,
	// NUL-free control bytes and invalid UTF-8 there.
	{"shell-environ-nul", func() (map[string][]byte, string) {
		return map[string][]byte{"shell.environ": []byte("GOPROXY=https://a.example\n,direct\x00GOFLAGS=-tags='a\nb\x00GOPRIVATE=[\xff\xfe\x00GOTOOLCHAIN=go1.\x01+auto\x00HTTPS_PROXY=::::\x00GOSUMDB=\n\x00")}, ""
	}},
}

// deep is prefix, then open n times, then close n times, then suffix.
func deep(prefix, open, close string, n int, suffix string) []byte {
	var b bytes.Buffer
	b.Grow(len(prefix) + n*(len(open)+len(close)) + len(suffix))
	b.WriteString(prefix)
	for range n {
		b.WriteString(open)
	}
	for range n {
		b.WriteString(close)
	}
	b.WriteString(suffix)
	return b.Bytes()
}
