package lsp

import (
	"unicode/utf16"
	"unicode/utf8"

	"go.lsp.dev/protocol"
)

// lineIndex converts between byte offsets and LSP positions (0-based line, UTF-16 column),
// the encoding VS Code uses.
type lineIndex struct {
	data  []byte
	start []int // byte offset of each line start
}

func newLineIndex(data []byte) *lineIndex {
	li := &lineIndex{data: data, start: []int{0}}
	for i, b := range data {
		if b == '\n' {
			li.start = append(li.start, i+1)
		}
	}
	return li
}

// position of byte offset off (clamped to the text).
func (li *lineIndex) position(off int) protocol.Position {
	off = max(0, min(off, len(li.data)))
	line := 0
	for lo, hi := 0, len(li.start)-1; lo <= hi; {
		mid := (lo + hi) / 2
		if li.start[mid] <= off {
			line, lo = mid, mid+1
		} else {
			hi = mid - 1
		}
	}
	return protocol.Position{Line: uint32(line), Character: uint32(utf16Len(li.data[li.start[line]:off]))}
}

// lineBytes is line l (0-based) without its line ending; nil past the end.
func (li *lineIndex) lineBytes(l int) []byte {
	if l < 0 || l >= len(li.start) {
		return nil
	}
	end := len(li.data)
	if l+1 < len(li.start) {
		end = li.start[l+1] - 1
	}
	b := li.data[li.start[l]:end]
	if n := len(b); n > 0 && b[n-1] == '\r' {
		b = b[:n-1]
	}
	return b
}

// byteColumn converts a UTF-16 column of line l to a byte offset within the line.
func (li *lineIndex) byteColumn(l, col16 int) int {
	b := li.lineBytes(l)
	n := 0
	for i := 0; i < len(b); {
		if n >= col16 {
			return i
		}
		r, size := utf8.DecodeRune(b[i:])
		n += len(utf16.Encode([]rune{r}))
		i += size
	}
	return len(b)
}

func utf16Len(b []byte) int {
	n := 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
		b = b[size:]
	}
	return n
}

// findingRange is the range a diagnostic underlines for a finding at 1-based line and column
// (UTF-16): the JSON string or token starting there, or the rest of the line; the whole line
// when the column is unknown (line-based files).
func findingRange(data []byte, line, col int) protocol.Range {
	li := newLineIndex(data)
	l := max(line-1, 0)
	text := li.lineBytes(l)
	startByte := 0
	if col > 1 {
		startByte = li.byteColumn(l, col-1)
	}
	endByte := len(text)
	if startByte < len(text) && text[startByte] == '"' {
		endByte = stringEnd(text, startByte)
	} else {
		for endByte > startByte && (text[endByte-1] == ' ' || text[endByte-1] == '\t' || text[endByte-1] == ',') {
			endByte--
		}
	}
	if endByte <= startByte { // nothing to underline: mark the line
		startByte, endByte = 0, len(text)
	}
	return protocol.Range{
		Start: protocol.Position{Line: uint32(l), Character: uint32(utf16Len(text[:startByte]))},
		End:   protocol.Position{Line: uint32(l), Character: uint32(utf16Len(text[:endByte]))},
	}
}

// stringEnd is the offset after the JSON string starting at text[i] == '"' (or the line end).
func stringEnd(text []byte, i int) int {
	for j := i + 1; j < len(text); j++ {
		switch text[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return len(text)
}
