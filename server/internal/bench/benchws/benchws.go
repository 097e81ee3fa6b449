// Package benchws writes the large, realistic workspaces the benchmarks run on: a multi-root
// .code-workspace whose folders share some settings and differ in others (go.toolsEnvVars,
// gopls build.env, go.testEnvVars, launch.json, tasks.json, env files, a go.mod in each), and a
// folder with hundreds of launch configurations. Both the Go benchmarks (resolve, catalog) and
// the go-env-doctor-bench harness use it, so they measure the same inputs.
package benchws

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/go-env-doctor/go-env-doctor/server/internal/resolve"
	"github.com/go-env-doctor/go-env-doctor/server/internal/system"
)

// Options shape a workspace.
type Options struct {
	// Folders is the number of workspace folders. With more than one, a .code-workspace file
	// lists them; with one, the folder itself is the target.
	Folders int
	// LaunchConfigs is the number of Go launch configurations in each folder's launch.json
	// (default 3).
	LaunchConfigs int
	// Tasks is the number of tasks in each folder's tasks.json (default 2).
	Tasks int
}

// Layout says where everything was written.
type Layout struct {
	Root    string   // the directory holding everything
	Target  string   // what `go-env-doctor check` is given: the .code-workspace file or the folder
	Folders []string // the workspace folders, in order
	// WorkspaceFile is the .code-workspace file ("" for a single folder).
	WorkspaceFile string
	// Home, ConfigHome and GoEnv are the isolated $HOME, $XDG_CONFIG_HOME and go/env file;
	// UserSettings is VS Code's user settings.json under ConfigHome.
	Home, ConfigHome, GoEnv, UserSettings string
}

// Names of the folders: f00, f01, …
func folderName(i int) string { return fmt.Sprintf("f%02d", i) }

// Write creates a workspace under dir (which must exist and should be empty).
func Write(dir string, o Options) (*Layout, error) {
	if o.Folders < 1 {
		o.Folders = 1
	}
	if o.LaunchConfigs == 0 {
		o.LaunchConfigs = 3
	}
	if o.Tasks == 0 {
		o.Tasks = 2
	}
	l := &Layout{Root: dir, Home: filepath.Join(dir, "home")}
	l.ConfigHome = filepath.Join(l.Home, ".config")
	l.GoEnv = filepath.Join(l.ConfigHome, "go", "env")
	l.UserSettings = filepath.Join(l.ConfigHome, "Code", "User", "settings.json")
	files := map[string]string{
		l.GoEnv: "GOPRIVATE=corp.example\nGOFLAGS=-mod=mod\n",
		// Telemetry off, as `go telemetry off` writes it: the go command then does not open
		// counter files, which keeps the `go env -json` baseline as fast as it can be.
		filepath.Join(l.ConfigHome, "go", "telemetry", "mode"): "off 2026-01-01\n",
		l.UserSettings: `{
	// user settings shared by every folder
	"go.toolsEnvVars": { "GOPRIVATE": "corp.example", "GONOSUMDB": "corp.example" },
	"terminal.integrated.env.linux": { "GOFLAGS": "-mod=mod" },
	"editor.formatOnSave": true,
}
`,
	}
	ws := filepath.Join(dir, "ws")
	for i := 0; i < o.Folders; i++ {
		f := filepath.Join(ws, folderName(i))
		if o.Folders == 1 {
			f = filepath.Join(ws, "app")
		}
		l.Folders = append(l.Folders, f)
		for name, text := range folderFiles(i, o) {
			files[filepath.Join(f, name)] = text
		}
	}
	if o.Folders == 1 {
		l.Target = l.Folders[0]
	} else {
		l.WorkspaceFile = filepath.Join(ws, "bench.code-workspace")
		l.Target = l.WorkspaceFile
		files[l.WorkspaceFile] = workspaceFile(o.Folders)
	}
	for p, text := range files {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			return nil, err
		}
	}
	return l, nil
}

// Env is the isolated environment of a run: its own HOME, XDG_CONFIG_HOME and GOENV, the
// given PATH, GOTOOLCHAIN=local (never download a toolchain) and nothing else of this machine.
func (l *Layout) Env(path string) map[string]string {
	return map[string]string{
		"HOME":            l.Home,
		"XDG_CONFIG_HOME": l.ConfigHome,
		"GOENV":           l.GoEnv,
		"PATH":            path,
		"GOTOOLCHAIN":     "local",
		"LANG":            "C.UTF-8",
	}
}

// EnvList is Env as KEY=VALUE strings (for exec.Cmd.Env).
func (l *Layout) EnvList(path string) []string {
	var out []string
	for k, v := range l.Env(path) {
		out = append(out, k+"="+v)
	}
	return out
}

// Load reads the workspace as `go-env-doctor check TARGET` does, with Env(path) as the shell
// environment and the layout's user settings.
func (l *Layout) Load(w *system.World, path string) (*system.Loaded, error) {
	env := l.Env(path)
	ld, err := system.Load(w, system.Options{GOOS: runtime.GOOS, Target: l.Target, UserSettings: l.UserSettings,
		Env: func(k string) string { return env[k] }})
	if err != nil {
		return nil, err
	}
	ld.Input.Shell = resolve.EnvSource{Vars: env, Name: "benchmark environment"}
	ld.Input.VSCodeGo = true
	return ld, nil
}

func workspaceFile(n int) string {
	var b strings.Builder
	b.WriteString("{\n\t\"folders\": [\n")
	for i := 0; i < n; i++ {
		name := ""
		if i%7 == 3 {
			name = fmt.Sprintf(`, "name": "service %d"`, i)
		}
		fmt.Fprintf(&b, "\t\t{ \"path\": %q%s },\n", folderName(i), name)
	}
	b.WriteString(`	],
	"settings": {
		// shared by every folder unless a folder overrides it
		"go.toolsEnvVars": { "GOPROXY": "https://goproxy.corp.example,https://proxy.golang.org,direct" },
		"gopls": { "build.env": { "GOFLAGS": "-tags=integration" } },
		"http.proxy": "",
	},
	"launch": {
		"version": "0.2.0",
		"configurations": [
			{ "name": "Workspace launch", "type": "go", "request": "launch", "program": "${workspaceFolder}", "env": { "GOFLAGS": "-mod=mod" } },
		],
	},
	"tasks": {
		"version": "2.0.0",
		"tasks": [ { "label": "workspace build", "type": "go", "command": "build", "options": { "env": { "GOPROXY": "direct" } } } ],
	},
}
`)
	return b.String()
}

// folderFiles are one folder's files, varied by its index so that folders share some settings
// and differ in others.
func folderFiles(i int, o Options) map[string]string {
	files := map[string]string{
		"go.mod":   fmt.Sprintf("module corp.example/svc%02d\n\ngo 1.22\n\nrequire (\n\tcorp.example/lib v1.%d.0\n\tgolang.org/x/text v0.3.0\n\tgithub.com/acme/widget v0.%d.0\n)\n", i, i%4, i%3),
		"main.go":  "package main\n\nfunc main() {}\n",
		"dev.env":  fmt.Sprintf("# development environment\nGOFLAGS=-mod=mod\nGOPRIVATE=corp.example,svc%02d.corp.example\nexport GONOSUMDB=${GOPRIVATE}\n", i),
		"test.env": fmt.Sprintf("GOFLAGS=-count=1\nGOPROXY=https://goproxy.corp.example,direct\nSVC=%d\n", i),
	}
	// settings.json: every folder has one; which members it sets depends on i.
	var tools []string
	if i%5 == 0 {
		tools = append(tools, fmt.Sprintf(`"GOPROXY": "https://proxy-%d.corp.example,direct"`, i/5))
	}
	if i%2 == 1 {
		tools = append(tools, `"GOPRIVATE": "corp.example,${workspaceFolder}"`)
	}
	var s strings.Builder
	s.WriteString("{\n\t// folder settings\n")
	if len(tools) > 0 {
		fmt.Fprintf(&s, "\t\"go.toolsEnvVars\": { %s },\n", strings.Join(tools, ", "))
	}
	if i%3 == 0 {
		s.WriteString("\t\"gopls\": { \"build.env\": { \"GOFLAGS\": \"-mod=vendor\" }, \"ui.semanticTokens\": true },\n")
	}
	if i%4 == 0 {
		s.WriteString("\t\"go.testEnvVars\": { \"GOFLAGS\": \"-count=1\", \"GOPROXY\": \"${env:GOPROXY}\" },\n")
		s.WriteString("\t\"go.testEnvFile\": \"${workspaceFolder}/test.env\",\n")
	}
	if i%6 == 5 {
		s.WriteString("\t\"terminal.integrated.env.linux\": { \"GOPROXY\": \"direct\" },\n")
	}
	s.WriteString("\t\"go.lintTool\": \"golangci-lint\",\n}\n")
	files[".vscode/settings.json"] = s.String()
	files[".vscode/launch.json"] = launchFile(i, o.LaunchConfigs)
	files[".vscode/tasks.json"] = tasksFile(i, o.Tasks)
	return files
}

func launchFile(i, n int) string {
	var b strings.Builder
	b.WriteString("{\n\t\"version\": \"0.2.0\",\n\t\"configurations\": [\n")
	for j := 0; j < n; j++ {
		var env []string
		switch j % 4 {
		case 0:
			env = append(env, `"GOFLAGS": "-mod=mod"`)
		case 1:
			env = append(env, fmt.Sprintf(`"GOPROXY": "https://debug-%d.corp.example,direct"`, j%10))
		case 2:
			env = append(env, `"GOPRIVATE": "${env:GOPRIVATE},debug.corp.example"`, `"GONOSUMDB": null`)
		case 3:
			env = append(env, `"GOTOOLCHAIN": "local"`)
		}
		envFile := ""
		if j%3 == 0 {
			envFile = `, "envFile": "${workspaceFolder}/dev.env"`
		}
		console := ""
		if j%5 == 4 {
			console = `, "console": "integratedTerminal"`
		}
		fmt.Fprintf(&b, "\t\t{ \"name\": \"Launch %d-%d\", \"type\": \"go\", \"request\": \"launch\", \"program\": \"${workspaceFolder}\"%s%s, \"env\": { %s } },\n",
			i, j, envFile, console, strings.Join(env, ", "))
	}
	b.WriteString("\t\t{ \"name\": \"Attach\", \"type\": \"go\", \"request\": \"attach\", \"mode\": \"local\", \"processId\": 0 },\n")
	b.WriteString("\t],\n}\n")
	return b.String()
}

func tasksFile(i, n int) string {
	var b strings.Builder
	b.WriteString("{\n\t\"version\": \"2.0.0\",\n\t\"options\": { \"env\": { \"GOFLAGS\": \"-v\" } },\n\t\"tasks\": [\n")
	for j := 0; j < n; j++ {
		if j%2 == 0 {
			fmt.Fprintf(&b, "\t\t{ \"label\": \"go build %d\", \"type\": \"go\", \"command\": \"build\", \"options\": { \"env\": { \"GOPROXY\": \"https://build-%d.corp.example,direct\" } } },\n", j, i%3)
		} else {
			fmt.Fprintf(&b, "\t\t{ \"label\": \"lint %d\", \"type\": \"shell\", \"command\": \"golangci-lint run\", \"linux\": { \"options\": { \"env\": { \"GOFLAGS\": \"-mod=readonly\" } } } },\n", j)
		}
	}
	b.WriteString("\t],\n}\n")
	return b.String()
}
