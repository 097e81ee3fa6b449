package remote

import (
	"reflect"
	"strings"
	"testing"
)

func TestDetectPlainMachineIsZero(t *testing.T) {
	for name, f := range map[string]memFS{
		"nothing readable": {},
		"debian":           {"/proc/version": debianKernel, "/proc/1/cgroup": "0::/init.scope\n"},
	} {
		if got := Detect(f, nil, Editor{}, Options{}); !reflect.DeepEqual(got, &System{}) {
			t.Errorf("%s: Detect = %+v, want the zero System", name, got)
		}
	}
}

func TestDetectEditor(t *testing.T) {
	for _, c := range []struct {
		name     string
		files    memFS
		ed       Editor
		env      map[string]string
		want     string
		howMatch string
	}{
		{name: "wsl", ed: Editor{RemoteName: "wsl", AppName: "Visual Studio Code"}, want: "wsl", howMatch: "remoteName"},
		{name: "ssh upper case", ed: Editor{RemoteName: "SSH-Remote"}, want: "ssh-remote"},
		{name: "dev container", ed: Editor{RemoteName: "dev-container"}, want: "dev-container"},
		{name: "attached container", ed: Editor{RemoteName: "attached-container"}, want: "attached-container"},
		{name: "codespaces", ed: Editor{RemoteName: "codespaces"}, want: "codespaces"},
		{name: "unknown remote kept", ed: Editor{RemoteName: "tunnel"}, want: "tunnel", howMatch: "not a kind"},
		{name: "code-server host:port", ed: Editor{RemoteName: "localhost:8080", AppName: "Visual Studio Code"}, want: "code-server", howMatch: "host:port"},
		{name: "code-server appName", ed: Editor{AppName: "code-server"}, want: "code-server", howMatch: "appName"},
		{name: "local window", ed: Editor{AppName: "Visual Studio Code"}, want: "", howMatch: "local window"},
		{
			name: "editor info wins over env", ed: Editor{AppName: "Visual Studio Code"},
			env: map[string]string{"REMOTE_CONTAINERS": "true"}, want: "",
		},
		{name: "cli codespaces", env: map[string]string{"CODESPACES": "true", "REMOTE_CONTAINERS": "true"}, want: "codespaces"},
		{name: "cli dev container", env: map[string]string{"REMOTE_CONTAINERS": "True"}, want: "dev-container", howMatch: "$REMOTE_CONTAINERS"},
		{name: "cli not a container", env: map[string]string{"REMOTE_CONTAINERS": "false"}, want: ""},
		{
			name: "cli ssh terminal", files: wsl2(nil),
			env:  map[string]string{"VSCODE_IPC_HOOK_CLI": "/run/user/1000/vscode-ipc-1.sock", "SSH_CONNECTION": "10.0.0.2 50000 10.0.0.1 22"},
			want: "ssh-remote",
		},
		{name: "cli wsl terminal", files: wsl2(nil), env: map[string]string{"VSCODE_IPC_HOOK_CLI": "/tmp/s"}, want: "wsl", howMatch: "inside WSL"},
		{name: "cli local terminal", env: map[string]string{"VSCODE_IPC_HOOK_CLI": "/tmp/s"}, want: "", howMatch: "local window"},
		{name: "cli wsl without terminal", files: wsl2(nil), want: ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			files := c.files
			if files == nil {
				files = memFS{}
			}
			s := Detect(files, envOf(c.env), c.ed, Options{})
			if s.Editor != c.want || !strings.Contains(s.EditorHow, c.howMatch) {
				t.Errorf("Editor = %q (%s), want %q (how containing %q)", s.Editor, s.EditorHow, c.want, c.howMatch)
			}
			if s.EditorHow != "" && !hasEvidence(s, s.EditorHow) {
				t.Errorf("EditorHow %q is not in the evidence %q", s.EditorHow, s.Evidence)
			}
		})
	}
}

func TestDetectReadsPrefixWhenItCan(t *testing.T) {
	// A huge go binary must not be read whole: ReadFile fails for it here, ReadPrefix works.
	f := prefixOnly{wsl2(memFS{"/usr/local/go/bin/go": "\x7fELF..."})}
	s := Detect(f, envOf(map[string]string{"PATH": "/usr/local/go/bin:/mnt/c/Go/bin"}), Editor{}, Options{})
	if s.WSL.WindowsGo != "" {
		t.Errorf("WindowsGo = %q: the Linux go, read through ReadPrefix, should have stopped the walk", s.WSL.WindowsGo)
	}
}

// prefixOnly refuses to read go binaries whole.
type prefixOnly struct{ memFS }

func (p prefixOnly) ReadFile(path string) ([]byte, error) {
	if strings.HasSuffix(path, "/go") {
		panic("go binary read whole: " + path)
	}
	return p.memFS.ReadFile(path)
}

func (p prefixOnly) ReadPrefix(path string, n int) ([]byte, error) {
	data, err := p.memFS.ReadFile(path)
	return data[:min(n, len(data))], err
}

// hasEvidence reports whether some evidence line contains part.
func hasEvidence(s *System, part string) bool {
	for _, e := range s.Evidence {
		if strings.Contains(e, part) {
			return true
		}
	}
	return false
}
