package cli

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// wrapFields is wrap as it was written first, with strings.Fields: wrap must split words and
// break lines exactly as it did.
func wrapFields(text string, width int, indent string) string {
	var b strings.Builder
	col, limit := 0, width
	for i, word := range strings.Fields(text) {
		n := utf8.RuneCountInString(word)
		if i > 0 {
			if col+1+n > limit {
				b.WriteString("\n" + indent)
				col, limit = 0, 100-len(indent)
			} else {
				b.WriteByte(' ')
				col++
			}
		}
		b.WriteString(word)
		col += n
	}
	return b.String()
}

func TestWrapSplitsLikeFields(t *testing.T) {
	long := strings.Repeat("GOPROXY=https://proxy.example.com,direct is set in ", 9)
	for _, text := range []string{
		"", "   ", "one", "  leading and trailing  ", "tabs\tand\nnewlines\r\nand\u00a0no-break\u2003em space",
		"wörter mit ümlauten und 中文 字符 " + long, long, "x" + strings.Repeat("y", 120) + " z",
	} {
		for _, width := range []int{20, 60, 98} {
			if got, want := wrap(text, width, "    "), wrapFields(text, width, "    "); got != want {
				t.Errorf("wrap(%q, %d):\n%q\nwant\n%q", text, width, got, want)
			}
		}
	}
}
