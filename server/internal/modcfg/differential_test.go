package modcfg

// Differential tests: the real go command on this machine must fail with an
// error about the variable exactly when ParseX reports a Fatal problem.
//
// Nothing leaves the machine: HOME, GOENV, XDG_CONFIG_HOME, GOPATH and
// GOMODCACHE point into t.TempDir(), GOTOOLCHAIN=local (except for the
// GOTOOLCHAIN test, which sets GOPROXY=off so no toolchain is downloaded),
// proxies are file:// directories or 127.0.0.1:1, the module looked up is
// 127.0.0.1/m, and HTTP(S)_PROXY=http://127.0.0.1:1 catches any other host
// (net/http never proxies loopback addresses, which are refused locally).

import (
	"archive/zip"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// goSandbox is a private go environment.
type goSandbox struct {
	goBin string
	root  string
	dir   string // a module "tmp" with one package
	env   []string
}

func newGoSandbox(t *testing.T) *goSandbox {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go command: %v", err)
	}
	out, err := exec.Command(goBin, "env", "GOCACHE").Output()
	if err != nil {
		t.Fatalf("go env GOCACHE: %v", err)
	}
	root := t.TempDir()
	s := &goSandbox{goBin: goBin, root: root, dir: filepath.Join(root, "m")}
	for _, d := range []string{"home", "config/go", "gopath", "m", "proxy"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o777); err != nil {
			t.Fatal(err)
		}
	}
	write := func(name, data string) {
		if err := os.WriteFile(filepath.Join(root, name), []byte(data), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	write("config/go/env", "")
	// Telemetry off: otherwise go starts a background process that writes under
	// XDG_CONFIG_HOME while the temporary directory is being removed.
	if err := os.MkdirAll(filepath.Join(root, "config/go/telemetry"), 0o777); err != nil {
		t.Fatal(err)
	}
	write("config/go/telemetry/mode", "off")
	write("m/go.mod", "module tmp\n\ngo 1.21\n")
	write("m/a.go", "package tmp\n")
	s.env = []string{
		"PATH=" + filepath.Dir(goBin), // no go1.X.Y binaries to find
		"HOME=" + filepath.Join(root, "home"),
		"USERPROFILE=" + filepath.Join(root, "home"),
		"XDG_CONFIG_HOME=" + filepath.Join(root, "config"),
		"GOENV=" + filepath.Join(root, "config/go/env"),
		"GOPATH=" + filepath.Join(root, "gopath"),
		"GOMODCACHE=" + filepath.Join(root, "gopath/pkg/mod"),
		"GOCACHE=" + strings.TrimSpace(string(out)),
		"GOTELEMETRY=off",
		"GOSUMDB=off",
		"HTTP_PROXY=http://127.0.0.1:1",
		"HTTPS_PROXY=http://127.0.0.1:1",
		"GIT_TERMINAL_PROMPT=0",
		"CGO_ENABLED=0",
	}
	if runtime.GOOS == "windows" {
		s.env = append(s.env, "SYSTEMROOT="+os.Getenv("SYSTEMROOT"))
	}
	return s
}

// run runs the go command with extra environment settings and returns its
// combined output.
func (s *goSandbox) run(dir string, env []string, args ...string) string {
	cmd := exec.Command(s.goBin, args...)
	cmd.Dir = dir
	cmd.Env = append(append([]string{}, s.env...), env...)
	out, _ := cmd.CombinedOutput()
	return string(out)
}

// setting returns the environment that gives the go command name=v. An
// empty environment variable counts as unset, so "" is written into a go/env
// file of its own instead.
func (s *goSandbox) setting(t *testing.T, i int, name, v string) []string {
	if v != "" {
		return []string{name + "=" + v}
	}
	file := filepath.Join(s.root, fmt.Sprintf("env-%s-%d", name, i))
	if err := os.WriteFile(file, []byte(name+"=\n"), 0o666); err != nil {
		t.Error(err)
	}
	return []string{"GOENV=" + file, name + "="}
}

// each runs f for every value, a few at a time.
func each(values []string, f func(i int, v string)) {
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, v := range values {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			f(i, v)
		}()
	}
	wg.Wait()
}

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

func TestDifferentialGOPROXY(t *testing.T) {
	s := newGoSandbox(t)
	proxyDir := filepath.ToSlash(filepath.Join(filepath.Dir(s.dir), "proxy"))
	fileURL := "file://" + proxyDir
	if runtime.GOOS == "windows" {
		fileURL = "file:///" + proxyDir
	}
	values := []string{
		"", // an empty GOPROXY= line in go/env
		"https://proxy.golang.org,direct",
		"off",
		"direct",
		fileURL,
		fileURL + ",off",
		fileURL + "|" + fileURL + ",direct",
		"http://127.0.0.1:1",
		"127.0.0.1:1",
		"127.0.0.1:1/sub/path",
		"HTTPS://127.0.0.1:1",
		" " + fileURL + " , off ",
		fileURL + ",,off",
		fileURL + ",",
		"off,ftp://x",
		"direct,DIRECT",
		"https://127.0.0.1:1/a b",
		"https://u:p@127.0.0.1:1",
		"file://",
		",",
		" ",
		"|",
		"DIRECT",
		"Off",
		"goproxy",
		"noproxy",
		"/abs/path",
		"ftp://127.0.0.1:1",
		"file://localhost/x",
		"file:///x?a=1",
		"file:/x",
		"file:relative",
		"https://a b",
		`"` + fileURL + `"`,
		`'off'`,
		"http://%zz",
		"https://",
		"http:///x",
		"http://u:p@127.0.0.1:1",
		"http://u@127.0.0.1:1",
		fileURL + ",ftp://x",
		"ftp://x," + fileURL,
		"c:/x",
	}
	each(values, func(i int, v string) {
		out := s.run(s.dir, append([]string{"GOTOOLCHAIN=local", "GOFLAGS=-mod=mod"}, s.setting(t, i, "GOPROXY", v)...), "list", "-m", "-json", "127.0.0.1/m@v1.0.0")
		goFails := containsAny(out, "invalid proxy URL", "GOPROXY list is not the empty string", "invalid file:// proxy URL",
			`parse "`, "refusing to pass credentials", "no Host in request URL")
		_, ps := ParseGOPROXY(v)
		if HasFatal(ps) != goFails {
			t.Errorf("GOPROXY=%q: Fatal=%v, but the go command says:\n%s\nproblems: %+v", v, HasFatal(ps), out, ps)
		}
	})
}

func TestDifferentialGOTOOLCHAIN(t *testing.T) {
	s := newGoSandbox(t)
	values := []string{
		"local", "auto", "path", "local+auto", "local+path",
		runtime.Version(), runtime.Version() + "+auto", runtime.Version() + "+path",
		"go1.22.0", "go1.22.0+auto", "go1.99.0+path", "go1.21.0", "go1.22rc1", "go1.22.0-bigcorp",
		"go1.20", "go1.9", "go1",
		"Local", "AUTO", "Path", "bogus", "foo+auto", "+auto", "+path", "auto+auto", "path+auto",
		"go1.22.0+local", "local+local", "go1.22.0+auto+auto", "go1.22.0+AUTO", "go1.22.0+auto ",
		"go1.22", "go1.21", "go1.22+auto",
		"local ", " go1.22.0", "go1.22.0 ", "go1.22.0\tx", "go1.22.0-big_corp",
		"1.22.0", "gccgo-go1.20.3", "go1.22.0rc1", "go1.22/x", `go1.22\x`, "go2.0", "go2.0+auto",
	}
	each(values, func(i int, v string) {
		out := s.run(s.dir, []string{"GOTOOLCHAIN=" + v, "GOPROXY=off"}, "version")
		goFails := containsAny(out, "invalid GOTOOLCHAIN", "invalid toolchain:", "non-semver module version")
		_, ps := ParseGOTOOLCHAIN(v)
		if HasFatal(ps) != goFails {
			t.Errorf("GOTOOLCHAIN=%q: Fatal=%v, but the go command says:\n%s\nproblems: %+v", v, HasFatal(ps), out, ps)
		}
	})
}

func TestDifferentialGOFLAGS(t *testing.T) {
	s := newGoSandbox(t)
	list := []string{"list", "-m"}
	cases := []struct {
		v   string
		cmd []string
		// elsewhere: cmd accepts v, but another command fails on it, so the
		// problem is still Fatal (and names that command).
		elsewhere string
	}{
		{"-mod=mod", list, ""}, {"--mod=readonly", list, ""}, {"-modcacherw", list, ""}, {"-x=1", list, ""}, {"-v=false", list, ""},
		{"-buildvcs=false", list, ""}, {"-buildvcs=auto", list, ""}, {`"-ldflags=-w -s"`, list, ""}, {"-tags=a,b", list, ""},
		{"-gcflags=all=-N", list, ""}, {"-p=0x10", list, ""}, {"-trimpath -modcacherw", list, ""}, {"-mod=", list, ""},
		{"-count=1", []string{"test", "-run=^$", "."}, ""},
		{"-json=Dir", list, "go build"},                          // go list -json takes fields ...
		{"-json=Dir", []string{"build", "."}, ""},                // ... go build -json is a bool
		{"-insecure", list, "go get"},                            // ignored by go list ...
		{"-insecure", []string{"get", "127.0.0.1/m@v1.0.0"}, ""}, // ... fatal for go get
		{"-mod", list, ""}, {"-mod=bogus", list, ""}, {"-modfile=go.alt", list, ""},
		{"-x=maybe", list, ""}, {"-buildvcs=maybe", list, ""}, {"-compiler=bogus", list, ""}, {"-buildmode=bogus", list, ""}, {"-buildmode=pie", list, ""}, {"-p=abc", list, ""},
		{"-count=abc", []string{"test", "-run=^$", "."}, ""}, {"-timeout=5", []string{"test", "-run=^$", "."}, ""},
		{"-c=yes", []string{"test", "-run=^$", "."}, ""}, {"-c=3", []string{"vet", "."}, "go test"}, {"-c=3", list, "go test"},
		{"-C=/tmp", list, ""}, {"-C", list, ""},
		{"'-x", list, ""}, {`""`, list, ""}, {`-x ''`, list, ""}, {"mod=mod", list, ""}, {"-", list, ""}, {"--", list, ""},
		{"---x", list, ""}, {"-=x", list, ""}, {"--=x", list, ""}, {"-mod mod", list, ""}, {"-unknownflag", list, ""},
		{"-ldflags=-w -s", list, ""}, {"-Mod=mod", list, ""}, {"-printf=false", list, ""},
	}
	values := make([]string, len(cases))
	for i, c := range cases {
		values[i] = c.v
	}
	each(values, func(i int, v string) {
		out := s.run(s.dir, []string{"GOTOOLCHAIN=local", "GOPROXY=off", "GOFLAGS=" + v}, cases[i].cmd...)
		goFails := containsAny(out, "$GOFLAGS", "-insecure flag is no longer supported", "not supported (can be",
			"does not have .mod extension", "buildmode=bogus not supported", "panic:")
		_, ps := ParseGOFLAGS(v)
		if c := cases[i]; c.elsewhere != "" {
			if goFails || !HasFatal(ps) || !strings.Contains(ps[0].Msg, c.elsewhere) {
				t.Errorf("GOFLAGS=%q go %s: want success from go and a Fatal problem naming %s; go says:\n%s\nproblems: %+v", v, strings.Join(c.cmd, " "), c.elsewhere, out, ps)
			}
			return
		}
		if HasFatal(ps) != goFails {
			t.Errorf("GOFLAGS=%q go %s: Fatal=%v, but the go command says:\n%s\nproblems: %+v", v, strings.Join(cases[i].cmd, " "), HasFatal(ps), out, ps)
		}
	})
}

// The claim behind FlagsEmptyField: an empty quoted field in GOFLAGS, written
// into the go/env file, makes go env panic in base.SetFromGOFLAGS, go env -u
// panics too, and other commands report a non-flag.
func TestGOFLAGSEmptyFieldPanics(t *testing.T) {
	s := newGoSandbox(t)
	envFile := filepath.Join(filepath.Dir(s.dir), "config/go/env")
	if err := os.WriteFile(envFile, []byte("GOFLAGS=\"\"\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	local := []string{"GOTOOLCHAIN=local", "GOPROXY=off"}
	for _, args := range [][]string{{"env", "GOFLAGS"}, {"env", "-u", "GOFLAGS"}} {
		if out := s.run(s.dir, local, args...); !strings.Contains(out, "panic:") || !strings.Contains(out, "SetFromGOFLAGS") {
			t.Errorf("go %s with GOFLAGS=\"\" in go/env did not panic in SetFromGOFLAGS:\n%s", strings.Join(args, " "), out)
		}
	}
	if out := s.run(s.dir, local, "list", "."); !strings.Contains(out, `go: parsing $GOFLAGS: non-flag ""`) {
		t.Errorf("go list with GOFLAGS=\"\" in go/env:\n%s", out)
	}
	// The way out the message suggests.
	if out := s.run(s.dir, append(local, "GOFLAGS=-modcacherw"), "env", "-u", "GOFLAGS"); strings.Contains(out, "panic") {
		t.Errorf("GOFLAGS=-modcacherw go env -u GOFLAGS:\n%s", out)
	}
	if data, _ := os.ReadFile(envFile); strings.Contains(string(data), "GOFLAGS") {
		t.Errorf("go/env still has GOFLAGS: %q", data)
	}
}

// Every name in KnownFlags passes InitGOFLAGS of the installed go command
// (go telemetry registers only -C, so SetFromGOFLAGS sets nothing else).
func TestKnownFlagsAcceptedByGo(t *testing.T) {
	s := newGoSandbox(t)
	var fields []string
	for name := range KnownFlags {
		if name != "C" {
			fields = append(fields, "-"+name+"=1")
		}
	}
	out := s.run(s.dir, []string{"GOTOOLCHAIN=local", "GOFLAGS=" + strings.Join(fields, " ")}, "telemetry")
	if strings.Contains(out, "GOFLAGS") {
		t.Errorf("the go command rejects a name of KnownFlags:\n%s", out)
	}
	out = s.run(s.dir, []string{"GOTOOLCHAIN=local", "GOFLAGS=-modcacherw -notaflag"}, "telemetry")
	if !strings.Contains(out, "unknown flag -notaflag") {
		t.Errorf("go telemetry accepted an unknown flag:\n%s", out)
	}
}

// writeFileProxy writes a GOPROXY file tree serving example.com/m v1.0.0 and
// returns its file:// URL.
func writeFileProxy(t *testing.T, dir string) string {
	t.Helper()
	v := filepath.Join(dir, "example.com", "m", "@v")
	if err := os.MkdirAll(v, 0o777); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string]string{
		"list":        "v1.0.0\n",
		"v1.0.0.info": `{"Version":"v1.0.0"}`,
		"v1.0.0.mod":  "module example.com/m\n",
	} {
		if err := os.WriteFile(filepath.Join(v, name), []byte(data), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	f, err := os.Create(filepath.Join(v, "v1.0.0.zip"))
	if err != nil {
		t.Fatal(err)
	}
	z := zip.NewWriter(f)
	w, err := z.Create("example.com/m@v1.0.0/go.mod")
	if err == nil {
		_, err = w.Write([]byte("module example.com/m\n"))
	}
	if err == nil {
		err = z.Close()
	}
	if err2 := f.Close(); err == nil {
		err = err2
	}
	if err != nil {
		t.Fatal(err)
	}
	u := filepath.ToSlash(dir)
	if !strings.HasPrefix(u, "/") {
		u = "/" + u
	}
	return "file://" + u
}

func TestDifferentialGOSUMDB(t *testing.T) {
	s := newGoSandbox(t)
	proxy := writeFileProxy(t, filepath.Join(s.root, "proxy"))
	known := knownGOSUMDB["sum.golang.org"]
	values := []string{
		"", // an empty GOSUMDB= line in go/env
		"off", "sum.golang.org", " sum.golang.org ", "sum.golang.google.cn", known,
		"sum.golang.org https://127.0.0.1:1", "sum.golang.org file:///nonexistent", exampleKey, exampleKey + " http://127.0.0.1:1/db",
		"OFF", " off", " ", "sum.example.com", "a b c", "https://sum.golang.org", "Sum.Golang.Org",
		"sum.golang.google.cn https://127.0.0.1:1", " sum.golang.google.cn", "sum.golang.org+00000000+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8",
		known[:len(known)-1] + "9", "sum.golang.org sum.golang.google.cn", "sum.golang.org http://%zz", "sum.golang.org ftp://127.0.0.1:1",
		"sum.golang.org https://", "sum.golang.org /srv/sumdb", "sum.golang.org 127.0.0.1:1/x", keyFor(t, "sum.example.com/"), keyFor(t, "u@sum.example.com"), keyFor(t, "sum.example.com/sub"),
	}
	each(values, func(i int, v string) {
		env := append([]string{"GOTOOLCHAIN=local", "GOFLAGS=-modcacherw", "GOPROXY=" + proxy,
			"GOMODCACHE=" + filepath.Join(s.root, fmt.Sprintf("modcache-%d", i))}, s.setting(t, i, "GOSUMDB", v)...)
		out := s.run(s.root, env, "mod", "download", "-json", "example.com/m@v1.0.0")
		goFails := containsAny(out, "invalid GOSUMDB", "missing GOSUMDB", "invalid sumdb name", "unsupported scheme", "no Host in request URL")
		_, ps := ParseGOSUMDB(v)
		if HasFatal(ps) != goFails {
			t.Errorf("GOSUMDB=%q: Fatal=%v, but the go command says:\n%s\nproblems: %+v", v, HasFatal(ps), out, ps)
		}
		if v == "off" && strings.Contains(out, `"Error"`) {
			t.Errorf("GOSUMDB=off: the file proxy does not work:\n%s", out)
		}
	})
}

// GOAUTH runs before the first https request (web/http.go calls
// auth.AddCredentials), so a proxy at https://127.0.0.1:1 is enough to make
// the go command judge the value. It reports only the errors runGoAuth
// treats as fatal; a custom command that cannot work fails silently.
func TestDifferentialGOAUTH(t *testing.T) {
	s := newGoSandbox(t)
	dir := s.root // an existing absolute directory
	values := []string{
		"netrc", "off", " off ", "netrc;git " + dir, "git " + dir, "netrc extra", "off now",
		"no-such-helper-xyz --flag 'a b'", "Netrc", "'netrc'", "no-such-helper-xyz 'a", "no-such-helper-xyz $HOME",
		"netrc;", ";", " ", "netrc; ;netrc", "off;netrc", "netrc;off", "off;",
		"git rel", "git", "git " + dir + " extra", `git "` + dir + `"`, "git ~/src",
	}
	goFatal := map[Code]bool{AuthEmptyCommand: true, AuthOffCombined: true, AuthGitDir: true}
	each(values, func(i int, v string) {
		out := s.run(s.dir, []string{"GOTOOLCHAIN=local", "GOFLAGS=-mod=mod", "GOPROXY=https://127.0.0.1:1", "GOAUTH=" + v},
			"list", "-m", "-json", "127.0.0.1/m@v1.0.0")
		goFails := strings.Contains(out, "GOAUTH")
		_, ps := ParseGOAUTH(v)
		fatalHere := false
		for _, p := range ps {
			fatalHere = fatalHere || goFatal[p.Code]
		}
		if fatalHere != goFails {
			t.Errorf("GOAUTH=%q: go-fatal problems=%v, but the go command says:\n%s\nproblems: %+v", v, fatalHere, out, ps)
		}
	})
}
