// Package shellrc finds the variables a shell startup file exports with a literal value
// (`export GOPROXY=https://…`, `GOPROXY=…; export GOPROXY`, fish's `set -gx GOPROXY …`). It
// does not run the file: values built from other variables or commands are marked Dynamic.
// Checks use it to tell a user that a profile sets a variable a process did not get.
package shellrc

import (
	"regexp"
	"strings"
)

// Export is one exported assignment.
type Export struct {
	Name    string
	Value   string // unquoted; meaningless when Dynamic
	Dynamic bool   // the value uses $, backquotes or $(…): only running the shell knows it
	Line    int    // 1-based
	Column  int    // 1-based byte column of the name
}

// StartupFiles are the files a login or interactive shell of a POSIX-ish user reads, relative
// to HOME, in the order bash, zsh and fish read them.
var StartupFiles = []string{".profile", ".bash_profile", ".bash_login", ".bashrc", ".zshenv", ".zprofile", ".zshrc", ".config/fish/config.fish"}

var (
	exportLine = regexp.MustCompile(`^(\s*(?:export|declare\s+-x|typeset\s+-x)\s+)([A-Za-z_][A-Za-z0-9_]*)=(.*)$`)
	assignLine = regexp.MustCompile(`^(\s*)([A-Za-z_][A-Za-z0-9_]*)=(\S.*|)$`)
	exportList = regexp.MustCompile(`^\s*export\s+([A-Za-z_][A-Za-z0-9_ ]*)\s*$`)
	fishSet    = regexp.MustCompile(`^(\s*set\s+(?:-[a-zA-Z]*x[a-zA-Z]*\s+)+)([A-Za-z_][A-Za-z0-9_]*)\s+(.*)$`)
)

// Exports lists the exported assignments of names (all names when none are given), in file
// order; a later one for the same name wins when the file runs.
func Exports(data []byte, names ...string) []Export {
	want := func(n string) bool {
		if len(names) == 0 {
			return true
		}
		for _, x := range names {
			if x == n {
				return true
			}
		}
		return false
	}
	var out []Export
	pending := map[string]Export{} // plain assignments, exported by a later `export NAME`
	for i, raw := range strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n") {
		line := stripComment(raw)
		if m := exportLine.FindStringSubmatchIndex(line); m != nil {
			name := line[m[4]:m[5]]
			if want(name) {
				out = append(out, export(name, line[m[6]:m[7]], i+1, m[4]+1))
			}
			continue
		}
		if m := fishSet.FindStringSubmatchIndex(line); m != nil {
			name := line[m[4]:m[5]]
			if want(name) {
				out = append(out, export(name, line[m[6]:m[7]], i+1, m[4]+1))
			}
			continue
		}
		if m := exportList.FindStringSubmatch(line); m != nil {
			for _, name := range strings.Fields(m[1]) {
				if e, ok := pending[name]; ok {
					out = append(out, e)
				}
			}
			continue
		}
		if m := assignLine.FindStringSubmatchIndex(line); m != nil {
			name := line[m[4]:m[5]]
			value := strings.TrimSuffix(strings.TrimSpace(line[m[6]:m[7]]), ";")
			if v, rest, found := strings.Cut(value, "; export "+name); found && strings.TrimSpace(rest) == "" {
				if want(name) {
					out = append(out, export(name, v, i+1, m[4]+1))
				}
				continue
			}
			if want(name) {
				pending[name] = export(name, value, i+1, m[4]+1)
			}
		}
	}
	return out
}

func export(name, raw string, line, col int) Export {
	v, dynamic := unquote(strings.TrimSpace(raw))
	return Export{Name: name, Value: v, Dynamic: dynamic, Line: line, Column: col}
}

// unquote reads one shell word: 'single', "double" or bare. dynamic is true when the value
// depends on expansion, or more than one word follows.
func unquote(s string) (value string, dynamic bool) {
	s = strings.TrimSuffix(strings.TrimSpace(s), ";")
	switch {
	case len(s) >= 2 && s[0] == '\'' && s[len(s)-1] == '\'' && !strings.Contains(s[1:len(s)-1], "'"):
		return s[1 : len(s)-1], false
	case len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"':
		inner := s[1 : len(s)-1]
		return inner, strings.ContainsAny(inner, "$`\\\"")
	}
	return s, s == "" || strings.ContainsAny(s, "$`\\'\" \t;&|<>(){}*?~")
}

// stripComment drops a # comment that starts a word, outside quotes.
func stripComment(line string) string {
	var quote byte
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '#' && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t'):
			return strings.TrimRight(line[:i], " \t")
		}
	}
	return line
}
