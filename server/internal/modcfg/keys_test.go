package modcfg

import (
	"crypto/rand"
	"testing"

	"golang.org/x/mod/sumdb/note"
)

// keyFor makes a verifier key for name.
func keyFor(t *testing.T, name string) string {
	t.Helper()
	_, vkey, err := note.GenerateKey(rand.Reader, name)
	if err != nil {
		t.Fatal(err)
	}
	return vkey
}

func TestExampleKey(t *testing.T) {
	if _, err := note.NewVerifier(exampleKey); err != nil {
		t.Fatalf("exampleKey: %v", err)
	}
}
