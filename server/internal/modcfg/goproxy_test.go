package modcfg

import (
	"testing"
)

func TestParseGOPROXY(t *testing.T) {
	for _, tc := range []struct {
		v    string
		want []Code
		msg  string // a problem message must contain it
	}{
		// The default, from $GOROOT/go.env.
		{v: "https://proxy.golang.org,direct"},
		{v: "", want: []Code{fatal(ProxyNoEntries)}, msg: "go/env"}, // only from an empty GOPROXY= line in go/env
		{v: "off"},
		{v: "direct"},
		{v: "https://proxy.golang.org|https://goproxy.io,direct"},
		{v: "http://127.0.0.1:3000"},
		{v: "file:///var/goproxy"},
		{v: "HTTPS://proxy.golang.org"}, // the scheme is case-insensitive
		{v: "proxy.golang.org/x"},       // gets https://
		{v: " https://proxy.golang.org , direct "},
		{v: "https://user:pass@proxy.example.com"},

		// §2.1 error table.
		{v: "file://host/x", want: []Code{fatal(ProxyFileNonPath)}, msg: "invalid file:// proxy URL with non-path elements: file://host/x"},
		{v: "file:///x?a=1", want: []Code{fatal(ProxyFileNonPath)}, msg: "invalid file:// proxy URL with non-path elements: file:///x?a=1"},
		{v: "file://u@/x", want: []Code{fatal(ProxyFileNonPath)}},
		{v: "file:/x", want: []Code{fatal(ProxyFileNonPath)}}, // url.URL.OmitHost makes it differ
		{v: "goproxy", want: []Code{fatal(ProxyMissingScheme)}, msg: "invalid proxy URL missing scheme: goproxy"},
		{v: "/abs/path", want: []Code{fatal(ProxyMissingScheme)}, msg: "invalid proxy URL missing scheme: /abs/path"},
		{v: "ftp://x", want: []Code{fatal(ProxyBadScheme)}, msg: "invalid proxy URL scheme (must be https, http, file): ftp://x"},
		{v: ",", want: []Code{fatal(ProxyNoEntries)}, msg: "GOPROXY list is not the empty string, but contains no entries"},
		{v: " ", want: []Code{fatal(ProxyNoEntries)}},
		{v: "|,|", want: []Code{fatal(ProxyNoEntries)}},
		{v: "https://proxy.golang.org,DIRECT", want: []Code{fatal(ProxyKeywordCase)},
			msg: `"DIRECT" is not a keyword: the go command only knows lowercase "direct" and treats this as a URL without a scheme`},
		{v: "Off", want: []Code{fatal(ProxyKeywordCase)}, msg: "invalid proxy URL missing scheme: Off"},
		{v: "OFF", want: []Code{fatal(ProxyKeywordCase)}},
		{v: "direct,off", want: []Code{ProxyUnreached}},
		{v: "off,https://proxy.golang.org", want: []Code{ProxyUnreached}, msg: `stops at "off"`},
		{v: "direct,ftp://x,DIRECT", want: []Code{ProxyUnreached}}, // never parsed
		{v: "https://a b", want: []Code{fatal(ProxyWhitespace)}, msg: `invalid character " " in host name`},
		{v: "https://a/b c", want: []Code{ProxyWhitespace}}, // url.Parse accepts it
		{v: "https://proxy.golang.org,,direct", want: []Code{ProxyEmptyEntry}},
		{v: "https://proxy.golang.org,direct,", want: []Code{ProxyEmptyEntry}},
		{v: ",https://proxy.golang.org", want: []Code{ProxyEmptyEntry}},
		{v: "https://proxy.golang.org| ,direct", want: []Code{ProxyEmptyEntry}},
		{v: `"https://proxy.golang.org,direct"`, want: []Code{fatal(ProxyQuoted), fatal(ProxyQuoted)}},
		{v: `'https://proxy.golang.org'`, want: []Code{fatal(ProxyQuoted)}},
		{v: `file:///x"`, want: []Code{ProxyQuoted}},
		{v: "https://", want: []Code{fatal(ProxyNoHost)}, msg: "no Host in request URL"},
		{v: "http://u:p@127.0.0.1:1", want: []Code{fatal(ProxyInsecureUserInfo)}, msg: "refusing to pass credentials to insecure URL: http://u:xxxxx@127.0.0.1:1"},
		{v: "http://%zz", want: []Code{fatal(ProxyBadURL)}, msg: `invalid URL escape "%zz"`},
		{v: "file:relative", want: []Code{fatal(ProxyBadURL)}, msg: `parse "https://file:relative"`},
		{v: "c:/x", want: []Code{fatal(ProxyBadScheme)}},
		{v: "noproxy", want: []Code{fatal(ProxyMissingScheme)}},
	} {
		es, ps := ParseGOPROXYFor(tc.v, "linux")
		wantCodes(t, "ParseGOPROXY", tc.v, ps, tc.want...)
		if tc.msg != "" {
			msgContains(t, "ParseGOPROXY", tc.v, ps, tc.msg)
		}
		for _, e := range es {
			if e.Offset < 0 || e.Offset+len(e.Raw) > len(tc.v) || tc.v[e.Offset:e.Offset+len(e.Raw)] != e.Raw {
				t.Errorf("ParseGOPROXY(%q): entry %+v not at its offset", tc.v, e)
			}
		}
	}
}

func TestParseGOPROXYEntries(t *testing.T) {
	const v = " proxy.golang.org/x | https://b ,direct,https://c"
	es, ps := ParseGOPROXYFor(v, "linux")
	wantCodes(t, "ParseGOPROXY", v, ps, ProxyUnreached)
	want := []ProxyEntry{
		{Raw: " proxy.golang.org/x ", Offset: 0, Kind: ProxyURL, URL: "https://proxy.golang.org/x", FallbackOnError: true},
		{Raw: " https://b ", Offset: 21, Kind: ProxyURL, URL: "https://b"},
		{Raw: "direct", Offset: 33, Kind: ProxyDirect},
		{Raw: "https://c", Offset: 40, Kind: ProxyURL, URL: "https://c", Unreached: true},
	}
	if len(es) != len(want) {
		t.Fatalf("entries %+v, want %+v", es, want)
	}
	for i := range want {
		if es[i] != want[i] {
			t.Errorf("entry %d = %+v, want %+v", i, es[i], want[i])
		}
	}
	if h := es[0].Host(); h != "proxy.golang.org" {
		t.Errorf("Host = %q", h)
	}
	if h := es[2].Host(); h != "" {
		t.Errorf("Host of direct = %q", h)
	}

	es, _ = ParseGOPROXY("https://u:p@proxy.example.com:8443/p,https://proxy.golang.org")
	if !es[0].UserInfo() || es[0].Host() != "proxy.example.com:8443" || es[1].UserInfo() {
		t.Errorf("UserInfo/Host wrong: %+v", es)
	}
	es, _ = ParseGOPROXY("DIRECT")
	if es[0].Err != "invalid proxy URL missing scheme: DIRECT" {
		t.Errorf("Err = %q", es[0].Err)
	}
}

// The "add https://" rule asks filepath.IsAbs, which differs on Windows.
func TestParseGOPROXYWindows(t *testing.T) {
	// On Windows C:\proxy is absolute, so it is not given https:// and
	// url.Parse reads "c" as the scheme; on Unix it gets https:// and the
	// backslash breaks the host. Both fail, with different errors.
	es, ps := ParseGOPROXYFor(`C:\proxy`, "windows")
	wantCodes(t, "ParseGOPROXY/windows", `C:\proxy`, ps, fatal(ProxyBadScheme))
	if es[0].URL != `C:\proxy` {
		t.Errorf("windows URL = %q", es[0].URL)
	}
	es, _ = ParseGOPROXYFor(`C:\proxy`, "linux")
	if es[0].URL != `https://C:\proxy` {
		t.Errorf("linux URL = %q", es[0].URL)
	}
	if !isAbs("windows", `\\host\share\x`) || isAbs("windows", `\x`) || !isAbs("windows", `c:/x`) || isAbs("linux", `c:/x`) || !isAbs("plan9", "#c") {
		t.Error("isAbs is wrong")
	}
}

func TestFixGOPROXY(t *testing.T) {
	for _, tc := range []struct{ v, want string }{
		{"https://proxy.golang.org,direct", "https://proxy.golang.org,direct"},
		{" https://proxy.golang.org , DIRECT ", "https://proxy.golang.org,direct"},
		{`"https://proxy.golang.org,direct"`, "https://proxy.golang.org,direct"},
		{"proxy.golang.org|goproxy.io,direct", "https://proxy.golang.org|https://goproxy.io,direct"},
		{"https://a,,https://b|", "https://a,https://b"},
		{"direct,https://a", "direct"},
		{"Off", "off"},
		{"ftp://x,https://a", "https://a"},
		{"https://a b,direct", "direct"},
		{"ftp://x", "ftp://x"}, // nothing usable: unchanged
		{",", ","},
		{"", ""},
	} {
		if got := FixGOPROXY(tc.v); got != tc.want {
			t.Errorf("FixGOPROXY(%q) = %q, want %q", tc.v, got, tc.want)
		}
		if got := FixGOPROXY(tc.want); got != tc.want {
			t.Errorf("FixGOPROXY not idempotent on %q: %q", tc.want, got)
		}
	}
}
