package values

import (
	"net/url"
	"strings"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/modcfg"
	"github.com/go-env-doctor/go-env-doctor/server/internal/model"
)

// credentialsInURL: user info in a GOPROXY entry, the GOSUMDB URL, HTTP(S)_PROXY or http.proxy
// is a secret written where it is copied around: settings are synced or committed, the go/env
// file is printed by `go env`, environments show in process lists, and url.Redacted (used in
// the go command's messages and -x output) masks only the password, never the user name, which
// is often the token. For https, GOAUTH (default netrc) credentials are added first and win
// over URL user info (cmd/go/internal/web/http.go; net/http only adds Basic auth from the URL
// when no Authorization header is set), so the secret can move to ~/.netrc. HTTP proxies get
// credentials only from the URL (Proxy-Authorization), so for them the fix is not a drop-in.
var credentialsInURL = check.Check{
	ID:       "credentials-in-url",
	Severity: check.Warning,
	Summary:  "a proxy, GOPROXY or GOSUMDB URL carries a user name, password or token",
	Run: func(ws *check.Workspace) []check.Finding {
		var out []check.Finding
		for _, u := range uses(ws, "GOPROXY") {
			v := u.Var.Value
			entries, _ := parseProxy(ws, v)
			var hosts []string
			fixed := replaceEntries(v, entries, func(e modcfg.ProxyEntry, t string) (string, bool) {
				if !e.UserInfo() {
					return "", false
				}
				hosts = append(hosts, e.Host())
				return stripUserInfo(t), true
			})
			if len(hosts) == 0 {
				continue
			}
			out = append(out, credFinding(u, "GOPROXY", "the GOPROXY entry for "+strings.Join(hosts, ", "), fixed, true))
		}
		for _, u := range uses(ws, "GOSUMDB") {
			db, _ := modcfg.ParseGOSUMDB(u.Var.Value)
			if db.URL == "" {
				continue
			}
			pu, err := url.Parse(db.URL)
			if err != nil || pu.User == nil {
				continue
			}
			fixed := strings.Replace(u.Var.Value, db.URL, stripUserInfo(db.URL), 1)
			out = append(out, credFinding(u, "GOSUMDB", "the GOSUMDB URL for "+pu.Host, fixed, true))
		}
		for _, name := range []string{"HTTP_PROXY", "HTTPS_PROXY"} {
			for _, u := range uses(ws, name) {
				if layerIs(u.Var.Origin, model.LayerHTTPProxy) {
					continue // reported once, at the http.proxy setting, below
				}
				pu := proxyURL(u.Var.Value)
				if pu == nil || pu.User == nil {
					continue
				}
				v := u.Var.Origin.Var
				if v == "" {
					v = name
				}
				out = append(out, credFinding(u, name, v+" (proxy "+pu.Host+")", stripUserInfo(u.Var.Value), false))
			}
		}
		return append(out, httpProxySetting(ws)...)
	},
}

// credFinding reports user info in the value of name at u. what names the URL (no secret);
// netrc says whether GOAUTH/netrc can take over (https module and sumdb requests) or not
// (HTTP proxies, which only get credentials from their URL).
func credFinding(u valueUse, name, what, stripped string, netrc bool) check.Finding {
	msg := what + ", set " + check.WhereSet(u.Var.Origin, name) + ", contains a user name, password or token (" + quoteV(name, u.Var.Value) + "). " +
		leaksTo(u.Var.Origin) + " The go command's own messages and -x output mask only the password, so a token written as the user name (https://TOKEN@host) is printed in full."
	title := ""
	if netrc {
		msg += " For https requests the go command first adds credentials from GOAUTH (by default ~/.netrc), and those win over user info in the URL, so the login can live in ~/.netrc instead."
		title = "remove the user info from " + name + " — then add the login to ~/.netrc (machine <host> login <user> password <secret>) or GOAUTH, or authenticated downloads fail"
	} else {
		msg += " Go passes HTTP proxy credentials only from the URL (GOAUTH and ~/.netrc are not used for the proxy), so without them the proxy must allow you by address, or a local forwarding proxy (such as cntlm or px) must add the login."
		title = "remove the user info from " + name + " — only if the proxy does not need a login, or a local forwarding proxy adds it"
	}
	if u.FromEnvironment() {
		o := u.Var.Origin
		v := o.Var
		if v == "" {
			v = name
		}
		if o.Layer == model.LayerActivation {
			msg += " Fix it where `go env` read it, then reload the window."
		} else {
			msg += " Remove the credential from " + v + " where that environment is set (a shell profile such as ~/.profile or ~/.bashrc, or the launcher that starts VS Code); no file edit can take it out of the environment."
		}
		return u.finding(check.Warning, msg)
	}
	var fixes []check.Fix
	if hasCreds(stripped) {
		return u.finding(check.Warning, msg) // never write a credential into a fix
	}
	if f, ok := u.SetValue(stripped, title); ok {
		fixes = append(fixes, f)
	}
	return u.finding(check.Warning, msg, fixes...)
}

// leaksTo says where a secret written at o ends up.
func leaksTo(o model.Origin) string {
	layer, scope, _ := strings.Cut(string(o.Layer), ":")
	switch {
	case model.Layer(layer) == model.LayerUserGoEnv:
		return "The go/env file is plain text, and `go env` prints the value — output that ends up in bug reports and CI logs; the go command also passes it on in the environment of the tools it runs, where process lists show it."
	case model.Layer(layer) == model.LayerLaunchEnv || model.Layer(layer) == model.LayerTaskEnv:
		return "launch.json and tasks.json usually live in the repository, and the value is in the environment of every process started from them, where process lists show it."
	case model.Layer(layer) == model.LayerLaunchEnvFile || model.Layer(layer) == model.LayerTestEnvFile:
		return "Env files are often committed or shared, and the value is in the environment of every process started with them, where process lists show it."
	case check.IsSettingsLayer(o.Layer):
		if scope == "user" {
			return "User settings are plain text and Settings Sync uploads them; the value is also in the environment of gopls and every tool vscode-go starts, where process lists show it."
		}
		return "Workspace and folder settings are often committed to the repository; the value is also in the environment of gopls and every tool vscode-go starts, where process lists show it."
	case o.Layer == model.LayerActivation || o.Layer == model.LayerShell || o.Layer == model.LayerHost:
		return "Every process started from that environment carries it: it shows in process lists (ps eww, /proc/<pid>/environ), crash reports and environment dumps in CI logs."
	}
	return "It is written in plain text and passed on in the environment of the processes that use it."
}

func layerIs(o model.Origin, l model.Layer) bool {
	base, _, _ := strings.Cut(string(o.Layer), ":")
	return model.Layer(base) == l
}

// httpProxySetting reports user info in VS Code's http.proxy, read from every settings file
// (vscode-go copies it into HTTP(S)_PROXY of gopls and tools; VS Code itself uses it too).
// A workspace-scope http.proxy is ignored by VS Code but still written, often committed.
func httpProxySetting(ws *check.Workspace) []check.Finding {
	var out []check.Finding
	for _, s := range ws.Settings() {
		v, n := s.String("http.proxy")
		if n == nil {
			continue
		}
		pu := proxyURL(v)
		if pu == nil || pu.User == nil {
			continue
		}
		var cs []*model.Context
		folder, first := "", true
		for _, c := range ws.Contexts {
			for _, name := range []string{"HTTPS_PROXY", "HTTP_PROXY"} {
				if x := c.Get(name); x != nil && layerIs(x.Origin, model.LayerHTTPProxy) && x.Origin.File == s.Path {
					cs = append(cs, c)
					if first {
						folder, first = c.Folder, false
					} else if folder != c.Folder {
						folder = ""
					}
					break
				}
			}
		}
		msg := "http.proxy (" + string(s.Scope) + " settings, " + s.Path + ") contains a user name, password or token (`" + safe(v) + "`). "
		switch s.Scope {
		case "user":
			msg += "Settings Sync uploads user settings, and vscode-go copies http.proxy into HTTP_PROXY and HTTPS_PROXY of gopls and every tool it starts, where process lists show it."
		default:
			msg += "VS Code reads http.proxy only from user settings, but the credential is still written in this file, which is often committed or synced."
		}
		msg += " Go passes HTTP proxy credentials only from the URL (GOAUTH and ~/.netrc are not used for the proxy), so without them the proxy must allow you by address, or a local forwarding proxy (such as cntlm or px) must add the login."
		var fixes []check.Fix
		if stripped := stripUserInfo(v); !hasCreds(stripped) {
			fixes = append(fixes, check.SettingFix(s.Path, string(s.Scope), s.Prefix,
				"remove the user info from http.proxy — only if the proxy does not need a login, or a local forwarding proxy adds it",
				check.Str(stripped), "http.proxy"))
		}
		out = append(out, check.Finding{
			Severity: check.Warning,
			Message:  msg,
			Folder:   folder,
			Contexts: check.IDs(cs),
			Location: &check.Location{File: s.Path, Line: n.Start.Line, Column: n.Start.Column},
			Fixes:    fixes,
		})
	}
	return out
}

// stripUserInfo removes "user[:password]@" from a URL as written, with or without a scheme.
func stripUserInfo(t string) string {
	start := 0
	if i := strings.Index(t, "://"); i >= 0 {
		start = i + 3
	}
	rest := t[start:]
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	at := strings.LastIndex(rest[:end], "@")
	if at < 0 {
		return t
	}
	return t[:start] + rest[at+1:]
}
