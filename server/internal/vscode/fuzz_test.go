package vscode

import (
	"path/filepath"
	"testing"

	"github.com/go-env-doctor/go-env-doctor/server/internal/badinput"
	"github.com/go-env-doctor/go-env-doctor/server/internal/jsonc"
)

// FuzzParseFiles feeds the same bytes to every VS Code file parser (settings.json,
// .code-workspace, launch.json, tasks.json, devcontainer.json), seeded from the malformed-input
// corpus. Properties: no panic; a file is an error exactly when it is not JSONC or (settings,
// devcontainer) not an object; every position the parsers hand to diagnostics is inside the
// file, on a line >= 1; env entries are the last of their key.
func FuzzParseFiles(f *testing.F) {
	fixtures, _ := filepath.Abs("../../../test/fixtures")
	for _, pat := range []string{"*.json", "*.code-workspace"} {
		for _, data := range badinput.Files(fixtures, pat) {
			f.Add(data)
		}
	}
	f.Add([]byte(`{"configurations":[{"type":"go","envFile":["a","b"],"env":{"A":"1","A":"2"}}],"tasks":[{"label":"x","options":{"env":{"B":null}},"linux":{"options":{"env":{"C":"3"}}}}],"folders":[{"path":"a"}],"settings":{"go.toolsEnvVars":{"GOPROXY":"off"}},"remoteEnv":{"D":"4"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		root, perr := jsonc.Parse(data)
		inside := func(what string, p jsonc.Pos) {
			if p.Offset < 0 || p.Offset > len(data) || p.Line < 1 || p.Column < 1 {
				t.Fatalf("%s at %+v, outside a file of %d bytes", what, p, len(data))
			}
		}
		s := ParseSettings("s.json", ScopeUser, data)
		isObj := perr == nil && (root == nil || root.Kind == jsonc.Object)
		if (s.Err == nil) != isObj {
			t.Fatalf("settings error %v for a file that parses as %v (%v)", s.Err, root, perr)
		}
		if s.Err != nil {
			var se *jsonc.SyntaxError
			if e, ok := s.Err.(*jsonc.SyntaxError); ok {
				se = e
				inside("settings error", se.Pos)
			}
		}
		for _, key := range []string{"go.toolsEnvVars", "terminal.integrated.env.linux"} {
			seen := map[string]bool{}
			for _, e := range EnvMap(s.Get(key)) {
				if seen[e.Key] {
					t.Fatalf("%s: key %q twice", key, e.Key)
				}
				seen[e.Key] = true
				inside("env key", e.KeyPos)
				inside("env value", e.Node.Start)
				_ = e.NodeString()
			}
		}
		_ = GoplsBuildEnv(s.Get("gopls"))

		w := ParseWorkspaceFile("w.code-workspace", data)
		if (w.Err == nil) != (perr == nil && root != nil && root.Kind == jsonc.Object) {
			t.Fatalf("workspace error %v for %v (%v)", w.Err, root, perr)
		}
		for _, fr := range w.Folders {
			inside("folder", fr.Pos)
		}
		for _, lc := range append(ParseLaunch("l.json", root, nil), ParseLaunch("w", w.Launch, []any{"launch"})...) {
			inside("launch configuration", lc.Pos)
			for _, ef := range lc.EnvFiles {
				inside("envFile", ef.Pos)
			}
			if len(lc.Path) < 2 {
				t.Fatalf("launch path %v", lc.Path)
			}
		}
		for _, tk := range append(ParseTasks("t.json", root, "linux", nil), ParseTasks("w", w.Tasks, "windows", []any{"tasks"})...) {
			inside("task", tk.Pos)
			if len(tk.EnvLayers) != 4 {
				t.Fatalf("task %q has %d env layers", tk.Label, len(tk.EnvLayers))
			}
		}
		d := ParseDevContainer("d.json", data)
		if (d.Err == nil) != isObj {
			t.Fatalf("devcontainer error %v for %v (%v)", d.Err, root, perr)
		}
		for _, e := range append(d.RemoteEnv, d.ContainerEnv...) {
			inside("devcontainer env", e.KeyPos)
		}
	})
}
