package modcfg

import (
	"fmt"
	"runtime"
	"strings"
)

// AuthKind says what a GOAUTH command is.
type AuthKind int

const (
	AuthOff   AuthKind = iota // "off"
	AuthNetrc                 // "netrc"
	AuthGit                   // "git <absolute dir>"
	// AuthCustomCommand is any other command, run as a program. (The name
	// AuthCommand is taken by the struct type.)
	AuthCustomCommand
)

func (k AuthKind) String() string {
	switch k {
	case AuthOff:
		return "off"
	case AuthNetrc:
		return "netrc"
	case AuthGit:
		return "git"
	}
	return "command"
}

// AuthCommand is one non-empty command of GOAUTH.
type AuthCommand struct {
	Kind   AuthKind
	Raw    string // as written, untrimmed
	Offset int    // byte offset of Raw in the value
	// Args are, for off, netrc and git, the words after the keyword
	// (strings.Fields, as runGoAuth splits them: the git directory is Args[0]);
	// for a custom command, the program and its arguments as
	// cmd/internal/quoted.Split gives them (nil if the quoting is broken).
	Args []string
}

// ParseGOAUTH parses GOAUTH as the go command on this machine does.
// See ParseGOAUTHFor.
func ParseGOAUTH(v string) ([]AuthCommand, []Problem) {
	return ParseGOAUTHFor(v, runtime.GOOS)
}

// ParseGOAUTHFor parses GOAUTH with the rules of auth/auth.go runGoAuth for
// a go command built for goos (the git directory must satisfy that OS's
// filepath.IsAbs). The commands are returned in the order written; the go
// command runs them in reverse so that earlier ones win.
//
// An empty value becomes "netrc" (cfg.go: EnvOrAndChanged("GOAUTH",
// "netrc")) and gives no commands and no problems. Whether a git directory
// exists is not checked: that needs the file system. A custom command that
// cannot work (broken quoting, a keyword in the wrong case) is Fatal although
// the go command only skips it: its errors show only with -x.
func ParseGOAUTHFor(v, goos string) ([]AuthCommand, []Problem) {
	if v == "" {
		return nil, nil
	}
	segs := splitSegments(v, ";")
	var cmds []AuthCommand
	var probs []Problem
	add := func(off, n int, fatal bool, code Code, msg string) {
		probs = append(probs, Problem{Offset: off, Len: n, Fatal: fatal, Code: code, Msg: msg})
	}
	for _, sg := range segs {
		lead, n := trimmedSpan(sg.text)
		t := sg.text[lead : lead+n]
		off := sg.off + lead
		words := strings.Fields(t)
		if len(words) == 0 {
			o, l := emptySpan(v, sg)
			add(o, l, true, AuthEmptyCommand, fmt.Sprintf("GOAUTH encountered an empty command (GOAUTH=%s) (the go command's error): remove the extra ';'", v))
			continue
		}
		c := AuthCommand{Raw: sg.text, Offset: sg.off}
		switch words[0] {
		case "off":
			c.Kind, c.Args = AuthOff, words[1:]
			if len(segs) != 1 {
				add(off, n, true, AuthOffCombined, fmt.Sprintf("GOAUTH=off cannot be combined with other authentication commands (GOAUTH=%s) (the go command's error)", v))
			}
		case "netrc":
			c.Kind, c.Args = AuthNetrc, words[1:]
		case "git":
			c.Kind, c.Args = AuthGit, words[1:]
			switch {
			case len(words) != 2:
				msg := "GOAUTH=git dir method requires an absolute path to the git working directory (the go command's error)"
				if len(words) > 2 {
					msg += ": the command is split at white space and quotes are not removed, so the directory cannot contain spaces"
				}
				add(off, n, true, AuthGitDir, msg)
			case !isAbs(goos, words[1]):
				msg := "GOAUTH=git dir method requires an absolute path to the git working directory, dir is not absolute (the go command's error)"
				switch {
				case hasQuoteEdge(words[1]):
					msg += ": quotes are not removed"
				case strings.HasPrefix(words[1], "~") || strings.Contains(words[1], "$"):
					msg += ": no shell expands ~ or $VARIABLES here"
				}
				add(off+strings.Index(t[len("git"):], words[1])+len("git"), len(words[1]), true, AuthGitDir, msg)
			}
		default:
			c.Kind = AuthCustomCommand
			args, err := SplitQuoted(t)
			if err != nil {
				// userauth.go buildCommand: the error is only printed with -x,
				// so the command silently never provides credentials.
				add(off, n, true, AuthBadQuoting, fmt.Sprintf("cannot parse GOAUTH command %s: %v: the go command skips it silently (the error shows only with -x)", t, err))
				break
			}
			c.Args = args
			if kw := strings.ToLower(args[0]); kw == "off" || kw == "netrc" || kw == "git" {
				// Keywords are matched on the first strings.Fields word,
				// exactly: "Netrc" or a quoted 'netrc' runs a program.
				add(off, len(words[0]), true, AuthKeywordCase, fmt.Sprintf("%s is not a keyword: the go command only knows %q, written in lowercase without quotes, and would run a program named %q", words[0], kw, args[0]))
				break
			}
			if w, ok := shellSyntax(args); ok {
				add(off, n, false, AuthShellSyntax, fmt.Sprintf("GOAUTH commands are not run by a shell: %q is passed to the program literally", w))
			}
		}
		if (c.Kind == AuthOff || c.Kind == AuthNetrc) && len(c.Args) > 0 {
			add(off, n, false, AuthIgnoredArgs, fmt.Sprintf("%q takes no arguments: the go command ignores %q", words[0], strings.Join(c.Args, " ")))
		}
		cmds = append(cmds, c)
	}
	return cmds, sortProblems(probs)
}

// shellSyntax returns the first word a shell would have interpreted.
func shellSyntax(args []string) (string, bool) {
	for _, a := range args {
		switch a {
		case "|", "||", "&&", "&", ">", ">>", "<", "2>&1":
			return a, true
		}
		if strings.HasPrefix(a, "~") || strings.ContainsAny(a, "$`") {
			return a, true
		}
	}
	return "", false
}
