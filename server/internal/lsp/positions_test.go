package lsp

import (
	"testing"

	"go.lsp.dev/protocol"
)

func rng(l1, c1, l2, c2 uint32) protocol.Range {
	return protocol.Range{Start: protocol.Position{Line: l1, Character: c1}, End: protocol.Position{Line: l2, Character: c2}}
}

func TestFindingRange(t *testing.T) {
	for _, tc := range []struct {
		name      string
		data      string
		line, col int
		want      protocol.Range
	}{
		{"json string", "{\n  \"GOPROXY\": \"https://x,direct\",\n}", 2, 14, rng(1, 13, 1, 31)},
		{"escaped quote", `{"a": "x\"y"}`, 1, 7, rng(0, 6, 0, 12)},
		// 代 is one UTF-16 unit but three bytes; 𝄞 is two units and four bytes.
		{"utf-16 columns", "{\"代𝄞\": \"v\"}", 1, 9, rng(0, 8, 0, 11)},
		{"crlf", "{\r\n\"a\": true,\r\n}", 2, 6, rng(1, 5, 1, 9)},
		{"line based", "GOFLAGS=-mod=mod\nGOPROXY=off\n", 2, 0, rng(1, 0, 1, 11)},
		{"past the end", "x", 9, 3, rng(8, 0, 8, 0)},
	} {
		if got := findingRange([]byte(tc.data), tc.line, tc.col); got != tc.want {
			t.Errorf("%s: got %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

func TestLineIndexPosition(t *testing.T) {
	data := []byte("a\n代𝄞x\r\nlast")
	li := newLineIndex(data)
	for off, want := range map[int]protocol.Position{
		0: {Line: 0, Character: 0}, 2: {Line: 1, Character: 0}, 5: {Line: 1, Character: 1},
		9: {Line: 1, Character: 3}, 10: {Line: 1, Character: 4}, 13: {Line: 2, Character: 1}, 99: {Line: 2, Character: 4},
	} {
		if got := li.position(off); got != want {
			t.Errorf("offset %d: got %+v, want %+v", off, got, want)
		}
	}
}

func TestShortProxy(t *testing.T) {
	for in, want := range map[string]string{
		"https://proxy.golang.org,direct": "proxy.golang.org,direct",
		"https://goproxy.cn|https://a.b/": "goproxy.cn|a.b",
		"off":                             "off",
		"(empty)":                         "(empty)",
		"https://a-very-long-proxy-host.corp.example.com/go,https://second.example.com,direct": "a-very-long-proxy-host.corp.example.com/go +2",
	} {
		if got := shortProxy(in); got != want {
			t.Errorf("shortProxy(%q) = %q, want %q", in, got, want)
		}
	}
}
