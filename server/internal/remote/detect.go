package remote

import (
	"fmt"
	"strings"
)

// Editor is what VS Code says about the window (vscode.env.remoteName and appName); both are
// empty in the CLI, where Detect infers the editor from the environment instead.
type Editor struct {
	RemoteName string
	AppName    string
}

// Options are the ways Detect may look beyond the files and the environment.
type Options struct {
	// WindowsEnv asks Windows for one of its variables (USERPROFILE) through WSL interop, e.g.
	// by running cmd.exe. Nil when interop must not be used: on a fixture root, or when the
	// caller cannot afford to start a Windows process.
	WindowsEnv func(name string) string
}

// Detect learns what kind of machine the Go tools run on from the files f, the environment env
// and what the editor says. It never fails: what cannot be read is not known, and the zero
// System is a plain local machine.
func Detect(f Files, env func(string) string, ed Editor, opt Options) *System {
	if env == nil {
		env = func(string) string { return "" }
	}
	d := &detector{f: f, env: env, sys: &System{}}

	fromEditor := ed.RemoteName != "" || ed.AppName != ""
	if fromEditor {
		d.sys.Editor, d.sys.EditorHow = editorFromVSCode(ed)
	} else {
		d.sys.Editor, d.sys.EditorHow = editorFromContainerEnv(env)
	}
	d.sys.Container = d.container()
	if d.sys.Container == nil {
		d.sys.WSL = d.wsl(opt)
	} else if v, _ := d.kernelWSLVersion(); v != 0 {
		d.note("the kernel is a WSL kernel, but this is a container (Docker Desktop's VM): not WSL itself")
	}
	if !fromEditor && d.sys.Editor == "" {
		d.sys.Editor, d.sys.EditorHow = editorFromTerminalEnv(env, d.sys.WSL != nil)
	}
	if d.sys.EditorHow != "" {
		d.note("editor: %s", d.sys.EditorHow)
	}
	return d.sys
}

// detector carries what every part of Detect needs and collects the evidence.
type detector struct {
	f   Files
	env func(string) string
	sys *System
}

func (d *detector) note(format string, args ...any) {
	d.sys.Evidence = append(d.sys.Evidence, fmt.Sprintf(format, args...))
}

// read returns a file's content; ok is false when it does not exist or cannot be read.
func (d *detector) read(path string) (data []byte, ok bool) {
	data, err := d.f.ReadFile(path)
	return data, err == nil
}

// readPrefix reads at most n bytes of a file, cheaply when the Files allows it.
func (d *detector) readPrefix(path string, n int) ([]byte, bool) {
	if pr, ok := d.f.(PrefixReader); ok {
		data, err := pr.ReadPrefix(path, n)
		return data, err == nil
	}
	data, ok := d.read(path)
	return data[:min(n, len(data))], ok
}

// maxQuoted bounds how much of a value read from the system is quoted in evidence: a garbled
// file must not flood the report.
const maxQuoted = 80

// quote shows a value read from the system in evidence, shortened and with control
// characters escaped.
func quote(s string) string {
	if len(s) > maxQuoted {
		s = s[:maxQuoted] + "…"
	}
	return fmt.Sprintf("%q", s)
}

// isTrue reads a boolean environment variable as VS Code's remote extensions set them.
func isTrue(v string) bool { return strings.EqualFold(strings.TrimSpace(v), "true") }
