// Package canary finds planted secrets in output, for the secrets tests of the CLI and the
// language server (test/fixtures/secrets): every planted secret is "canary" and a distinct
// suffix, and a leak is any trace of one.
package canary

import (
	"encoding/base64"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// word is one planted secret (a %40 stays part of it).
var word = regexp.MustCompile(`canary[A-Za-z0-9%]+`)

// Set is the secrets planted so far.
type Set struct{ words []string }

// Learn adds the secrets written in text (a file of the case).
func (s *Set) Learn(text string) {
	for _, c := range word.FindAllString(text, -1) {
		if !slices.Contains(s.words, c) {
			s.words = append(s.words, c)
		}
	}
}

// Len is how many distinct secrets were planted.
func (s *Set) Len() int { return len(s.words) }

// Leaks lists the traces of the secrets in text: any "canary", the tail half of one (a mask
// that stopped in the middle of a secret), or one in base64 (a Basic auth header echoed back).
func (s *Set) Leaks(text string) []string {
	var found []string
	if i := strings.Index(strings.ToLower(text), "canary"); i >= 0 {
		found = append(found, text[i:min(len(text), i+40)])
	}
	for _, c := range s.words {
		if tail := c[len(c)/2:]; len(tail) >= 5 && strings.Contains(text, tail) {
			found = append(found, "tail "+tail+" of "+c)
		}
		if b := base64.StdEncoding.EncodeToString([]byte(c)); strings.Contains(text, b[:len(b)-4]) {
			found = append(found, "base64 of "+c)
		}
	}
	return found
}

// Fixture returns the files of the shared secrets fixture (test/fixtures/secrets under
// fixtures) by path relative to it, for a test to write into its own case directory.
func Fixture(fixtures string) (map[string]string, error) {
	from := filepath.Join(fixtures, "secrets")
	files := map[string]string{}
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		data, err := os.ReadFile(p)
		files[rel] = string(data)
		return err
	})
	return files, err
}
