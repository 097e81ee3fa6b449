// Package resolve computes the environment every editor context really runs with, layer by
// layer, as VS Code, vscode-go and gopls build it, and then as the go command reads it.
// It is pure: files and the go binary's location come through the World interface.
package resolve

import (
	"github.com/go-env-doctor/go-env-doctor/server/internal/goenv"
	"github.com/go-env-doctor/go-env-doctor/server/internal/model"
)

// DownloadVars are the variables whose disagreement breaks module downloads (checks.md,
// context-divergence). explain shows these when no variable is named.
var DownloadVars = []string{
	"GOPROXY", "GOSUMDB", "GOPRIVATE", "GONOPROXY", "GONOSUMDB", "GOINSECURE", "GOFLAGS",
	"GOTOOLCHAIN", "GOAUTH", "GOENV", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "SSL_CERT_FILE", "SSL_CERT_DIR",
}

// TrackedVars is every variable a context resolves.
var TrackedVars = append(append([]string(nil), DownloadVars...),
	"GOVCS", "GOPATH", "GOMODCACHE", "GOCACHE", "GOBIN", "GOROOT", "GO111MODULE")

// IsTracked reports whether name is resolved for every context.
func IsTracked(name string) bool {
	for _, v := range TrackedVars {
		if v == name {
			return true
		}
	}
	return false
}

// lowerProxyVars are the lowercase spellings net/http accepts after the uppercase one
// (golang.org/x/net/http/httpproxy FromEnvironment: getEnvAny(upper, lower)).
var lowerProxyVars = map[string]string{"HTTP_PROXY": "http_proxy", "HTTPS_PROXY": "https_proxy", "NO_PROXY": "no_proxy"}

// Effective is the value a process started with env really uses for name: the go command's
// fallback for go variables, net/http's rules for proxy variables, the plain value otherwise.
func Effective(name string, env *model.Env, cfg *goenv.Config) *model.Var {
	if goenv.IsGoVar(name) {
		return goVar(name, env, cfg)
	}
	names := []string{name}
	if lower, ok := lowerProxyVars[name]; ok {
		names = append(names, lower)
	}
	v := &model.Var{Name: name}
	won := false
	for _, n := range names {
		stack := env.Stack(n)
		val, _ := env.Lookup(n)
		if !won && val != "" {
			top := stack[len(stack)-1]
			v.Value, v.Origin, won = val, top, true
			v.Overridden = append(v.Overridden, losers(stack[:len(stack)-1], n)...)
			if n != name {
				v.Note = "set through the lowercase " + n + ", which net/http reads when " + name + " is empty"
			}
			continue
		}
		v.Overridden = append(v.Overridden, losers(stack, n)...)
	}
	if !won {
		v.Origin = model.Origin{Layer: model.LayerUnset}
		if lower, ok := lowerProxyVars[name]; ok {
			v.Note = "neither " + name + " nor " + lower + " is set"
		}
	}
	return v
}

func goVar(name string, env *model.Env, cfg *goenv.Config) *model.Var {
	r := cfg.Lookup(name)
	v := &model.Var{Name: name, Value: r.Value, Note: r.Note}
	stack := env.Stack(name)
	if r.Source == goenv.FromEnv {
		top := stack[len(stack)-1]
		v.Origin = top
		v.Overridden = losers(stack[:len(stack)-1], name)
	} else {
		v.Overridden = losers(stack, name)
		v.Origin = fileOrigin(r.Source, r.File, r.Line, r.Value, r.Note)
		if v.Origin.Source == v.Note {
			v.Note = "" // already said by the origin
		}
	}
	for _, h := range r.Hidden {
		o := fileOrigin(h.Source, h.File, h.Line, h.Line.Value, "")
		o.Note = h.Note
		v.Overridden = append(v.Overridden, o)
	}
	return v
}

// losers lists env-layer origins that did not win, highest precedence first, saying why an
// empty or removed value did not count.
func losers(stack []model.Origin, name string) []model.Origin {
	out := make([]model.Origin, 0, len(stack))
	for i := len(stack) - 1; i >= 0; i-- {
		o := stack[i]
		switch {
		case o.Unset && o.Note == "":
			o.Note = "removes " + name + " from the environment"
		case o.Value == "" && o.Note == "":
			o.Note = "empty: treated as unset"
		}
		out = append(out, o)
	}
	return out
}

func fileOrigin(src goenv.Source, file string, l goenv.Line, value, note string) model.Origin {
	switch src {
	case goenv.FromUserFile:
		return model.Origin{Layer: model.LayerUserGoEnv, Value: value, File: file, Line: l.Line, Column: l.Column}
	case goenv.FromGorootFile:
		return model.Origin{Layer: model.LayerGorootEnv, Value: value, File: file, Line: l.Line, Column: l.Column}
	case goenv.FromDerived:
		return model.Origin{Layer: model.LayerDerived, Value: value, Source: note}
	}
	return model.Origin{Layer: model.LayerDefault, Value: value, Source: note}
}
