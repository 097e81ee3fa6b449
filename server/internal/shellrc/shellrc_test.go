package shellrc

import (
	"reflect"
	"testing"
)

func TestExports(t *testing.T) {
	src := "# GOPROXY=commented\r\n" +
		"export GOPROXY=https://goproxy.cn,direct # fast mirror\r\n" +
		"export GOPRIVATE='*.corp.example.com'\n" +
		"  export GOFLAGS=\"-mod=mod\"\n" +
		"export GOPATH=$HOME/go\n" +
		"GONOSUMDB=corp.example.com\n" +
		"export GONOSUMDB\n" +
		"GOTOOLCHAIN=local; export GOTOOLCHAIN\n" +
		"NOT_EXPORTED=1\n" +
		"set -gx HTTPS_PROXY http://127.0.0.1:7890\n" +
		"declare -x GOINSECURE=\"$(corp-hosts)\"\n" +
		"export EMPTY=\n"
	got := Exports([]byte(src))
	want := []Export{
		{Name: "GOPROXY", Value: "https://goproxy.cn,direct", Line: 2, Column: 8},
		{Name: "GOPRIVATE", Value: "*.corp.example.com", Line: 3, Column: 8},
		{Name: "GOFLAGS", Value: "-mod=mod", Line: 4, Column: 10},
		{Name: "GOPATH", Value: "$HOME/go", Dynamic: true, Line: 5, Column: 8},
		{Name: "GONOSUMDB", Value: "corp.example.com", Line: 6, Column: 1},
		{Name: "GOTOOLCHAIN", Value: "local", Line: 8, Column: 1},
		{Name: "HTTPS_PROXY", Value: "http://127.0.0.1:7890", Line: 10, Column: 9},
		{Name: "GOINSECURE", Value: "$(corp-hosts)", Dynamic: true, Line: 11, Column: 12},
		{Name: "EMPTY", Value: "", Dynamic: true, Line: 12, Column: 8},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Exports:\n got %+v\nwant %+v", got, want)
	}
	if only := Exports([]byte(src), "GOPROXY"); len(only) != 1 || only[0].Name != "GOPROXY" {
		t.Errorf("Exports(GOPROXY) = %+v", only)
	}
}

func FuzzExports(f *testing.F) {
	f.Add([]byte("export GOPROXY=\"x\" # c\nA=1; export A\nset -gx B 'y'\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, e := range Exports(data) {
			if e.Line < 1 || e.Column < 1 || e.Name == "" {
				t.Fatalf("bad export %+v", e)
			}
		}
	})
}
