package procenv

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/go-env-doctor/go-env-doctor/server/internal/procenv/proctest"
)

// A real child process with an environment of our choosing is read back from /proc.
func TestEnvironOfARealChild(t *testing.T) {
	pid, _ := proctest.Start(t, "", []string{"GOPROXY=https://proxy.example.com,direct", "GOFLAGS=-mod=mod -tags=a b", "MULTI=line1\nline2", "EMPTY="})

	env, src, err := Reader{}.Environ(pid)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"GOPROXY": "https://proxy.example.com,direct", "GOFLAGS": "-mod=mod -tags=a b", "MULTI": "line1\nline2", "EMPTY": ""}
	if !reflect.DeepEqual(env, want) {
		t.Errorf("env = %q, want %q", env, want)
	}
	if src == "" {
		t.Error("no source")
	}

	list, err := Reader{}.List()
	if err != nil {
		t.Fatal(err)
	}
	kids := Descendants(list, os.Getpid())
	if !slices.ContainsFunc(kids, func(p Proc) bool { return p.PID == pid && p.Name() == "sleep" }) {
		t.Errorf("child %d not among descendants %+v", pid, kids)
	}
}

func TestEnvironErrors(t *testing.T) {
	if _, _, err := (Reader{}).Environ(0); err == nil {
		t.Error("pid 0 accepted")
	}
	if _, _, err := (Reader{GOOS: "linux", Root: t.TempDir()}).Environ(4242); err == nil {
		t.Error("missing process accepted")
	}
	if _, _, err := (Reader{GOOS: "windows"}).Environ(1); err != ErrUnsupported {
		t.Errorf("windows: %v", err)
	}
}

// A fixture /proc under Root: stat with a comm that has spaces and parentheses.
func TestListFromFixtureRoot(t *testing.T) {
	root := t.TempDir()
	write := func(pid, name, data string) {
		d := filepath.Join(root, "proc", pid)
		os.MkdirAll(d, 0o755)
		os.WriteFile(filepath.Join(d, name), []byte(data), 0o644)
	}
	write("10", "stat", "10 (code) S 1 10 10 0")
	write("10", "cmdline", "node\x00server.js\x00")
	write("20", "stat", "20 (gopls (x) y) S 10 20 20 0")
	write("20", "cmdline", "/home/u/go/bin/gopls\x00serve\x00")
	write("20", "environ", "GOPROXY=off\x00HOME=/home/u\x00")
	write("30", "stat", "30 (dlv) S 20 30 30 0")
	write("30", "cmdline", "dlv\x00dap\x00")
	write("40", "stat", "40 (other) S 1 40 40 0")
	os.MkdirAll(filepath.Join(root, "proc", "self"), 0o755)
	r := Reader{GOOS: "linux", Root: root}
	list, err := r.List()
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	for _, p := range Descendants(list, 10) {
		got = append(got, p.PID)
	}
	if !slices.Equal(got, []int{20, 30}) {
		t.Errorf("descendants of 10 = %v", got)
	}
	if list[1].Name() != "gopls" || list[1].PPID != 10 {
		t.Errorf("gopls entry = %+v", list[1])
	}
	env, src, err := r.Environ(20)
	if err != nil || env["GOPROXY"] != "off" || src != "/proc/20/environ" {
		t.Errorf("environ = %v %q %v", env, src, err)
	}
}

// macOS: ps -wwE prints the command line, then NAME=value pairs, unquoted.
func TestParsePSEnv(t *testing.T) {
	for _, tc := range []struct {
		name, full, cmd string
		want            map[string]string
		bad             bool
	}{
		{name: "simple",
			cmd:  "/Users/me/go/bin/gopls serve",
			full: "/Users/me/go/bin/gopls serve GOPROXY=https://proxy.golang.org,direct HOME=/Users/me PATH=/usr/bin:/bin\n",
			want: map[string]string{"GOPROXY": "https://proxy.golang.org,direct", "HOME": "/Users/me", "PATH": "/usr/bin:/bin"}},
		{name: "value with spaces runs on to the next name",
			cmd:  "dlv dap --listen=127.0.0.1:0",
			full: "dlv dap --listen=127.0.0.1:0 GOFLAGS=-mod=mod -tags=integration TERM_PROGRAM=vscode _=/usr/local/bin/dlv",
			want: map[string]string{"GOFLAGS": "-mod=mod -tags=integration", "TERM_PROGRAM": "vscode", "_": "/usr/local/bin/dlv"}},
		{name: "argument that looks like an assignment stays in the command",
			cmd:  "go run . GOPROXY=off",
			full: "go run . GOPROXY=off GOPROXY=https://real.example.com",
			want: map[string]string{"GOPROXY": "https://real.example.com"}},
		{name: "empty value", cmd: "zsh -l", full: "zsh -l GONOSUMDB= LANG=C", want: map[string]string{"GONOSUMDB": "", "LANG": "C"}},
		{name: "no environment", cmd: "launchd", full: "launchd", want: map[string]string{}},
		{name: "command changed", cmd: "a b", full: "c d X=1", bad: true},
	} {
		got, err := ParsePSEnv(tc.full, tc.cmd)
		if tc.bad {
			if err == nil {
				t.Errorf("%s: no error", tc.name)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: got %q, %v; want %q", tc.name, got, err, tc.want)
		}
	}
}

func TestEnvironDarwinUsesPS(t *testing.T) {
	r := Reader{GOOS: "darwin", PS: func(args ...string) ([]byte, error) {
		if args[0] == "-wwE" {
			return []byte("gopls GOPROXY=off\n"), nil
		}
		return []byte("gopls\n"), nil
	}}
	env, src, err := r.Environ(7)
	if err != nil || env["GOPROXY"] != "off" || src != "ps -wwE -p 7" {
		t.Errorf("got %v %q %v", env, src, err)
	}
}
