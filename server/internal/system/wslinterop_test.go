package system

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// fakeCmdExe stands in for cmd.exe /d /c echo %NAME%, printing as cmd.exe does (CRLF).
const fakeCmdExe = `#!/bin/sh
[ "$1 $2 $3" = "/d /c echo" ] || { echo "unexpected arguments: $*"; exit 0; }
case "$4" in
%USERPROFILE%) printf 'C:\\Users\\alice\r\n' ;;
%SLOW%) exec SLEEP 10 ;;
%OEM%) printf 'C:\\Users\\\202\r\n' ;;
%TWOLINES%) printf 'a\r\nb\r\n' ;;
%FAILS%) echo 'C:\\x'; exit 1 ;;
%UNDEFINED%) printf '%%UNDEFINED%%\r\n' ;;
*) printf 'value of %s\r\n' "$4" ;;
esac
`

func TestWindowsEnvViaInterop(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the fake cmd.exe is a shell script")
	}
	sleep, err := exec.LookPath("sleep")
	if err != nil {
		t.Skip("no sleep command:", err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "cmd.exe"), []byte(strings.ReplaceAll(fakeCmdExe, "SLEEP", sleep)), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir)
	windowsEnv := WindowsEnvViaInterop(300 * time.Millisecond)
	for name, want := range map[string]string{
		"USERPROFILE": `C:\Users\alice`,
		"Path_2":      "value of %Path_2%",
		"UNDEFINED":   "",
		"OEM":         "",
		"TWOLINES":    "",
		"FAILS":       "",
		"A&calc":      "", // never reaches cmd.exe's command line
		"A%B":         "",
		"":            "",
	} {
		if got := windowsEnv(name); got != want {
			t.Errorf("WindowsEnv(%q) = %q, want %q", name, got, want)
		}
	}

	start := time.Now()
	if got := windowsEnv("SLOW"); got != "" {
		t.Errorf("WindowsEnv(SLOW) = %q after the timeout", got)
	}
	if d := time.Since(start); d < 300*time.Millisecond || d > 5*time.Second {
		t.Errorf("WindowsEnv(SLOW) took %v: want the 300ms timeout to stop it", d)
	}

	t.Setenv("PATH", t.TempDir())
	if got := windowsEnv("USERPROFILE"); got != "" {
		t.Errorf("without cmd.exe on PATH, WindowsEnv = %q", got)
	}
}
