package remotes

import (
	"net"
	"net/url"
	"strings"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/redact"
	"github.com/go-env-doctor/go-env-doctor/server/internal/remote"
)

// wslLocalhostProxy: in WSL2's default NAT mode the Linux side is a VM with its own loopback,
// so the classic "proxy app on Windows listening on 127.0.0.1:7890" is unreachable from gopls
// and go in WSL; every download then times out or is refused.
var wslLocalhostProxy = check.Check{
	ID:       "wsl-localhost-proxy",
	Severity: check.Warning,
	Summary:  "inside WSL2 in NAT mode, HTTP(S)_PROXY or GOPROXY points at 127.0.0.1/localhost, which is the VM, not Windows",
	Run: func(ws *check.Workspace) []check.Finding {
		w := wslOf(ws)
		if w == nil || w.Version != 2 || w.Networking != remote.NetworkingNAT {
			return nil
		}
		var out []check.Finding
		loopback := func(u check.ValueUse) bool { return pointsAtLoopback(u.Name, u.Var.Value) }
		for _, u := range usesByPlace(ws, loopback, "HTTPS_PROXY", "HTTP_PROXY", "GOPROXY") {
			out = append(out, localhostFinding(w, u))
		}
		return out
	},
}

func localhostFinding(w *remote.WSL, u check.ValueUse) check.Finding {
	msg := "`" + u.Name + "=" + redact.Value(u.Name, u.Var.Value) + "`, set " + check.WhereSet(u.Var.Origin, u.Name) +
		", points at this machine's loopback. In WSL2's NAT networking mode (" + w.NetworkingHow + ") 127.0.0.1 and localhost inside WSL are the Linux VM, not Windows," +
		" so a proxy running on Windows (Clash, v2rayN, a corporate agent) is not reached and downloads time out or are refused."
	if w.HostIP != "" {
		msg += " From WSL, Windows is " + w.HostIP + " (" + w.HostIPHow + "); the proxy must also accept connections from the LAN (\"allow LAN\")."
	}
	msg += " Alternatively set networkingMode=mirrored under [wsl2] in %USERPROFILE%\\.wslconfig and run `wsl --shutdown`, which makes localhost reach Windows. If the proxy runs inside WSL itself, ignore this."
	f := check.Finding{Message: msg, Folder: u.Folder, Contexts: u.ContextIDs(), Location: u.Location()}
	if w.HostIP != "" {
		if fix, ok := u.SetValue(replaceLoopback(u.Name, u.Var.Value, w.HostIP), "point "+u.Name+" at Windows ("+w.HostIP+") instead of WSL's own loopback"); ok {
			f.Fixes = append(f.Fixes, withPreferred(fix))
		}
	}
	return f
}

// pointsAtLoopback reports whether a proxy URL, or any GOPROXY entry, names a loopback host.
func pointsAtLoopback(name, value string) bool {
	for _, e := range entries(name, value) {
		if isLoopbackHost(hostOf(e)) {
			return true
		}
	}
	return false
}

// entries splits GOPROXY at its separators; a proxy variable is one URL.
func entries(name, value string) []string {
	if name != "GOPROXY" {
		return []string{value}
	}
	return strings.FieldsFunc(value, func(r rune) bool { return r == ',' || r == '|' })
}

// hostOf is the host of a URL, with or without a scheme (net/http reads "127.0.0.1:7890" as
// http://127.0.0.1:7890).
func hostOf(raw string) string {
	raw = strings.TrimSpace(raw)
	if !strings.Contains(raw, "://") {
		raw = "http://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.Hostname()
}

func isLoopbackHost(h string) bool {
	if strings.EqualFold(h, "localhost") {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// replaceLoopback swaps every loopback host in value for host, keeping ports and the rest.
func replaceLoopback(name, value, host string) string {
	parts := entries(name, value)
	out := value
	for _, e := range parts {
		h := hostOf(e)
		if !isLoopbackHost(h) {
			continue
		}
		repl := strings.Replace(e, h, host, 1)
		if strings.HasPrefix(h, "::") || strings.Contains(h, ":") {
			repl = strings.Replace(e, "["+h+"]", host, 1)
		}
		out = strings.Replace(out, e, repl, 1)
	}
	return out
}
