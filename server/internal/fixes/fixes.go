// Package fixes turns a check's fix (data) into the exact text edits it makes, so the CLI can
// apply it, the language server can send it as an undoable WorkspaceEdit, and tests can prove
// a finding goes away. It is pure: file contents come through a read function.
package fixes

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"sort"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/goenv"
	"github.com/go-env-doctor/go-env-doctor/server/internal/jsonedit"
)

// Edit replaces Length bytes at Offset of the original file with Text.
type Edit = jsonedit.Edit

// FileEdit is what a fix does to one file.
type FileEdit struct {
	File    string
	Existed bool   // false: the fix creates the file
	Before  []byte // content before ("" when it did not exist)
	After   []byte // content after
	Edits   []Edit // minimal edits from Before to After
}

// ErrNoEdit is returned for fixes that are actions, not edits (restart gopls, reload window).
var ErrNoEdit = errors.New("this fix runs a command; it does not edit a file")

// Plan computes the edit a fix makes. read returns a file's content; a file that does not
// exist is treated as empty and created (a settings file, the go/env file), except for
// line edits, which need the file. A file that does not parse is never rewritten.
func Plan(f check.Fix, read func(string) ([]byte, error)) (*FileEdit, error) {
	if f.JSON == nil && f.GoEnv == nil && len(f.Lines) == 0 {
		return nil, ErrNoEdit
	}
	if f.File == "" {
		return nil, fmt.Errorf("fix %q names no file", f.Title)
	}
	data, err := read(f.File)
	existed := err == nil
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	fe := &FileEdit{File: f.File, Existed: existed, Before: data}
	switch {
	case f.JSON != nil:
		var edits []Edit
		if f.JSON.Value != nil {
			edits, err = jsonedit.Set(data, f.JSON.Path, *f.JSON.Value, jsonedit.Options{})
		} else {
			edits, err = jsonedit.Remove(data, f.JSON.Path, jsonedit.Options{})
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w; the file is left unchanged", f.File, err)
		}
		fe.Edits = edits
	case f.GoEnv != nil:
		after := goenv.Update(data, f.GoEnv.Set, f.GoEnv.Unset)
		fe.Edits = wholeFile(data, after)
	default:
		if !existed {
			return nil, fmt.Errorf("%s does not exist", f.File)
		}
		edits, err := lineEdits(data, f.Lines)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.File, err)
		}
		fe.Edits = edits
	}
	after, err := jsonedit.Apply(data, fe.Edits)
	if err != nil {
		return nil, err
	}
	fe.After = after
	return fe, nil
}

// wholeFile is the smallest single edit from a to b (common prefix and suffix kept).
func wholeFile(a, b []byte) []Edit {
	if bytes.Equal(a, b) {
		return nil
	}
	p := 0
	for p < len(a) && p < len(b) && a[p] == b[p] {
		p++
	}
	s := 0
	for s < len(a)-p && s < len(b)-p && a[len(a)-1-s] == b[len(b)-1-s] {
		s++
	}
	return []Edit{{Offset: p, Length: len(a) - p - s, Text: string(b[p : len(b)-s])}}
}

// lineEdits replaces or deletes whole lines (split on \n, as the go command and vscode-go do).
// A leading byte-order mark belongs to no line: it is kept unless a change removes it.
func lineEdits(data []byte, changes []check.LineChange) ([]Edit, error) {
	bom := 0
	if bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		bom = 3
	}
	starts := []int{bom}
	for i, c := range data {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	var out []Edit
	dropBOM, line1 := false, false
	for _, c := range changes {
		dropBOM = dropBOM || (c.RemoveBOM && bom > 0)
		if c.Line == 0 {
			continue
		}
		if c.Line < 0 || c.Line > len(starts) {
			return nil, fmt.Errorf("line %d is not in the file", c.Line)
		}
		start := starts[c.Line-1]
		end := len(data) // end of the line's content, before its \n
		if c.Line < len(starts) {
			end = starts[c.Line] - 1
		}
		if c.Line == 1 {
			line1 = true
			if dropBOM || c.RemoveBOM {
				start = 0
			}
		}
		if c.Text != nil {
			out = append(out, Edit{Offset: start, Length: end - start, Text: *c.Text})
			continue
		}
		// Delete the line and its newline (or the newline before it on the last line).
		switch {
		case end < len(data):
			out = append(out, Edit{Offset: start, Length: end + 1 - start})
		case start > 0:
			out = append(out, Edit{Offset: start - 1, Length: end - start + 1})
		default:
			out = append(out, Edit{Offset: start, Length: end - start})
		}
	}
	if dropBOM && !line1 {
		out = append(out, Edit{Offset: 0, Length: bom})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Offset < out[j].Offset })
	return out, nil
}
