// Package goenv reproduces how the go command reads its own configuration: the user go/env
// file, $GOROOT/go.env and the built-in defaults (cmd/go/internal/cfg). It does no I/O: callers
// hand it file contents and an environment, so the same rules serve every editor context.
package goenv

import (
	"bytes"
	"slices"
	"unicode/utf8"
)

// Line is one KEY=VALUE line exactly as cmd/go's readEnvFile sees it.
type Line struct {
	Key   string
	Value string // verbatim: no trimming, no unquoting, a trailing \r is kept (as cmd/go does)
	Line  int    // 1-based
	// Column is the 1-based byte column of the first value byte.
	Column int
}

// Ignored is a line cmd/go skips silently, kept so checks can tell the user why.
type Ignored struct {
	Line int
	Text string
	Why  string
}

// File is a parsed go/env or go.env file.
type File struct {
	Path    string
	Lines   []Line    // every accepted assignment, in file order (duplicates kept)
	Ignored []Ignored // lines cmd/go does not read (comments and blank lines excluded)
	HasBOM  bool
	HasCRLF bool

	// last indexes Lines by key (the last line of each), so that Lookup is not a scan of the
	// file: checks look keys up once per line, which was quadratic in a file of 100k lines.
	// Built by Parse; a File built or extended by hand (indexed != len(Lines)) is scanned.
	last    map[string]int
	indexed int
}

// Parse splits data the way cmd/go's readEnvFile does: on '\n' only; a line counts when it has
// an '=' and its first byte is 'A'..'Z'; the key is everything before the first '='.
func Parse(path string, data []byte) *File {
	f := &File{Path: path, HasBOM: bytes.HasPrefix(data, []byte("\xef\xbb\xbf"))}
	n := 0
	for len(data) > 0 {
		n++
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		if bytes.HasSuffix(line, []byte("\r")) {
			f.HasCRLF = true
		}
		i := bytes.IndexByte(line, '=')
		if i < 0 || line[0] < 'A' || 'Z' < line[0] {
			if why := ignoredReason(line, i); why != "" {
				f.Ignored = append(f.Ignored, Ignored{Line: n, Text: clip(line), Why: why})
			}
			continue
		}
		f.Lines = append(f.Lines, Line{Key: string(line[:i]), Value: string(line[i+1:]), Line: n, Column: i + 2})
	}
	f.last = make(map[string]int, len(f.Lines))
	for i, l := range f.Lines {
		f.last[l.Key] = i
	}
	f.indexed = len(f.Lines)
	return f
}

// ignoredReason explains a skipped line; comments and blank lines are normal and return "".
func ignoredReason(line []byte, eq int) string {
	t := bytes.TrimSpace(line)
	switch {
	case len(t) == 0, t[0] == '#':
		return ""
	case bytes.HasPrefix(line, []byte("\xef\xbb\xbf")):
		return "starts with a byte-order mark, so the go command does not see this key"
	case eq < 0:
		return "has no '=', so the go command ignores it"
	case line[0] == ' ' || line[0] == '\t':
		return "starts with whitespace, so the go command ignores it"
	case bytes.HasPrefix(t, []byte("export ")):
		return "starts with 'export', so the go command ignores it"
	default:
		return "does not start with an uppercase letter, so the go command ignores it"
	}
}

func clip(b []byte) string {
	const max = 200
	if len(b) > max {
		b = b[:max]
		for len(b) > 0 && !utf8.Valid(b) {
			b = b[:len(b)-1]
		}
	}
	return string(b)
}

// Lookup returns the last assignment of key (cmd/go's map keeps the last one) and whether any
// line sets it. An empty value still counts as set: it shadows $GOROOT/go.env.
func (f *File) Lookup(key string) (Line, bool) {
	if f == nil {
		return Line{}, false
	}
	if f.last != nil && f.indexed == len(f.Lines) {
		if i, ok := f.last[key]; ok {
			return f.Lines[i], true
		}
		return Line{}, false
	}
	for i := len(f.Lines) - 1; i >= 0; i-- {
		if f.Lines[i].Key == key {
			return f.Lines[i], true
		}
	}
	return Line{}, false
}

// MaxEarlier bounds Earlier: a go/env file that sets GOPROXY on 100k lines must not make every
// context's explanation list 100k dead lines (a 160 MB explain --format json).
const MaxEarlier = 20

// Earlier returns the assignments of key that a later line overrides, in file order: the last
// MaxEarlier of them when there are more.
func (f *File) Earlier(key string) []Line {
	if f == nil {
		return nil
	}
	var all []Line // newest first: the last assignment, then up to MaxEarlier before it
	for i := len(f.Lines) - 1; i >= 0 && len(all) <= MaxEarlier; i-- {
		if f.Lines[i].Key == key {
			all = append(all, f.Lines[i])
		}
	}
	if len(all) <= 1 {
		return nil
	}
	all = all[1:]
	slices.Reverse(all)
	return all
}
