package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/go-env-doctor/go-env-doctor/server/internal/badinput"
	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
)

// badInputDeadline bounds one command on one case. The slowest cases (multi-megabyte files)
// take well under a second alone; a hang or quadratic blow-up shows up as a failure, not a stuck
// CI. The margin is for a loaded 2-core machine running the race detector.
const badInputDeadline = 30 * time.Second

// TestBadInput runs every case of the malformed-input corpus (test/fixtures/badinput and the
// generated big and binary cases, see package badinput) through `check --format json`,
// `check` (text) and `explain --format json`, in-process, and asserts the "Bad input" quality
// bar: no panic, no hang, exit 0 or 1 (2 only where the case's input is the target or the
// --env-file itself, with a message naming it), every broken file named by a finding or a
// problem, and no file of the case rewritten.
func TestBadInput(t *testing.T) {
	fixtures := fixturesDir(t)
	cases, err := badinput.Cases(fixtures, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) < 40 {
		t.Fatalf("only %d cases", len(cases))
	}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			before, err := badinput.Hashes(c.Dir)
			if err != nil {
				t.Fatal(err)
			}
			envFile := badShellEnv(t, c, fixtures)
			args := []string{"--env-file", envFile, "--no-vscode-go"}
			if c.Root != "" {
				args = append(args, "--root", filepath.Join(fixtures, c.Root))
			}
			target := filepath.Join(c.Dir, c.Target)
			named := func(rel string) string {
				if rel == "shell.env" {
					return envFile
				}
				return filepath.Join(c.Dir, rel)
			}

			code, stdout, stderr := runBounded(t, append(append([]string{"check", "--format", "json"}, args...), target))
			if code == ExitUsage {
				if !c.Usage {
					t.Fatalf("check exited 2 on a case that is not a usage error:\n%s", stderr)
				}
				for _, rel := range c.Broken {
					if !strings.Contains(stderr, named(rel)) {
						t.Errorf("stderr does not name the broken file %s:\n%s", rel, stderr)
					}
				}
				if strings.Count(strings.TrimSpace(stderr), "\n") > 3 || len(stderr) > 2000 {
					t.Errorf("the usage error is not a short clear message (%d bytes):\n%.2000s", len(stderr), stderr)
				}
			} else {
				var res struct {
					Findings []check.Finding `json:"findings"`
					Problems []jsonProblem   `json:"problems"`
				}
				if err := json.Unmarshal([]byte(stdout), &res); err != nil {
					t.Fatalf("check --format json printed invalid JSON (%v):\n%.2000s", err, stdout)
				}
				for _, rel := range c.Broken {
					if !badNamed(named(rel), res.Findings, res.Problems) {
						t.Errorf("no finding or problem names the broken file %s\nfindings: %s\nproblems: %+v", rel, briefFindings(res.Findings), res.Problems)
					}
				}
				for _, p := range res.Problems {
					if p.File == "" || p.Message == "" || len(p.Message) > 500 {
						t.Errorf("unclear problem %+v", p)
					}
				}
				// The text form too (problems on stderr, findings on stdout); not for the big
				// generated inputs, whose cost is in reading them, the same in every format.
				if !c.Generated {
					tcode, _, _ := runBounded(t, append(append([]string{"check"}, args...), target))
					if tcode != code {
						t.Errorf("check (text) exited %d, check --format json %d", tcode, code)
					}
				}
			}

			ecode, eout, eerr := runBounded(t, append(append([]string{"explain", "--format", "json"}, args...), target))
			switch {
			case ecode == ExitUsage && code == ExitUsage:
			case ecode != ExitOK:
				t.Errorf("explain exited %d:\n%s", ecode, eerr)
			case !json.Valid([]byte(eout)):
				t.Errorf("explain --format json printed invalid JSON:\n%.2000s", eout)
			}

			after, err := badinput.Hashes(c.Dir)
			if err != nil {
				t.Fatal(err)
			}
			if d := badinput.DiffHashes(before, after); d != "" {
				t.Errorf("the run changed the case's files:\n%s", d)
			}
		})
	}
}

// badShellEnv writes the shell environment of case c: $HOME is the case's home, PATH has the
// stand-in GOROOT, then the case's env lines and shell.env; a shell.environ file makes it a
// NUL-separated /proc/PID/environ block.
func badShellEnv(t *testing.T, c badinput.Case, fixtures string) string {
	t.Helper()
	lines := append([]string{"HOME=" + filepath.Join(c.Dir, "home"), "PATH=" + filepath.Join(fixtures, "goroot", "bin") + ":/usr/bin:/bin"}, c.Env...)
	var data []byte
	if extra, err := os.ReadFile(filepath.Join(c.Dir, "shell.environ")); err == nil {
		data = append([]byte(strings.Join(lines, "\x00")+"\x00"), extra...)
	} else {
		data = []byte(strings.Join(lines, "\n") + "\n")
		if extra, err := os.ReadFile(filepath.Join(c.Dir, "shell.env")); err == nil {
			data = append(data, extra...)
		}
	}
	p := filepath.Join(t.TempDir(), "shell.env")
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// runBounded runs the CLI in-process with a deadline; a panic fails the test with its stack.
func runBounded(t *testing.T, args []string) (code int, stdout, stderr string) {
	t.Helper()
	type result struct {
		code     int
		out, err string
		panicked string
	}
	done := make(chan result, 1)
	go func() {
		var out, errb bytes.Buffer
		defer func() {
			if r := recover(); r != nil {
				done <- result{panicked: fmt.Sprintf("%v\n%s", r, debug.Stack())}
			}
		}()
		off := false
		code := Run(args, IO{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" },
			Environ: func() map[string]string { return nil }, Color: &off})
		done <- result{code: code, out: out.String(), err: errb.String()}
	}()
	select {
	case r := <-done:
		if r.panicked != "" {
			t.Fatalf("%s panicked: %s", args[0], r.panicked)
		}
		if r.code != ExitOK && r.code != ExitFindings && r.code != ExitUsage {
			t.Fatalf("%s exited %d", args[0], r.code)
		}
		if r.code == ExitUsage && !strings.HasPrefix(r.err, "go-env-doctor: ") {
			t.Errorf("%s exited 2 without saying why: %q", args[0], r.err)
		}
		return r.code, r.out, r.err
	case <-time.After(badInputDeadline):
		t.Fatalf("%s did not finish within %v", strings.Join(args[:1], " "), badInputDeadline)
	}
	return 0, "", ""
}

func badNamed(file string, fs []check.Finding, ps []jsonProblem) bool {
	for _, f := range fs {
		if f.Location != nil && f.Location.File == file {
			return true
		}
	}
	for _, p := range ps {
		if p.File == file {
			return true
		}
	}
	return false
}

func briefFindings(fs []check.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		loc := ""
		if f.Location != nil {
			loc = fmt.Sprintf("%s:%d", f.Location.File, f.Location.Line)
		}
		fmt.Fprintf(&b, "\n  %s %s %.120s", f.Check, loc, f.Message)
	}
	return b.String()
}
