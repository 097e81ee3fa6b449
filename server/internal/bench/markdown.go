package bench

import (
	"strings"
)

// Table is a Markdown table.
type Table struct {
	Header []string
	Rows   [][]string
	// Right lists the columns (by index) to right-align, for numbers.
	Right []int
}

// Add appends a row.
func (t *Table) Add(cells ...string) { t.Rows = append(t.Rows, cells) }

// String renders the table; cells have "|" and newlines escaped.
func (t *Table) String() string {
	var b strings.Builder
	row := func(cells []string) {
		b.WriteString("|")
		for i := range t.Header {
			c := ""
			if i < len(cells) {
				c = cells[i]
			}
			b.WriteString(" " + escapeCell(c) + " |")
		}
		b.WriteString("\n")
	}
	row(t.Header)
	b.WriteString("|")
	for i := range t.Header {
		if contains(t.Right, i) {
			b.WriteString("---:|")
		} else {
			b.WriteString("---|")
		}
	}
	b.WriteString("\n")
	for _, r := range t.Rows {
		row(r)
	}
	return b.String()
}

func escapeCell(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.ReplaceAll(s, "\n", " ")
}

func contains(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// Verdict is "met" or "**not met**" for a target.
func Verdict(ok bool) string {
	if ok {
		return "met"
	}
	return "**not met**"
}
