package report

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
)

// TestClipText: a finding about a huge value (test/fixtures/badinput, generated cases
// huge-string-settings and values-10k-entries) printed the whole value, megabytes per message.
func TestClipText(t *testing.T) {
	short := "GOPROXY differs between the contexts of folder ws"
	if got := ClipText(short); got != short {
		t.Errorf("a short message changed: %q", got)
	}
	long := "GOPROXY is set to " + strings.Repeat("https://p.example,", 60000) + " in settings.json, so gopls …"
	got := ClipText(long)
	if n := utf8.RuneCountInString(got); n > maxMessage+100 {
		t.Errorf("clipped to %d runes", n)
	}
	if !strings.HasPrefix(got, "GOPROXY is set to https://p.example,") || !strings.HasSuffix(got, "in settings.json, so gopls …") || !strings.Contains(got, "characters)…") {
		t.Errorf("clipped message lost its start or end: %.300q", got)
	}
	many := "GOFLAGS is " + strings.Repeat("-x ", 50000)
	if n := utf8.RuneCountInString(ClipText(many)); n > maxMessage+100 {
		t.Errorf("a message of many words clipped to %d runes", n)
	}
	if !utf8.ValidString(ClipText(strings.Repeat("é", 5000))) {
		t.Errorf("clipped inside a rune")
	}
	// Redacted first, then clipped: the credential of a long URL never survives in the head.
	f := RedactFinding(check.Finding{Message: "GOPROXY=https://user:secret@" + strings.Repeat("a", 5000) + ".example",
		Fixes: []check.Fix{{Title: "set GOPROXY to https://user:secret@" + strings.Repeat("b", 5000) + ".example"}}})
	if strings.Contains(f.Message, "secret") || strings.Contains(f.Fixes[0].Title, "secret") || len(f.Message) > 1000 || len(f.Fixes[0].Title) > 1000 {
		t.Errorf("redacted and clipped: %q / %q", f.Message, f.Fixes[0].Title)
	}
}
