package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/go-env-doctor/go-env-doctor/server/internal/lsp"
	"github.com/go-env-doctor/go-env-doctor/server/internal/redact"
)

// runLSP serves the language server on stdin/stdout; logs go to stderr, which the editor
// shows in its output channel.
func runLSP(args []string, stdio IO) error {
	fs := flag.NewFlagSet("lsp", flag.ContinueOnError)
	fs.Bool("stdio", true, "serve on stdin/stdout (the only transport; accepted for vscode-languageclient)")
	// The extension starts the server without arguments, so a fixture root for end-to-end tests
	// comes through the environment.
	root := fs.String("root", stdio.Getenv("GO_ENV_DOCTOR_ROOT"), "read system files under DIR")
	if _, err := parseInterleaved(fs, args); err != nil {
		return err
	}
	in, out := stdio.Stdin, stdio.Stdout
	if in == nil {
		in = os.Stdin
	}
	logf := func(format string, a ...any) {
		// Log lines may quote settings values: redact like every other output.
		fmt.Fprintf(stdio.Stderr, "%s %s\n", time.Now().Format("15:04:05.000"), redact.Text(fmt.Sprintf(format, a...)))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	logf("go-env-doctor %s language server started", Version)
	err := lsp.Serve(ctx, stdioConn{in, out}, lsp.Options{Version: Version, Logf: logf, Environ: stdio.Environ, Root: *root})
	logf("language server stopped")
	return err
}

// stdioConn joins stdin and stdout into the ReadWriteCloser jsonrpc2 wants.
type stdioConn struct {
	r io.Reader
	w io.Writer
}

func (c stdioConn) Read(p []byte) (int, error)  { return c.r.Read(p) }
func (c stdioConn) Write(p []byte) (int, error) { return c.w.Write(p) }
func (c stdioConn) Close() error {
	if cl, ok := c.r.(io.Closer); ok {
		_ = cl.Close()
	}
	if cl, ok := c.w.(io.Closer); ok {
		return cl.Close()
	}
	return nil
}
