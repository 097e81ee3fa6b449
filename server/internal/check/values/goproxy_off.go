package values

import (
	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/modcfg"
	"github.com/go-env-doctor/go-env-doctor/server/internal/model"
)

// goproxyOff: with GOPROXY=off (as the first usable entry) modfetch/repo.go lookup returns
// errProxyOff, "module lookup disabled by GOPROXY=off", for every module that does not match
// GONOPROXY/GOPRIVATE; those are still fetched directly.
var goproxyOff = check.Check{
	ID:       "goproxy-off",
	Severity: check.Warning,
	Summary:  "the effective GOPROXY is off, so every module download fails",
	Run: func(ws *check.Workspace) []check.Finding {
		var out []check.Finding
		for _, u := range uses(ws, "GOPROXY") {
			if !proxyOff(ws, u.Var.Value) {
				continue
			}
			msg := quoteV("GOPROXY", u.Var.Value) + " is set " + check.WhereSet(u.Var.Origin, "GOPROXY") +
				": every module the go command has to download fails with \"module lookup disabled by GOPROXY=off\" (go get, go mod tidy, and builds or gopls loads that miss a module in the cache)."
			if np := noProxy(u.Contexts); np != "" {
				msg += " Only modules matching GONOPROXY/GOPRIVATE (" + np + ") are still fetched, directly from their repositories."
			}
			msg += envAdvice(u)
			var fixes []check.Fix
			if lower, ok := workingBelow(ws, u.Var); ok {
				if f, ok := u.Remove("remove GOPROXY=off " + check.WhereSet(u.Var.Origin, "GOPROXY") + ", so " + quoteV("GOPROXY", lower.Value) + " " + check.WhereSet(lower, "GOPROXY") + " applies"); ok {
					fixes = append(fixes, preferred(f))
				}
			}
			if len(fixes) == 0 {
				fixes, _ = setFixes(ws, u, DefaultGOPROXY, "set GOPROXY to "+DefaultGOPROXY+" (the Go default)",
					"set go.toolsEnvVars.GOPROXY to "+DefaultGOPROXY+" (gopls, tests and debugging only; the shell keeps its value)", true)
			}
			out = append(out, u.finding(check.Warning, msg, fixes...))
		}
		return out
	},
}

// proxyOff reports whether the first entry the go command uses is "off".
func proxyOff(ws *check.Workspace, v string) bool {
	entries, _ := parseProxy(ws, v)
	return len(entries) > 0 && entries[0].Kind == modcfg.ProxyOff
}

// proxyWorks reports whether a GOPROXY value parses and does not start with off.
func proxyWorks(ws *check.Workspace, v string) bool {
	entries, problems := parseProxy(ws, v)
	return len(entries) > 0 && entries[0].Kind != modcfg.ProxyOff && !modcfg.HasFatal(problems)
}

// workingBelow returns the value that applies once v's own setting is removed, and whether it
// is a working GOPROXY: the highest overridden origin with a non-empty value. Earlier lines of
// the same go/env file go with it (go env -u drops them all); an environment layer that
// removes the variable hides the environment layers below it, not the go/env files.
func workingBelow(ws *check.Workspace, v *model.Var) (model.Origin, bool) {
	return firstBelow(v, func(s string) bool { return proxyWorks(ws, s) })
}

func firstBelow(v *model.Var, works func(string) bool) (model.Origin, bool) {
	envHidden := false
	for _, o := range v.Overridden {
		file := o.Layer == model.LayerUserGoEnv || o.Layer == model.LayerGorootEnv
		switch {
		case file && o.File == v.Origin.File, copyOf(o, v.Origin):
			continue
		case o.Layer == model.LayerUserGoEnv && o.Value == "":
			return o, false // an empty line hides $GOROOT/go.env: the go command would see ""
		case o.Unset:
			envHidden = true
			continue
		case envHidden && !file, o.Value == "":
			continue
		}
		return o, works(o.Value)
	}
	return model.Origin{}, false
}

// noProxy returns the GONOPROXY patterns in effect for the contexts, if any and all agree.
func noProxy(cs []*model.Context) string {
	val := ""
	for i, c := range cs {
		v := c.Get("GONOPROXY")
		s := ""
		if v != nil {
			s = v.Value
		}
		if i > 0 && s != val {
			return ""
		}
		val = s
	}
	return val
}
