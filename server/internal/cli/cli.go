// Package cli implements the go-env-doctor command line: flag parsing, loading the workspace
// through the system adapters, and rendering results. The stable contract is product.md's.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/go-env-doctor/go-env-doctor/server/internal/model"
	"github.com/go-env-doctor/go-env-doctor/server/internal/procenv"
	"github.com/go-env-doctor/go-env-doctor/server/internal/redact"
	"github.com/go-env-doctor/go-env-doctor/server/internal/remote"
	"github.com/go-env-doctor/go-env-doctor/server/internal/resolve"
	"github.com/go-env-doctor/go-env-doctor/server/internal/system"
	"golang.org/x/term"
)

// Version is set at build time with -ldflags "-X ...cli.Version=...".
var Version = "0.1.0-dev"

// Exit codes of the CLI contract.
const (
	ExitOK       = 0
	ExitFindings = 1
	ExitUsage    = 2
)

// IO is what a command may touch: streams and the environment it was started with.
type IO struct {
	Stdin          io.Reader // only the language server reads it; nil means os.Stdin
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	Environ        func() map[string]string
	// Color forces colored text output on or off; nil means "only on a terminal".
	Color *bool
}

// OSIO is the real process's IO.
func OSIO() IO {
	return IO{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv, Environ: system.Environ}
}

type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// Run executes the command line args (without the program name) and returns the exit code.
func Run(args []string, io IO) int {
	if len(args) == 0 {
		printUsage(io.Stderr)
		return ExitUsage
	}
	var err error
	code := ExitOK
	switch cmd, rest := args[0], args[1:]; cmd {
	case "explain":
		err = runExplain(rest, io)
	case "check":
		code, err = runCheck(rest, io)
	case "version", "--version", "-version":
		fmt.Fprintf(io.Stdout, "go-env-doctor %s (%s, %s/%s)\n", Version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	case "help", "-h", "--help", "-help":
		printUsage(io.Stdout)
	case "lsp":
		err = runLSP(rest, io)
	case "probe":
		code, err = runProbe(rest, io)
	default:
		err = usageError{fmt.Sprintf("unknown command %q", cmd)}
	}
	if err != nil {
		// Errors quote flag values and files (a --env-file line, an --observe argument): redact
		// them like every other output.
		fmt.Fprintln(io.Stderr, "go-env-doctor:", redact.Text(err.Error()))
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprintln(io.Stderr, "Run 'go-env-doctor help' for usage.")
		}
		return ExitUsage
	}
	return code
}

func printUsage(w io.Writer) {
	fmt.Fprint(w, `go-env-doctor shows which GOPROXY, GOSUMDB, GOPRIVATE, GOFLAGS, GOTOOLCHAIN and HTTP proxy
settings every part of VS Code really uses (shell, terminal, gopls, Delve, tests, tasks), and why.

Usage:
  go-env-doctor explain [VAR...] [PATH]   effective values per context, with where each came from
  go-env-doctor check [PATH...]           diagnose; exit 0 = fine, 1 = warnings or errors, 2 = usage/internal error
  go-env-doctor probe [PATH]              network diagnosis of one context's download route (default --context shell):
                                          GOPROXY entries, checksum database, HTTP proxy; stages dns, tcp, connect,
                                          tls, http, protocol; exit 0 = downloads work, 1 = a failure that breaks them
  go-env-doctor lsp                       serve the language server on stdin/stdout (the VS Code extension runs this)
  go-env-doctor version

PATH is a folder or a .code-workspace file (default: the current directory).

Flags:
  --format text|json|markdown   output format (check also: sarif)
  --context ID                  only this context (shell, terminal, gopls, test, test-debug, delve:NAME, task:LABEL;
                                a kind such as "delve" selects all of them)
  --user-settings FILE          VS Code user settings.json (default: Code, Insiders, VSCodium or code-server's)
  --env-file FILE               use these KEY=VALUE lines (or a NUL-separated /proc/PID/environ) as the shell
                                environment instead of this process's
  --host-env-file FILE          the environment of VS Code's extension host, when it differs from the shell's
                                (e.g. VS Code started from a desktop launcher)
  --no-vscode-go                do not model the Go extension (golang.go) copying values at activation
  --observe CONTEXT=PID         compare a running process with its context, e.g. --observe gopls=$(pgrep -n gopls);
                                repeatable (Linux and WSL: /proc; macOS: ps -E; not on Windows)
  --probe                       (check) also probe the network: each distinct download route of the contexts once
  --stage-timeout D             (probe, check --probe) bound of each stage, default 5s
  --probe-timeout D             (probe, check --probe) bound of the whole probe, default 30s; Ctrl-C cancels
  --root DIR                    read system files (/proc/version, /etc/wsl.conf, /.dockerenv, /mnt/c/...) under DIR:
                                for tests and support bundles (default $GO_ENV_DOCTOR_ROOT)
  --remote NAME                 the VS Code window this models: wsl, ssh-remote, dev-container (default: detected
                                from the environment of a VS Code terminal)
  --machine-settings FILE       VS Code Remote settings.json (default in WSL, SSH hosts and containers:
                                ~/.vscode-server/data/Machine/settings.json or code-server's)
`)
}

// common holds the flags every command shares.
type common struct {
	format       string
	context      string
	userSettings string
	envFile      string
	hostEnvFile  string
	noVSCodeGo   bool
	observe      observeFlags
	// The machine: system files under root, the editor's remote kind, the Remote settings.
	root            string
	remoteName      string
	machineSettings string
}

// observeFlags collects repeated --observe CONTEXT=PID.
type observeFlags []string

func (o *observeFlags) String() string     { return strings.Join(*o, ",") }
func (o *observeFlags) Set(v string) error { *o = append(*o, v); return nil }

func (c *common) register(fs *flag.FlagSet, formats string) {
	fs.StringVar(&c.format, "format", "text", "output format: "+formats)
	fs.StringVar(&c.context, "context", "", "only this context id or kind")
	fs.StringVar(&c.userSettings, "user-settings", "", "VS Code user settings.json")
	fs.StringVar(&c.envFile, "env-file", "", "KEY=VALUE file used as the shell environment")
	fs.StringVar(&c.hostEnvFile, "host-env-file", "", "KEY=VALUE file used as the extension host environment")
	fs.BoolVar(&c.noVSCodeGo, "no-vscode-go", false, "do not model vscode-go's activation copies")
	fs.Var(&c.observe, "observe", "CONTEXT=PID: compare that running process's environment with the context (repeatable)")
	fs.StringVar(&c.root, "root", "", "read system files (/proc/version, /etc/wsl.conf, /mnt/c/...) under DIR")
	fs.StringVar(&c.remoteName, "remote", "", "the VS Code window's remote: wsl, ssh-remote, dev-container (default: detected)")
	fs.StringVar(&c.machineSettings, "machine-settings", "", "VS Code Remote (Machine) settings.json")
}

// parseInterleaved lets flags and positional arguments mix ("explain GOPROXY --format json").
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, usageError{err.Error()}
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func checkFormat(f string, allowed ...string) error {
	for _, a := range allowed {
		if f == a {
			return nil
		}
	}
	return usageError{fmt.Sprintf("--format %q: want one of %s", f, strings.Join(allowed, ", "))}
}

// load builds the resolution input for target and resolves every context.
func (c *common) load(io IO, target string, extra []string) (*system.Loaded, []*model.Context, *system.World, error) {
	shell := resolve.EnvSource{Vars: io.Environ(), Name: "process environment"}
	if c.envFile != "" {
		vars, err := readEnvFile(c.envFile)
		if err != nil {
			return nil, nil, nil, err
		}
		shell = resolve.EnvSource{Vars: vars, Name: "--env-file " + c.envFile}
	}
	w := system.NewWorld()
	getenv := func(k string) string { return shell.Vars[k] }
	if c.root == "" && io.Getenv != nil {
		c.root = io.Getenv("GO_ENV_DOCTOR_ROOT")
	}
	sys, files := c.detect(getenv)
	l, err := system.Load(w, system.Options{GOOS: runtime.GOOS, Target: target, UserSettings: c.userSettings, Env: getenv,
		System: sys, Files: files, MachineSettings: c.machineSettingsFile(sys)})
	if err != nil {
		return nil, nil, nil, err
	}
	l.Input.Shell = shell
	l.Input.VSCodeGo = !c.noVSCodeGo
	l.Input.ExtraVars = extra
	if c.hostEnvFile != "" {
		vars, err := readEnvFile(c.hostEnvFile)
		if err != nil {
			return nil, nil, nil, err
		}
		l.Input.Host = &resolve.EnvSource{Vars: vars, Name: "--host-env-file " + c.hostEnvFile}
		l.Input.HostKnown = true
	}
	if l.Input.Observed, err = c.observed(); err != nil {
		return nil, nil, nil, err
	}
	ctxs := resolve.Resolve(l.Input, w)
	if err := checkObserved(c.observe, ctxs); err != nil {
		return nil, nil, nil, err
	}
	if c.context != "" {
		ctxs = filterContexts(ctxs, c.context)
		if len(ctxs) == 0 {
			return nil, nil, nil, usageError{fmt.Sprintf("--context %q matches no context here", c.context)}
		}
	}
	return l, ctxs, w, nil
}

// detect finds out what machine this is: WSL, a container, a remote host. Windows programs
// are asked (interop) only on the real system, never under --root.
func (c *common) detect(getenv func(string) string) (*remote.System, remote.Files) {
	files := system.RootFiles{Root: c.root}
	var opt remote.Options
	if c.root == "" || c.root == "/" {
		opt.WindowsEnv = system.WindowsEnvViaInterop(3 * time.Second)
	}
	return remote.Detect(files, getenv, remote.Editor{RemoteName: c.remoteName}, opt), files
}

// machineSettingsFile is --machine-settings, or "" to look for VS Code's server data folders
// on a machine VS Code reaches remotely, or "-" (none) on a plain local machine, whose windows
// never read Remote settings.
func (c *common) machineSettingsFile(sys *remote.System) string {
	if c.machineSettings != "" || sys.Split() || sys.Container != nil {
		return c.machineSettings
	}
	return "-"
}

// observed reads the environment of each --observe CONTEXT=PID process.
func (c *common) observed() (map[string]resolve.Observed, error) {
	if len(c.observe) == 0 {
		return nil, nil
	}
	out := map[string]resolve.Observed{}
	for _, spec := range c.observe {
		id, pidText, ok := strings.Cut(spec, "=")
		pid, err := strconv.Atoi(pidText)
		if !ok || id == "" || err != nil || pid <= 0 {
			return nil, usageError{fmt.Sprintf("--observe %q: want CONTEXT=PID, e.g. --observe gopls=$(pgrep -n gopls)", spec)}
		}
		env, source, err := procenv.Reader{}.Environ(pid)
		if err != nil {
			return nil, fmt.Errorf("--observe %s: %w", spec, err)
		}
		out[id] = resolve.Observed{PID: pid, Env: env, Source: source}
	}
	return out, nil
}

// checkObserved refuses an --observe whose context does not exist here (a typo would
// otherwise silently compare nothing).
func checkObserved(specs []string, ctxs []*model.Context) error {
	for _, spec := range specs {
		id, _, _ := strings.Cut(spec, "=")
		found := false
		for _, c := range ctxs {
			if c.ID == id || string(c.Kind) == id {
				found = true
			}
		}
		if !found {
			return usageError{fmt.Sprintf("--observe %s: no context %q here (contexts: shell, terminal, gopls, test, test-debug, delve:NAME, task:LABEL)", spec, id)}
		}
	}
	return nil
}

func readEnvFile(path string) (map[string]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	vars, err := system.ParseEnvFile(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return vars, nil
}

func filterContexts(cs []*model.Context, sel string) []*model.Context {
	var out []*model.Context
	for _, c := range cs {
		if c.ID == sel || string(c.Kind) == sel {
			out = append(out, c)
		}
	}
	return out
}

var varName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// splitVarsAndPath separates VAR names from a PATH: a VAR is an identifier that is not an
// existing file or folder.
func splitVarsAndPath(args []string) (vars []string, path string, err error) {
	for _, a := range args {
		if varName.MatchString(a) {
			if _, statErr := os.Stat(a); statErr != nil {
				vars = append(vars, canonicalVar(a))
				continue
			}
		}
		if path != "" {
			return nil, "", usageError{fmt.Sprintf("explain takes one PATH, got %q and %q", path, a)}
		}
		path = a
	}
	if path == "" {
		path = "."
	}
	return vars, path, nil
}

// canonicalVar maps lowercase proxy names to the uppercase ones net/http reads first.
func canonicalVar(v string) string {
	switch u := strings.ToUpper(v); u {
	case "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY":
		return u
	}
	if strings.ToUpper(v) == v {
		return v
	}
	if resolve.IsTracked(strings.ToUpper(v)) {
		return strings.ToUpper(v)
	}
	return v
}

func dedupe(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

func useColor(io IO) bool {
	if io.Color != nil {
		return *io.Color
	}
	if f := io.Getenv("CLICOLOR_FORCE"); f != "" && f != "0" {
		return true
	}
	if io.Getenv("NO_COLOR") != "" || io.Getenv("TERM") == "dumb" {
		return false
	}
	f, ok := io.Stdout.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
