package remote

import "strings"

// iniValue finds key in [section] of an INI file the way WSL reads /etc/wsl.conf and
// .wslconfig: section and key names are case-insensitive, lines starting with # or ; are
// comments, a # or ; also ends a value (an inline comment), a value may be double-quoted, and
// a later assignment wins. A UTF-8 byte order mark (Notepad writes one) and CRLF line ends are
// accepted; lines that are none of the above are ignored.
func iniValue(data []byte, section, key string) (value string, found bool) {
	text := strings.TrimPrefix(string(data), "\uFEFF")
	current := ""
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "" || line[0] == '#' || line[0] == ';':
			continue
		case line[0] == '[':
			name, _, closed := strings.Cut(line[1:], "]")
			current = ""
			if closed {
				current = strings.ToLower(strings.TrimSpace(name))
			}
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok || current != strings.ToLower(section) || !strings.EqualFold(strings.TrimSpace(k), key) {
			continue
		}
		if i := strings.IndexAny(v, "#;"); i >= 0 {
			v = v[:i]
		}
		value, found = unquote(strings.TrimSpace(v)), true
	}
	return value, found
}

func unquote(s string) string {
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		return s[1 : len(s)-1]
	}
	return s
}
