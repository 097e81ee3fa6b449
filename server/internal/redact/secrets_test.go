package redact

import (
	"encoding/base64"
	"strings"
	"testing"
)

// Issue 9: the forms of credentials that free-text redaction (Text) cannot recognize.
func TestValueMasksLoneUserInURLValues(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		// The go command reads "TOKEN@host" as https://TOKEN@host, net/http as http://TOKEN@host.
		{"GOPROXY", "https://a.example,tok3n@b.example,direct", "https://a.example,***@b.example,direct"},
		{"HTTPS_PROXY", "tok3n@proxy:3128", "***@proxy:3128"},
		{"https_proxy", "tok@en@proxy:3128", "***@proxy:3128"},
		{"http.proxy", "tok3n@proxy:3128", "***@proxy:3128"},
		{"GOSUMDB", "sum.golang.org tok3n@sum.example", "sum.golang.org ***@sum.example"},
		{"NO_PROXY", "localhost,tok3n@x", "localhost,***@x"},
		{"GOPROXY", "https://***@a.example", "https://***@a.example"},
		// Pattern lists and flags keep a bare user@host: no request carries it.
		{"GOPRIVATE", "git@github.com:acme", "git@github.com:acme"},
		{"GOFLAGS", "-ldflags=-X=main.by=me@example.com", "-ldflags=-X=main.by=me@example.com"},
	} {
		if got := Value(c.name, c.in); got != c.want {
			t.Errorf("Value(%s, %q) = %q; want %q", c.name, c.in, got, c.want)
		}
	}
}

func TestLine(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"GOAUTH=command /bin/h s3cret", "GOAUTH=command ***"},
		{"export GOAUTH = command /bin/h s3cret", "export GOAUTH = command ***"},
		{"GOPROXY=tok3n@b.example", "GOPROXY=***@b.example"},
		{"# see https://u:p@x", "# see https://***@x"},
		{"GOFLAGS=-mod=mod", "GOFLAGS=-mod=mod"},
	} {
		if got := Line(c.in); got != c.want {
			t.Errorf("Line(%q) = %q; want %q", c.in, got, c.want)
		}
	}
}

func TestSecretsAndKnown(t *testing.T) {
	secrets := Secrets("https://alice:pa%40ss@proxy.example,tok3n@other.example", "off", "http://x@y")
	basic := base64.StdEncoding.EncodeToString([]byte("alice:pa@ss"))
	for _, want := range []string{"alice", "pa%40ss", "pa@ss", basic, "tok3n"} {
		found := false
		for _, s := range secrets {
			found = found || s == want
		}
		if !found {
			t.Errorf("Secrets = %q: no %q", secrets, want)
		}
	}
	echoed := "401: user alice (pa@ss) sent Basic " + basic + " for tok3n; x is fine"
	got := Known(echoed, secrets)
	for _, leak := range []string{"alice", "pa@ss", basic, "tok3n"} {
		if strings.Contains(got, leak) {
			t.Errorf("Known left %q in %q", leak, got)
		}
	}
	if !strings.Contains(got, "x is fine") {
		t.Errorf("a one-letter user name is not masked everywhere: %q", got)
	}
}
