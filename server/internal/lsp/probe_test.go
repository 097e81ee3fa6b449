package lsp_test

import (
	"context"
	"net"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sourcegraph/jsonrpc2"

	"github.com/go-env-doctor/go-env-doctor/server/internal/lsp"
)

// probeWorkspace: every context's GOPROXY is proxy (the shell's from the env, gopls's written in
// settings.json), so one route is probed and its finding has a place in settings.json.
func probeWorkspace(t *testing.T, proxy string) *workspace {
	t.Helper()
	w := newWorkspace(t, "workspace-overrides-user")
	if err := os.WriteFile(w.settings, []byte("{\n\t\"go.toolsEnvVars\": {\n\t\t\"GOPROXY\": \""+proxy+"\",\n\t},\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(w.user, []byte("{}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	w.env["GOPROXY"] = proxy
	w.env["GOSUMDB"] = "off"
	return w
}

func TestProbeRequestPublishesNetworkFindings(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + l.Addr().String()
	l.Close()
	w := probeWorkspace(t, closed)
	c := start(t, w.env, w.state())
	uri := fileURI(w.settings)
	c.waitFor("a first status", func() bool { return len(c.status) > 0 })

	var res lsp.ProbeResult
	c.call(lsp.MethodProbe, lsp.ProbeParams{}, &res)
	if res.Canceled || res.Routes != 1 || res.Targets != 1 || res.Failed != 1 || res.Findings != 1 || !strings.Contains(res.Summary, "1 of 1 targets") {
		t.Fatalf("probe result = %+v", res)
	}
	c.waitFor("tcp-failure on settings.json", func() bool { return slices.Contains(codes(c.diags[uri]), "tcp-failure") })
	c.waitFor("the network status", func() bool {
		n := c.status[len(c.status)-1].Folders[0].Network
		return n != nil && len(n.Routes) == 1 && len(n.Routes[0].Targets) == 1 && n.Routes[0].Targets[0].Stage == "tcp" && !n.Routes[0].ProxyOK
	})

	// The environment changes: the old probe no longer speaks about it.
	if err := os.WriteFile(w.settings, []byte("{\n\t\"go.toolsEnvVars\": {\n\t\t\"GOPROXY\": \"off\",\n\t},\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c.waitFor("the network finding gone with the change", func() bool {
		return !slices.Contains(codes(c.diags[uri]), "tcp-failure")
	})
}

func TestProbeRequestIsCancelable(t *testing.T) {
	// A listener that accepts and never answers: the http stage would wait its full timeout.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			defer conn.Close()
		}
	}()
	w := probeWorkspace(t, "http://"+l.Addr().String())
	c := start(t, w.env, w.state())
	c.waitFor("a first status", func() bool { return len(c.status) > 0 })

	id := jsonrpc2.ID{Num: 4242}
	go func() {
		time.Sleep(300 * time.Millisecond)
		_ = c.conn.Notify(context.Background(), "$/cancelRequest", map[string]any{"id": 4242})
	}()
	began := time.Now()
	var res lsp.ProbeResult
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := c.conn.Call(ctx, lsp.MethodProbe, lsp.ProbeParams{}, &res, jsonrpc2.PickID(id)); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(began); !res.Canceled || took > 3*time.Second {
		t.Errorf("after a cancel at 300ms: %+v in %v", res, took)
	}
}
