package system

import (
	"context"
	"os/exec"
	"strings"
	"time"
	"unicode/utf8"
)

// WindowsEnvViaInterop returns a remote.Options.WindowsEnv that asks Windows for a variable by
// running `cmd.exe /d /c echo %NAME%` through WSL interop (cmd.exe is on PATH when WSL appends
// the Windows PATH). Use it only on the real system: a fixture root has no Windows behind it.
// Every call starts a Windows process, which can take a second, hence the timeout. It returns
// "" on any failure, for an undefined variable (cmd.exe then echoes "%NAME%" itself), and for
// output that is not UTF-8 (cmd.exe writes in the console's OEM code page, so a non-ASCII
// value would come back garbled).
func WindowsEnvViaInterop(timeout time.Duration) func(string) string {
	return func(name string) string {
		if !isWindowsVarName(name) {
			return ""
		}
		cmdExe, err := exec.LookPath("cmd.exe")
		if err != nil {
			return ""
		}
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		cmd := exec.CommandContext(ctx, cmdExe, "/d", "/c", "echo", "%"+name+"%")
		cmd.WaitDelay = interopWaitDelay
		out, err := cmd.Output()
		value := strings.TrimRight(string(out), "\r\n")
		if err != nil || value == "%"+name+"%" || !utf8.ValidString(value) || strings.ContainsAny(value, "\r\n") {
			return ""
		}
		return value
	}
}

// interopWaitDelay bounds the wait for cmd.exe's output pipe after the timeout killed it.
const interopWaitDelay = 100 * time.Millisecond

// isWindowsVarName admits the names that need no quoting on cmd.exe's command line, so a name
// can never smuggle in &, | or another %.
func isWindowsVarName(name string) bool {
	if name == "" {
		return false
	}
	for _, c := range name {
		if !(c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}
