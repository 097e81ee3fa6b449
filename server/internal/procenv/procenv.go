// Package procenv reads the environment of running processes — what gopls, dlv, a terminal's
// shell or a task really run with — and the process tree around them.
//
// Linux and WSL: /proc/<pid>/environ, the block the process was started with (later setenv
// calls inside the process do not show, which is what we want for children: their env was
// fixed at exec). macOS: `ps -wwE`, which prints the command line followed by the environment
// (only for the user's own processes). Windows: reported as unsupported, never guessed.
package procenv

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"

	"github.com/go-env-doctor/go-env-doctor/server/internal/regularfile"
)

// maxEnviron bounds one environ block (Linux allows far less); only regular files are read, so
// a named pipe at Root/proc/PID/environ in a fixture cannot block the reader.
const maxEnviron = 16 << 20

// ErrUnsupported: this OS gives no way to read another process's environment.
var ErrUnsupported = errors.New("reading another process's environment is not supported on this OS")

// Reader reads process information. Root prefixes /proc (tests, support bundles); GOOS
// defaults to runtime.GOOS; PS runs ps on macOS (replaceable in tests).
type Reader struct {
	Root string
	GOOS string
	PS   func(args ...string) ([]byte, error)
}

func (r Reader) goos() string {
	if r.GOOS != "" {
		return r.GOOS
	}
	return runtime.GOOS
}

func (r Reader) proc(parts ...string) string {
	return filepath.Join(append([]string{r.Root, "/proc"}, parts...)...)
}

// Environ returns the environment of pid and a description of where it was read.
func (r Reader) Environ(pid int) (map[string]string, string, error) {
	if pid <= 0 {
		return nil, "", fmt.Errorf("invalid process id %d", pid)
	}
	switch r.goos() {
	case "linux":
		p := r.proc(strconv.Itoa(pid), "environ")
		data, err := regularfile.Read(p, maxEnviron)
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				return nil, "", fmt.Errorf("no process %d", pid)
			}
			if errors.Is(err, os.ErrPermission) {
				return nil, "", fmt.Errorf("process %d belongs to another user; its environment cannot be read", pid)
			}
			return nil, "", err
		}
		return ParseEnviron(data), fmt.Sprintf("/proc/%d/environ", pid), nil
	case "darwin":
		ps := r.PS
		if ps == nil {
			ps = runPS
		}
		cmd, err := ps("-ww", "-o", "command=", "-p", strconv.Itoa(pid))
		if err != nil {
			return nil, "", fmt.Errorf("no process %d (ps: %v)", pid, err)
		}
		full, err := ps("-wwE", "-o", "command=", "-p", strconv.Itoa(pid))
		if err != nil {
			return nil, "", fmt.Errorf("ps -E for process %d: %v", pid, err)
		}
		env, err := ParsePSEnv(string(full), string(cmd))
		if err != nil {
			return nil, "", fmt.Errorf("process %d: %w", pid, err)
		}
		return env, fmt.Sprintf("ps -wwE -p %d", pid), nil
	}
	return nil, "", ErrUnsupported
}

func runPS(args ...string) ([]byte, error) {
	return exec.Command("ps", args...).Output()
}

// ParseEnviron parses a NUL-separated environ block; entries without '=' are skipped.
func ParseEnviron(data []byte) map[string]string {
	env := map[string]string{}
	for _, kv := range bytes.Split(data, []byte{0}) {
		if i := bytes.IndexByte(kv, '='); i > 0 {
			env[string(kv[:i])] = string(kv[i+1:])
		}
	}
	return env
}

var envStart = regexp.MustCompile(`(^| )([A-Za-z_][A-Za-z0-9_]*)=`)

// ParsePSEnv splits `ps -wwE -o command=` output (the command line, a space, then NAME=value
// pairs separated by spaces) using the plain command line from `ps -ww -o command=`. ps does
// not quote, so a value with spaces runs on to the next " NAME=": such values come out whole,
// but a value that itself contains " X=" cannot be told apart (rare; said in the docs).
func ParsePSEnv(full, command string) (map[string]string, error) {
	full = strings.TrimRight(full, "\r\n")
	command = strings.TrimRight(command, "\r\n")
	if !strings.HasPrefix(full, command) {
		return nil, errors.New("ps -E output does not start with the command line (the process may have changed)")
	}
	rest := strings.TrimPrefix(full[len(command):], " ")
	env := map[string]string{}
	locs := envStart.FindAllStringSubmatchIndex(rest, -1)
	for i, m := range locs {
		nameStart, nameEnd := m[4], m[5]
		valStart := nameEnd + 1
		valEnd := len(rest)
		if i+1 < len(locs) {
			valEnd = locs[i+1][0]
		}
		if i == 0 && m[0] != 0 {
			return nil, errors.New("unexpected text between the command line and the environment")
		}
		env[rest[nameStart:nameEnd]] = rest[valStart:valEnd]
	}
	return env, nil
}

// Proc is one running process.
type Proc struct {
	PID, PPID int
	Cmdline   []string
}

// Name is the base name of the executable ("gopls", "dlv", "bash").
func (p Proc) Name() string {
	if len(p.Cmdline) == 0 {
		return ""
	}
	return filepath.Base(p.Cmdline[0])
}

// List returns the processes visible in /proc (Linux only), sorted by PID.
func (r Reader) List() ([]Proc, error) {
	if r.goos() != "linux" {
		return nil, ErrUnsupported
	}
	entries, err := os.ReadDir(r.proc())
	if err != nil {
		return nil, err
	}
	var out []Proc
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(r.proc(e.Name(), "stat"))
		if err != nil {
			continue // gone meanwhile
		}
		ppid, ok := parentOf(stat)
		if !ok {
			continue
		}
		cmd, _ := os.ReadFile(r.proc(e.Name(), "cmdline"))
		out = append(out, Proc{PID: pid, PPID: ppid, Cmdline: splitCmdline(cmd)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].PID < out[j].PID })
	return out, nil
}

// parentOf reads the PPID from /proc/<pid>/stat: "pid (comm) state ppid ...", where comm may
// itself contain spaces and parentheses, so parse after the last ')'.
func parentOf(stat []byte) (int, bool) {
	i := bytes.LastIndexByte(stat, ')')
	if i < 0 {
		return 0, false
	}
	f := strings.Fields(string(stat[i+1:]))
	if len(f) < 2 {
		return 0, false
	}
	ppid, err := strconv.Atoi(f[1])
	return ppid, err == nil
}

func splitCmdline(b []byte) []string {
	b = bytes.TrimRight(b, "\x00")
	if len(b) == 0 {
		return nil
	}
	var out []string
	for _, a := range bytes.Split(b, []byte{0}) {
		out = append(out, string(a))
	}
	return out
}

// Descendants returns the processes below pid (children, grandchildren, ...) from list.
func Descendants(list []Proc, pid int) []Proc {
	children := map[int][]Proc{}
	for _, p := range list {
		children[p.PPID] = append(children[p.PPID], p)
	}
	var out []Proc
	queue := []int{pid}
	seen := map[int]bool{pid: true}
	for len(queue) > 0 {
		next := queue[0]
		queue = queue[1:]
		for _, c := range children[next] {
			if !seen[c.PID] {
				seen[c.PID] = true
				out = append(out, c)
				queue = append(queue, c.PID)
			}
		}
	}
	return out
}
