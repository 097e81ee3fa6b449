package goenvfile

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/check/checktest"
	"github.com/go-env-doctor/go-env-doctor/server/internal/fixes"
	"github.com/go-env-doctor/go-env-doctor/server/internal/goenv"
)

const goenvName = "home/.config/go/env"

// withGoEnv is an archive with only a user go/env file (written byte for byte: CR and BOM kept).
func withGoEnv(content string, more ...string) string {
	return strings.Join(more, "") + "-- " + goenvName + " --\n" + content
}

func preferred(t *testing.T, f check.Finding) check.Fix {
	t.Helper()
	for _, fx := range f.Fixes {
		if fx.Preferred {
			return fx
		}
	}
	t.Fatalf("no preferred fix in %+v", f)
	return check.Fix{}
}

func fixOfKind(t *testing.T, f check.Finding, kind check.FixKind) check.Fix {
	t.Helper()
	for _, fx := range f.Fixes {
		if fx.Kind == kind {
			return fx
		}
	}
	t.Fatalf("no %s fix in %+v", kind, f.Fixes)
	return check.Fix{}
}

// applyAll applies the preferred fix of the first finding until none is left (at most n rounds).
func applyAll(t *testing.T, e *checktest.Env, c check.Check, n int) {
	t.Helper()
	for i := 0; ; i++ {
		fs := e.Run(c)
		if len(fs) == 0 {
			return
		}
		if i == n {
			t.Fatalf("still %d findings after %d fixes: %+v\nfile: %q", len(fs), n, fs, e.Read(goenvName))
		}
		e.Apply(preferred(t, fs[0]))
	}
}

func TestGoenvFileSyntax(t *testing.T) {
	type want struct {
		line, col int
		sev       check.Severity
		gist      []string
	}
	cases := []struct {
		name  string
		file  string
		want  []want
		fixed string // the file after applying every preferred fix
	}{
		{"spaces around =", "GOPROXY = off\n",
			[]want{{1, 8, check.Error, []string{`"GOPROXY "`, "never sees it", "blank before '='"}}},
			"GOPROXY=off\n"},
		{"blank before the value, harmless for GOPROXY", "GOPROXY= https://proxy.golang.org,direct\n",
			[]want{{1, 9, check.Warning, []string{`" https://proxy.golang.org,direct"`, "harmless"}}},
			"GOPROXY=https://proxy.golang.org,direct\n"},
		{"blank before the value of GOSUMDB", "GOSUMDB= off\n",
			[]want{{1, 9, check.Error, []string{`" off"`, "malformed verifier id"}}},
			"GOSUMDB=off\n"},
		{"lowercase key", "goproxy=direct\n",
			[]want{{1, 1, check.Error, []string{"lowercase", "first byte is A–Z"}}},
			"GOPROXY=direct\n"},
		{"mixed-case key", "Goproxy=direct\n",
			[]want{{1, 1, check.Error, []string{`"Goproxy"`, "matches names exactly"}}},
			"GOPROXY=direct\n"},
		{"export", "export GOSUMDB=off\n",
			[]want{{1, 1, check.Error, []string{"`export`", "not a shell script"}}},
			"GOSUMDB=off\n"},
		{"leading whitespace", "  GOPRIVATE=*.corp.example.com\n",
			[]want{{1, 1, check.Error, []string{"starts with a blank"}}},
			"GOPRIVATE=*.corp.example.com\n"},
		{"quoted GOPRIVATE", "GOPRIVATE=\"*.corp.example.com\"\n",
			[]want{{1, 11, check.Error, []string{`"\"*.corp.example.com\""`, "quotes literally", "matches no module path"}}},
			"GOPRIVATE=*.corp.example.com\n"},
		{"quoted GOPROXY", "GOPROXY=\"https://proxy.golang.org,direct\"\n",
			[]want{{1, 9, check.Error, []string{`parse "\"https://proxy.golang.org": first path segment in URL cannot contain colon`}}},
			"GOPROXY=https://proxy.golang.org,direct\n"},
		{"quoted empty GOFLAGS", "GOFLAGS=\"\"\n",
			[]want{{1, 9, check.Error, []string{"panics in base.SetFromGOFLAGS", `non-flag ""`}}},
			"GOFLAGS=\n"},
		{"inline comment", "GOTOOLCHAIN=local # pin it\n",
			[]want{{1, 18, check.Error, []string{"no inline comments", `invalid GOTOOLCHAIN "local # pin it"`}}},
			"GOTOOLCHAIN=local\n"},
		{"BOM hides the first key", "\ufeffGOPROXY=direct\nGOSUMDB=off\n",
			[]want{{1, 1, check.Error, []string{"byte-order mark", "never sees it"}}},
			"GOPROXY=direct\nGOSUMDB=off\n"},
		{"BOM before a comment", "\ufeff# go env\nGOPROXY=direct\n",
			[]want{{1, 1, check.Warning, []string{"byte-order mark", "nothing is lost today"}}},
			"# go env\nGOPROXY=direct\n"},
		{"duplicate with another value", "GOPROXY=https://a.example\nGOSUMDB=off\nGOPROXY=https://b.example\n",
			[]want{{1, 1, check.Error, []string{"line 3 sets GOPROXY again", "last assignment", `last word on GOPROXY is "https://b.example"`}}},
			"GOSUMDB=off\nGOPROXY=https://b.example\n"},
		{"duplicate with the same value", "GOPROXY=direct\nGOPROXY=direct\n",
			[]want{{1, 1, check.Warning, []string{"same value"}}},
			"GOPROXY=direct\n"},
		{"misread last line behind a valid one", "GOPROXY=direct\nGOPROXY = off\n",
			[]want{{2, 8, check.Error, []string{"uses GOPROXY=direct from line 1", `changes the effective GOPROXY from "direct" to "off"`}}},
			"GOPROXY=off\n"},
		{"no '=' but a go variable", "GOPROXY https://proxy.golang.org\n",
			[]want{{1, 1, check.Error, []string{"no '='", "setting of GOPROXY"}}},
			"# GOPROXY https://proxy.golang.org\n"},
		{"no '=' and no go variable", "hello world\n",
			[]want{{1, 1, check.Warning, []string{"no '='"}}},
			"# hello world\n"},
		{"CRLF everywhere", "GOPROXY=https://proxy.golang.org,direct\r\nGOSUMDB=off\r\nGOPRIVATE=*.corp\r\n",
			[]want{{1, 40, check.Error, []string{"3 of 3 lines end in CRLF", `GOSUMDB as "off\r"`, "malformed verifier id", `GOPRIVATE as "*.corp\r"`}}},
			"GOPROXY=https://proxy.golang.org,direct\nGOSUMDB=off\nGOPRIVATE=*.corp\n"},
		{"CRLF where it does not matter", "# written on Windows\r\nGOPROXY=https://proxy.golang.org,direct\r\n",
			[]want{{1, 21, check.Warning, []string{"2 of 2 lines", "No value the go command uses is hurt"}}},
			"# written on Windows\nGOPROXY=https://proxy.golang.org,direct\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := checktest.Load(t, withGoEnv(c.file))
			fs := e.Run(goenvFileSyntax)
			if len(fs) != len(c.want) {
				t.Fatalf("findings = %+v; want %d", fs, len(c.want))
			}
			for i, w := range c.want {
				f := fs[i]
				if f.Check != "goenv-file-syntax" || f.Severity != w.sev {
					t.Errorf("finding %d: %s %s; want %s", i, f.Check, f.Severity, w.sev)
				}
				if f.Location == nil || f.Location.File != e.Path(goenvName) || f.Location.Line != w.line || f.Location.Column != w.col {
					t.Errorf("finding %d: location %+v; want line %d col %d", i, f.Location, w.line, w.col)
				}
				for _, g := range w.gist {
					if !strings.Contains(f.Message, g) {
						t.Errorf("finding %d: message lacks %q:\n%s", i, g, f.Message)
					}
				}
				if strings.Join(f.Contexts, ",") != "shell,terminal,gopls,test,test-debug" {
					t.Errorf("contexts = %v", f.Contexts)
				}
				if p := preferred(t, f); p.Kind != check.Edit || p.File != e.Path(goenvName) {
					t.Errorf("preferred fix = %+v; want an edit of the go/env file", p)
				}
			}
			applyAll(t, e, goenvFileSyntax, 3)
			if got := e.Read(goenvName); got != c.fixed {
				t.Errorf("after the fixes the file is %q; want %q", got, c.fixed)
			}
			if gf := e.WS.GoEnvFiles()[0].File; gf.HasBOM || gf.HasCRLF || len(gf.Ignored) != 0 {
				t.Errorf("re-parsed file still has BOM=%v CRLF=%v ignored=%v", gf.HasBOM, gf.HasCRLF, gf.Ignored)
			}
		})
	}
}

func TestGoenvFileSyntaxCRLFOneFinding(t *testing.T) {
	e := checktest.Load(t, withGoEnv("# mine\r\nGOSUMDB=off\r\nGOTOOLCHAIN=local\r\nGOPRIVATE=*.corp\r\n"))
	fs := e.Run(goenvFileSyntax)
	if len(fs) != 1 {
		t.Fatalf("a CRLF file must give one finding; got %+v", fs)
	}
	fx := preferred(t, fs[0])
	if len(fx.Lines) != 4 {
		t.Errorf("the fix must rewrite every CRLF line: %+v", fx.Lines)
	}
	if !strings.Contains(fs[0].Message, `invalid GOTOOLCHAIN "local\r"`) {
		t.Errorf("message: %s", fs[0].Message)
	}
	e.Apply(fx)
	if got := e.Read(goenvName); got != "# mine\nGOSUMDB=off\nGOTOOLCHAIN=local\nGOPRIVATE=*.corp\n" {
		t.Errorf("after the fix: %q", got)
	}
	gf := e.WS.GoEnvFiles()[0].File
	if l, _ := gf.Lookup("GOSUMDB"); gf.HasCRLF || l.Value != "off" {
		t.Errorf("re-parsed: HasCRLF=%v GOSUMDB=%q", gf.HasCRLF, l.Value)
	}
	if fs := e.Run(goenvFileSyntax); len(fs) != 0 {
		t.Errorf("after the fix: %+v", fs)
	}
}

func TestGoenvFileSyntaxGoEnvW(t *testing.T) {
	// Quoted value: go env -w rewrites that very line, so it is a complete alternative.
	e := checktest.Load(t, withGoEnv("GOPRIVATE=\"*.corp.example.com\"\n"))
	fs := e.Run(goenvFileSyntax)
	if len(fs) != 1 {
		t.Fatalf("findings = %+v", fs)
	}
	w := fixOfKind(t, fs[0], check.GoEnvWrite)
	if w.Preferred || w.GoEnv.Set["GOPRIVATE"] != "*.corp.example.com" || w.Command != "go env -w 'GOPRIVATE=*.corp.example.com'" {
		t.Errorf("go env -w fix = %+v", w)
	}
	e.Apply(w)
	if got := e.Read(goenvName); got != "GOPRIVATE=*.corp.example.com\n" {
		t.Errorf("after go env -w: %q", got)
	}

	// "GOPROXY = off": go env -w keeps the line (its key is "GOPROXY "), so the line stays,
	// now as a dead copy of the same value, and the title says so.
	e = checktest.Load(t, withGoEnv("GOPROXY = off\n"))
	fs = e.Run(goenvFileSyntax)
	w = fixOfKind(t, fs[0], check.GoEnvWrite)
	if !strings.Contains(w.Title, "keeps lines it does not understand") {
		t.Errorf("title should say the line stays: %s", w.Title)
	}
	e.Apply(w)
	// cmd/go sorts the run of KEY=VALUE lines by key, and "GOPROXY" < "GOPROXY ".
	if got := e.Read(goenvName); got != "GOPROXY=off\nGOPROXY = off\n" {
		t.Errorf("after go env -w: %q", got)
	}
	fs = e.Run(goenvFileSyntax)
	if len(fs) != 1 || fs[0].Severity != check.Warning || fs[0].Location.Line != 2 {
		t.Fatalf("after go env -w: %+v", fs)
	}
	applyAll(t, e, goenvFileSyntax, 1)
	if got := e.Read(goenvName); got != "GOPROXY=off\n" {
		t.Errorf("after deleting the dead line: %q", got)
	}

	// Duplicates: go env -w drops the earlier copies itself.
	e = checktest.Load(t, withGoEnv("GOPROXY=https://a.example\nGOPROXY=https://b.example\n"))
	e.Apply(fixOfKind(t, e.Run(goenvFileSyntax)[0], check.GoEnvWrite))
	if got := e.Read(goenvName); got != "GOPROXY=https://b.example\n" {
		t.Errorf("after go env -w: %q", got)
	}

	// GOFLAGS="" makes go env itself panic, so a go env fix runs with a blank GOFLAGS.
	e = checktest.Load(t, withGoEnv("GOFLAGS=\"\"\nGOPROXY = off\n"))
	for _, f := range e.Run(goenvFileSyntax) {
		for _, fx := range f.Fixes {
			if fx.GoEnv != nil && (fx.GoEnv.Env["GOFLAGS"] != " " || !strings.HasPrefix(fx.Command, "GOFLAGS=' ' go env")) {
				t.Errorf("go env fix without a working GOFLAGS: %+v", fx)
			}
		}
	}
}

func TestGoenvFileSyntaxClean(t *testing.T) {
	for name, archive := range map[string]string{
		"no go/env":          ``,
		"default GOPROXY":    withGoEnv("GOPROXY=https://proxy.golang.org,direct\n"),
		"written by go env":  withGoEnv("GOFLAGS=-buildvcs=false\nGOPRIVATE=*.corp.example.com\nGOTOOLCHAIN=local\n"),
		"comments and blank": withGoEnv("# my settings\n\n   \n#GOPROXY=off\n  # indented comment\n"),
		"empty value":        withGoEnv("GOPROXY=\n"),
		"no final newline":   withGoEnv("GOSUMDB=off"),
		"quoted GOFLAGS":     withGoEnv("GOFLAGS=\"-ldflags=-s -w\" -mod=mod\n"),
		"unknown variable":   withGoEnv("MYTOOL_HOME=/opt/x\n"),
		"GOENV=off": withGoEnv("goproxy = off\r\n\"x\n",
			"-- shell.env --\nGOENV=off\n"),
	} {
		if fs := checktest.Load(t, archive).Run(goenvFileSyntax); len(fs) != 0 {
			t.Errorf("%s: %+v", name, fs)
		}
	}
}

// TestGoenvFileSyntaxAgreesWithGo checks the parser and the messages against the real go
// command: what it reads from a misspelt file, what the fixed file gives, and the go1.26
// errors the messages quote.
func TestGoenvFileSyntaxAgreesWithGo(t *testing.T) {
	g := newRealGo(t)
	file := "GOPROXY = off\nGOSUMDB=off\r\nGOPRIVATE=\"*.corp\"\n"
	got := g.env(t, file, "GOPROXY", "GOSUMDB", "GOPRIVATE")
	want := map[string]string{"GOPROXY": g.rootEnv["GOPROXY"], "GOSUMDB": "off\r", "GOPRIVATE": `"*.corp"`}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("go env %s = %q; want %q", k, got[k], v)
		}
	}
	// Our reading of the same bytes agrees with go's.
	e := checktest.Load(t, withGoEnv(file))
	gf := e.WS.GoEnvFiles()[0].File
	for _, k := range []string{"GOSUMDB", "GOPRIVATE"} {
		if l, _ := gf.Lookup(k); l.Value != got[k] {
			t.Errorf("parsed %s = %q; go reads %q", k, l.Value, got[k])
		}
	}
	if _, ok := gf.Lookup("GOPROXY"); ok {
		t.Error("GOPROXY must not be read from \"GOPROXY = off\"")
	}
	applyAll(t, e, goenvFileSyntax, 5)
	fixed := e.Read(goenvName)
	got = g.env(t, fixed, "GOPROXY", "GOSUMDB", "GOPRIVATE")
	want = map[string]string{"GOPROXY": "off", "GOSUMDB": "off", "GOPRIVATE": "*.corp"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("after the fixes (%q) go env %s = %q; want %q", fixed, k, got[k], v)
		}
	}

	// The errors the messages quote.
	for _, c := range []struct{ file, gist string }{
		{"GOPROXY=" + g.proxy + "\nGOSUMDB=off\r\n", "verifying go.mod: invalid GOSUMDB: malformed verifier id"},
		{"GOPROXY=" + g.proxy + "\nGOSUMDB= off\n", "verifying go.mod: invalid GOSUMDB: malformed verifier id"},
		{"GOPROXY=\"https://proxy.golang.org,direct\"\n", `parse "\"https://proxy.golang.org": first path segment in URL cannot contain colon`},
		{"GOPROXY=off\nGOTOOLCHAIN=local\r\n", `go: invalid GOTOOLCHAIN "local\r"`},
		{"GOPROXY=off\nGOFLAGS=\"\"\n", `go: parsing $GOFLAGS: non-flag ""`},
	} {
		if out := g.download(t, c.file); !strings.Contains(out, c.gist) {
			t.Errorf("go with %q: %s\nwant %q", c.file, out, c.gist)
		}
	}
	// GOFLAGS="" makes go env itself panic (so go env -w/-u cannot repair it) ...
	if out, err := g.run(t, "GOPROXY=off\nGOFLAGS=\"\"\n", nil, "env", "-u", "GOFLAGS"); err == nil || !strings.Contains(out, "panic") || !strings.Contains(out, "SetFromGOFLAGS") {
		t.Errorf("go env -u with GOFLAGS=\"\": err=%v\n%s", err, out)
	}
	// ... unless a blank GOFLAGS from the environment wins, as our go env fixes arrange.
	if out, err := g.run(t, "GOPROXY=off\nGOFLAGS=\"\"\n", []string{"GOFLAGS= "}, "env", "-u", "GOFLAGS"); err != nil {
		t.Errorf("GOFLAGS=' ' go env -u GOFLAGS: %v\n%s", err, out)
	}
	// go env -w keeps a "GOPROXY = off" line and appends its own (what the fix title says).
	out, err := g.run(t, "GOPROXY = off\n", nil, "env", "-w", "GOPROXY=off")
	if err != nil {
		t.Fatalf("go env -w: %v\n%s", err, out)
	}
	if data, _ := os.ReadFile(g.goenv); string(data) != "GOPROXY=off\nGOPROXY = off\n" {
		t.Errorf("go env -w wrote %q", data)
	}
}

// realGo runs the installed go command in a sealed environment under a temp dir.
type realGo struct {
	bin, dir, goenv, proxy string
	rootEnv                map[string]string
}

func newRealGo(t *testing.T) *realGo {
	t.Helper()
	if testing.Short() {
		t.Skip("runs the go command")
	}
	bin := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(bin); err != nil {
		if bin, err = exec.LookPath("go"); err != nil {
			t.Skip("no go command")
		}
	}
	dir := t.TempDir()
	g := &realGo{bin: bin, dir: dir, goenv: filepath.Join(dir, "goenv"), rootEnv: map[string]string{}}
	// Telemetry off, or go may start a background process writing into dir during cleanup.
	if err := os.MkdirAll(filepath.Join(dir, "config", "go", "telemetry"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "config", "go", "telemetry", "mode"), []byte("off"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A file:// module proxy with one module, so downloads need no network.
	v := filepath.Join(dir, "proxy", "example.com", "m", "@v")
	write := func(name, s string) {
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(v, "list"), "v1.0.0\n")
	write(filepath.Join(v, "v1.0.0.info"), `{"Version":"v1.0.0"}`)
	write(filepath.Join(v, "v1.0.0.mod"), "module example.com/m\n")
	write(filepath.Join(dir, "mod", "go.mod"), "module x\n\ngo 1.21\n")
	g.proxy = "file://" + filepath.ToSlash(filepath.Join(dir, "proxy"))
	// The real $GOROOT/go.env of this go command (these machines repackage it).
	out, err := exec.Command(bin, "env", "GOROOT").Output()
	if err != nil {
		t.Skipf("go env GOROOT: %v", err)
	}
	if data, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(out)), "go.env")); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if k, v, ok := strings.Cut(line, "="); ok && !strings.HasPrefix(k, "#") {
				g.rootEnv[k] = v
			}
		}
	}
	return g
}

// run writes the user go/env file and runs go with it; the output joins stdout and stderr.
// Every file given must set GOPROXY (to the file proxy or off): tests use no network.
func (g *realGo) run(t *testing.T, goenv string, extra []string, args ...string) (string, error) {
	t.Helper()
	if !strings.Contains(goenv, "GOTOOLCHAIN=") {
		extra = append([]string{"GOTOOLCHAIN=local"}, extra...)
	}
	if err := os.WriteFile(g.goenv, []byte(goenv), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(g.bin, args...)
	cmd.Dir = filepath.Join(g.dir, "mod")
	cmd.Env = append([]string{
		"HOME=" + g.dir, "GOENV=" + g.goenv, "XDG_CONFIG_HOME=" + filepath.Join(g.dir, "config"),
		"GOPATH=" + filepath.Join(g.dir, "gopath"), "GOCACHE=" + filepath.Join(g.dir, "cache"),
		"GOMODCACHE=" + filepath.Join(g.dir, "modcache"), "PATH=" + os.Getenv("PATH"),
	}, extra...)
	var b bytes.Buffer
	cmd.Stdout, cmd.Stderr = &b, &b
	err := cmd.Run()
	return b.String(), err
}

// env is `go env -json keys...` for a go/env file.
func (g *realGo) env(t *testing.T, goenv string, keys ...string) map[string]string {
	t.Helper()
	if err := os.WriteFile(g.goenv, []byte(goenv), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(g.bin, append([]string{"env", "-json"}, keys...)...)
	cmd.Dir = filepath.Join(g.dir, "mod")
	cmd.Env = []string{
		"HOME=" + g.dir, "GOENV=" + g.goenv, "XDG_CONFIG_HOME=" + filepath.Join(g.dir, "config"),
		"GOPATH=" + filepath.Join(g.dir, "gopath"), "GOCACHE=" + filepath.Join(g.dir, "cache"),
		"GOMODCACHE=" + filepath.Join(g.dir, "modcache"), "GOTOOLCHAIN=local", "GOFLAGS=",
	}
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go env -json: %v", err)
	}
	m := map[string]string{}
	if err := json.Unmarshal(out, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// download fetches example.com/m from the file proxy (checking its go.mod against GOSUMDB),
// returning what go prints.
func (g *realGo) download(t *testing.T, goenv string) string {
	t.Helper()
	os.RemoveAll(filepath.Join(g.dir, "modcache")) // read-only files: errors are fine here
	out, _ := g.run(t, goenv, nil, "mod", "download", "example.com/m@v1.0.0")
	return out
}

// FuzzGoenvFileSyntax: on any file, every preferred fix plans cleanly, and applying them one
// after another ends with a file the check has nothing to say about.
func FuzzGoenvFileSyntax(f *testing.F) {
	for _, s := range []string{
		"GOPROXY = off\r\n\ufeffgoproxy=\"x\"\nexport GOSUMDB=off\nGOPROXY=a\nGOPROXY=a\n",
		"\ufeffGOPROXY=x\r\nGOPROXY=y\r\n", "GOFLAGS='' \"\" -x\n", "a\n\nb=c\r", "GOPROXY=x # c\n  GOPROXY=\"y\"",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for round := 0; ; round++ {
			fs := (&envFile{}).findingsOf(data)
			if len(fs) == 0 {
				return
			}
			if round > 2*bytes.Count(data, []byte("\n"))+6 {
				t.Fatalf("no fixpoint after %d rounds: %q: %+v", round, data, fs)
			}
			var fx *check.Fix
			for i := range fs[0].Fixes {
				if fs[0].Fixes[i].Preferred {
					fx = &fs[0].Fixes[i]
				}
			}
			if fx == nil {
				t.Fatalf("no preferred fix: %+v", fs[0])
			}
			fe, err := fixes.Plan(*fx, func(string) ([]byte, error) { return data, nil })
			if err != nil {
				t.Fatalf("%q: plan %+v: %v", data, fx, err)
			}
			data = fe.After
		}
	})
}

// findingsOf runs the syntax analysis on data directly.
func (*envFile) findingsOf(data []byte) []check.Finding {
	gf := goenv.Parse("env", data)
	return readEnvFile("env", data, gf).syntaxFindings()
}
