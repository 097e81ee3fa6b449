package modcfg

import "testing"

// A verifier key made with note.GenerateKey for the name sum.example.com.
const exampleKey = "sum.example.com+be3d56ff+Afz5dx7lTdxp7HzGYCptoOtSwq9dIrhcENQMlAi0dE0X"

func TestParseGOSUMDB(t *testing.T) {
	for _, tc := range []struct {
		v    string
		want SumDB
		code []Code
		msg  string
	}{
		{v: "sum.golang.org", want: SumDB{Name: "sum.golang.org", Key: knownGOSUMDB["sum.golang.org"], Builtin: true}},
		{v: " sum.golang.org ", want: SumDB{Name: "sum.golang.org", Key: knownGOSUMDB["sum.golang.org"], Builtin: true}},
		{v: "", code: []Code{fatal(SumDBMissing)}, msg: "go/env"},
		{v: "off", want: SumDB{Off: true}},
		{v: "sum.golang.google.cn", want: SumDB{Name: "sum.golang.org", Key: knownGOSUMDB["sum.golang.org"], URL: "https://sum.golang.google.cn", Builtin: true}},
		{v: "sum.golang.org https://sum.golang.google.cn", want: SumDB{Name: "sum.golang.org", Key: knownGOSUMDB["sum.golang.org"], URL: "https://sum.golang.google.cn", Builtin: true}},
		{v: knownGOSUMDB["sum.golang.org"], want: SumDB{Name: "sum.golang.org", Key: knownGOSUMDB["sum.golang.org"]}},
		{v: exampleKey + " https://sum.example.com/db", want: SumDB{Name: "sum.example.com", Key: exampleKey, URL: "https://sum.example.com/db"}},
		{v: "sum.golang.org file:///srv/sumdb", want: SumDB{Name: "sum.golang.org", Key: knownGOSUMDB["sum.golang.org"], URL: "file:///srv/sumdb", Builtin: true}},

		// §2.2 error table.
		{v: " ", code: []Code{fatal(SumDBMissing)}, msg: "missing GOSUMDB"},
		{v: "sum.example.com", code: []Code{fatal(SumDBBadKey)}, msg: "invalid GOSUMDB: malformed verifier id"},
		{v: "a b c", code: []Code{fatal(SumDBTooManyFields)}, msg: "invalid GOSUMDB: too many fields"},
		{v: "sum.golang.org https://a https://b", code: []Code{fatal(SumDBTooManyFields)}},
		{v: "OFF", code: []Code{fatal(SumDBOffCase)}, msg: "malformed verifier id"},
		{v: " off", code: []Code{fatal(SumDBOffCase)}},
		{v: "Sum.Golang.Org", code: []Code{fatal(SumDBBadKey)}, msg: `only knows "sum.golang.org" in lowercase`},
		{v: "https://sum.golang.org", code: []Code{fatal(SumDBBadKey)}, msg: "not a URL"},
		{v: "sum.golang.google.cn https://x", code: []Code{fatal(SumDBBadKey)}, msg: "alias only works"},
		{v: "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn9", code: []Code{fatal(SumDBBadKey)}, msg: "invalid GOSUMDB: "},
		{v: "sum.golang.org+00000000+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8", code: []Code{fatal(SumDBBadKey)}, msg: "invalid verifier hash"},
		{v: "sum.golang.org sum.golang.google.cn", code: []Code{SumDBBadURL}, msg: "uses https://sum.golang.google.cn"},
		{v: "sum.golang.org /srv/sumdb", code: []Code{fatal(SumDBBadURL)}, msg: "no Host"},
		{v: "sum.golang.org http://%zz", code: []Code{fatal(SumDBBadURL)}, msg: "invalid GOSUMDB URL"},
		{v: "sum.golang.org ftp://x", code: []Code{fatal(SumDBBadURL)}},
		{v: "sum.golang.org https://", code: []Code{fatal(SumDBBadURL)}},
	} {
		db, ps := ParseGOSUMDB(tc.v)
		wantCodes(t, "ParseGOSUMDB", tc.v, ps, tc.code...)
		if tc.msg != "" {
			msgContains(t, "ParseGOSUMDB", tc.v, ps, tc.msg)
		}
		if len(tc.code) == 0 && db != tc.want {
			t.Errorf("ParseGOSUMDB(%q) = %+v, want %+v", tc.v, db, tc.want)
		}
	}
}

// A name that passes note.NewVerifier but is not host[/path] (dbDial's
// "No funny business in the database name").
func TestParseGOSUMDBBadName(t *testing.T) {
	for _, name := range []string{"sum.example.com/", "sum.example.com?x", "sum.example.com#x", "u@sum.example.com", "sum.example.com/a%2Fb"} {
		key := keyFor(t, name)
		_, ps := ParseGOSUMDB(key)
		wantCodes(t, "ParseGOSUMDB", key, ps, fatal(SumDBBadName))
		msgContains(t, "ParseGOSUMDB", key, ps, "invalid sumdb name (must be host[/path])")
	}
	key := keyFor(t, "sum.example.com/sub")
	if db, ps := ParseGOSUMDB(key); len(ps) != 0 || db.Name != "sum.example.com/sub" {
		t.Errorf("ParseGOSUMDB(%q) = %+v, %+v", key, db, ps)
	}
}
