package placement

import (
	"strings"
	"testing"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/check/checktest"
)

func TestHTTPProxySetting(t *testing.T) {
	e := checktest.Load(t, `
-- home/.config/go/env --
GOPRIVATE=git.corp.example.com,github.com/myorg
-- user/settings.json --
{
  // corporate proxy
  "http.proxy": "http://alice:pw123@proxy.corp.example:3128"
}
`)
	f := expect(t, e, httpProxySetting, 1)[0]
	if f.Severity != check.Info {
		t.Errorf("severity = %s", f.Severity)
	}
	at(t, e, f, "user/settings.json", 3, 17)
	sameIDs(t, f.Contexts, "gopls", "test", "test-debug")
	mentions(t, f.Message, "http://***@proxy.corp.example:3128", "not into integrated terminals", "no proxy at all", "git.corp.example.com")
	for _, s := range []string{f.Message, f.Fixes[0].Title, f.Fixes[1].Title, f.Fixes[2].Title} {
		if strings.Contains(s, "pw123") {
			t.Errorf("credential printed: %s", s)
		}
	}
	if len(f.Fixes) != 3 || !f.Fixes[0].Preferred || f.Fixes[0].Setting.Key != thisTerminalKey() || f.Fixes[2].Setting.Member[0] != "NO_PROXY" {
		t.Fatalf("fixes = %+v", f.Fixes)
	}
	if v := *f.Fixes[2].JSON.Value; v != "git.corp.example.com" {
		t.Errorf("NO_PROXY = %q; github.com must keep going through the proxy", v)
	}
	applyEdits(e, f.Fixes)
	expect(t, e, httpProxySetting, 0)
	mentions(t, e.Read("user/settings.json"), "// corporate proxy")
	if g := e.WS.Context(e.Target, "terminal").Get("HTTPS_PROXY").Value; g != "http://alice:pw123@proxy.corp.example:3128" {
		t.Errorf("terminal HTTPS_PROXY = %q", g)
	}
}

func TestHTTPProxySettingClean(t *testing.T) {
	for name, archive := range map[string]string{
		"nothing": ``,
		"no http.proxy, environment proxy": `
-- shell.env --
HOME=$DIR/home
PATH=$DIR/goroot/bin
HTTPS_PROXY=http://proxy.example:3128
`,
		"terminal already has it, no private hosts": `
-- shell.env --
HOME=$DIR/home
PATH=$DIR/goroot/bin
HTTPS_PROXY=http://proxy.example:3128
HTTP_PROXY=http://proxy.example:3128
-- user/settings.json --
{"http.proxy": "http://proxy.example:3128"}
`,
		"workspace http.proxy is ignored by VS Code": `
-- ws/.vscode/settings.json --
{"http.proxy": "http://proxy.example:3128"}
`,
		"private hosts already bypassed": `
-- home/.config/go/env --
GOPRIVATE=git.corp.example.com
-- user/settings.json --
{"http.proxy": "http://proxy.example:3128", "go.toolsEnvVars": {"NO_PROXY": "git.corp.example.com"},
 "` + thisTerminalKey() + `": {"HTTPS_PROXY": "http://proxy.example:3128", "HTTP_PROXY": "http://proxy.example:3128"}}
`,
	} {
		t.Run(name, func(t *testing.T) {
			expect(t, checktest.Load(t, archive), httpProxySetting, 0)
		})
	}
}
