package lsp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/sourcegraph/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/goenv"
	"github.com/go-env-doctor/go-env-doctor/server/internal/redact"
	"github.com/go-env-doctor/go-env-doctor/server/internal/system"
)

func (s *Server) executeCommand(ctx context.Context, p *protocol.ExecuteCommandParams) (any, error) {
	if p.Command != CommandGoEnv {
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidParams, Message: "unknown command " + p.Command}
	}
	if len(p.Arguments) != 1 {
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidParams, Message: CommandGoEnv + " takes one argument"}
	}
	var args GoEnvArgs
	if err := json.Unmarshal(p.Arguments[0], &args); err != nil {
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidParams, Message: CommandGoEnv + ": " + err.Error()}
	}
	res, err := s.runGoEnv(ctx, args)
	if err != nil {
		return nil, err
	}
	s.world.Forget(args.File)
	s.schedule()
	return res, nil
}

// validGoEnvArgs refuses anything but what `go env -w/-u` on one go/env file can mean: the
// arguments come back from the editor and must not become a way to run other things.
func validGoEnvArgs(a GoEnvArgs) error {
	if a.File == "" || !filepath.IsAbs(a.File) {
		return errors.New("the go/env file must be an absolute path")
	}
	if (len(a.Set) == 0) == (len(a.Unset) == 0) {
		return errors.New("give either variables to set or variables to unset")
	}
	for k := range a.Set {
		if !goVarName.MatchString(k) {
			return fmt.Errorf("%q is not a variable name", k)
		}
	}
	for _, k := range a.Unset {
		if !goVarName.MatchString(k) {
			return fmt.Errorf("%q is not a variable name", k)
		}
	}
	for k := range a.Env {
		if k != "GOROOT" && k != "GOFLAGS" && k != "GOTOOLCHAIN" {
			return fmt.Errorf("%s may not be overridden for go env", k)
		}
	}
	return nil
}

// runGoEnv runs `go env -w/-u` as the user would, then checks the file says what was asked.
// Without a go binary it applies the same change itself: goenv.Update writes byte for byte
// what `go env -w` writes (tested against the real command).
func (s *Server) runGoEnv(ctx context.Context, a GoEnvArgs) (*GoEnvResult, error) {
	if err := validGoEnvArgs(a); err != nil {
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidParams, Message: err.Error()}
	}
	// Only a regular file: a named pipe there would block this read (and go env) forever.
	before, err := system.ReadRegularFile(a.File)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("cannot read %s: %w", a.File, err)
	}
	if err := checkExpect(a, before); err != nil {
		return nil, err
	}
	undo := undoFor(a, before)

	s.mu.Lock()
	env := s.state.HostEnv
	s.mu.Unlock()
	if len(env) == 0 {
		env = s.opts.Environ()
	}
	// The command line as the user is told about it: built from masked values, since
	// redact.Text on the real one would leave a GOAUTH command's arguments in it.
	shown := &check.GoEnvChange{Set: map[string]string{}, Unset: a.Unset, Env: map[string]string{}}
	for k, v := range a.Set {
		shown.Set[k] = redact.Value(k, v)
	}
	for k, v := range a.Env {
		shown.Env[k] = redact.Value(k, v)
	}
	cmdLine := check.GoEnvCommand(shown)
	goBin := system.LookPath("go", env["PATH"])
	var applied string
	// go env -u GOROOT for a go/env file whose GOROOT is gone needs a working GOROOT; when the
	// fix could name none (a placeholder, or the directory went away since), running go would
	// only fail with "cannot find GOROOT directory".
	badRoot := a.Env["GOROOT"] != "" && !isDir(a.Env["GOROOT"])
	if goBin == "" || badRoot {
		after := goenv.Update(before, a.Set, a.Unset)
		if err := writeFileAtomic(a.File, after); err != nil {
			return nil, err
		}
		why := "no go command on PATH"
		if goBin != "" {
			why = "no working GOROOT to run go with (" + a.Env["GOROOT"] + " is not a directory)"
		}
		applied = why + "; wrote the change `" + cmdLine + "` would make to " + a.File
	} else {
		if err := s.execGoEnv(ctx, goBin, env, a); err != nil {
			return nil, err
		}
		applied = cmdLine
	}
	if err := verifyGoEnv(a); err != nil {
		return nil, err
	}
	return &GoEnvResult{Applied: redact.Text(applied), Undo: undo}, nil
}

func (s *Server) execGoEnv(ctx context.Context, goBin string, env map[string]string, a GoEnvArgs) error {
	args := []string{"env"}
	if len(a.Set) > 0 {
		args = append(args, "-w")
		for _, k := range sortedKeys(a.Set) {
			args = append(args, k+"="+a.Set[k])
		}
	} else {
		args = append(args, "-u")
		args = append(args, a.Unset...)
	}
	ctx, cancel := context.WithTimeout(ctx, goEnvTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, goBin, args...)
	// A go that hangs is killed at the deadline; a child it started that keeps stderr open
	// must not keep Wait from returning.
	cmd.WaitDelay = time.Second
	// A neutral directory: a go.mod in the workspace must not select or download a toolchain.
	cmd.Dir = os.TempDir()
	vars := map[string]string{}
	for k, v := range env {
		vars[k] = v
	}
	vars["GOENV"] = a.File
	touchesToolchain := a.Set["GOTOOLCHAIN"] != "" || slices.Contains(a.Unset, "GOTOOLCHAIN")
	if !touchesToolchain {
		vars["GOTOOLCHAIN"] = "local" // never download a toolchain to edit a file
	}
	for k, v := range a.Env {
		vars[k] = v
	}
	for _, k := range sortedKeys(vars) {
		cmd.Env = append(cmd.Env, k+"="+vars[k])
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return fmt.Errorf("go %s (%s) did not finish within %v and was stopped; %s is unchanged", strings.Join(args[:2], " "), goBin, goEnvTimeout, a.File)
		}
		if errors.Is(ctx.Err(), context.Canceled) {
			return fmt.Errorf("go %s was canceled", strings.Join(args[:2], " "))
		}
		return fmt.Errorf("go %s failed: %v: %s", strings.Join(args[:2], " "), err, redact.Text(strings.TrimSpace(stderr.String())))
	}
	if msg := strings.TrimSpace(stderr.String()); msg != "" {
		s.opts.Logf("go env: %s", redact.Text(msg))
	}
	return nil
}

// verifyGoEnv re-reads the file and checks each variable is as asked.
func verifyGoEnv(a GoEnvArgs) error {
	data, err := system.ReadRegularFile(a.File)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	f := goenv.Parse(a.File, data)
	for k, v := range a.Set {
		if got, ok := f.Lookup(k); !ok || got.Value != v {
			return fmt.Errorf("after go env -w, %s in %s is %q, not the value asked for", k, a.File, redact.Value(k, got.Value))
		}
	}
	for _, k := range a.Unset {
		if _, ok := f.Lookup(k); ok {
			return fmt.Errorf("after go env -u, %s is still set in %s", k, a.File)
		}
	}
	return nil
}

// undoFor is the go env change that restores what the file said before. It expects the file
// to say what this change makes it say: an undo must not clobber a later edit.
func undoFor(a GoEnvArgs, before []byte) *GoEnvArgs {
	f := goenv.Parse(a.File, before)
	u := &GoEnvArgs{File: a.File, Env: a.Env, Expect: map[string]string{}}
	for k, v := range a.Set {
		u.Expect[k] = fingerprint(v, true)
	}
	for _, k := range a.Unset {
		u.Expect[k] = fingerprint("", false)
	}
	for _, k := range append(sortedKeys(a.Set), a.Unset...) {
		if l, ok := f.Lookup(k); ok {
			if u.Set == nil {
				u.Set = map[string]string{}
			}
			u.Set[k] = l.Value
		} else {
			u.Unset = append(u.Unset, k)
		}
	}
	if len(u.Set) > 0 && len(u.Unset) > 0 {
		// One go env call cannot both set and unset; restoring the set part is what matters
		// for -u fixes (the only ones that remove), so keep it.
		u.Unset = nil
	}
	return u
}

func writeFileAtomic(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".go-env-doctor-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// goVarName is the shape of a go command variable; go env -w itself rejects unknown ones.
var goVarName = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)

func sortedKeys(m map[string]string) []string {
	return slices.Sorted(maps.Keys(m))
}
