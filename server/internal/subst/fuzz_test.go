package subst

import (
	"strings"
	"testing"
)

// FuzzSubst: vscode-go's substituteEnv/resolvePath and VS Code's resolver on arbitrary text.
// Properties: no panic; text without "${" is left alone (and so is a path without "~" or
// "${"); what the resolver leaves unresolved is still in its output, as written; with every
// variable known, substituting values free of "${" leaves nothing to resolve.
func FuzzSubst(f *testing.F) {
	for _, s := range []string{"${env:HOME}/x", "${workspaceFolder}/a.env", "~/go", "${env:${env:A}}", "${", "${}", "${config:go.gopath}${input:x}",
		"${workspaceFolder:b}/${pathSeparator}${/}", "${env: A }", "${unknown", "ü${userHome}\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		env := func(k string) string { return "<" + strings.ReplaceAll(k, "$", "") + ">" }
		got := GoExtEnv(s, env)
		if !strings.Contains(s, "${") && got != s {
			t.Fatalf("GoExtEnv(%q) = %q", s, got)
		}
		p := GoExtPath(s, "/ws/folder", "/home/u")
		if !strings.Contains(s, "${") && !strings.HasPrefix(s, "~") && p != s {
			t.Fatalf("GoExtPath(%q) = %q", s, p)
		}
		r := Resolver{Folder: "/ws/a", Folders: map[string]string{"a": "/ws/a"}, Home: "/home/u", Sep: "/", Env: env,
			Config: func(k string) (string, bool) { return "[" + strings.ReplaceAll(k, "$", "") + "]", true }}
		out, unresolved := r.Resolve(s)
		for _, u := range unresolved {
			if !strings.Contains(out, u) {
				t.Fatalf("Resolve(%q) = %q drops the unresolved %q", s, out, u)
			}
		}
		if !strings.Contains(s, "${") && out != s {
			t.Fatalf("Resolve(%q) = %q", s, out)
		}
	})
}
