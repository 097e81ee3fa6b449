package redact

import (
	"strings"
	"testing"
)

func TestValue(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"GOPROXY", "https://alice:hunter2@proxy.corp.example/go,direct", "https://***@proxy.corp.example/go,direct"},
		{"HTTPS_PROXY", "http://token@proxy:3128", "http://***@proxy:3128"},
		{"GOPROXY", "https://proxy.golang.org,direct", "https://proxy.golang.org,direct"},
		{"GOPRIVATE", "git@github.com:acme", "git@github.com:acme"},
		{"GOAUTH", "netrc;git /src/repo", "netrc;git /src/repo"},
		{"GOAUTH", "netrc; curl -H 'Authorization: Bearer abc123' x", "netrc; curl ***"},
		{"GOAUTH", "off", "off"},
		{"GOPROXY", "https://u:p@ss@proxy.example/go|https://v:w@other,direct", "https://***@proxy.example/go|https://***@other,direct"},
		{"HTTPS_PROXY", "alice:s3cret@proxy.corp:3128", "***@proxy.corp:3128"},
		{"NO_PROXY", "localhost,bob:pw@x", "localhost,***@x"},
	}
	for _, c := range cases {
		if got := Value(c.name, c.in); got != c.want {
			t.Errorf("Value(%s, %q) = %q; want %q", c.name, c.in, got, c.want)
		}
	}
	if got := Text(`written as "https://u:p@h/x" and ftp://a@b`); strings.Contains(got, "u:p") || strings.Contains(got, "a@b") {
		t.Errorf("Text leaked: %q", got)
	}
}
