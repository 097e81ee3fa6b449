package jsonedit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/go-env-doctor/go-env-doctor/server/internal/jsonc"
	"github.com/tailscale/hujson"
)

// This file holds the checks every edit must pass, whatever the input: the result parses, has
// the new value at the path (or nothing there) and every other value unchanged, and keeps every
// comment outside the replaced or removed text verbatim.

// checkEdit verifies out = in after Set(path, value) (remove=false) or Remove(path).
func checkEdit(t testing.TB, in, out []byte, path Path, value any, remove bool) {
	t.Helper()
	root, err := jsonc.Parse(out)
	if err != nil {
		t.Fatalf("result does not parse: %v\ninput:\n%s\nresult:\n%s", err, in, out)
	}
	if !remove && root == nil {
		t.Fatalf("Set left an empty document:\n%s", out)
	}
	before, err := decode(in)
	if err != nil {
		t.Fatalf("decode input: %v", err)
	}
	after, err := decode(out)
	if err != nil {
		t.Fatalf("decode result: %v\n%s", err, out)
	}
	var want any
	if remove {
		want = modelRemove(before, path)
	} else {
		want = modelSet(before, path, normalize(t, value))
	}
	if !reflect.DeepEqual(after, want) {
		t.Fatalf("values after the edit differ from the expected ones\ninput:\n%s\nresult:\n%s\ngot  %#v\nwant %#v", in, out, after, want)
	}

	inRoot, _ := jsonc.Parse(in)
	kept := comments(in, affected(inRoot, path, remove))
	have := map[string]int{}
	for _, c := range comments(out, nil) {
		have[c]++
	}
	for _, c := range kept {
		if have[c] == 0 {
			t.Fatalf("comment %q was lost\ninput:\n%s\nresult:\n%s", c, in, out)
		}
		have[c]--
	}
}

// decode reads a JSONC document into plain values (last duplicate wins, numbers as text).
func decode(src []byte) (any, error) {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if root, err := jsonc.Parse(src); err != nil || root == nil {
		return nil, err
	}
	std, err := hujson.Standardize(append(bytes.Clone(src), '\n'))
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(std))
	dec.UseNumber()
	var v any
	err = dec.Decode(&v)
	return v, err
}

func normalize(t testing.TB, v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var out any
	if err := dec.Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out
}

func index(s any) (int, bool) {
	switch v := s.(type) {
	case int:
		return v, true
	case float64:
		return int(v), true
	}
	return 0, false
}

// modelSet is Set's meaning on plain values: missing or mismatched parents become containers.
func modelSet(v any, path Path, value any) any {
	if len(path) == 0 {
		return value
	}
	if key, ok := path[0].(string); ok {
		m := map[string]any{}
		if old, ok := v.(map[string]any); ok {
			for k, x := range old {
				m[k] = x
			}
		}
		m[key] = modelSet(m[key], path[1:], value)
		return m
	}
	i, _ := index(path[0])
	old, _ := v.([]any)
	a := append([]any(nil), old...)
	if i == -1 || i == len(a) {
		return append(a, modelSet(nil, path[1:], value))
	}
	a[i] = modelSet(a[i], path[1:], value)
	return a
}

func modelRemove(v any, path Path) any {
	if len(path) == 0 {
		return v
	}
	switch c := v.(type) {
	case map[string]any:
		key, ok := path[0].(string)
		if _, there := c[key]; !ok || !there {
			return v
		}
		m := map[string]any{}
		for k, x := range c {
			m[k] = x
		}
		if len(path) == 1 {
			delete(m, key)
		} else {
			m[key] = modelRemove(m[key], path[1:])
		}
		return m
	case []any:
		i, ok := index(path[0])
		if !ok || i < 0 || i >= len(c) {
			return v
		}
		if len(path) == 1 {
			return append(append(make([]any, 0, len(c)), c[:i]...), c[i+1:]...)
		}
		a := append([]any(nil), c...)
		a[i] = modelRemove(a[i], path[1:])
		return a
	}
	return v
}

type byteSpan struct{ start, end int }

// affected returns the text an edit may drop comments from: the replaced value, or every
// removed member (key to value end).
func affected(root *jsonc.Node, path Path, remove bool) []byteSpan {
	n := root
	for i, s := range path {
		if n == nil {
			return nil
		}
		last := i == len(path)-1
		if key, ok := s.(string); ok {
			if n.Kind != jsonc.Object {
				if remove {
					return nil
				}
				return []byteSpan{{n.Start.Offset, n.End.Offset}}
			}
			if remove && last {
				var spans []byteSpan
				for _, m := range n.Members {
					if m.Key == key {
						spans = append(spans, byteSpan{m.KeyPos.Offset, m.Value.End.Offset})
					}
				}
				return spans
			}
			n = n.Get(key)
			continue
		}
		idx, _ := index(s)
		if n.Kind != jsonc.Array {
			if remove {
				return nil
			}
			return []byteSpan{{n.Start.Offset, n.End.Offset}}
		}
		if idx < 0 || idx >= len(n.Elems) {
			return nil
		}
		n = n.Elems[idx]
		if remove && last {
			return []byteSpan{{n.Start.Offset, n.End.Offset}}
		}
	}
	if n == nil || remove {
		return nil
	}
	return []byteSpan{{n.Start.Offset, n.End.Offset}}
}

// comments lists the comments of a document that parses, except those inside skip.
func comments(src []byte, skip []byteSpan) []string {
	var out []string
	d := &doc{src: src}
	for i := 0; i < len(src); {
		switch {
		case src[i] == '"':
			for i++; i < len(src) && src[i] != '"'; i++ {
				if src[i] == '\\' {
					i++
				}
			}
			i++
		case d.comment(i) > i:
			j := d.comment(i)
			inside := false
			for _, s := range skip {
				inside = inside || i >= s.start && j <= s.end
			}
			if !inside {
				// A "//" comment at the very end may end in "\r" that a line break added
				// behind it turns into part of "\r\n": same bytes, same comment.
				out = append(out, strings.TrimRight(string(src[i:j]), "\r"))
			}
			i = j
		default:
			i++
		}
	}
	return out
}

func pathString(p Path) string {
	b, _ := json.Marshal([]any(p))
	return fmt.Sprintf("%s", b)
}
