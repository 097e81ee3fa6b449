// This file ports cmd/internal/quoted.Split from go1.26.8
// (src/cmd/internal/quoted/quoted.go), which the go command uses to split
// GOFLAGS (base/goflags.go) and custom GOAUTH commands (auth/userauth.go).
//
// Copyright 2017 The Go Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found at https://go.dev/LICENSE.

package modcfg

import "fmt"

func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r'
}

// SplitQuoted splits s into a list of fields,
// allowing single or double quotes around elements.
// There is no unescaping or other processing within
// quoted fields.
//
// It is an exact copy of cmd/internal/quoted.Split.
func SplitQuoted(s string) ([]string, error) {
	// Split fields allowing '' or "" around elements.
	// Quotes further inside the string do not count.
	var f []string
	for len(s) > 0 {
		for len(s) > 0 && isSpaceByte(s[0]) {
			s = s[1:]
		}
		if len(s) == 0 {
			break
		}
		// Accepted quoted string. No unescaping inside.
		if s[0] == '"' || s[0] == '\'' {
			quote := s[0]
			s = s[1:]
			i := 0
			for i < len(s) && s[i] != quote {
				i++
			}
			if i >= len(s) {
				return nil, fmt.Errorf("unterminated %c string", quote)
			}
			f = append(f, s[:i])
			s = s[i+1:]
			continue
		}
		i := 0
		for i < len(s) && !isSpaceByte(s[i]) {
			i++
		}
		f = append(f, s[:i])
		s = s[i:]
	}
	return f, nil
}

// quotedField is one field of SplitQuoted with its place in the input.
type quotedField struct {
	text     string // the field as SplitQuoted returns it
	off, end int    // the bytes it was written in, quotes included
	quoted   bool
}

// splitQuotedFields is SplitQuoted that also reports where each field, or
// the unterminated quote (errOff), is. It follows the same steps; a test and
// a fuzz target check that both agree.
func splitQuotedFields(s string) (fields []quotedField, errOff int, err error) {
	i := 0
	for i < len(s) {
		for i < len(s) && isSpaceByte(s[i]) {
			i++
		}
		if i == len(s) {
			break
		}
		if s[i] == '"' || s[i] == '\'' {
			quote := s[i]
			j := i + 1
			for j < len(s) && s[j] != quote {
				j++
			}
			if j >= len(s) {
				return nil, i, fmt.Errorf("unterminated %c string", quote)
			}
			fields = append(fields, quotedField{s[i+1 : j], i, j + 1, true})
			i = j + 1
			continue
		}
		j := i
		for j < len(s) && !isSpaceByte(s[j]) {
			j++
		}
		fields = append(fields, quotedField{s[i:j], i, j, false})
		i = j
	}
	return fields, 0, nil
}
