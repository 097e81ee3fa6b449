package modcfg

//go:generate go run gen_knownflags.go

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Flag is one field of GOFLAGS.
type Flag struct {
	// Raw is the field as the go command sees it: quotes removed by
	// cmd/internal/quoted.Split.
	Raw string
	// Offset and Len locate the field in the value, quotes included.
	Offset, Len int
	// Name is the flag name without dashes; "" when Raw is not a flag.
	Name     string
	Value    string // after the first '='
	HasValue bool   // Raw has an '='
}

// Is reports whether f sets the flag name, written as -name or --name
// (name itself may be given with or without dashes).
func (f Flag) Is(name string) bool {
	name = strings.TrimPrefix(strings.TrimPrefix(name, "-"), "-")
	return f.Name != "" && f.Name == name
}

// flagKind is how base.SetFromGOFLAGS parses a flag's value in one command.
type flagKind int

const (
	kindBool       flagKind = iota // *flag.boolValue: strconv.ParseBool
	kindBoolCustom                 // another boolean flag.Value (-buildvcs, -json, -u, -v of go test ...)
	kindInt                        // *flag.intValue: strconv.ParseInt(s, 0, strconv.IntSize)
	kindDuration                   // *flag.durationValue: time.ParseDuration
	kindString                     // *flag.stringValue: anything
	kindValue                      // another flag.Value with its own checks
)

// flagUse is a kind and the go commands where a flag has it.
type flagUse struct {
	kind flagKind
	cmds string // comma-separated, as "build, mod download"
}

// ParseGOFLAGS splits and checks GOFLAGS with the rules of base/goflags.go:
// InitGOFLAGS (quoting, flag syntax, known names), which every go command
// except go env and go bug applies, and SetFromGOFLAGS (values), which
// applies to the commands that have the flag. A flag some command rejects
// is Fatal; the message says which commands.
func ParseGOFLAGS(v string) ([]Flag, []Problem) {
	fields, errOff, err := splitQuotedFields(v)
	if err != nil {
		return nil, []Problem{{Offset: errOff, Len: len(v) - errOff, Fatal: true, Code: FlagsQuote,
			Msg: fmt.Sprintf("go: parsing $GOFLAGS: %v (the go command's error): close the quote", err)}}
	}
	var flags []Flag
	var probs []Problem
	for i, fd := range fields {
		f := Flag{Raw: fd.text, Offset: fd.off, Len: fd.end - fd.off}
		add := func(code Code, fatal bool, msg string) {
			probs = append(probs, Problem{Offset: f.Offset, Len: f.Len, Fatal: fatal, Code: code, Msg: msg})
		}
		s := fd.text
		if s == "" {
			// InitGOFLAGS reports it as a non-flag, except in go env and go
			// bug, which hide errors; SetFromGOFLAGS then slices name[1:] of
			// the empty string.
			add(FlagsEmptyField, true, "an empty quoted field (\"\" or ''): go env and go bug panic on it "+
				"(go1.26.8: slice bounds out of range in base.SetFromGOFLAGS), so does go env -u GOFLAGS, "+
				`and every other go command stops with "go: parsing $GOFLAGS: non-flag \"\""; `+
				"remove it from the go/env file by hand, or run: GOFLAGS=-modcacherw go env -u GOFLAGS")
			flags = append(flags, f)
			continue
		}
		// InitGOFLAGS: "Check that every flag looks like -x --x -x=value or --x=value."
		if !strings.HasPrefix(s, "-") || s == "-" || s == "--" || strings.HasPrefix(s, "---") || strings.HasPrefix(s, "-=") || strings.HasPrefix(s, "--=") {
			msg := fmt.Sprintf("go: parsing $GOFLAGS: non-flag %q (the go command's error)", s)
			var prev Flag
			if i > 0 {
				prev = flags[i-1]
			}
			switch {
			case prev.Name != "" && !prev.HasValue && needsValue(prev.Name):
				msg += fmt.Sprintf("; a flag's value must be joined with '=': write -%s=%s", prev.Name, s)
			case !strings.HasPrefix(s, "-") && KnownFlags[strings.SplitN(s, "=", 2)[0]]:
				msg += fmt.Sprintf("; flags start with a dash: -%s", s)
			}
			add(FlagsNonFlag, true, msg)
			flags = append(flags, f)
			continue
		}
		name := strings.TrimPrefix(s[1:], "-")
		name, f.Value, f.HasValue = strings.Cut(name, "=")
		f.Name = name
		flags = append(flags, f)

		if !KnownFlags[name] {
			msg := fmt.Sprintf("go: parsing $GOFLAGS: unknown flag -%s (the go command's error)", name)
			switch {
			case i > 0 && flags[i-1].HasValue && strings.HasSuffix(flags[i-1].Name, "flags"):
				msg += fmt.Sprintf("; GOFLAGS is split at spaces, so to pass several values to -%s quote the whole flag: \"-%s=%s %s\"",
					flags[i-1].Name, flags[i-1].Name, flags[i-1].Value, s)
			case KnownFlags[strings.ToLower(name)]:
				msg += fmt.Sprintf("; flag names are case-sensitive: -%s", strings.ToLower(name))
			}
			add(FlagsUnknown, true, msg)
			continue
		}
		if name == "w" || name == "u" {
			// Only go env (and go list/go get for -u) register these, so build commands skip
			// them silently, but GOFLAGS applies to go env too: `go env GOPROXY` becomes
			// `go env -w GOPROXY` ("arguments must be KEY=VALUE") or `go env -u GOPROXY`,
			// which deletes GOPROXY from the go/env file. vscode-go and gopls both run go env.
			msg := fmt.Sprintf("-%s is go env's %s flag: with it in GOFLAGS every `go env` (vscode-go runs one at activation, gopls runs go env -json) ", name, map[string]string{"w": "write", "u": "unset"}[name])
			if name == "w" {
				msg += `fails ("go: arguments must be KEY=VALUE")`
			} else {
				msg += "unsets the variables it was asked to print from the go/env file, and go get -u upgrades every dependency"
			}
			if i > 0 && flags[i-1].HasValue && strings.HasSuffix(flags[i-1].Name, "flags") {
				msg += fmt.Sprintf("; GOFLAGS is split at spaces, so -%s was meant for -%s: quote the whole flag, \"-%s=%s %s\"",
					name, flags[i-1].Name, flags[i-1].Name, flags[i-1].Value, s)
			}
			add(FlagsGoEnvMode, true, msg)
			continue
		}
		if p, ok := flagValueProblem(f); ok {
			p.Offset, p.Len = f.Offset, f.Len
			probs = append(probs, p)
		}
	}
	return flags, probs
}

// needsValue reports whether some command takes name with a value.
func needsValue(name string) bool {
	for _, u := range knownFlagUses[name] {
		if u.kind != kindBool && u.kind != kindBoolCustom {
			return true
		}
	}
	return false
}

// flagValueProblem applies SetFromGOFLAGS and the go command's later checks
// of a few module-related flags to a known flag.
func flagValueProblem(f Flag) (Problem, bool) {
	bad := func(code Code, msg string) (Problem, bool) {
		return Problem{Fatal: true, Code: code, Msg: msg}, true
	}
	switch f.Name {
	case "insecure":
		// modget/get.go: still registered so that it can fail.
		return bad(FlagsInsecure, "go get stops with \"go: -insecure flag is no longer supported; use GOINSECURE instead\" (other commands ignore it); "+
			"set GOINSECURE (or GOPRIVATE/GONOSUMDB) to the module path patterns instead")
	case "C":
		// base/flag.go ChdirFlag: every command registers -C only to reject it here.
		if !f.HasValue {
			return bad(FlagsNeedsValue, "go: flag needs an argument: -C (from $GOFLAGS): and -C cannot be set in GOFLAGS at all (\"-C flag must be first flag on command line\")")
		}
		return bad(FlagsChdir, fmt.Sprintf("go: invalid value %q for flag -C (from $GOFLAGS): -C flag must be first flag on command line (the go command's error, for every command)", f.Value))
	case "mod":
		// work/init.go BuildInit.
		if f.HasValue {
			switch f.Value {
			case "", "mod", "readonly", "vendor":
			default:
				return bad(FlagsBadValue, fmt.Sprintf("-mod=%s not supported (can be '', 'mod', 'readonly', or 'vendor') (the go command's error)", f.Value))
			}
		}
	case "modfile":
		// modload/init.go: "-modfile=%s: file does not have .mod extension".
		if f.HasValue && !strings.HasSuffix(f.Value, ".mod") {
			return bad(FlagsBadValue, fmt.Sprintf("go: -modfile=%s: file does not have .mod extension (the go command's error)", f.Value))
		}
	case "buildvcs":
		// work/buildflag.go buildvcsFlag: "auto" or a bool.
		if f.HasValue && f.Value != "auto" {
			if _, err := strconv.ParseBool(f.Value); err != nil {
				return bad(FlagsBadValue, fmt.Sprintf("go: invalid boolean value %q for flag -buildvcs (from $GOFLAGS): value is neither 'auto' nor a valid bool (the go command's error)", f.Value))
			}
		}
	case "buildmode":
		// work/init.go buildModeInit; whether a known mode works on the
		// target platform is not checked here.
		switch f.Value {
		case "archive", "c-archive", "c-shared", "default", "exe", "pie", "shared", "plugin":
		default:
			if f.HasValue {
				return bad(FlagsBadValue, fmt.Sprintf("buildmode=%s not supported (the go command's error); see go help buildmode", f.Value))
			}
		}
	case "compiler":
		// work/init.go buildCompiler.Set.
		if f.HasValue && f.Value != "gc" && f.Value != "gccgo" {
			return bad(FlagsBadValue, fmt.Sprintf("go: invalid value %q for flag -compiler (from $GOFLAGS): unknown compiler %q (the go command's error)", f.Value, f.Value))
		}
	}
	for _, u := range knownFlagUses[f.Name] {
		where := "go " + strings.ReplaceAll(u.cmds, ", ", ", go ")
		switch u.kind {
		case kindBool:
			if f.HasValue {
				if _, err := strconv.ParseBool(f.Value); err != nil {
					return bad(FlagsBadValue, fmt.Sprintf("go: invalid boolean value %q for flag -%s (from $GOFLAGS): parse error (the error of %s)", f.Value, f.Name, where))
				}
			}
		case kindInt, kindDuration, kindString, kindValue:
			if !f.HasValue {
				return bad(FlagsNeedsValue, fmt.Sprintf("go: flag needs an argument: -%s (from $GOFLAGS) (the error of %s): write -%s=VALUE", f.Name, where, f.Name))
			}
			var err error
			switch u.kind {
			case kindInt:
				_, err = strconv.ParseInt(f.Value, 0, strconv.IntSize)
			case kindDuration:
				_, err = time.ParseDuration(f.Value)
			}
			if err != nil {
				why := "parse error"
				if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
					why = "value out of range"
				}
				return bad(FlagsBadValue, fmt.Sprintf("go: invalid value %q for flag -%s (from $GOFLAGS): %s (the error of %s)", f.Value, f.Name, why, where))
			}
		}
	}
	return Problem{}, false
}
