package report

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Limits of ClipText, in runes: a word (a value without blanks: a GOPROXY of 10k entries) and a
// whole message (a GOFLAGS of 64k flags).
const (
	maxWord    = 300
	maxMessage = 2000
)

// ClipText shortens the values a message quotes so that it stays readable: a message about a
// 1 MB GOPROXY was itself over 1 MB, once per context, in the terminal and in the Problems
// panel. A word longer than maxWord runes keeps its start and end around "…(N characters)…",
// and a message longer than maxMessage runes is cut there. Call it on redacted text only: a
// URL cut before its '@' would no longer look like one with credentials.
func ClipText(s string) string {
	if len(s) <= maxWord {
		return s
	}
	words := strings.Split(s, " ")
	for i, w := range words {
		if n := utf8.RuneCountInString(w); n > maxWord {
			r := []rune(w)
			words[i] = fmt.Sprintf("%s…(%d characters)…%s", string(r[:maxWord*2/3]), n-maxWord*5/6, string(r[n-maxWord/6:]))
		}
	}
	s = strings.Join(words, " ")
	if utf8.RuneCountInString(s) > maxMessage {
		r := []rune(s)
		s = fmt.Sprintf("%s… (%d more characters not shown)", string(r[:maxMessage]), len(r)-maxMessage)
	}
	return s
}
