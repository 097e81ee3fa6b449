package goenvfile

import (
	"fmt"
	"path/filepath"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/goenv"
	"github.com/go-env-doctor/go-env-doctor/server/internal/model"
	"github.com/go-env-doctor/go-env-doctor/server/internal/redact"
)

// upstreamDefault is what upstream $GOROOT/go.env sets, for when a go.env lacks the key.
var upstreamDefault = map[string]string{
	"GOPROXY": "https://proxy.golang.org,direct",
	"GOSUMDB": "sum.golang.org",
}

// goenvEmptyValue: cmd/go's readEnvFile stores "KEY=" from the user file, so the later read of
// $GOROOT/go.env does not overwrite it ("do not overwrite fields loaded from the user's go/env
// file"); cfg.Getenv then returns "" and EnvOrAndChanged the built-in default, which for
// GOPROXY, GOSUMDB and GOTOOLCHAIN is empty.
var goenvEmptyValue = check.Check{
	ID:       "goenv-empty-value",
	Severity: check.Warning,
	Summary:  "an empty KEY= line in the user go/env file hides the $GOROOT/go.env value",
	Run: func(ws *check.Workspace) []check.Finding {
		var out []check.Finding
		roots := map[string]*goenv.File{}
		rootFile := func(goroot string) *goenv.File {
			if goroot == "" {
				return nil
			}
			p := filepath.Join(goroot, "go.env")
			if f, ok := roots[p]; ok {
				return f
			}
			var f *goenv.File
			if data, err := ws.ReadFile(p); err == nil {
				f = goenv.Parse(p, data)
			}
			roots[p] = f
			return f
		}
		for _, use := range ws.GoEnvFiles() {
			file := use.File
			seen := map[string]bool{}
			for _, gl := range file.Lines {
				key := gl.Key
				if seen[key] {
					continue
				}
				seen[key] = true
				l, _ := file.Lookup(key)
				if l.Value != "" {
					continue
				}
				var ctxs []*model.Context
				rootPath, rootVal := "", ""
				for _, c := range use.Contexts {
					if !emptyLineInEffect(c, key, file.Path, l.Line) {
						continue
					}
					rf := rootFile(c.Goroot)
					rv, _ := rf.Lookup(key)
					if rv.Value == "" && upstreamDefault[key] == "" {
						continue
					}
					if len(ctxs) == 0 && rf != nil {
						rootPath, rootVal = rf.Path, rv.Value
					}
					ctxs = append(ctxs, c)
				}
				if len(ctxs) == 0 {
					continue
				}
				out = append(out, emptyValueFinding(file, l, key, rootPath, rootVal, contextIDs(ctxs)))
			}
		}
		return out
	},
}

// emptyLineInEffect reports whether the empty line is what c's go command ends up with: no
// non-empty environment variable overrides it (for tracked variables, the resolved Var says so:
// a default or derived value with this very line among what it hides).
func emptyLineInEffect(c *model.Context, key, file string, line int) bool {
	v := c.Get(key)
	if v == nil {
		return c.Env[key] == ""
	}
	switch v.Origin.Layer {
	case model.LayerDefault, model.LayerDerived, model.LayerUnset:
	default:
		return false
	}
	for _, o := range v.Overridden {
		if o.Layer == model.LayerUserGoEnv && o.File == file && o.Line == line {
			return true
		}
	}
	return false
}

func emptyValueFinding(file *goenv.File, l goenv.Line, key, rootPath, rootVal string, ctxs []string) check.Finding {
	sev := check.Warning
	msg := fmt.Sprintf("Line %d sets %s= (empty). An empty value in the user go/env file still counts as set, so the go command does not read %s from $GOROOT/go.env", l.Line, key, key)
	if rootVal != "" {
		msg += fmt.Sprintf(" (%s sets %s)", rootPath, showAssign(key, rootVal))
	}
	msg += ", treats the empty value as unset and uses its built-in default, which is empty: "
	switch key {
	case "GOPROXY":
		msg += "every module download fails with \"GOPROXY list is not the empty string, but contains no entries\""
	case "GOSUMDB":
		msg += "verifying any module that GONOSUMDB/GOPRIVATE do not cover fails with \"verifying go.mod: missing GOSUMDB\""
	case "GOTOOLCHAIN":
		msg += "the go command never switches toolchains (as with GOTOOLCHAIN=local)"
		if rootVal == "local" {
			sev = check.Info
			msg += ", which is what go.env says anyway, so nothing changes today — but the line keeps hiding go.env after Go is upgraded or reinstalled"
		} else {
			msg += ", so a go.mod that needs a newer Go fails instead of fetching that toolchain"
		}
	default:
		msg += showAssign(key, rootVal) + " from go.env no longer applies"
	}
	msg += "."
	env := goEnvRunEnv(file)
	unset := check.GoEnvU(file.Path, key, "remove the empty "+key+"= line (go env -u "+key+") so $GOROOT/go.env applies again", env)
	fixes := []check.Fix{unset}
	if rootVal == "" {
		// go.env does not set it either: removing the line alone leaves it empty.
		def := upstreamDefault[key]
		where := "$GOROOT/go.env was not found, so it does not set " + key + " either"
		if rootPath != "" {
			where = rootPath + " does not set " + key + " either"
		}
		msg += fmt.Sprintf(" %s, so removing the line is not enough: write the upstream default %s.", where, showAssign(key, def))
		unset.Title = "remove the empty " + key + "= line (go env -u " + key + "); " + key + " stays empty, because go.env does not set it"
		w := check.GoEnvW(file.Path, key, def, "set the upstream default with go env -w "+redact.Text(key+"="+def))
		if env != nil {
			w.GoEnv.Env = env
			w.Command = check.GoEnvCommand(w.GoEnv)
		}
		w.Preferred = true
		fixes = []check.Fix{w, unset}
	} else {
		fixes[0].Preferred = true
	}
	return check.Finding{
		Severity: sev,
		Message:  msg,
		Contexts: ctxs,
		Location: &check.Location{File: file.Path, Line: l.Line, Column: 1},
		Fixes:    fixes,
	}
}
