package values

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/check/checktest"
)

func TestGoproxyInsecureSchemeSettings(t *testing.T) {
	e := checktest.Load(t, toolsEnv(`"GOPROXY": "http://goproxy.corp.example:8081,direct"`, `"GOFLAGS": "-mod=mod"`))
	f := one(t, e.Run(goproxyInsecureScheme))
	if f.Check != "goproxy-insecure-scheme" || f.Severity != check.Warning {
		t.Errorf("check/severity = %s/%s", f.Check, f.Severity)
	}
	wantLoc(t, e, f, "ws/.vscode/settings.json", `"http://goproxy.corp.example:8081,direct"`)
	wantContexts(t, f, "gopls", "test", "test-debug")
	wantIn(t, f.Message, "http://goproxy.corp.example:8081", "without TLS")
	fix := fixOf(t, f, check.SetSetting)
	if *fix.JSON.Value != "https://goproxy.corp.example:8081,direct" {
		t.Fatalf("fix value = %q", *fix.JSON.Value)
	}
	if fix.Preferred {
		t.Errorf("switching to https is only right if the proxy serves TLS: not preferred")
	}
	e.Apply(fix)
	if fs := e.Run(goproxyInsecureScheme); len(fs) != 0 {
		t.Errorf("after the fix: %+v", fs)
	}
	keepsComments(t, e, "ws/.vscode/settings.json")
}

func TestGoproxyInsecureSchemeGoEnv(t *testing.T) {
	e := checktest.Load(t, "-- home/.config/go/env --\nGOPROXY=https://proxy.golang.org|HTTP://mirror.corp.example/go,direct\n")
	f := one(t, e.Run(goproxyInsecureScheme))
	wantLoc(t, e, f, "home/.config/go/env", "GOPROXY=")
	wantContexts(t, f, "shell", "terminal", "gopls", "test", "test-debug")
	fix := fixOf(t, f, check.GoEnvWrite)
	if got := fix.GoEnv.Set["GOPROXY"]; got != "https://proxy.golang.org|https://mirror.corp.example/go,direct" {
		t.Fatalf("fix value = %q; want only that entry's scheme changed", got)
	}
	e.Apply(fix)
	if fs := e.Run(goproxyInsecureScheme); len(fs) != 0 {
		t.Errorf("after the fix: %+v", fs)
	}
}

// An http:// proxy with user info is refused by the go command; the fix is withheld so it
// does not repeat the credential.
func TestGoproxyInsecureSchemeCredentials(t *testing.T) {
	const canary = "CanaryPw7781"
	e := checktest.Load(t, launchEnv(`"GOPROXY": "http://alice:`+canary+`@proxy.corp.example,direct"`))
	f := one(t, e.Run(goproxyInsecureScheme))
	wantLoc(t, e, f, "ws/.vscode/launch.json", `"http://alice:`)
	wantContexts(t, f, "delve:dbg")
	wantIn(t, f.Message, "refusing to pass credentials to insecure URL", "No automatic fix")
	if b, _ := json.Marshal(f); strings.Contains(string(b), canary) || strings.Contains(string(b), "alice") {
		t.Errorf("finding leaks the credential: %s", b)
	}
	if len(f.Fixes) != 0 {
		t.Errorf("fixes = %+v; want none", f.Fixes)
	}
}

func TestGoproxyInsecureSchemeShellEnv(t *testing.T) {
	e := checktest.Load(t, "-- shell.env --\nGOPROXY=http://10.0.0.5:3000,direct\n")
	f := one(t, e.Run(goproxyInsecureScheme))
	if f.Location != nil {
		t.Errorf("location = %+v; want none", f.Location)
	}
	wantIn(t, f.Message, "environment variable GOPROXY of the shell environment (shell.env)", "http://10.0.0.5:3000")
	noEnvEdit(t, e, f)
}

func TestGoproxyInsecureSchemeClean(t *testing.T) {
	clean(t, goproxyInsecureScheme, map[string]string{
		"nothing set":  ``,
		"default":      "-- home/.config/go/env --\nGOPROXY=https://proxy.golang.org,direct\n",
		"loopback v4":  "-- home/.config/go/env --\nGOPROXY=http://127.0.0.1:3000,direct\n",
		"loopback /8":  toolsEnv(`"GOPROXY": "http://127.1.2.3:8080|https://proxy.golang.org,direct"`),
		"localhost":    "-- shell.env --\nGOPROXY=http://localhost:8081\n",
		"loopback v6":  launchEnv(`"GOPROXY": "http://[::1]:3000,direct"`),
		"schemeless":   "-- home/.config/go/env --\nGOPROXY=goproxy.cn,direct\n", // gets https://
		"file":         "-- home/.config/go/env --\nGOPROXY=file:///srv/mods\n",
		"after direct": "-- home/.config/go/env --\nGOPROXY=direct,http://never.example\n",
	})
}
