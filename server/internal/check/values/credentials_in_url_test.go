package values

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/check/checktest"
)

// Canary secrets: none may appear in any string of a finding (message, titles, commands, and
// the values a fix writes, which carry the URL without its user info).
const (
	canaryPw  = "CanaryPass9137"
	canaryTok = "CanaryToken4420"
	canaryUsr = "canaryuser"
)

func noCanary(t *testing.T, fs ...check.Finding) {
	t.Helper()
	for _, f := range fs {
		b, err := json.Marshal(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []string{canaryPw, canaryTok, canaryUsr} {
			if strings.Contains(string(b), c) {
				t.Errorf("finding leaks %q: %s", c, b)
			}
		}
	}
}

func TestCredentialsInURLGoEnv(t *testing.T) {
	e := checktest.Load(t, "-- home/.config/go/env --\nGOPROXY=https://"+canaryUsr+":"+canaryPw+"@proxy.corp.example/go,direct\n")
	fs := e.Run(credentialsInURL)
	noCanary(t, fs...)
	f := one(t, fs)
	if f.Check != "credentials-in-url" || f.Severity != check.Warning {
		t.Errorf("check/severity = %s/%s", f.Check, f.Severity)
	}
	wantLoc(t, e, f, "home/.config/go/env", "GOPROXY=")
	wantContexts(t, f, "shell", "terminal", "gopls", "test", "test-debug")
	wantIn(t, f.Message, "proxy.corp.example", "https://***@proxy.corp.example", "`go env` prints", "GOAUTH", "~/.netrc", "win over")
	fix := fixOf(t, f, check.GoEnvWrite)
	if fix.Preferred || !strings.Contains(fix.Title, "~/.netrc") {
		t.Errorf("fix = %+v; want a non-preferred fix whose title says the login moves to ~/.netrc", fix)
	}
	if got := fix.GoEnv.Set["GOPROXY"]; got != "https://proxy.corp.example/go,direct" {
		t.Fatalf("fix value = %q", got)
	}
	e.Apply(fix)
	if fs := e.Run(credentialsInURL); len(fs) != 0 {
		t.Errorf("after the fix: %+v", fs)
	}
	if s := e.Read("home/.config/go/env"); strings.Contains(s, canaryPw) {
		t.Errorf("the secret is still in the file: %q", s)
	}
}

func TestCredentialsInURLSettings(t *testing.T) {
	e := checktest.Load(t, toolsEnv(
		`"HTTPS_PROXY": "http://`+canaryUsr+`:`+canaryPw+`@squid.corp.example:3128"`,
		`"GOSUMDB": "sum.golang.org https://`+canaryTok+`@sum.corp.example"`,
		`"GOFLAGS": "-mod=mod"`))
	fs := e.Run(credentialsInURL)
	noCanary(t, fs...)
	if len(fs) != 2 {
		t.Fatalf("want a finding for HTTPS_PROXY and one for GOSUMDB, got %+v", fs)
	}
	p := at(t, e, fs, "ws/.vscode/settings.json", `"http://`+canaryUsr)
	wantContexts(t, p, "gopls", "test", "test-debug")
	wantIn(t, p.Message, "HTTPS_PROXY (proxy squid.corp.example:3128)", "committed", "only from the URL")
	s := at(t, e, fs, "ws/.vscode/settings.json", `"sum.golang.org https://`)
	wantIn(t, s.Message, "GOSUMDB URL for sum.corp.example")
	fix := fixOf(t, s, check.SetSetting)
	if got := *fix.JSON.Value; got != "sum.golang.org https://sum.corp.example" {
		t.Fatalf("GOSUMDB fix value = %q", got)
	}
	e.Apply(fix)
	e.Apply(fixOf(t, one(t, e.Run(credentialsInURL)), check.SetSetting))
	if fs := e.Run(credentialsInURL); len(fs) != 0 {
		t.Errorf("after the fixes: %+v", fs)
	}
	keepsComments(t, e, "ws/.vscode/settings.json")
	if s := e.Read("ws/.vscode/settings.json"); strings.Contains(s, canaryPw) || strings.Contains(s, canaryTok) {
		t.Errorf("a secret is still in the file:\n%s", s)
	}
}

// Environment values: lowercase https_proxy, a schemeless HTTP_PROXY; nothing to edit, and the
// message says which variable to change.
func TestCredentialsInURLShellEnv(t *testing.T) {
	e := checktest.Load(t, "-- shell.env --\nhttps_proxy=http://"+canaryTok+"@proxy.corp.example:3128\nHTTP_PROXY="+canaryUsr+":"+canaryPw+"@proxy.corp.example:3128\n")
	fs := e.Run(credentialsInURL)
	noCanary(t, fs...)
	if len(fs) != 2 {
		t.Fatalf("want one finding per variable, got %+v", fs)
	}
	for _, f := range fs {
		if f.Location != nil || len(f.Fixes) != 0 {
			t.Errorf("environment value: want no location and no fix, got %+v", f)
		}
		wantContexts(t, f, "shell", "terminal", "gopls", "test", "test-debug")
		wantIn(t, f.Message, "of the shell environment (shell.env)", "process lists")
	}
	msgs := fs[0].Message + fs[1].Message
	wantIn(t, msgs, "https_proxy (proxy proxy.corp.example:3128)", "HTTP_PROXY (proxy proxy.corp.example:3128)", "Remove the credential from https_proxy")
}

// http.proxy is read from the settings directly and reported once at the setting, not again
// as the HTTP(S)_PROXY that vscode-go derives from it.
func TestCredentialsInURLHTTPProxySetting(t *testing.T) {
	e := checktest.Load(t, "-- user/settings.json --\n{\n  // proxy for everything\n  \"http.proxy\": \"http://"+canaryUsr+":"+canaryPw+"@proxy.corp.example:8080\",\n  \"http.proxyStrictSSL\": true\n}\n")
	fs := e.Run(credentialsInURL)
	noCanary(t, fs...)
	f := one(t, fs)
	wantLoc(t, e, f, "user/settings.json", `"http://`+canaryUsr)
	wantContexts(t, f, "gopls", "test", "test-debug")
	wantIn(t, f.Message, "http.proxy (user settings", "Settings Sync")
	fix := fixOf(t, f, check.SetSetting)
	if fix.Preferred || fix.Setting.Key != "http.proxy" || *fix.JSON.Value != "http://proxy.corp.example:8080" {
		t.Fatalf("fix = %+v", fix)
	}
	e.Apply(fix)
	if fs := e.Run(credentialsInURL); len(fs) != 0 {
		t.Errorf("after the fix: %+v", fs)
	}
	if s := e.Read("user/settings.json"); !strings.Contains(s, "// proxy for everything") || strings.Contains(s, canaryPw) {
		t.Errorf("user settings after the fix:\n%s", s)
	}
}

func TestCredentialsInURLLaunch(t *testing.T) {
	e := checktest.Load(t, launchEnv(`"GOPROXY": "https://`+canaryTok+`@goproxy.corp.example|https://proxy.golang.org,direct"`))
	fs := e.Run(credentialsInURL)
	noCanary(t, fs...)
	f := one(t, fs)
	wantLoc(t, e, f, "ws/.vscode/launch.json", `"https://`+canaryTok)
	wantContexts(t, f, "delve:dbg")
	wantIn(t, f.Message, "launch.json")
	fix := fixOf(t, f, check.Edit)
	if got := *fix.JSON.Value; got != "https://goproxy.corp.example|https://proxy.golang.org,direct" {
		t.Fatalf("fix value = %q", got)
	}
	e.Apply(fix)
	if fs := e.Run(credentialsInURL); len(fs) != 0 {
		t.Errorf("after the fix: %+v", fs)
	}
	keepsComments(t, e, "ws/.vscode/launch.json")
}

// Every other check of the package must not leak the canary either.
func TestNoCheckLeaksCredentials(t *testing.T) {
	e := checktest.Load(t, "-- home/.config/go/env --\nGOPROXY=http://"+canaryUsr+":"+canaryPw+"@proxy.corp.example, https://"+canaryTok+"@b.example,DIRECT,off\nGOSUMDB=off\n-- shell.env --\nHTTPS_PROXY="+canaryUsr+":"+canaryPw+"@p:1\n")
	fs := check.Run(e.WS, Checks())
	if len(fs) == 0 {
		t.Fatal("expected findings")
	}
	noCanary(t, fs...)
}

func TestCredentialsInURLClean(t *testing.T) {
	clean(t, credentialsInURL, map[string]string{
		"nothing set":   ``,
		"default":       "-- home/.config/go/env --\nGOPROXY=https://proxy.golang.org,direct\nGOSUMDB=sum.golang.org\n",
		"plain proxy":   "-- shell.env --\nHTTPS_PROXY=http://proxy.corp.example:3128\nHTTP_PROXY=proxy.corp.example:3128\n",
		"http.proxy":    "-- user/settings.json --\n{\"http.proxy\": \"http://proxy.corp.example:8080\"}\n",
		"sumdb url":     toolsEnv(`"GOSUMDB": "sum.golang.org https://sum.corp.example"`),
		"at in path":    "-- home/.config/go/env --\nGOPROXY=https://proxy.corp.example/@go,direct\n",
		"private @ ssh": "-- home/.config/go/env --\nGOPRIVATE=git@github.com:acme\n",
	})
}
