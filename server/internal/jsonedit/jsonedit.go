// Package jsonedit computes minimal, comment-preserving text edits that set or remove one value
// of a JSONC document (VS Code settings.json, launch.json, tasks.json, *.code-workspace).
//
// It follows VS Code's own jsonc-parser modify + applyEdits (src/impl/edit.ts with
// formattingOptions, which is what WorkspaceConfiguration.update does to settings.json): an
// existing value's text is replaced, a new member goes after the last member on its own line,
// missing parent objects are created, and new text is indented like its surroundings. Unlike
// jsonc-parser it never reformats text it does not need to touch, so comments and the user's own
// spacing stay where they are (see the notes on insert and removeItem).
package jsonedit

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"

	"github.com/go-env-doctor/go-env-doctor/server/internal/jsonc"
)

// Edit replaces Length bytes at Offset of the original document with Text.
type Edit struct {
	Offset, Length int
	Text           string
}

// Path addresses a value: string object keys and int array indices, e.g.
// {"go.toolsEnvVars", "GOPROXY"} or {"configurations", 0, "env", "GOPROXY"}. A key is matched
// exactly ("go.toolsEnvVars" is one key). Indices may be any integer type, or a float64 holding
// an integer (as a path decoded from JSON has); -1 means "append" to Set.
type Path []any

// Options controls the text of new lines. The zero value detects both from the document.
type Options struct {
	Indent string // one level of indentation; "" = detect (tabs or N spaces), "\t" if undecidable
	EOL    string // line break; "" = the document's first line break, "\n" if it has none
}

// Set returns the edits that make the value at path equal value (marshalled with
// encoding/json: maps become objects with sorted keys, nil becomes null).
//
// An existing value is replaced (the last one when a key is duplicated, because JSON parsers
// keep the last). A missing member is added after the last member of its object, and missing
// parents are created; a parent that exists but is not the needed container (a string, null,
// an array where a key is needed...) is replaced by one, as a whole-setting update would do.
// An array index may address an existing element or len (append); anything else is an error.
// A document that does not parse is never edited: Set returns an error and no edits.
func Set(src []byte, path Path, value any, opt Options) ([]Edit, error) {
	segs, err := parsePath(path)
	if err != nil {
		return nil, err
	}
	d, err := newDoc(src, opt)
	if err != nil {
		return nil, err
	}
	return d.set(segs, value)
}

// Remove returns the edits that delete the member (or array element) at path together with its
// separating comma and, when it had its own line(s), those lines. Comments outside the member
// stay. Every duplicate of the key is removed, since removing only the last would make an
// earlier one take effect. Removing something that is not there returns no edits and no error.
func Remove(src []byte, path Path, opt Options) ([]Edit, error) {
	segs, err := parsePath(path)
	if err != nil {
		return nil, err
	}
	if len(segs) == 0 {
		return nil, errors.New("jsonedit: cannot remove the whole document")
	}
	d, err := newDoc(src, opt)
	if err != nil {
		return nil, err
	}
	return d.remove(segs), nil
}

// Apply applies non-overlapping edits (offsets into src, in any order) and returns the result.
// Insertions at the same offset are applied in the order given.
func Apply(src []byte, edits []Edit) ([]byte, error) {
	es := append([]Edit(nil), edits...)
	sort.SliceStable(es, func(i, j int) bool { return es[i].Offset < es[j].Offset })
	out := make([]byte, 0, len(src))
	pos := 0
	for _, e := range es {
		if e.Offset < 0 || e.Length < 0 || e.Offset+e.Length > len(src) {
			return nil, fmt.Errorf("jsonedit: edit at %d+%d is outside the %d-byte document", e.Offset, e.Length, len(src))
		}
		if e.Offset < pos {
			return nil, fmt.Errorf("jsonedit: edits overlap at offset %d", e.Offset)
		}
		out = append(out, src[pos:e.Offset]...)
		out = append(out, e.Text...)
		pos = e.Offset + e.Length
	}
	return append(out, src[pos:]...), nil
}

// seg is one path step.
type seg struct {
	key   string
	idx   int
	isKey bool
}

func parsePath(p Path) ([]seg, error) {
	segs := make([]seg, len(p))
	for i, s := range p {
		switch v := s.(type) {
		case string:
			segs[i] = seg{key: v, isKey: true}
		case int:
			segs[i] = seg{idx: v}
		case int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
			n, err := strconv.Atoi(fmt.Sprint(v))
			if err != nil {
				return nil, fmt.Errorf("jsonedit: path element %d: index %v out of range", i, v)
			}
			segs[i] = seg{idx: n}
		case float64:
			if v != math.Trunc(v) || math.Abs(v) > 1<<31 {
				return nil, fmt.Errorf("jsonedit: path element %d: index %v is not an integer", i, v)
			}
			segs[i] = seg{idx: int(v)}
		default:
			return nil, fmt.Errorf("jsonedit: path element %d: %T is neither a key nor an index", i, s)
		}
	}
	return segs, nil
}

// doc is a parsed document and the formatting new text must follow.
type doc struct {
	src         []byte
	root        *jsonc.Node // nil: empty or comment-only document
	indent, eol string
	bom         int // length of a leading byte-order mark
}

func newDoc(src []byte, opt Options) (*doc, error) {
	root, err := jsonc.Parse(src)
	if err != nil {
		return nil, fmt.Errorf("jsonedit: the document does not parse, so it is not edited: %w", err)
	}
	d := &doc{src: src, root: root, indent: opt.Indent, eol: opt.EOL}
	if bytes.HasPrefix(src, []byte("\xef\xbb\xbf")) {
		d.bom = 3
	}
	if d.indent == "" {
		d.indent = detectIndent(src)
	}
	if d.eol == "" {
		d.eol = detectEOL(src)
	}
	return d, nil
}

// detectEOL returns the first line break, like jsonc-parser's format (getEOL); a lone "\r" is
// not one here because JSONC (hujson) does not end a "//" comment there.
func detectEOL(src []byte) string {
	if i := bytes.IndexByte(src, '\n'); i > 0 && src[i-1] == '\r' {
		return "\r\n"
	}
	return "\n"
}

// detectIndent guesses one indentation level the way an editor's detectIndentation does, in
// simplified form: tabs if most indented lines start with a tab, else the most common increase
// in leading spaces from one line to the next. Comment lines are skipped (block comment bodies
// are often indented by one space).
func detectIndent(src []byte) string {
	tabs, spaced := 0, 0
	steps := map[int]int{}
	prev := 0
	for len(src) > 0 {
		line := src
		if i := bytes.IndexByte(src, '\n'); i >= 0 {
			line, src = src[:i], src[i+1:]
		} else {
			src = nil
		}
		w := 0
		for w < len(line) && (line[w] == ' ' || line[w] == '\t') {
			w++
		}
		if w == len(line) || line[w] == '\r' || line[w] == '/' || line[w] == '*' {
			continue
		}
		if w > 0 && line[0] == '\t' {
			tabs++
			prev = 0
			continue
		}
		if w > 0 {
			spaced++
		}
		if step := w - prev; step > 0 && step <= 8 {
			steps[step]++
		}
		prev = w
	}
	if spaced == 0 || tabs > spaced {
		return "\t"
	}
	best := 0
	for step, n := range steps {
		if best == 0 || n > steps[best] || n == steps[best] && step < best {
			best = step
		}
	}
	if best == 0 {
		return "\t"
	}
	return string(bytes.Repeat([]byte{' '}, best))
}

// marshal renders v as one JSON text indented for a value that starts on a line indented by
// prefix. Like JSON.stringify + jsonc-parser's formatter: `"k": v`, one member per line, and
// empty containers as {} and [].
func (d *doc) marshal(v any, prefix string) (string, error) {
	compact, err := marshalCompact(v)
	if err != nil {
		return "", err
	}
	var out bytes.Buffer
	if err := json.Indent(&out, compact, prefix, d.indent); err != nil {
		return "", fmt.Errorf("jsonedit: %w", err)
	}
	// Raw newlines only occur between tokens (strings escape theirs), so this is safe.
	return string(bytes.ReplaceAll(out.Bytes(), []byte("\n"), []byte(d.eol))), nil
}

// marshalInline renders v on one line, spaced as people write one-line JSON: {"a": 1, "b": [2, 3]}.
func (d *doc) marshalInline(v any) (string, error) {
	compact, err := marshalCompact(v)
	if err != nil {
		return "", err
	}
	var b []byte
	inString := false
	for i := 0; i < len(compact); i++ {
		c := compact[i]
		b = append(b, c)
		switch {
		case inString && c == '\\':
			i++
			b = append(b, compact[i])
		case c == '"':
			inString = !inString
		case !inString && (c == ':' || c == ','):
			b = append(b, ' ')
		}
	}
	return string(b), nil
}

func marshalCompact(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // JSON.stringify does not escape <, > and & either
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("jsonedit: %w", err)
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

func (d *doc) set(segs []seg, value any) ([]Edit, error) {
	if d.root == nil {
		return d.setEmpty(segs, value)
	}
	n := d.root
	owner := n.Start.Offset // where the text holding n starts: its key, or n itself
	for i, s := range segs {
		last := i == len(segs)-1
		switch {
		case s.isKey && n.Kind == jsonc.Object:
			m := lastMember(n, s.key)
			if m < 0 {
				v, err := wrap(segs[i+1:], value)
				if err != nil {
					return nil, err
				}
				return d.insert(n, owner, s.key, v)
			}
			n, owner = n.Members[m].Value, n.Members[m].KeyPos.Offset
		case !s.isKey && n.Kind == jsonc.Array:
			switch {
			case s.idx == -1 || s.idx == len(n.Elems):
				v, err := wrap(segs[i+1:], value)
				if err != nil {
					return nil, err
				}
				return d.insert(n, owner, "", v)
			case s.idx < 0 || s.idx > len(n.Elems):
				return nil, fmt.Errorf("jsonedit: index %d is out of range: the array has %d elements", s.idx, len(n.Elems))
			}
			n = n.Elems[s.idx]
			owner = n.Start.Offset
		default:
			// n is not the container the path needs: replace it with one.
			v, err := wrap(segs[i:], value)
			if err != nil {
				return nil, err
			}
			return d.replace(n, owner, v)
		}
		if last {
			return d.replace(n, owner, value)
		}
	}
	return d.replace(n, owner, value) // empty path: the whole document
}

// multiLine reports whether a container or value whose text starts at owner (its key, or
// itself) may be laid out over several lines: when it is the document or starts its own line.
// Inside a one-line container ({"a": {"b": 1}}) new text stays on that line instead, because
// breaking only the inner part would leave the outer brackets dangling.
func (d *doc) multiLine(owner int) bool {
	return owner == d.root.Start.Offset || d.firstOnLine(owner)
}

// wrap builds the value for the missing part of a path, as jsonc-parser's setProperty does:
// an object per key, an array per index (only 0 or -1 make sense for a new array).
func wrap(segs []seg, value any) (any, error) {
	for i := len(segs) - 1; i >= 0; i-- {
		s := segs[i]
		switch {
		case s.isKey:
			value = map[string]any{s.key: value}
		case s.idx == 0 || s.idx == -1:
			value = []any{value}
		default:
			return nil, fmt.Errorf("jsonedit: index %d is out of range: the array does not exist", s.idx)
		}
	}
	return value, nil
}

func lastMember(n *jsonc.Node, key string) int {
	for i := len(n.Members) - 1; i >= 0; i-- {
		if n.Members[i].Key == key {
			return i
		}
	}
	return -1
}

// replace swaps a value's text for value's, indented like the line the value starts on.
func (d *doc) replace(n *jsonc.Node, owner int, value any) ([]Edit, error) {
	var text string
	var err error
	if d.multiLine(owner) {
		text, err = d.marshal(value, d.lineIndent(n.Start.Offset))
	} else {
		text, err = d.marshalInline(value)
	}
	if err != nil {
		return nil, err
	}
	start, end := n.Start.Offset, n.End.Offset
	if string(d.src[start:end]) == text {
		return nil, nil
	}
	return []Edit{{Offset: start, Length: end - start, Text: text}}, nil
}

// setEmpty writes the document's first value. jsonc-parser inserts at offset 0; here it goes
// after any comments (a comment-only settings file usually is a header) and after a BOM.
func (d *doc) setEmpty(segs []seg, value any) ([]Edit, error) {
	v, err := wrap(segs, value)
	if err != nil {
		return nil, err
	}
	text, err := d.marshal(v, "")
	if err != nil {
		return nil, err
	}
	at := d.bom
	if end := d.lastCommentEnd(); end >= 0 {
		at, text = end, d.eol+text
	}
	ws := d.skipHWS(at)
	return []Edit{{Offset: at, Length: ws - at, Text: text}}, nil
}

// lastCommentEnd returns where the last comment of a value-less document ends ("//" comments
// end before their line break), or -1.
func (d *doc) lastCommentEnd() int {
	end := -1
	for i := d.bom; i < len(d.src); {
		if c := d.comment(i); c > i {
			end, i = c, c
			continue
		}
		i++
	}
	return end
}

// comment returns the end of the comment starting at i, or i if there is none there. A "//"
// comment ends before "\r\n" or "\n".
func (d *doc) comment(i int) int {
	src := d.src
	if i+1 >= len(src) || src[i] != '/' {
		return i
	}
	switch src[i+1] {
	case '/':
		j := bytes.IndexByte(src[i:], '\n')
		if j < 0 {
			return len(src)
		}
		j += i
		if src[j-1] == '\r' {
			j--
		}
		return j
	case '*':
		j := bytes.Index(src[i+2:], []byte("*/"))
		if j < 0 {
			return len(src) // cannot happen in a document that parsed
		}
		return i + 2 + j + 2
	}
	return i
}

// item is one member or element of a container: from its key (or value) to its value's end.
type item struct{ start, end int }

func items(c *jsonc.Node) []item {
	var it []item
	if c.Kind == jsonc.Object {
		for _, m := range c.Members {
			it = append(it, item{m.KeyPos.Offset, m.Value.End.Offset})
		}
		return it
	}
	for _, e := range c.Elems {
		it = append(it, item{e.Start.Offset, e.End.Offset})
	}
	return it
}

// insert adds a member (to an object, with key) or an element after the last one of c; owner
// is where the text holding c starts (see multiLine).
//
// The new item goes on its own line, indented like the last item that starts its own line,
// after the last item's same-line comments (jsonc-parser puts it before them, moving a trailing
// "// comment" onto the new line). A missing comma is added to the previous item; an existing
// trailing comma is kept, and the new item gets one too. A container written on one line is
// split into one item per line first, as jsonc-parser's formatter does, but the items' own text
// is left alone (jsonc-parser reformats the whole line). Inside a one-line parent the item is
// added on the same line instead.
func (d *doc) insert(c *jsonc.Node, owner int, key string, value any) ([]Edit, error) {
	open, close := c.Start.Offset, c.End.Offset-1
	openIndent := d.lineIndent(open)
	its := items(c)
	inline := d.sameLine(open, close) && !d.multiLine(owner)

	var edits []Edit
	memberIndent := openIndent + d.indent
	after := open + 1 // where the new item's text goes
	comma := false    // the new item must end in a comma (trailing-comma style)
	if len(its) > 0 {
		last := its[len(its)-1]
		switch {
		case inline:
		case d.sameLine(open, last.start):
			for _, it := range its {
				ws := it.start
				for ws > 0 && (d.src[ws-1] == ' ' || d.src[ws-1] == '\t') {
					ws--
				}
				edits = append(edits, Edit{Offset: ws, Length: it.start - ws, Text: d.eol + memberIndent})
			}
		default:
			for i := len(its) - 1; i >= 0; i-- {
				if d.firstOnLine(its[i].start) {
					memberIndent = d.lineIndent(its[i].start)
					break
				}
			}
		}
		after, comma = d.sameLineTrivia(last.end)
		if !comma {
			edits = append(edits, Edit{Offset: last.end, Text: ","})
		}
	} else {
		after, _ = d.sameLineTrivia(after)
	}

	var text string
	var err error
	if inline {
		text, err = d.marshalInline(value)
	} else {
		text, err = d.marshal(value, memberIndent)
	}
	if err != nil {
		return nil, err
	}
	if c.Kind == jsonc.Object {
		k, _ := marshalCompact(key) // a string always marshals
		text = string(k) + ": " + text
	}
	if comma {
		text += ","
	}
	ws := d.skipHWS(after)
	switch {
	case inline:
		// {"a": 1} -> {"a": 1, "k": v}; {} and { } -> {"k": v}
		if after > open+1 {
			text = " " + text
		}
		if len(its) > 0 {
			ws = after
		}
	case d.atEOL(ws):
		text = d.eol + memberIndent + text
	default:
		// Something (the closing bracket) follows on this line: move it to the next one.
		text = d.eol + memberIndent + text + d.eol + openIndent
	}
	edits = append(edits, Edit{Offset: after, Length: ws - after, Text: text})
	return merge(edits), nil
}

// merge joins an insertion with an edit at the same offset so edits never overlap.
func merge(es []Edit) []Edit {
	sort.SliceStable(es, func(i, j int) bool { return es[i].Offset < es[j].Offset })
	out := es[:0]
	for _, e := range es {
		if n := len(out); n > 0 && out[n-1].Offset == e.Offset && out[n-1].Length == 0 {
			out[n-1].Length = e.Length
			out[n-1].Text += e.Text
			continue
		}
		out = append(out, e)
	}
	return out
}

// sameLineTrivia skips the whitespace, comments and comma that follow offset i on the same
// line (a block comment that starts there counts whole). It returns the end of the last
// comment or comma (i if none) and whether a comma was among them.
func (d *doc) sameLineTrivia(i int) (end int, comma bool) {
	end = i
	for i < len(d.src) {
		switch c := d.src[i]; {
		case c == ' ' || c == '\t' || c == '\r' && !d.atEOL(i):
			i++
		case c == ',':
			comma = true
			i++
			end = i
		case c == '/':
			j := d.comment(i)
			if j == i {
				return end, comma
			}
			end, i = j, j
		default:
			return end, comma
		}
	}
	return end, comma
}

// commaAfter returns the offset of the comma that follows the value ending at i (across lines
// and comments), or -1.
func (d *doc) commaAfter(i int) int {
	for i < len(d.src) {
		switch c := d.src[i]; c {
		case ' ', '\t', '\r', '\n':
			i++
		case ',':
			return i
		case '/':
			j := d.comment(i)
			if j == i {
				return -1
			}
			i = j
		default:
			return -1
		}
	}
	return -1
}

func (d *doc) remove(segs []seg) []Edit {
	n := d.root
	for i, s := range segs {
		if n == nil {
			return nil
		}
		idx := -1
		switch {
		case s.isKey && n.Kind == jsonc.Object:
			idx = lastMember(n, s.key)
		case !s.isKey && n.Kind == jsonc.Array && s.idx >= 0 && s.idx < len(n.Elems):
			idx = s.idx
		}
		if idx < 0 {
			return nil
		}
		if i < len(segs)-1 {
			if n.Kind == jsonc.Object {
				n = n.Members[idx].Value
			} else {
				n = n.Elems[idx]
			}
			continue
		}
		gone := make([]bool, len(items(n)))
		if n.Kind == jsonc.Object {
			for j, m := range n.Members {
				gone[j] = m.Key == s.key
			}
		} else {
			gone[idx] = true
		}
		return d.removeItems(n, gone)
	}
	return nil
}

type span struct{ start, end int }

// removeItems deletes the items of c marked gone (one, or every duplicate of a key), each with
// one comma: its own, or, for the last item, which has none, the comma of the last item kept
// before it. An item on its own line(s) takes those lines with it; a comment after it on its
// last line stays, on a line of its own. A container left holding only whitespace becomes {}
// or [] (jsonc-parser leaves "{\n}"). Unlike jsonc-parser, which deletes from the previous item's
// end, comments and blank lines between items are kept.
func (d *doc) removeItems(c *jsonc.Node, gone []bool) []Edit {
	its := items(c)
	open, close := c.Start.Offset, c.End.Offset-1
	var spans []span
	all := true
	for i := range its {
		if gone[i] {
			spans = append(spans, d.removeItem(its, gone, i, close)...)
		} else {
			all = false
		}
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	if all {
		// Only whitespace left between the brackets: make it {} / [].
		left, pos := true, open+1
		for _, s := range spans {
			left = left && d.onlyWS(pos, s.start)
			pos = max(pos, s.end)
		}
		if left && d.onlyWS(pos, close) {
			return []Edit{{Offset: open + 1, Length: close - open - 1}}
		}
	}
	edits := make([]Edit, len(spans))
	for i, s := range spans {
		edits[i] = Edit{Offset: s.start, Length: s.end - s.start}
	}
	return edits
}

// removeItem returns the spans that delete item i (see removeItems).
func (d *doc) removeItem(its []item, gone []bool, i, close int) []span {
	it := its[i]
	del := span{it.start, it.end}
	var extra []span
	own := d.commaAfter(it.end)
	if own >= 0 {
		if d.onlyWS(it.end, own) {
			del.end = own + 1
		} else {
			extra = append(extra, span{own, own + 1})
		}
	}
	prev := span{-1, -1}
	if own < 0 {
		for j := i - 1; j >= 0; j-- {
			if !gone[j] {
				if p := d.commaAfter(its[j].end); p >= 0 {
					prev = span{p, p + 1}
				}
				break
			}
		}
	}

	if d.firstOnLine(del.start) {
		t := d.skipHWS(del.end)
		if d.atEOL(t) {
			del = span{d.lineStart(del.start), t + d.eolLen(t)}
		} else {
			del.end = t // a comment (or the closing bracket) moves to where the item started
		}
	} else {
		if own >= 0 && del.end == own+1 {
			del.end = d.skipHWS(del.end) // "1, 2, 3" -> "1, 3"
			if del.end == close {
				for del.start > 0 && (d.src[del.start-1] == ' ' || d.src[del.start-1] == '\t') {
					del.start--
				}
			}
		}
		if prev.start >= 0 && d.onlyWS(prev.end, del.start) {
			del.start, prev = prev.start, span{-1, -1} // {"a": 1, "b": 2} -> {"a": 1}
		}
	}
	if prev.start >= 0 {
		extra = append(extra, prev)
	}
	return append(extra, del)
}

func (d *doc) onlyWS(from, to int) bool {
	for _, c := range d.src[from:to] {
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return false
		}
	}
	return true
}

func (d *doc) skipHWS(i int) int {
	for i < len(d.src) && (d.src[i] == ' ' || d.src[i] == '\t') {
		i++
	}
	return i
}

// atEOL reports whether a line break (or the end of the document) is at i.
func (d *doc) atEOL(i int) bool {
	return i >= len(d.src) || d.src[i] == '\n' || d.src[i] == '\r' && i+1 < len(d.src) && d.src[i+1] == '\n'
}

func (d *doc) eolLen(i int) int {
	switch {
	case i >= len(d.src):
		return 0
	case d.src[i] == '\r':
		return 2
	}
	return 1
}

// lineStart is the offset of the first byte of the line holding offset i (after a BOM).
func (d *doc) lineStart(i int) int {
	s := bytes.LastIndexByte(d.src[:i], '\n') + 1
	return max(s, d.bom)
}

// lineIndent is the leading whitespace of the line holding offset i.
func (d *doc) lineIndent(i int) string {
	s := d.lineStart(i)
	return string(d.src[s:d.skipHWS(s)])
}

// firstOnLine reports whether only indentation precedes offset i on its line. It looks back
// no further than the indentation, so calling it for every item stays linear.
func (d *doc) firstOnLine(i int) bool {
	for i > d.bom && (d.src[i-1] == ' ' || d.src[i-1] == '\t') {
		i--
	}
	return i == d.bom || d.src[i-1] == '\n'
}

func (d *doc) sameLine(a, b int) bool {
	return bytes.IndexByte(d.src[a:b], '\n') < 0
}
