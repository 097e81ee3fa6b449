package goenv

import (
	"testing"
)

func envOf(m map[string]string) Getenv { return func(k string) string { return m[k] } }

func TestUserFileLocation(t *testing.T) {
	cases := []struct {
		goos    string
		env     map[string]string
		want    string
		off     bool
		wantErr bool
	}{
		{"linux", map[string]string{"HOME": "/h"}, "/h/.config/go/env", false, false},
		{"linux", map[string]string{"HOME": "/h", "XDG_CONFIG_HOME": "/x"}, "/x/go/env", false, false},
		{"linux", map[string]string{"HOME": "/h", "XDG_CONFIG_HOME": "rel"}, "", false, true},
		{"linux", map[string]string{}, "", false, true},
		{"linux", map[string]string{"HOME": "/h", "GOENV": "/custom"}, "/custom", false, false},
		{"linux", map[string]string{"HOME": "/h", "GOENV": "off"}, "", true, false},
		{"darwin", map[string]string{"HOME": "/Users/a"}, "/Users/a/Library/Application Support/go/env", false, false},
		{"darwin", map[string]string{"HOME": "/Users/a", "XDG_CONFIG_HOME": "/x"}, "/Users/a/Library/Application Support/go/env", false, false},
		{"windows", map[string]string{"APPDATA": `C:\Users\a\AppData\Roaming`}, `C:\Users\a\AppData\Roaming\go\env`, false, false},
		{"windows", map[string]string{}, "", false, true},
	}
	for _, c := range cases {
		got, off, err := UserFile(envOf(c.env), c.goos)
		if got != c.want || off != c.off || (err != nil) != c.wantErr {
			t.Errorf("%s %v: got %q off=%v err=%v; want %q off=%v err=%v", c.goos, c.env, got, off, err, c.want, c.off, c.wantErr)
		}
	}
}

func TestParseLikeCmdGo(t *testing.T) {
	f := Parse("env", []byte("\xef\xbb\xbfGOFLAGS=-x\nGOPROXY = off\n GOSUMDB=off\nexport GOAUTH=off\ngoprivate=x\n# c\n\nGOSUMDB=off\r\nGOPRIVATE=\"q\"\nGOPROXY=a\nGOPROXY=b"))
	want := map[string]string{"GOPROXY ": " off", "GOSUMDB": "off\r", "GOPRIVATE": `"q"`, "GOPROXY": "b"}
	for k, v := range want {
		l, ok := f.Lookup(k)
		if !ok || l.Value != v {
			t.Errorf("Lookup(%q) = %q, %v; want %q", k, l.Value, ok, v)
		}
	}
	if _, ok := f.Lookup("GOFLAGS"); ok {
		t.Error("a BOM before the first key hides it from cmd/go")
	}
	if !f.HasBOM || !f.HasCRLF {
		t.Errorf("HasBOM=%v HasCRLF=%v", f.HasBOM, f.HasCRLF)
	}
	if len(f.Ignored) != 4 { // BOM line, leading space, export, lowercase
		t.Errorf("ignored = %+v", f.Ignored)
	}
	if e := f.Earlier("GOPROXY"); len(e) != 1 || e[0].Value != "a" || e[0].Line != 10 {
		t.Errorf("Earlier(GOPROXY) = %+v", e)
	}
}

func TestLookupFallback(t *testing.T) {
	user := Parse("/u/env", []byte("GOPROXY=\nGOPRIVATE=corp.example\nGOSUMDB=sum.example+key\n"))
	root := Parse("/r/go.env", []byte("GOPROXY=https://proxy.golang.org,direct\nGOSUMDB=sum.golang.org\nGOTOOLCHAIN=auto\n"))
	c := &Config{GOOS: "linux", Env: envOf(map[string]string{"HOME": "/h", "GOSUMDB": ""}), User: user, UserPath: "/u/env", GorootFile: root, Goroot: "/r"}
	check := func(key, val string, src Source) {
		t.Helper()
		r := c.Lookup(key)
		if r.Value != val || r.Source != src {
			t.Errorf("%s = %q (source %d); want %q (source %d)", key, r.Value, r.Source, val, src)
		}
	}
	check("GOPROXY", "", FromDefault)                 // empty user line hides go.env
	check("GOSUMDB", "sum.example+key", FromUserFile) // empty OS var counts as unset
	check("GOTOOLCHAIN", "auto", FromGorootFile)
	check("GONOPROXY", "corp.example", FromDerived)
	check("GOAUTH", "netrc", FromDefault)
	check("GOPATH", "/h/go", FromDerived)
	check("GOMODCACHE", "/h/go/pkg/mod", FromDerived)
	check("GOCACHE", "/h/.cache/go-build", FromDerived)
	check("GOENV", "/u/env", FromDefault)
	check("GOROOT", "/r", FromDerived)
	if r := c.Lookup("GOPROXY"); len(r.Hidden) != 2 || r.Hidden[0].Source != FromUserFile || r.Hidden[1].Source != FromGorootFile {
		t.Errorf("GOPROXY hidden = %+v", r.Hidden)
	}
}

func TestGOCACHERelativeIsOff(t *testing.T) {
	c := &Config{GOOS: "linux", Env: envOf(map[string]string{"HOME": "/h", "GOCACHE": "rel/cache"})}
	if r := c.Lookup("GOCACHE"); r.Value != "off" {
		t.Errorf("GOCACHE = %q; cmd/go turns a relative GOCACHE off", r.Value)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("GOPROXY=off\r\nA=\n#x\n =\n\xef\xbb\xbfB=c"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := Parse("f", data)
		for _, l := range p.Lines {
			if l.Line < 1 || l.Column < 2 || l.Key == "" || l.Key[0] < 'A' || l.Key[0] > 'Z' {
				t.Fatalf("bad line %+v", l)
			}
		}
	})
}
