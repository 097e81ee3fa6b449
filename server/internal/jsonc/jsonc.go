// Package jsonc parses VS Code-style JSONC files (settings.json, launch.json,
// tasks.json, *.code-workspace) read-only, keeping the exact position of every
// value and key so that diagnostics can point at the offending text.
//
// Parsing itself is delegated to github.com/tailscale/hujson, whose lossless
// AST carries byte offsets; this package only converts that AST and turns
// offsets into line/column positions the way editors count them.
package jsonc

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tailscale/hujson"
)

// Kind of a JSON value.
type Kind int

const (
	Null Kind = iota
	Bool
	Number
	String
	Object
	Array
)

// String uses JSON Schema type names because that is how VS Code's own
// diagnostics name types, so messages read the same to the user.
func (k Kind) String() string {
	switch k {
	case Null:
		return "null"
	case Bool:
		return "boolean"
	case Number:
		return "number"
	case String:
		return "string"
	case Object:
		return "object"
	case Array:
		return "array"
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Pos is a position in the source file.
type Pos struct {
	Offset int // byte offset, 0-based
	Line   int // 1-based
	Column int // 1-based, counted in UTF-16 code units (as VS Code / LSP / SARIF count them)
}

// Member is one key/value pair of an object.
type Member struct {
	Key    string // decoded key (escapes resolved)
	KeyPos Pos    // position of the key's opening quote
	Value  *Node
}

// Node is one JSON value with its source span.
type Node struct {
	Kind  Kind
	Start Pos    // first byte of the value
	End   Pos    // one past the last byte of the value
	Str   string // decoded string (Kind==String)
	Bool  bool   // Kind==Bool
	// Raw is the literal source text for Number/Bool/Null (e.g. "1", "true",
	// "null"). For String it holds the quoted source, which lets callers
	// show the value exactly as written; it is empty for containers.
	Raw     string
	Members []Member // Kind==Object, in source order, duplicates kept
	Elems   []*Node  // Kind==Array
}

// Get returns the value of the LAST member with that key, or nil. Last wins
// because that is what JSON.parse and VS Code do with duplicate keys, so a
// check must look at the value that actually takes effect.
func (n *Node) Get(key string) *Node {
	if n == nil || n.Kind != Object {
		return nil
	}
	for i := len(n.Members) - 1; i >= 0; i-- {
		if n.Members[i].Key == key {
			return n.Members[i].Value
		}
	}
	return nil
}

// Text returns a short human form of a value for messages; containers are
// abbreviated because printing them whole would swamp a one-line diagnostic.
func (n *Node) Text() string {
	if n == nil {
		return ""
	}
	switch n.Kind {
	case String:
		return n.Str
	case Object:
		return "{…}"
	case Array:
		return "[…]"
	}
	return n.Raw
}

// SyntaxError describes why a file did not parse.
type SyntaxError struct {
	Pos Pos
	Msg string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("line %d, column %d: %s", e.Pos.Line, e.Pos.Column, e.Msg)
}

// maxDepth bounds nesting because hujson recurses once per level and a
// goroutine stack overflow is fatal (not a recoverable panic).
const maxDepth = 10000

var bom = []byte{0xEF, 0xBB, 0xBF}

// Parse parses JSONC. An empty or whitespace/comment-only file is valid and
// returns (nil, nil) — VS Code treats it as {}.
// A leading UTF-8 BOM is skipped (positions still count it as byte offsets
// 0..2, but columns of line 1 start after it).
// On a syntax error it returns (nil, *SyntaxError) with the problem's position.
func Parse(data []byte) (*Node, error) {
	if off, ok := checkDepth(data); !ok {
		return nil, &SyntaxError{
			Pos: PosAt(data, off),
			Msg: "nesting deeper than " + strconv.Itoa(maxDepth) + " levels",
		}
	}

	// Work on a copy: the BOM is blanked to spaces (hujson rejects it, and
	// same-length replacement keeps every offset valid for data), and a
	// newline is appended because hujson requires "//" comments to end in
	// '\n' while VS Code accepts one on the last line without it.
	buf := make([]byte, len(data), len(data)+1)
	copy(buf, data)
	if bytes.HasPrefix(buf, bom) {
		copy(buf, "   ")
	}
	buf = append(buf, '\n')

	if hujson.Extra(buf).IsValid() {
		return nil, nil
	}
	v, err := hujson.Parse(buf)
	if err != nil {
		off, msg := hujsonErrorOffset(buf, err)
		return nil, &SyntaxError{Pos: PosAt(data, min(off, len(data))), Msg: clipMessage(msg)}
	}
	c := newCursor(data)
	return c.convert(&v), nil
}

// maxMessage bounds an error message in runes. hujson quotes the offending text, which in a
// binary or minified file is kilobytes of junk on one line: a diagnostic must stay readable.
const maxMessage = 120

// clipMessage shortens msg to maxMessage runes and makes control bytes and invalid UTF-8
// visible (as \x.. escapes) instead of printing them raw into a terminal or the Problems panel.
func clipMessage(msg string) string {
	var b strings.Builder
	n := 0
	for i, r := range msg {
		if n == maxMessage {
			b.WriteString("…")
			break
		}
		switch {
		case r == utf8.RuneError:
			if _, size := utf8.DecodeRuneInString(msg[i:]); size == 1 {
				fmt.Fprintf(&b, "\\x%02x", msg[i])
				break
			}
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, "\\x%02x", r)
		default:
			b.WriteRune(r)
		}
		n++
	}
	return b.String()
}

// hujsonErrorOffset recovers the byte offset from a hujson error. hujson only
// reports it as "hujson: line L, column C: ..." with C counted in bytes from
// the last '\n', which is exactly invertible. Falls back to offset 0.
func hujsonErrorOffset(buf []byte, err error) (int, string) {
	msg := err.Error()
	if inner := errors.Unwrap(err); inner != nil {
		msg = inner.Error()
	}
	msg = withoutLiteral(msg)
	var line, col int
	if _, serr := fmt.Sscanf(err.Error(), "hujson: line %d, column %d:", &line, &col); serr != nil || line < 1 || col < 1 {
		return 0, msg
	}
	start := 0
	for l := 1; l < line; l++ {
		i := bytes.IndexByte(buf[start:], '\n')
		if i < 0 {
			return 0, msg
		}
		start += i + 1
	}
	off := start + col - 1
	if off > len(buf) {
		return 0, msg
	}
	return off, msg
}

// withoutLiteral drops the text hujson quotes after "invalid literal: ". That is the file's
// own content — an unquoted proxy URL, or a string left open that runs on to the next quote
// (a token, other settings) — and the message is printed and published: the position says
// where it is, so say what is wrong without repeating it (issue 9, no credential in output).
func withoutLiteral(msg string) string {
	lit, ok := strings.CutPrefix(msg, "invalid literal: ")
	switch {
	case !ok:
		return msg
	case strings.HasPrefix(lit, `"`):
		return "invalid literal: a string with a line break, control character or bad escape in it (a missing closing quote?)"
	}
	return "invalid literal: not a string, number, true, false or null (a missing quote?)"
}

// checkDepth finds the first bracket nested deeper than maxDepth. It only
// skips strings and comments the way hujson does so brackets inside them do
// not count; anything else malformed is left for hujson to report.
func checkDepth(b []byte) (offset int, ok bool) {
	depth := 0
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '"':
			for i++; i < len(b) && b[i] != '"'; i++ {
				if b[i] == '\\' {
					i++
				}
			}
		case '/':
			switch {
			case i+1 < len(b) && b[i+1] == '/':
				j := bytes.IndexByte(b[i+2:], '\n')
				if j < 0 {
					return 0, true
				}
				i += 2 + j
			case i+1 < len(b) && b[i+1] == '*':
				j := bytes.Index(b[i+2:], []byte("*/"))
				if j < 0 {
					return 0, true
				}
				i += 2 + j + 1
			}
		case '[', '{':
			depth++
			if depth > maxDepth {
				return i, false
			}
		case ']', '}':
			if depth > 0 {
				depth--
			}
		}
	}
	return 0, true
}

// convert visits offsets in increasing order (start, keys and children,
// end) so the cursor only moves forward and the whole walk stays O(n).
func (c *cursor) convert(v *hujson.Value) *Node {
	n := &Node{Start: c.pos(v.StartOffset)}
	switch t := v.Value.(type) {
	case hujson.Literal:
		n.Raw = string(t)
		switch t.Kind() {
		case 'n':
			n.Kind = Null
		case 't', 'f':
			n.Kind = Bool
			n.Bool = t.Bool()
		case '"':
			n.Kind = String
			n.Str = t.String()
		default:
			n.Kind = Number
		}
	case *hujson.Object:
		n.Kind = Object
		n.Members = make([]Member, 0, len(t.Members))
		for i := range t.Members {
			m := &t.Members[i]
			key := ""
			if lit, ok := m.Name.Value.(hujson.Literal); ok {
				key = lit.String()
			}
			kp := c.pos(m.Name.StartOffset)
			n.Members = append(n.Members, Member{Key: key, KeyPos: kp, Value: c.convert(&m.Value)})
		}
	case *hujson.Array:
		n.Kind = Array
		n.Elems = make([]*Node, 0, len(t.Elements))
		for i := range t.Elements {
			n.Elems = append(n.Elems, c.convert(&t.Elements[i]))
		}
	}
	n.End = c.pos(v.EndOffset)
	return n
}

// PosAt converts a byte offset into a Pos for data. Offsets outside data are
// clamped; an offset inside a multi-byte rune gets that rune's column.
func PosAt(data []byte, offset int) Pos {
	return newCursor(data).pos(offset)
}

// cursor converts offsets to positions incrementally, so callers that ask
// in increasing order (as the tree walk does) pay O(n) in total.
type cursor struct {
	data      []byte
	lineStart int // offset where line 1's columns start (after a BOM)
	off       int // rune boundary reached so far
	line, col int // position of off
}

func newCursor(data []byte) *cursor {
	c := &cursor{data: data}
	if bytes.HasPrefix(data, bom) {
		c.lineStart = len(bom)
	}
	c.reset()
	return c
}

func (c *cursor) reset() {
	c.off, c.line, c.col = c.lineStart, 1, 1
}

func (c *cursor) pos(offset int) Pos {
	offset = max(0, min(offset, len(c.data)))
	if offset < c.lineStart {
		// Inside the BOM: it occupies no column.
		return Pos{Offset: offset, Line: 1, Column: 1}
	}
	if offset < c.off {
		c.reset()
	}
	for c.off < offset {
		b := c.data[c.off]
		if b == '\n' {
			c.off++
			c.line++
			c.col = 1
			continue
		}
		if b < utf8.RuneSelf {
			c.off++
			c.col++
			continue
		}
		r, size := utf8.DecodeRune(c.data[c.off:])
		if c.off+size > offset {
			break // offset falls inside this rune
		}
		c.off += size
		if r >= 0x10000 {
			c.col += 2 // surrogate pair in UTF-16
		} else {
			c.col++ // includes invalid bytes (RuneError, size 1)
		}
	}
	return Pos{Offset: offset, Line: c.line, Column: c.col}
}
