package modcfg

import (
	"fmt"
	"net/url"
	"strings"
	"unicode"

	"golang.org/x/mod/sumdb/note"
)

// SumDB is a parsed GOSUMDB value.
type SumDB struct {
	Off  bool   // "off": the checksum database is not consulted
	Name string // database name, host[/path]
	// Key is the full verifier key "<name>+<hash>+<key>" the go command
	// verifies with: as written, or from its built-in table (Builtin).
	Key string
	// URL is the optional second field: where to reach the database,
	// "bypassing both the default URL derivation and any proxies".
	URL string
	// Builtin is true when the name was looked up in the go command's table
	// of known databases (modfetch/key.go), so no key was written.
	Builtin bool
}

// knownGOSUMDB is modfetch/key.go's table.
var knownGOSUMDB = map[string]string{
	"sum.golang.org": "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8",
}

// ParseGOSUMDB parses GOSUMDB with the rules of modfetch/sumdb.go dbDial.
// v is the value the go command ends up with (see the package comment), so
// "" is an error: "missing GOSUMDB".
func ParseGOSUMDB(v string) (SumDB, []Problem) {
	if v == "" {
		// cfg.go: GOSUMDB = EnvOrAndChanged("GOSUMDB", ""); useSumDB only
		// skips the database for "off".
		return SumDB{}, []Problem{{Offset: 0, Len: 0, Fatal: true, Code: SumDBMissing,
			Msg: "GOSUMDB is empty: downloads fail with \"verifying module: missing GOSUMDB\". " +
				"An empty environment variable counts as unset, but an empty GOSUMDB= line in the go/env file overrides the default " +
				"of $GOROOT/go.env: remove the line (go env -u GOSUMDB), or write \"off\" to disable the checksum database"}}
	}
	// dbDial: "Special case: sum.golang.google.cn is an alias, reachable
	// inside mainland China, for sum.golang.org." Only the exact value.
	if v == "sum.golang.google.cn" {
		return SumDB{Name: "sum.golang.org", Key: knownGOSUMDB["sum.golang.org"], URL: "https://sum.golang.google.cn", Builtin: true}, nil
	}
	if v == "off" {
		return SumDB{Off: true}, nil
	}
	fields := fieldsWithOffsets(v)
	whole := func(code Code, msg string) (SumDB, []Problem) {
		return SumDB{}, []Problem{{Offset: 0, Len: len(v), Fatal: true, Code: code, Msg: msg}}
	}
	if len(fields) == 0 {
		return whole(SumDBMissing, "GOSUMDB is only white space: the go command fails with \"verifying module: missing GOSUMDB\"; "+
			`write "off" to disable the checksum database, or leave it unset for sum.golang.org`)
	}
	if len(fields) == 1 && strings.EqualFold(fields[0].text, "off") {
		return whole(SumDBOffCase, fmt.Sprintf(`%q is not "off": only the exact lowercase word, without spaces, disables the checksum database; `+
			`the go command takes it as a database name (invalid GOSUMDB: malformed verifier id)`, v))
	}
	if len(fields) > 2 {
		f := fields[2]
		return SumDB{}, []Problem{{Offset: f.off, Len: len(strings.TrimRightFunc(v, unicode.IsSpace)) - f.off, Fatal: true, Code: SumDBTooManyFields,
			Msg: "invalid GOSUMDB: too many fields (the go command's error); GOSUMDB is \"<name>[+<hash>+<key>] [<url>]\""}}
	}

	var db SumDB
	var probs []Problem
	key := fields[0]
	db.Key = key.text
	if k := knownGOSUMDB[key.text]; k != "" {
		db.Key, db.Builtin = k, true
	}
	vkey, err := note.NewVerifier(db.Key)
	if err != nil {
		db.Name, _, _ = strings.Cut(key.text, "+")
		msg := "invalid GOSUMDB: " + err.Error() + " (the go command's error)"
		switch {
		case strings.Contains(key.text, "://"):
			msg += "; the first field is the database name and key, not a URL: put a URL in the second field, as in \"sum.golang.org https://sum.example.com\""
		case key.text == "sum.golang.google.cn":
			msg += "; the sum.golang.google.cn alias only works when it is the whole value, without spaces or a URL"
		case strings.EqualFold(key.text, "sum.golang.org") || strings.EqualFold(key.text, "sum.golang.google.cn"):
			msg += fmt.Sprintf("; the go command only knows %q in lowercase", strings.ToLower(key.text))
		case !strings.Contains(key.text, "+"):
			msg += fmt.Sprintf("; only sum.golang.org is known by name: another database needs its public key, as in %q", key.text+"+<hash>+<key>")
		}
		probs = append(probs, Problem{Offset: key.off, Len: len(key.text), Fatal: true, Code: SumDBBadKey, Msg: msg})
	} else {
		db.Name = vkey.Name()
		// dbDial: "No funny business in the database name."
		direct, err := url.Parse("https://" + db.Name)
		if err != nil || strings.HasSuffix(db.Name, "/") || *direct != (url.URL{Scheme: "https", Host: direct.Host, Path: direct.Path, RawPath: direct.RawPath}) || direct.RawPath != "" || direct.Host == "" {
			probs = append(probs, Problem{Offset: key.off, Len: len(db.Name), Fatal: true, Code: SumDBBadName,
				Msg: fmt.Sprintf("invalid sumdb name (must be host[/path]): %s (the go command's error)", db.Name)})
		}
	}
	if len(fields) == 2 {
		f := fields[1]
		db.URL = f.text
		if p, ok := sumdbURLProblem(f.text); ok {
			p.Offset, p.Len = f.off, len(f.text)
			probs = append(probs, p)
		}
	}
	return db, probs
}

// sumdbURLProblem checks the second GOSUMDB field. dbDial only requires
// url.Parse to succeed; the URL is then fetched with web/http.go get, which
// reads file:// itself, sends http and https (also a URL without a scheme,
// as https) with net/http, and refuses any other scheme.
func sumdbURLProblem(s string) (Problem, bool) {
	u, err := url.Parse(s)
	if err != nil {
		return Problem{Fatal: true, Code: SumDBBadURL, Msg: fmt.Sprintf("invalid GOSUMDB URL: %v (the go command's error)", err)}, true
	}
	noHost := Problem{Fatal: true, Code: SumDBBadURL, Msg: fmt.Sprintf("%q has no host: every lookup fails (http: no Host in request URL)", s)}
	switch u.Scheme {
	case "file":
	case "http", "https":
		if u.Host == "" {
			return noHost, true
		}
	case "":
		// get: "secure.Scheme = "https"", and net/http reads the first path
		// element of the resulting "https://" URL as the host.
		secure := *u
		secure.Scheme = "https"
		if r, err := url.Parse(secure.String()); err != nil || r.Host == "" {
			return noHost, true
		}
		return Problem{Code: SumDBBadURL, Msg: fmt.Sprintf("%q has no scheme: the go command uses https://%s; write it out", s, strings.TrimPrefix(secure.String(), "https://"))}, true
	default:
		return Problem{Fatal: true, Code: SumDBBadURL, Msg: fmt.Sprintf("%q: every lookup fails with \"unsupported scheme\": the go command fetches only https, http and file URLs", s)}, true
	}
	return Problem{}, false
}

// textField is a strings.Fields field with its offset.
type textField struct {
	text string
	off  int
}

// fieldsWithOffsets is strings.Fields that also reports offsets.
func fieldsWithOffsets(s string) []textField {
	var out []textField
	start := -1
	for i, r := range s {
		if unicode.IsSpace(r) {
			if start >= 0 {
				out = append(out, textField{s[start:i], start})
				start = -1
			}
		} else if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		out = append(out, textField{s[start:], start})
	}
	return out
}
