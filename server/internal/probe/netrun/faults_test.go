//go:build unix

package netrun

// Faults (issue 9): a network that is slow rather than dead. A server that trickles bytes
// keeps a connection "alive" forever; every stage must still end at its own bound, and a
// cancel must end the probe at once. (A black-hole listener, DNS that never answers and a
// cancel during a silent stage are in dns_tcp_test.go, tls_test.go and run_test.go.)

import (
	"bufio"
	"context"
	"net"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/go-env-doctor/go-env-doctor/server/internal/probe"
)

// trickle answers each request with head, then one byte of filler every 20ms until the test
// ends: never a complete response, never a silent connection.
func trickle(t *testing.T, head string) string {
	t.Helper()
	return rawListener(t, func(c net.Conn) {
		r := bufio.NewReader(c)
		for { // the request head
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			if line == "\r\n" {
				break
			}
		}
		if _, err := c.Write([]byte(head)); err != nil {
			return
		}
		for {
			time.Sleep(20 * time.Millisecond)
			if _, err := c.Write([]byte("x")); err != nil {
				return
			}
		}
	})
}

func TestTricklingServerIsBounded(t *testing.T) {
	for _, c := range []struct{ name, head string }{
		// The status line, then a header that never ends.
		{"headers", "HTTP/1.1 200 OK\r\nX-Slow: "},
		// A complete head announcing a body that arrives a byte at a time.
		{"body", "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1000000\r\n\r\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			addr := trickle(t, c.head)
			start := time.Now()
			r := runOne(t, proxyTarget("http://"+addr), Options{StageTimeout: testTimeout})
			el := time.Since(start)
			if r.OK() {
				t.Fatalf("a trickle passed:\n%s", dump(r))
			}
			// dns and tcp are instant on loopback; what follows is bounded per stage.
			if el > 3*testTimeout+time.Second {
				t.Errorf("took %v with a %v stage bound:\n%s", el, testTimeout, dump(r))
			}
			t.Logf("%s after %v: %s", r.Failed, el.Round(time.Millisecond), r.Last().Detail)
		})
	}
}

// A cancel ends a probe that a trickle would keep busy, well before the stage bound.
func TestTricklingServerCancel(t *testing.T) {
	addr := trickle(t, "HTTP/1.1 200 OK\r\nX-Slow: ")
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(150*time.Millisecond, cancel)
	start := time.Now()
	rs := Run(ctx, probe.Plan{Targets: []probe.Target{proxyTarget("http://" + addr)}}, Options{StageTimeout: 10 * time.Second})
	if el := time.Since(start); el > 2*time.Second {
		t.Errorf("a cancel at 150ms returned after %v: %+v", el, rs)
	}
}

// A named pipe in SSL_CERT_DIR (or as SSL_CERT_FILE) has no writer: reading it would block
// the probe forever, beyond every stage's bound. It is skipped like any unreadable file.
func TestContextRootsSkipFIFO(t *testing.T) {
	ca := newCA(t, "CA FIFO")
	dir := t.TempDir()
	writeFile(t, dir, "good.pem", ca.pem())
	fifo := filepath.Join(dir, "pipe.pem")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		pool, _, _ := ContextRoots(probe.Env{"SSL_CERT_FILE": filepath.Join(dir, "absent.pem"), "SSL_CERT_DIR": dir}, "linux")
		if !pool.Equal(poolOf(ca)) {
			t.Errorf("the regular file's root is missing")
		}
		_, _, err := ContextRoots(probe.Env{"SSL_CERT_FILE": fifo, "SSL_CERT_DIR": t.TempDir()}, "linux")
		if err == nil {
			t.Errorf("a FIFO as SSL_CERT_FILE gave no error")
		}
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		_ = os.Remove(fifo)
		t.Fatal("ContextRoots blocked on a named pipe")
	}
}
