// Package values holds the checks of the catalog table "The go/env file and values" about the
// download route: GOPROXY, GOSUMDB, GOINSECURE and credentials in proxy URLs.
package values

import (
	"net"
	"net/url"
	"path"
	"regexp"
	"runtime"
	"sort"
	"strings"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/goenv"
	"github.com/go-env-doctor/go-env-doctor/server/internal/modcfg"
	"github.com/go-env-doctor/go-env-doctor/server/internal/model"
	"github.com/go-env-doctor/go-env-doctor/server/internal/redact"
	"github.com/go-env-doctor/go-env-doctor/server/internal/vscode"
)

// Checks returns the checks of this package.
func Checks() []check.Check {
	return []check.Check{
		goproxySyntax,
		goproxyOff,
		goproxyInsecureScheme,
		goproxyFallback,
		credentialsInURL,
		gosumdbOff,
		goinsecureSet,
	}
}

// DefaultGOPROXY is the list upstream $GOROOT/go.env sets.
const DefaultGOPROXY = "https://proxy.golang.org,direct"

// valueUse is one effective value, where it is written, and every context that uses it.
type valueUse struct {
	check.ValueUse
	// Reload: some contexts hold the value because vscode-go copied it into the extension host
	// when it activated, so they keep it until the window reloads, even after the fix.
	Reload bool
}

// uses is ws.UsesAcrossFolders, with one more merge: vscode-go copies GOPROXY (GOPATH, GOBIN,
// GOMODCACHE) from `go env` into the extension host at activation, so gopls, tests and
// debugging get the go/env file's value as an environment variable. That copy is the same
// offending line, not a second one: its contexts join the group of the place `go env` read.
func uses(ws *check.Workspace, name string) []valueUse {
	var out []valueUse
	var copies []check.ValueUse
	for _, u := range ws.UsesAcrossFolders(name) {
		if u.Var.Origin.Layer == model.LayerActivation {
			copies = append(copies, u)
			continue
		}
		out = append(out, valueUse{ValueUse: u})
	}
	for i := range out {
		for _, o := range out[i].Var.Overridden {
			if copyOf(o, out[i].Var.Origin) {
				out[i].Reload = true // the copy stays in the extension host after the fix
			}
		}
	}
	for _, c := range copies {
		src := ""
		if from := c.Var.Origin.CopiedFrom; from != nil {
			src = from.Where()
		}
		merged := false
		for i := range out {
			o := out[i].Var
			if src != "" && o.Origin.Where() == src && strings.TrimSpace(o.Value) == c.Var.Value {
				if out[i].Folder != c.Folder {
					out[i].Folder = ""
				}
				out[i].Contexts = append(out[i].Contexts, c.Contexts...)
				out[i].Reload = true
				merged = true
				break
			}
		}
		if !merged {
			out = append(out, valueUse{ValueUse: c})
		}
	}
	order := map[*model.Context]int{}
	for i, c := range ws.Contexts {
		order[c] = i
	}
	for _, u := range out {
		sort.SliceStable(u.Contexts, func(i, j int) bool { return order[u.Contexts[i]] < order[u.Contexts[j]] })
	}
	return out
}

// copyOf reports whether o is vscode-go's activation copy of the value set at src.
func copyOf(o, src model.Origin) bool {
	return o.Layer == model.LayerActivation && o.CopiedFrom != nil && o.CopiedFrom.Where() == src.Where()
}

// finding fills what every finding of a value use has in common.
func (u valueUse) finding(sev check.Severity, msg string, fixes ...check.Fix) check.Finding {
	if u.Reload {
		msg += " vscode-go copied this value into the extension host when it activated, so gopls, tests and debug sessions keep it until the window is reloaded."
		fixes = append(fixes, check.Reload())
	}
	return check.Finding{
		Severity: sev,
		Message:  msg,
		Folder:   u.Folder,
		Contexts: u.ContextIDs(),
		Location: u.Location(),
		Fixes:    fixes,
	}
}

// safe redacts credentials in a URL-valued variable for display: redact.Text for
// scheme://user@host, and the schemeless user@host forms the go command and net/http also
// accept (a GOPROXY entry without a scheme gets https://, a proxy variable http://).
func safe(s string) string {
	return schemeless.ReplaceAllString(redact.Text(s), "${1}"+redact.Mask+"@")
}

// The user info runs to the last '@' before a '/' or separator, as url.Parse reads it, so a
// password containing '@' is masked whole.
var schemeless = regexp.MustCompile("((?:^|[,|\\s\"'`()=<>])(?:[A-Za-z][A-Za-z0-9+.\\-]*://)?)[^/\\s,|\"'`()=<>]+@")

// quoteV shows a value the way a user would write it: NAME=value, redacted.
func quoteV(name, v string) string { return "`" + name + "=" + safe(v) + "`" }

// envAdvice explains, for a value that comes from a process environment, which variable of
// which environment to change, and that files cannot override it for a `go` typed in a shell.
func envAdvice(u valueUse) string {
	if !u.FromEnvironment() {
		return ""
	}
	o := u.Var.Origin
	v := o.Var
	if v == "" {
		v = u.Name
	}
	var s string
	switch o.Layer {
	case model.LayerActivation:
		s = " Fix it where `go env` read it, then reload the window."
	case model.LayerHost:
		s = " Change or unset " + v + " in the environment VS Code is started with (the launcher, or the login shell profile VS Code reads)."
	default:
		s = " Change or unset " + v + " where your shell sets it (a profile such as ~/.profile, ~/.bashrc or ~/.zshrc, or the launcher that starts VS Code), then restart the terminal and VS Code."
	}
	if goenv.IsGoVar(u.Name) {
		s += " `go env -w` cannot help: a non-empty OS variable always wins over the go/env file."
	}
	if toolsEnvContexts(u.Contexts) {
		s += " For gopls, tests and debugging only, go.toolsEnvVars can override it from settings."
	}
	return s
}

// toolsEnvContexts reports whether any context reads go.toolsEnvVars on top of the environment.
func toolsEnvContexts(cs []*model.Context) bool {
	for _, c := range cs {
		switch c.Kind {
		case model.Gopls, model.Test, model.TestDebug, model.Delve:
			return true
		}
	}
	return false
}

// toolsEnvFix writes go.toolsEnvVars.<name> in the settings that apply to every folder (remote,
// else user, else workspace): what files can do about a value from the environment.
func toolsEnvFix(ws *check.Workspace, u valueUse, value, title string) (check.Fix, bool) {
	if !u.FromEnvironment() || !toolsEnvContexts(u.Contexts) || ws.Input == nil {
		return check.Fix{}, false
	}
	for _, s := range []*vscode.Settings{ws.Input.Remote, ws.Input.User, ws.Input.Workspace} {
		if s != nil && s.Path != "" && s.Err == nil {
			return check.SettingFix(s.Path, string(s.Scope), s.Prefix, title, check.Str(value), "go.toolsEnvVars", u.Name), true
		}
	}
	return check.Fix{}, false
}

// setFixes makes u's contexts use value: at the place the value is written (Preferred when
// pref), else through go.toolsEnvVars when it comes from the environment (envTitle). A fix is
// data that editors and the CLI show, so none is made when value carries URL user info: the
// returned note says so, for the message.
func setFixes(ws *check.Workspace, u valueUse, value, title, envTitle string, pref bool) ([]check.Fix, string) {
	if hasCreds(value) {
		return nil, " No automatic fix is offered, because it would repeat the credential in the URL (see credentials-in-url)."
	}
	if f, ok := u.SetValue(value, title); ok {
		if pref {
			f = preferred(f)
		}
		return []check.Fix{f}, ""
	}
	if f, ok := toolsEnvFix(ws, u, value, envTitle); ok {
		return []check.Fix{f}, ""
	}
	return nil, ""
}

// hasCreds reports whether v contains URL user info.
func hasCreds(v string) bool { return safe(v) != v }

func preferred(f check.Fix) check.Fix {
	f.Preferred = true
	return f
}

// publicHosts are hosts whose modules are public: a pattern covering all of one of them in
// GONOSUMDB/GOPRIVATE turns checksum verification off for public code. Kept explicit.
var publicHosts = []string{
	"github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "gitee.com",
	"golang.org", "google.golang.org", "cloud.google.com", "go.googlesource.com",
	"gopkg.in", "sr.ht", "git.sr.ht", "k8s.io", "sigs.k8s.io",
	"go.uber.org", "go.etcd.io", "go.opentelemetry.io",
}

// broadPattern reports whether glob covers every module of a public host ("*", "github.com",
// "github.com/*", "*.com"): its first element matches the host and every later element is "*",
// so module.MatchPrefixPatterns matches any module path under that host. It returns what it
// covers, for the message.
func broadPattern(glob string) (string, bool) {
	glob = strings.TrimSuffix(glob, "/")
	if glob == "" {
		return "", false
	}
	elems := strings.Split(glob, "/")
	for _, e := range elems[1:] {
		if e != "*" {
			return "", false
		}
	}
	if elems[0] == "*" {
		return "every module", true
	}
	var hit []string
	for _, h := range publicHosts {
		if ok, err := path.Match(elems[0], h); err == nil && ok {
			hit = append(hit, h)
		}
	}
	if len(hit) == 0 {
		return "", false
	}
	if len(hit) > 3 {
		hit = append(hit[:3], "…")
	}
	return "every module on " + strings.Join(hit, ", "), true
}

// isLoopback reports whether host (no port) never leaves the machine: localhost, 127.0.0.0/8
// and ::1.
func isLoopback(host string) bool {
	h := strings.ToLower(strings.TrimSuffix(strings.Trim(host, "[]"), "."))
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// proxyURL parses an HTTP(S)_PROXY value the way golang.org/x/net/http/httpproxy does: a value
// without a scheme is retried as http://value.
func proxyURL(v string) *url.URL {
	u, err := url.Parse(v)
	if err != nil || u.Scheme == "" || u.Host == "" {
		if u2, err := url.Parse("http://" + v); err == nil {
			return u2
		}
		return nil
	}
	return u
}

// parseProxy parses GOPROXY for the OS the contexts run on.
func parseProxy(ws *check.Workspace, v string) ([]modcfg.ProxyEntry, []modcfg.Problem) {
	goos := runtime.GOOS
	if ws.Input != nil && ws.Input.GOOS != "" {
		goos = ws.Input.GOOS
	}
	return modcfg.ParseGOPROXYFor(v, goos)
}

// replaceEntries rewrites the trimmed text of the entries f returns a replacement for,
// leaving separators and everything else as written.
func replaceEntries(v string, entries []modcfg.ProxyEntry, f func(e modcfg.ProxyEntry, text string) (string, bool)) string {
	var b strings.Builder
	last := 0
	for _, e := range entries {
		t := strings.TrimSpace(e.Raw)
		r, ok := f(e, t)
		if !ok {
			continue
		}
		start := e.Offset + strings.Index(e.Raw, t)
		b.WriteString(v[last:start])
		b.WriteString(r)
		last = start + len(t)
	}
	b.WriteString(v[last:])
	return b.String()
}

// reached returns the entries the go command consults.
func reached(entries []modcfg.ProxyEntry) []modcfg.ProxyEntry {
	var out []modcfg.ProxyEntry
	for _, e := range entries {
		if !e.Unreached {
			out = append(out, e)
		}
	}
	return out
}
