package modcfg

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/mod/module"
)

var proxySeeds = []string{
	"", "https://proxy.golang.org,direct", "off", "direct", ",", " ", "|", "DIRECT", "Off",
	"https://a b", "file:///x?a=1", "file://host/x", "ftp://x", "goproxy", "/abs/path",
	`"https://proxy.golang.org,direct"`, "direct,https://a,off", "a,,b.com|", "https://",
	"http://u:p@h", "proxy.golang.org/x", `C:\x`, "file:relative", "http://%zz", " off ,x",
}

func FuzzParseGOPROXY(f *testing.F) {
	for _, s := range proxySeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		for _, goos := range []string{"linux", "windows"} {
			es, ps := ParseGOPROXYFor(v, goos)
			checkBounds(t, "ParseGOPROXY", v, ps)
			for _, e := range es {
				if e.Offset < 0 || e.Offset+len(e.Raw) > len(v) || v[e.Offset:e.Offset+len(e.Raw)] != e.Raw {
					t.Fatalf("entry %+v not at its offset in %q", e, v)
				}
				if e.Kind == ProxyURL && !e.Unreached && e.Err == "" {
					if _, err := proxyCheck(e.URL); err != "" {
						t.Fatalf("entry %+v has no Err but newProxyRepo rejects it: %s", e, err)
					}
				}
			}
			if len(es) == 0 && !HasFatal(ps) {
				t.Fatalf("%q: no entries but no fatal problem", v)
			}
		}
	})
}

func FuzzFixGOPROXY(f *testing.F) {
	for _, s := range proxySeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		for _, goos := range []string{"linux", "windows"} {
			out, ok := fixGOPROXY(v, goos)
			if !ok {
				if out != v {
					t.Fatalf("fixGOPROXY(%q) = %q without a usable entry", v, out)
				}
				continue
			}
			if out == "" {
				t.Fatalf("fixGOPROXY(%q) = \"\"", v)
			}
			if _, ps := ParseGOPROXYFor(out, goos); HasFatal(ps) {
				t.Fatalf("fixGOPROXY(%q) = %q, which has fatal problems: %+v", v, out, ps)
			}
			if again, _ := fixGOPROXY(out, goos); again != out {
				t.Fatalf("fixGOPROXY not idempotent: %q -> %q -> %q", v, out, again)
			}
		}
	})
}

func FuzzParseGOSUMDB(f *testing.F) {
	for _, s := range []string{"", "sum.golang.org", "off", "OFF", " ", "sum.golang.google.cn", "a b c",
		"sum.golang.org https://x", "https://sum.golang.org", exampleKey, exampleKey + " file:///x", "x+y+z", "sum.golang.org %zz"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		db, ps := ParseGOSUMDB(v)
		checkBounds(t, "ParseGOSUMDB", v, ps)
		if !HasFatal(ps) && !db.Off && (db.Name == "" || db.Key == "") {
			t.Fatalf("ParseGOSUMDB(%q) = %+v without a fatal problem", v, db)
		}
		if got := fieldsWithOffsets(v); len(got) != len(strings.Fields(v)) {
			t.Fatalf("fieldsWithOffsets(%q) = %+v", v, got)
		} else {
			for i, w := range strings.Fields(v) {
				if got[i].text != w || v[got[i].off:got[i].off+len(w)] != w {
					t.Fatalf("fieldsWithOffsets(%q)[%d] = %+v, want %q", v, i, got[i], w)
				}
			}
		}
	})
}

func FuzzParseGOAUTH(f *testing.F) {
	for _, s := range []string{"", "netrc", "netrc;", ";", "off;netrc", "git rel", "git /abs", `git C:\x`, "git",
		"Netrc", "'netrc'", "helper 'a b' $HOME", "helper 'a", "netrc foo", " off ", "a;b;;c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		for _, goos := range []string{"linux", "windows"} {
			cmds, ps := ParseGOAUTHFor(v, goos)
			checkBounds(t, "ParseGOAUTH", v, ps)
			for _, c := range cmds {
				if c.Offset < 0 || c.Offset+len(c.Raw) > len(v) || v[c.Offset:c.Offset+len(c.Raw)] != c.Raw {
					t.Fatalf("command %+v not at its offset in %q", c, v)
				}
			}
		}
	})
}

func FuzzParsePatterns(f *testing.F) {
	for _, s := range []string{"", "corp.example.com", "a.com, b.com", "https://corp.example.com", `"a.com,b.com"`,
		"B.COM", "[,b.com", "/github.com/acme", "github.com//acme", "github.com/acme//", "github.com/acme/",
		"a.com b.com", ".corp.example.com", "a.com;b.com", "/", "*.x.com,x.com/*/y", `a\`, "[A-Z]x.com", "ä.com"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		pats, ps := ParsePatterns(v)
		checkBounds(t, "ParsePatterns", v, ps)
		for _, p := range pats {
			if p.Offset < 0 || p.Offset+len(p.Raw) > len(v) || v[p.Offset:p.Offset+len(p.Raw)] != p.Raw || p.Glob != strings.TrimSuffix(p.Raw, "/") {
				t.Fatalf("pattern %+v not at its offset in %q", p, v)
			}
		}
		fixed := FixPatterns(v)
		if again := FixPatterns(fixed); again != fixed {
			t.Fatalf("FixPatterns not idempotent: %q -> %q -> %q", v, fixed, again)
		}
		if len(ps) == 0 && fixed != v {
			t.Fatalf("FixPatterns(%q) = %q with nothing to fix", v, fixed)
		}
		if fixed != v {
			if _, ps2 := ParsePatterns(fixed); len(ps2) != 0 {
				t.Fatalf("FixPatterns(%q) = %q, which has problems: %+v", v, fixed, ps2)
			}
		}
		// A pattern said to never match does not match the module path its
		// fix names.
		for _, p := range ps {
			if !p.Fatal {
				continue
			}
			for _, pat := range pats {
				if p.Offset < pat.Offset || p.Offset > pat.Offset+len(pat.Raw) {
					continue
				}
				target := strings.TrimSuffix(fixPattern(pat.Raw), "/")
				if strings.ContainsAny(target, `*?[\`) || module.CheckPath(target) != nil || !utf8.ValidString(target) {
					continue
				}
				if Matches(pat.Raw, target) {
					t.Fatalf("%q is reported as never matching (%s) but matches %q", pat.Raw, p.Code, target)
				}
			}
		}
	})
}

func FuzzParseGOFLAGS(f *testing.F) {
	for _, s := range []string{"", "-mod=mod", `""`, "-mod mod", "-ldflags=-w -s", `"-ldflags=-w -s"`, "-insecure",
		"-C=x", "-x=maybe", "-c", "-count=abc", "-Mod=mod", "'-x", "--=x", "---x", "-", "a'b c'", `"a"'b'`, "\t-x\n-v\r"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		checkSplitAgrees(t, v)
		flags, ps := ParseGOFLAGS(v)
		checkBounds(t, "ParseGOFLAGS", v, ps)
		for _, fl := range flags {
			if fl.Offset < 0 || fl.Len < 0 || fl.Offset+fl.Len > len(v) {
				t.Fatalf("flag %+v out of bounds in %q", fl, v)
			}
			if fl.Name != "" && !fl.Is(fl.Name) {
				t.Fatalf("flag %+v: Is(Name) = false", fl)
			}
		}
	})
}

func FuzzParseGOTOOLCHAIN(f *testing.F) {
	for _, s := range []string{"", "local", "auto", "path", "local+auto", "go1.22.0+auto", "bogus", "foo+auto",
		"go1.22.0+local", "go1.22", "gccgo-go1.20.3", "go1.20", "go1.22.0 ", "Local", "1.22.0", "auto+auto", "go2.0",
		"go1.22.0-bigcorp", "go1.22rc1", "+", "go1.22/x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		tc, ps := ParseGOTOOLCHAIN(v)
		checkBounds(t, "ParseGOTOOLCHAIN", v, ps)
		if !HasFatal(ps) {
			if tc.Local == (tc.Name != "") || tc.Auto && tc.Path {
				t.Fatalf("ParseGOTOOLCHAIN(%q) = %+v", v, tc)
			}
			if tc.Name != "" && "go"+fromToolchain(tc.Name) != tc.Version {
				t.Fatalf("ParseGOTOOLCHAIN(%q) = %+v: bad version", v, tc)
			}
		}
	})
}
