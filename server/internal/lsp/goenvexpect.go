package lsp

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"time"

	"github.com/go-env-doctor/go-env-doctor/server/internal/goenv"
	"github.com/go-env-doctor/go-env-doctor/server/internal/redact"
)

// goEnvTimeout bounds one `go env -w/-u` run (a variable for tests).
var goEnvTimeout = 30 * time.Second

// fingerprint stands for a variable's line in a go/env file in GoEnvArgs.Expect: "unset", or a
// hash of the value, so that the expectation carries no credential of its own.
func fingerprint(value string, set bool) string {
	if !set {
		return "unset"
	}
	sum := sha256.Sum256([]byte(value))
	return "sha256:" + hex.EncodeToString(sum[:12])
}

// expectFor is what a fix planned against data expects the go/env file to still say about
// the variables it changes.
func expectFor(file string, data []byte, set map[string]string, unset []string) map[string]string {
	f := goenv.Parse(file, data)
	out := map[string]string{}
	add := func(k string) {
		l, ok := f.Lookup(k)
		out[k] = fingerprint(l.Value, ok)
	}
	for k := range set {
		add(k)
	}
	for _, k := range unset {
		add(k)
	}
	return out
}

// checkExpect refuses a change planned against an older go/env file: a fix or an undo whose
// variables have been edited since (by the user, another window, go env -w in a terminal)
// would overwrite that newer edit.
func checkExpect(a GoEnvArgs, before []byte) error {
	if len(a.Expect) == 0 {
		return nil
	}
	f := goenv.Parse(a.File, before)
	for _, k := range sortedKeys(a.Expect) {
		l, ok := f.Lookup(k)
		if fingerprint(l.Value, ok) == a.Expect[k] {
			continue
		}
		now := "is no longer set"
		if ok {
			now = "is now " + redact.Value(k, l.Value)
		}
		return fmt.Errorf("%s in %s changed after this fix was offered (it %s); nothing was changed. Check again and apply the fix that fits the file as it is now", k, a.File, now)
	}
	return nil
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}
