package subst

import "testing"

func TestGoExt(t *testing.T) {
	env := func(k string) string { return map[string]string{"HOME": "/h", "P": "proxy"}[k] }
	if got := GoExtEnv("https://${env:P}.example,${env: P },${env:NONE}direct", env); got != "https://proxy.example,proxy,direct" {
		t.Errorf("GoExtEnv = %q", got)
	}
	cases := map[string]string{
		"${workspaceFolder}/bin":                      "/w/proj/bin",
		"${workspaceRoot}:${workspaceFolderBasename}": "/w/proj:proj",
		"~/go":        "/h/go",
		"~":           "/h",
		"~/a/../b/":   "/h/b/",
		"x~/go":       "x~/go",
		"  ":          "  ",
		"${env:HOME}": "${env:HOME}", // resolvePath alone does not expand env
	}
	for in, want := range cases {
		if got := GoExtPath(in, "/w/proj", "/h"); got != want {
			t.Errorf("GoExtPath(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestResolver(t *testing.T) {
	r := Resolver{Folder: "/w/a", Folders: map[string]string{"b": "/w/b"}, Home: "/h", Sep: "/",
		Env:    func(k string) string { return map[string]string{"X": "1"}[k] },
		Config: func(k string) (string, bool) { return "cfg", k == "go.gopath" }}
	got, unresolved := r.Resolve("${workspaceFolder}${/}${workspaceFolder:b}|${userHome}|${env:X}${env:Y}|${config:go.gopath}|${file}|${input:pick}")
	if want := "/w/a//w/b|/h|1|cfg|${file}|${input:pick}"; got != want {
		t.Errorf("Resolve = %q; want %q", got, want)
	}
	if len(unresolved) != 2 {
		t.Errorf("unresolved = %v", unresolved)
	}
}
