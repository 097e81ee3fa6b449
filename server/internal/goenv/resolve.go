package goenv

import (
	"strings"

	"github.com/go-env-doctor/go-env-doctor/server/internal/model"
)

// Source says which of the go command's own layers produced a value.
type Source int

const (
	FromEnv        Source = iota // a non-empty variable of the process environment
	FromUserFile                 // the user go/env file
	FromGorootFile               // $GOROOT/go.env
	FromDefault                  // built into the go command
	FromDerived                  // computed from another variable (GONOPROXY from GOPRIVATE, ...)
)

// Config is what the go command consults for one process environment.
type Config struct {
	GOOS string
	Env  Getenv // the environment the go command is started with

	UserPath string // the user file location ("" when there is none)
	UserOff  bool   // GOENV=off
	UserErr  error  // why there is no user file location, if so
	User     *File  // parsed user file; nil when missing or unreadable

	Goroot     string // GOROOT whose go.env is read ("" when unknown)
	GorootHow  string // how Goroot was found, for provenance
	GorootFile *File  // parsed $GOROOT/go.env; nil when missing
}

// Hidden is a lower-precedence setting that the result overrides or makes dead.
type Hidden struct {
	Source Source
	File   string
	Line   Line
	Note   string
}

// Result is the value the go command uses for a key, and why.
type Result struct {
	Value  string
	Source Source
	File   string // set for FromUserFile and FromGorootFile
	Line   Line   // the winning line for file sources
	Note   string // explains defaults, derivations and quirks in plain words
	Hidden []Hidden
}

// GoVars are the go command variables this tool follows through the go/env fallback.
var GoVars = []string{
	"GOPROXY", "GOSUMDB", "GOPRIVATE", "GONOPROXY", "GONOSUMDB", "GOINSECURE", "GOFLAGS",
	"GOTOOLCHAIN", "GOAUTH", "GOVCS", "GOENV", "GOPATH", "GOMODCACHE", "GOCACHE", "GOBIN",
	"GOROOT", "GO111MODULE",
}

// IsGoVar reports whether key is resolved through the go command's fallback.
func IsGoVar(key string) bool {
	for _, v := range GoVars {
		if v == key {
			return true
		}
	}
	return false
}

// Lookup resolves key like cfg.Getenv / cfg.EnvOrAndChanged: a non-empty environment value,
// else the user file (an empty line there still hides go.env), else go.env, else the default.
func (c *Config) Lookup(key string) Result {
	switch key {
	case "GOENV":
		return c.goenv()
	case "GOROOT":
		return c.goroot()
	case "GOCACHE":
		return c.gocache()
	}
	r := c.getenv(key)
	if r.Value != "" {
		return r
	}
	// An empty line in a file counts as set (it hides go.env) but yields the default value.
	switch r.Source {
	case FromUserFile:
		r.Hidden = append([]Hidden{{Source: FromUserFile, File: r.File, Line: r.Line,
			Note: "empty value: the go command treats it as unset, and it still hides $GOROOT/go.env"}}, r.Hidden...)
	case FromGorootFile:
		r.Hidden = append([]Hidden{{Source: FromGorootFile, File: r.File, Line: r.Line, Note: "empty value: treated as unset"}}, r.Hidden...)
	}
	def, src, note := c.defaultOf(key)
	r.Value, r.Source, r.File, r.Line = def, src, "", Line{}
	r.Note = model.JoinNotes(r.Note, note)
	return r
}

// getenv is cfg.Getenv: environment, then the user file, then go.env; "" when none is set.
func (c *Config) getenv(key string) Result {
	userLine, inUser := c.User.Lookup(key)
	rootLine, inRoot := c.GorootFile.Lookup(key)
	hide := func(r *Result, note string, withUser bool) {
		if withUser && inUser {
			for _, l := range c.User.Earlier(key) {
				r.Hidden = append(r.Hidden, Hidden{Source: FromUserFile, File: c.User.Path, Line: l, Note: "a later line in the same file sets it again"})
			}
			r.Hidden = append(r.Hidden, Hidden{Source: FromUserFile, File: c.User.Path, Line: userLine, Note: note})
		}
		if inRoot {
			n := note
			if inUser && !withUser {
				n = "the user go/env file sets " + key + ", so $GOROOT/go.env is not consulted"
			}
			r.Hidden = append(r.Hidden, Hidden{Source: FromGorootFile, File: c.GorootFile.Path, Line: rootLine, Note: n})
		}
	}
	if v := c.Env(key); v != "" {
		r := Result{Value: v, Source: FromEnv}
		hide(&r, "a non-empty environment variable takes precedence over the go/env files", true)
		return r
	}
	if inUser {
		r := Result{Value: userLine.Value, Source: FromUserFile, File: c.User.Path, Line: userLine}
		for _, l := range c.User.Earlier(key) {
			r.Hidden = append(r.Hidden, Hidden{Source: FromUserFile, File: c.User.Path, Line: l, Note: "a later line in the same file sets it again"})
		}
		if userLine.Value == "" {
			r.Note = c.User.Path + " sets " + key + "= (empty): the go command treats it as unset and does not fall back to $GOROOT/go.env"
		}
		if inRoot {
			r.Hidden = append(r.Hidden, Hidden{Source: FromGorootFile, File: c.GorootFile.Path, Line: rootLine,
				Note: "the user go/env file sets " + key + ", so $GOROOT/go.env is not consulted"})
		}
		return r
	}
	if inRoot {
		return Result{Value: rootLine.Value, Source: FromGorootFile, File: c.GorootFile.Path, Line: rootLine}
	}
	return Result{Source: FromDefault}
}

// defaultOf is the built-in default the go command uses when no layer sets key.
func (c *Config) defaultOf(key string) (string, Source, string) {
	switch key {
	case "GONOPROXY", "GONOSUMDB":
		p := c.Lookup("GOPRIVATE").Value
		if p == "" {
			return "", FromDerived, "defaults to GOPRIVATE, which is empty"
		}
		return p, FromDerived, "defaults to GOPRIVATE"
	case "GOAUTH":
		return "netrc", FromDefault, ""
	case "GOPATH":
		h := c.Env(homeVar(c.GOOS))
		if h == "" {
			return "", FromDefault, "$" + homeVar(c.GOOS) + " is not set, so there is no default GOPATH"
		}
		def := join(c.GOOS, h, "go")
		if c.Goroot != "" && clean(c.GOOS, def) == clean(c.GOOS, c.Goroot) {
			return "", FromDefault, "the default GOPATH would equal GOROOT, so the go command leaves it empty"
		}
		return def, FromDerived, "defaults to $" + homeVar(c.GOOS) + "/go"
	case "GOMODCACHE":
		gp := c.Lookup("GOPATH").Value
		first := strings.Split(gp, ListSeparator(c.GOOS))[0]
		if first == "" {
			return "", FromDerived, "defaults to the first GOPATH entry + /pkg/mod, but GOPATH is empty"
		}
		return join(c.GOOS, first, "pkg", "mod"), FromDerived, "defaults to the first GOPATH entry + /pkg/mod"
	case "GOTOOLCHAIN":
		return "", FromDefault, "empty means the go command never switches toolchains (like local)"
	case "GOPROXY":
		return "", FromDefault, "no layer sets GOPROXY: every module download fails (the usual default comes from $GOROOT/go.env)"
	case "GOSUMDB":
		return "", FromDefault, "no layer sets GOSUMDB: checksum verification fails with \"missing GOSUMDB\" (the usual default comes from $GOROOT/go.env)"
	}
	return "", FromDefault, ""
}

func (c *Config) goenv() Result {
	if v := c.Env("GOENV"); v != "" {
		if v == "off" {
			return Result{Value: "", Source: FromEnv, Note: "GOENV=off: no user go/env file is read ($GOROOT/go.env still is)"}
		}
		return Result{Value: v, Source: FromEnv}
	}
	if c.UserErr != nil {
		return Result{Value: "", Source: FromDefault, Note: "no user go/env file: " + c.UserErr.Error()}
	}
	return Result{Value: c.UserPath, Source: FromDefault, Note: "the default location for this OS"}
}

// goroot follows cfg: a non-empty GOROOT variable wins for the reported value; otherwise
// the user file's GOROOT or the location of the go binary (both already in c.Goroot).
func (c *Config) goroot() Result {
	userLine, inUser := c.User.Lookup("GOROOT")
	if v := c.Env("GOROOT"); v != "" {
		r := Result{Value: v, Source: FromEnv}
		if inUser {
			r.Hidden = append(r.Hidden, Hidden{Source: FromUserFile, File: c.User.Path, Line: userLine,
				Note: "the go command still reads go.env from this GOROOT"})
		}
		return r
	}
	if inUser && userLine.Value != "" {
		return Result{Value: clean(c.GOOS, userLine.Value), Source: FromUserFile, File: c.User.Path, Line: userLine}
	}
	if c.Goroot == "" {
		return Result{Source: FromDefault, Note: "no go binary was found, so GOROOT is unknown"}
	}
	return Result{Value: c.Goroot, Source: FromDerived, Note: c.GorootHow}
}

func (c *Config) gocache() Result {
	r := c.getenv("GOCACHE")
	if r.Value != "" {
		if r.Value != "off" && !isAbs(c.GOOS, r.Value) {
			r.Note = model.JoinNotes(r.Note, "GOCACHE "+quote(r.Value)+" is not an absolute path, so the go command turns the build cache off")
			r.Value = "off"
		}
		return r
	}
	dir, err := userCacheDir(c.Env, c.GOOS)
	if err != nil {
		r.Value, r.Source, r.Note = "off", FromDefault, "GOCACHE is not defined and "+err.Error()
		return r
	}
	r.Value, r.Source, r.Note = join(c.GOOS, dir, "go-build"), FromDerived, model.JoinNotes(r.Note, "defaults to the user cache directory + /go-build")
	return r
}

func quote(s string) string { return `"` + s + `"` }
