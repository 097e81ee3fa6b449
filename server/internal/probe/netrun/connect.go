package netrun

import (
	"bufio"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"

	"github.com/go-env-doctor/go-env-doctor/server/internal/probe"
)

// connectStage opens a CONNECT tunnel to addr through the proxy on conn, as net/http does.
func (p *prober) connectStage(conn net.Conn, proxy *url.URL, addr string) net.Conn {
	var tunnel net.Conn
	p.stage(probe.StageConnect, func(ctx context.Context) (string, probe.Failure) {
		c, detail, fail := connect(ctx, conn, proxy, addr)
		tunnel = c
		return detail, fail
	})
	return tunnel
}

// connect sends CONNECT addr on conn and reads the answer: the tunnel on 200, else a detail and
// why it failed (407: auth; another status or a silent close: refused; not HTTP: broken).
func connect(ctx context.Context, conn net.Conn, proxy *url.URL, addr string) (net.Conn, string, probe.Failure) {
	hdr := http.Header{"User-Agent": {UserAgent}}
	if u := proxy.User; u != nil {
		// net/http's connectMethod.proxyAuth: Basic from the proxy URL's user info.
		pw, _ := u.Password()
		hdr.Set("Proxy-Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(u.Username()+":"+pw)))
	}
	req := &http.Request{Method: http.MethodConnect, URL: &url.URL{Opaque: addr}, Host: addr, Header: hdr}

	// Bound the exchange by ctx: a deadline for the stage timeout, and an immediate one on cancel.
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	defer func() {
		if stop() {
			conn.SetDeadline(time.Time{})
		}
	}()

	via := proxy.Host
	if err := req.Write(conn); err != nil {
		return nil, fmt.Sprintf("sending CONNECT %s to the proxy %s: %v", addr, via, err), probe.ProxyBroken
	}
	cr := &countingReader{r: conn}
	br := bufio.NewReader(cr)
	resp, err := http.ReadResponse(br, req)
	if err != nil {
		switch {
		case isTimeout(err):
			return nil, fmt.Sprintf("the proxy %s did not answer CONNECT %s in time", via, addr), probe.ProxyBroken
		case cr.n == 0 && (errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) || errors.Is(err, syscall.ECONNRESET)):
			return nil, fmt.Sprintf("the proxy %s closed the connection without answering CONNECT %s", via, addr), probe.ProxyRefused
		}
		return nil, fmt.Sprintf("the proxy %s answered CONNECT %s with something that is not HTTP: %v", via, addr, err), probe.ProxyBroken
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusOK:
		var c net.Conn = conn
		if br.Buffered() > 0 {
			c = &bufferedConn{Conn: conn, r: io.MultiReader(br, conn)} // bytes the proxy sent early
		}
		return c, fmt.Sprintf("CONNECT %s through %s: %s", addr, via, resp.Status), ""
	case http.StatusProxyAuthRequired:
		why := "the proxy URL has no user name and password"
		if proxy.User != nil {
			why = "the proxy refused the user name and password of the proxy URL"
		}
		d := fmt.Sprintf("CONNECT %s through %s: %s: %s", addr, via, resp.Status, why)
		if a := resp.Header.Values("Proxy-Authenticate"); len(a) > 0 {
			d += fmt.Sprintf(" (it asks for %s)", clip(strings.Join(a, ", "), 120))
		}
		return nil, d, probe.ProxyAuth
	}
	return nil, fmt.Sprintf("CONNECT %s through %s: %s%s", addr, via, resp.Status, serverSays(resp.Header, readSome(resp.Body))), probe.ProxyRefused
}

// countingReader counts the bytes read, to tell a silent close from garbage.
type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

// bufferedConn reads what a bufio.Reader already took from the connection first.
type bufferedConn struct {
	net.Conn
	r io.Reader
}

func (c *bufferedConn) Read(p []byte) (int, error) { return c.r.Read(p) }
