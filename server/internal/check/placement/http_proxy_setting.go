package placement

import (
	"fmt"
	"strings"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/model"
	"github.com/go-env-doctor/go-env-doctor/server/internal/resolve"
	"github.com/go-env-doctor/go-env-doctor/server/internal/vscode"
)

// httpProxySetting: vscode-go's newEnvironment copies http.proxy into http_proxy, HTTP_PROXY,
// https_proxy and HTTPS_PROXY of every tool environment (goEnv.ts), after go.toolsEnvVars, but
// integrated terminals never get it, and nothing sets NO_PROXY. Reported while that leaves a
// gap: terminals on another route, or private hosts (GONOPROXY) sent through the proxy.
var httpProxySetting = check.Check{
	ID:       "http-proxy-setting",
	Severity: check.Info,
	Summary:  "http.proxy is set: vscode-go passes it as HTTP(S)_PROXY to gopls and tools but not to terminals, and sets no NO_PROXY",
	Run:      runHTTPProxySetting,
}

// publicCodeHosts need the proxy even when a private module lives there, so they are never put
// into NO_PROXY.
var publicCodeHosts = map[string]bool{
	"github.com": true, "gitlab.com": true, "bitbucket.org": true, "golang.org": true, "google.golang.org": true,
	"go.googlesource.com": true, "gopkg.in": true, "go.dev": true,
}

func runHTTPProxySetting(ws *check.Workspace) []check.Finding {
	var out []check.Finding
	for _, s := range resolve.ProxyScopes(ws.Input) {
		if s == nil || s.Root == nil {
			continue
		}
		v, n := s.String("http.proxy")
		if n == nil || v == "" {
			continue
		}
		var users []*model.Context
		for _, c := range ws.Contexts {
			if o := c.Get("HTTPS_PROXY"); o != nil && layerBase(o.Origin.Layer) == model.LayerHTTPProxy && sameLoc(o.Origin, s.Path, n.Start) {
				users = append(users, c)
			}
		}
		if len(users) == 0 {
			continue // no context gets it
		}
		termKey := vscode.TerminalEnvKey(ws.Input.GOOS)
		var termDiff []string
		termVal := ""
		for _, name := range []string{"HTTPS_PROXY", "HTTP_PROXY"} {
			for _, c := range ws.Contexts {
				if c.Kind != model.Terminal {
					continue
				}
				if tv, _ := varOf(c, name); tv != v {
					termDiff = append(termDiff, name)
					if name == "HTTPS_PROXY" {
						termVal = tv
					}
					break
				}
			}
		}
		hosts := privateHosts(users)
		if len(termDiff) == 0 && len(hosts) == 0 {
			continue
		}
		msg := fmt.Sprintf("http.proxy is set to %s in %s. vscode-go copies it into http_proxy, HTTP_PROXY, https_proxy and HTTPS_PROXY for gopls, tests, \"go\" tasks and debug sessions (overriding those variables from the environment and go.toolsEnvVars), but not into integrated terminals, and it sets no NO_PROXY.",
			show("HTTPS_PROXY", v), scopeName(s))
		if len(termDiff) > 0 {
			route := "no proxy at all"
			if termVal != "" {
				route = "the proxy " + show("HTTPS_PROXY", termVal)
			}
			msg += fmt.Sprintf(" A go command in the integrated terminal uses %s, so it downloads modules over a different route than gopls.", route)
		}
		if len(hosts) > 0 {
			msg += fmt.Sprintf(" GONOPROXY (or GOPRIVATE) names private hosts (%s) that the go command fetches directly, yet NO_PROXY is empty for gopls, so those fetches also go through the proxy, which usually cannot reach them.", strings.Join(hosts, ", "))
		}
		var fixes []check.Fix
		for i, name := range termDiff {
			f := setting(s, fmt.Sprintf("mirror http.proxy into the terminal: set %s.%s to %s in %s", termKey, name, show(name, v), scopeName(s)), check.Str(v), termKey, name)
			f.Preferred = i == 0
			fixes = append(fixes, f)
		}
		if len(hosts) > 0 {
			list := strings.Join(hosts, ",")
			f := setting(s, fmt.Sprintf("bypass the proxy for private hosts: set go.toolsEnvVars.NO_PROXY to %s in %s", list, scopeName(s)), check.Str(list), "go.toolsEnvVars", "NO_PROXY")
			f.Preferred = len(fixes) == 0
			fixes = append(fixes, f)
		}
		out = append(out, check.Finding{Message: msg, Contexts: check.IDs(users), Location: loc(s.Path, n.Start), Fixes: fixes})
	}
	return out
}

// privateHosts lists the hosts of the GONOPROXY patterns of the gopls contexts whose NO_PROXY
// is empty: the first path element of each pattern (a leading "*." is kept, NO_PROXY accepts
// it), without public code hosts, "none" (go help private's never-matching pattern) and other globs.
func privateHosts(users []*model.Context) []string {
	var out []string
	for _, c := range users {
		if c.Kind != model.Gopls {
			continue
		}
		if np, _ := varOf(c, "NO_PROXY"); np != "" {
			continue
		}
		gp, _ := varOf(c, "GONOPROXY")
		for _, p := range strings.Split(gp, ",") {
			p = strings.TrimSpace(p)
			host, _, _ := strings.Cut(p, "/")
			rest := strings.TrimPrefix(host, "*.")
			if rest == "" || rest == "none" || strings.ContainsAny(rest, "*?[]\\") || publicCodeHosts[strings.ToLower(rest)] {
				continue
			}
			out = appendUnique(out, host)
		}
	}
	return out
}
