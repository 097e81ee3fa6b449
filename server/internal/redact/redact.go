// Package redact removes credentials from anything the tool prints: URL user info (GOPROXY,
// GOSUMDB, HTTP(S)_PROXY) and the arguments of GOAUTH commands, which often carry tokens.
package redact

import (
	"regexp"
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

// Value redacts the value of variable name for display.
func Value(name, v string) string {
	if strings.EqualFold(name, "GOAUTH") {
		return goauth(v)
	}
	return Text(v)
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
