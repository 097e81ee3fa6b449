// Package redact removes credentials from anything the tool prints: URL user info (GOPROXY,
// GOSUMDB, HTTP(S)_PROXY) and the arguments of GOAUTH commands, which often carry tokens.
package redact

import (
	"encoding/base64"
	"net/url"
	"regexp"
	"slices"
	"strings"
)

// Mask replaces a secret.
const Mask = "***"

// userinfo matches "scheme://userinfo@". It runs to the last '@' before the host, as url.Parse
// reads it, so a password containing '@' is masked whole; it stops at list separators.
var userinfo = regexp.MustCompile(`([A-Za-z][A-Za-z0-9+.\-]*://)[^/\s"',|]+@`)

// schemeless matches "user:password@host" without a scheme, which net/http accepts in
// HTTP(S)_PROXY (it retries the value as "http://"+value). A bare "git@host" is left alone.
var schemeless = regexp.MustCompile("((?:^|[,|\\s\"'`()=<>]))[^/\\s,|\"'`()=<>:@]+:[^/\\s,|\"'`()=<>]+@")

// Text redacts URL user info anywhere in s.
func Text(s string) string {
	if !strings.Contains(s, "@") {
		return s
	}
	s = userinfo.ReplaceAllString(s, "${1}"+Mask+"@")
	return schemeless.ReplaceAllString(s, "${1}"+Mask+"@")
}

// loneUser matches user info without a password and without a scheme, "TOKEN@host", at the
// start of a list entry. Text leaves it alone (it is how e-mail addresses and "git@host" look in
// prose); in values that are URLs it is a credential: the go command reads a GOPROXY entry
// "TOKEN@proxy.example" as https://TOKEN@proxy.example and net/http an HTTPS_PROXY
// "TOKEN@proxy:3128" as http://TOKEN@proxy:3128, and both send TOKEN as the user name.
// Like userinfo it runs to the last '@' before a '/' or separator.
var loneUser = regexp.MustCompile("((?:^|[,|\\s\"'`()=<>])(?:[A-Za-z][A-Za-z0-9+.\\-]*://)?)[^/\\s,|\"'`()=<>]+@")

// urlValued reports whether the go command or net/http reads name's value as URLs (GOPROXY
// entries, the GOSUMDB URL, the proxy variables and VS Code's http.proxy). NO_PROXY is not a
// URL, but it is written next to the proxy URLs and often by copying them.
func urlValued(name string) bool {
	switch strings.ToUpper(name) {
	case "GOPROXY", "GOSUMDB", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "HTTP.PROXY":
		return true
	}
	return false
}

// Value redacts the value of variable name for display.
func Value(name, v string) string {
	if strings.EqualFold(name, "GOAUTH") {
		return goauth(v)
	}
	if urlValued(name) && strings.Contains(v, "@") {
		// Text first: it masks a password containing '@' whole; loneUser then masks the user
		// names Text leaves ("TOKEN@host"); "***@" stays as it is.
		return loneUser.ReplaceAllString(Text(v), "${1}"+Mask+"@")
	}
	return Text(v)
}

// assignment is a NAME=VALUE line of an env file or the go/env file, "export " allowed.
var assignment = regexp.MustCompile(`^(\s*(?:export\s+)?)([A-Za-z_][A-Za-z0-9_]*)(\s*=\s*)(.*)$`)

// Line redacts one line of an env file or the go/env file: the value of a NAME=VALUE line as
// Value(NAME, VALUE) (so a GOAUTH line keeps only its command name), anything else as Text.
// Line changes of fixes and quoted lines of those files go through it.
func Line(s string) string {
	m := assignment.FindStringSubmatch(s)
	if m == nil {
		return Text(s)
	}
	return m[1] + m[2] + m[3] + Value(m[2], m[4])
}

// goauth keeps the GOAUTH keywords (off, netrc, git <dir>) and the command names of custom
// commands, masking their arguments.
func goauth(v string) string {
	parts := strings.Split(v, ";")
	for i, p := range parts {
		f := strings.Fields(p)
		if len(f) == 0 {
			continue
		}
		switch {
		case len(f) == 1 && (f[0] == "off" || f[0] == "netrc"):
		case f[0] == "git" && len(f) == 2:
		case len(f) == 1:
			parts[i] = Text(p)
		default:
			parts[i] = strings.Replace(p, strings.TrimSpace(p), f[0]+" "+Mask, 1)
		}
	}
	return strings.Join(parts, ";")
}

// userinfoOf captures the user info of every URL or schemeless user@host entry in a value.
var userinfoOf = regexp.MustCompile("(?:^|[,|\\s\"'`()=<>])(?:[A-Za-z][A-Za-z0-9+.\\-]*://)?([^/\\s,|\"'`()=<>]+)@")

// minSecret is the shortest credential Known masks: masking a two-letter password everywhere
// would garble the text around it more than it protects.
const minSecret = 4

// Secrets lists the credentials in values (GOPROXY, GOSUMDB, HTTP(S)_PROXY values): the user
// name and password of each URL user info, as written and percent-decoded, and the Basic
// authorization token they make. Those are what a server that received them may echo back in
// an answer (a 401 page, "user X is not allowed"), where pattern redaction cannot see them.
func Secrets(values ...string) []string {
	var out []string
	add := func(s string) {
		if len(s) >= minSecret && !strings.Contains(s, Mask) {
			out = append(out, s)
		}
	}
	for _, v := range values {
		for _, m := range userinfoOf.FindAllStringSubmatch(v, -1) {
			user, pw, _ := strings.Cut(m[1], ":")
			for _, raw := range []string{user, pw} {
				add(raw)
				if dec, err := url.PathUnescape(raw); err == nil && dec != raw {
					add(dec)
				}
			}
			u, errU := url.PathUnescape(user)
			p, errP := url.PathUnescape(pw)
			if errU == nil && errP == nil {
				add(base64.StdEncoding.EncodeToString([]byte(u + ":" + p)))
			}
		}
	}
	// Longest first, so a password that contains the user name is masked whole.
	slices.SortStableFunc(out, func(a, b string) int { return len(b) - len(a) })
	return out
}

// Known masks each of secrets (see Secrets) wherever it occurs in s.
func Known(s string, secrets []string) string {
	for _, sec := range secrets {
		if strings.Contains(s, sec) {
			s = strings.ReplaceAll(s, sec, Mask)
		}
	}
	return s
}
