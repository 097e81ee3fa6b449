package modcfg

import (
	"fmt"
	"go/version"
	"strings"
	"unicode"

	"golang.org/x/mod/semver"
)

// Toolchain is a parsed GOTOOLCHAIN value.
type Toolchain struct {
	Name  string // the toolchain to run, as "go1.22.0"; "" for the local one
	Local bool   // the default is the toolchain bundled with the go command
	Auto  bool   // "auto" or "+auto": go.mod/go.work may ask for a newer one, downloaded if needed
	Path  bool   // "path" or "+path": like auto, but only looked up in PATH
	// Version is the Go version of Name as the go command derives it from the
	// name (gover.FromToolchain), with its "go" prefix: "go1.22.0" for
	// "go1.22.0-bigcorp". "" for the local toolchain.
	Version string
}

// ParseGOTOOLCHAIN parses GOTOOLCHAIN with the rules of toolchain/select.go
// (Select, and the name checks of Exec). An empty value means unset, the
// same as "local" (Select returns at once).
func ParseGOTOOLCHAIN(v string) (Toolchain, []Problem) {
	switch v {
	case "", "local":
		return Toolchain{Local: true}, nil
	case "auto":
		return Toolchain{Local: true, Auto: true}, nil
	case "path":
		return Toolchain{Local: true, Path: true}, nil
	}
	whole := func(code Code, msg string) (Toolchain, []Problem) {
		return Toolchain{}, []Problem{{Offset: 0, Len: len(v), Fatal: true, Code: code, Msg: msg}}
	}
	min, suffix, plus := strings.Cut(v, "+")
	var tc Toolchain
	if min == "local" {
		tc.Local = true
	} else {
		ver := fromToolchain(min)
		if ver == "" {
			msg := fmt.Sprintf("invalid GOTOOLCHAIN %q (the go command's error)", v)
			code := ToolchainInvalid
			if plus {
				msg = fmt.Sprintf("invalid GOTOOLCHAIN %q: invalid minimum toolchain %q (the go command's error)", v, min)
				code = ToolchainBadMinimum
			}
			return whole(code, msg+toolchainHint(min))
		}
		tc.Name, tc.Version = min, "go"+ver
	}
	if plus && suffix != "auto" && suffix != "path" {
		msg := fmt.Sprintf("invalid GOTOOLCHAIN %q: only version suffixes are +auto and +path (the go command's error)", v)
		switch t := strings.TrimSpace(suffix); {
		case t == "auto" || t == "path":
			msg += fmt.Sprintf("; remove the white space around %q", t)
		case strings.EqualFold(t, "auto") || strings.EqualFold(t, "path"):
			msg += fmt.Sprintf("; write %q in lowercase", strings.ToLower(t))
		case t == "local":
			msg += fmt.Sprintf("; for the bundled toolchain write just %q", "local")
		}
		return whole(ToolchainBadSuffix, msg)
	}
	tc.Auto, tc.Path = suffix == "auto", suffix == "path"
	if tc.Local {
		return tc, nil
	}
	return tc, toolchainNameProblems(tc)
}

// fromToolchain is gover.FromToolchain (cmd/go/internal/gover/toolchain.go):
// the Go version in a toolchain name, without "go", or "" if there is none.
func fromToolchain(name string) string {
	if strings.ContainsAny(name, `\/`) {
		// "The suffix must not include a path separator, since that would
		// cause exec.LookPath to resolve it from a relative directory."
		return ""
	}
	if !strings.HasPrefix(name, "go") {
		return ""
	}
	v := name[2:]
	// "Some builds use custom suffixes; strip them."
	if i := strings.IndexAny(v, " \t-"); i >= 0 {
		v = v[:i]
	}
	if !version.IsValid("go" + v) {
		return ""
	}
	return v
}

// toolchainHint explains why a minimum toolchain was rejected.
func toolchainHint(min string) string {
	t := strings.TrimSpace(min)
	switch {
	case t != min && (t == "local" || t == "auto" || t == "path" || fromToolchain(t) != ""):
		return fmt.Sprintf("; remove the white space around %q", t)
	case t == "auto" || t == "path":
		return fmt.Sprintf("; %q cannot take a suffix: write %q, or \"<name>+%s\"", t, t, t)
	case strings.EqualFold(t, "local") || strings.EqualFold(t, "auto") || strings.EqualFold(t, "path"):
		return fmt.Sprintf("; write %q in lowercase", strings.ToLower(t))
	case version.IsValid("go" + t):
		return fmt.Sprintf("; toolchain names start with \"go\": write %q", "go"+t)
	case strings.Contains(t, "-go1"):
		return "; the name must start with \"go\" (gover.FromToolchain); a name like gccgo-go1.20.3 is rejected before the \"-go1\" rule of Select is reached"
	case strings.HasPrefix(t, "go") && strings.ContainsAny(t, `\/`):
		return "; a toolchain name cannot contain a path separator: put the toolchain's directory in PATH and use \"<name>+path\""
	case strings.HasPrefix(t, "go"):
		return "; a toolchain name is go1.N.P, go1.NrcR or such a name with a -suffix"
	}
	return ""
}

// toolchainNameProblems checks a named toolchain the way Select and Exec
// go on to use it.
func toolchainNameProblems(tc Toolchain) []Problem {
	name := tc.Name
	p := func(fatal bool, code Code, msg string) []Problem {
		return []Problem{{Offset: 0, Len: len(name), Fatal: fatal, Code: code, Msg: msg}}
	}
	// Select: "Minimal sanity check of GOTOOLCHAIN setting before search."
	if !strings.HasPrefix(name, "go1") && !strings.Contains(name, "-go1") {
		return p(true, ToolchainInvalid, fmt.Sprintf("invalid GOTOOLCHAIN %q (the go command's error): only Go 1 toolchains (go1.N...) can be run", name))
	}
	// Exec downloads golang.org/toolchain@v0.0.1-<name>.<GOOS>-<GOARCH>,
	// which must be a valid semantic version.
	if !semver.IsValid("v0.0.1-" + name + ".linux-amd64") {
		why := "characters a module version cannot have"
		if strings.IndexFunc(name, unicode.IsSpace) >= 0 {
			why = "white space"
		}
		what := fmt.Sprintf("the go command fails: download %s: non-semver module version \"v0.0.1-%s.GOOS-GOARCH\"", name, name)
		if tc.Path {
			what = fmt.Sprintf("the go command fails: cannot find %q in PATH", name)
		}
		return p(true, ToolchainBadName, fmt.Sprintf("%q contains %s: %s", name, why, what))
	}
	ver := strings.TrimPrefix(tc.Version, "go")
	// Exec: "invalid toolchain: %s is a language version but not a toolchain version (%s.x)".
	if strings.Count(ver, ".") == 1 && !strings.ContainsAny(ver, "abcdefghijklmnopqrstuvwxyz") && version.Compare(tc.Version, "go1.21") >= 0 {
		return p(true, ToolchainLangVersion, fmt.Sprintf("invalid toolchain: %s is a language version but not a toolchain version (%s.x) (the go command's error); "+
			"the first release of Go %s is %s.0", name, name, ver, tc.Version))
	}
	if version.Compare(tc.Version, "go1.21rc1") < 0 {
		return p(false, ToolchainNotPublished, fmt.Sprintf("toolchains before go1.21 are not published as modules: the go command can only run %s "+
			"from an executable of that name in PATH (as golang.org/dl installs), else it fails with \"toolchain not available\"", name))
	}
	return nil
}
