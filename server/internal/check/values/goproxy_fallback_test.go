package values

import (
	"strings"
	"testing"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/check/checktest"
)

func TestGoproxyFallbackGoEnv(t *testing.T) {
	e := checktest.Load(t, "-- home/.config/go/env --\nGOPROXY=https://goproxy.cn,https://proxy.golang.org,direct\n")
	f := one(t, e.Run(goproxyFallback))
	if f.Check != "goproxy-fallback" || f.Severity != check.Info {
		t.Errorf("check/severity = %s/%s", f.Check, f.Severity)
	}
	wantLoc(t, e, f, "home/.config/go/env", "GOPROXY=")
	wantContexts(t, f, "shell", "terminal", "gopls", "test", "test-debug")
	wantIn(t, f.Message, "After https://goproxy.cn comes ','", "404 or 410", "timeout", "TryProxies")
	fix := fixOf(t, f, check.GoEnvWrite)
	if fix.Preferred {
		t.Errorf("'|' changes what happens on auth errors: it must not be preferred")
	}
	if !strings.Contains(fix.Title, "401/403") {
		t.Errorf("fix title should explain the auth fall-through: %q", fix.Title)
	}
	if got := fix.GoEnv.Set["GOPROXY"]; got != "https://goproxy.cn|https://proxy.golang.org,direct" {
		t.Fatalf("fix value = %q", got)
	}
	e.Apply(fix)
	if fs := e.Run(goproxyFallback); len(fs) != 0 {
		t.Errorf("after the fix: %+v", fs)
	}
}

func TestGoproxyFallbackSettings(t *testing.T) {
	e := checktest.Load(t, toolsEnv(`"GOPROXY": "https://a.example,https://b.example|https://c.example,direct"`, `"GOFLAGS": "-mod=mod"`))
	f := one(t, e.Run(goproxyFallback))
	wantLoc(t, e, f, "ws/.vscode/settings.json", `"https://a.example,`)
	wantContexts(t, f, "gopls", "test", "test-debug")
	fix := fixOf(t, f, check.SetSetting)
	if got := *fix.JSON.Value; got != "https://a.example|https://b.example|https://c.example,direct" {
		t.Fatalf("fix value = %q; want '|' only after a.example", got)
	}
	e.Apply(fix)
	if fs := e.Run(goproxyFallback); len(fs) != 0 {
		t.Errorf("after the fix: %+v", fs)
	}
	keepsComments(t, e, "ws/.vscode/settings.json")
}

func TestGoproxyFallbackLaunch(t *testing.T) {
	e := checktest.Load(t, launchEnv(`"GOPROXY": "https://goproxy.io,https://proxy.golang.org"`))
	f := one(t, e.Run(goproxyFallback))
	wantLoc(t, e, f, "ws/.vscode/launch.json", `"https://goproxy.io,`)
	wantContexts(t, f, "delve:dbg")
	e.Apply(fixOf(t, f, check.Edit))
	if fs := e.Run(goproxyFallback); len(fs) != 0 {
		t.Errorf("after the fix: %+v", fs)
	}
	keepsComments(t, e, "ws/.vscode/launch.json")
}

func TestGoproxyFallbackShellEnv(t *testing.T) {
	e := checktest.Load(t, "-- shell.env --\nGOPROXY=https://goproxy.cn,https://proxy.golang.org,direct\n")
	f := one(t, e.Run(goproxyFallback))
	wantIn(t, f.Message, "environment variable GOPROXY of the shell environment (shell.env)")
	noEnvEdit(t, e, f)
}

func TestGoproxyFallbackClean(t *testing.T) {
	clean(t, goproxyFallback, map[string]string{
		"nothing set":    ``,
		"default":        "-- home/.config/go/env --\nGOPROXY=https://proxy.golang.org,direct\n",
		"mirror, direct": toolsEnv(`"GOPROXY": "https://goproxy.cn,direct"`),
		"already pipe":   "-- home/.config/go/env --\nGOPROXY=https://goproxy.cn|https://proxy.golang.org,direct\n",
		"unreached":      "-- home/.config/go/env --\nGOPROXY=https://goproxy.cn,direct,https://proxy.golang.org\n",
		"then off":       "-- shell.env --\nGOPROXY=https://goproxy.corp.example,off\n",
		"bad second":     "-- shell.env --\nGOPROXY=https://goproxy.cn,ftp://x\n", // goproxy-syntax's
	})
}
