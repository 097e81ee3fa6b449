// Package remote describes the machine the Go tools run on when VS Code is split in two:
// Remote-WSL, Remote-SSH, Dev Containers and code-server. It is pure: Detect reads the system
// only through a Files interface, so tests run on fixture roots (--root DIR) and the adapter in
// package system supplies the real files.
package remote

import "strings"

// System is what Detect learned about the machine the sidecar (and gopls, Delve, go) run on.
// The zero value is a plain local machine.
type System struct {
	// Editor is the editor's remote kind from vscode.env.remoteName ("wsl", "ssh-remote",
	// "dev-container", "attached-container", "codespaces", "code-server"; "" for a local window
	// or when unknown, as in the CLI outside VS Code).
	Editor string
	// EditorHow says how Editor was found ("vscode.env.remoteName", "$REMOTE_CONTAINERS", ...).
	EditorHow string

	WSL       *WSL       // nil when not inside WSL
	Container *Container // nil when not inside a container

	// Evidence lists what the detection is based on, one short line each, for explain and the
	// report ("/proc/version mentions microsoft-standard-WSL2").
	Evidence []string
}

// Networking is WSL2's networking mode.
type Networking string

const (
	NetworkingUnknown  Networking = ""
	NetworkingNAT      Networking = "nat"      // WSL2's default: 127.0.0.1 is the VM, not Windows
	NetworkingMirrored Networking = "mirrored" // localhost reaches Windows
	NetworkingShared   Networking = "shared"   // WSL1: Linux and Windows share one network stack
	// NetworkingVirtioProxy and NetworkingNone are the other .wslconfig networkingMode values:
	// like NAT, localhost is not Windows; "none" has no network at all.
	NetworkingVirtioProxy Networking = "virtioproxy"
	NetworkingNone        Networking = "none"
)

// WSL describes a Windows Subsystem for Linux distribution.
type WSL struct {
	Version       int // 1 or 2; 0 when only $WSL_DISTRO_NAME or interop revealed WSL, not the kernel
	Distro        string
	Networking    Networking
	NetworkingHow string // e.g. "C:\\Users\\alice\\.wslconfig: networkingMode=mirrored", "WSL2 default"
	Interop       bool   // Windows programs can be started (binfmt_misc WSLInterop)
	// AutomountRoot is where Windows drives are mounted, "/mnt/" unless /etc/wsl.conf says
	// otherwise; always ends in "/".
	AutomountRoot string
	// WindowsHome is the Windows user profile as seen from Linux (/mnt/c/Users/alice), "" when
	// it could not be found; WindowsHomeHow says how it was found or why not.
	WindowsHome    string
	WindowsHomeHow string
	// WindowsGoEnv is the Windows go/env file (%APPDATA%\go\env) as seen from Linux, "" when
	// the profile is unknown. It may not exist.
	WindowsGoEnv string
	// WindowsGoEnvData is the content of WindowsGoEnv, nil when it does not exist or cannot be
	// read, so that checks can compare it with the WSL go/env without reading files themselves.
	WindowsGoEnvData []byte
	// WindowsGo is a Windows go binary that $PATH reaches before any Linux go (a go.exe in a
	// /mnt/c/... entry, or a "go" that is a PE file), "" when there is none; WindowsGoHow says
	// which $PATH entry and why.
	WindowsGo    string
	WindowsGoHow string
	// HostIP is Windows's address as seen from a WSL2 VM in NAT mode (the VM's default
	// gateway), "" when unknown or not NAT; HostIPHow says where it was read.
	HostIP    string
	HostIPHow string
	// WSLENV lists the variables Windows passes into WSL ($WSLENV), in order.
	WSLENV []WSLEnvEntry
}

// WSLEnvEntry is one WSLENV item: NAME/flags, e.g. GOPATH/l or USERPROFILE/p.
type WSLEnvEntry struct {
	Name  string
	Flags string // any of p, l, u, w
}

// FromWindows reports whether a variable of a WSL process came from Windows: listed in WSLENV
// and not marked /w (only Windows-bound).
func (w *WSL) FromWindows(name string) bool {
	if w == nil {
		return false
	}
	for _, e := range w.WSLENV {
		if e.Name == name && !containsRune(e.Flags, 'w') {
			return true
		}
	}
	return false
}

func containsRune(s string, r rune) bool {
	for _, c := range s {
		if c == r {
			return true
		}
	}
	return false
}

// Container describes a container (Docker, Podman, a dev container).
type Container struct {
	// Engine is "docker", "podman", "containerd" or "kubernetes" (the last two only from
	// /proc/1/cgroup), "" when only the editor says so.
	Engine string
	// DevContainer is true when VS Code's Dev Containers extension manages it
	// ($REMOTE_CONTAINERS, remoteName dev-container/attached-container).
	DevContainer bool
}

// Files is read access to the system, rooted (paths are absolute as on the real system;
// the adapter maps them under --root).
type Files interface {
	ReadFile(path string) ([]byte, error)
	Exists(path string) bool
	ReadDir(path string) ([]string, error) // entry names
}

// PrefixReader may be implemented by a Files to read the first n bytes of a file without
// reading all of it: telling a Windows go.exe from a Linux go needs two bytes of a 15 MB
// binary. Detect falls back to ReadFile when a Files does not implement it.
type PrefixReader interface {
	ReadPrefix(path string, n int) ([]byte, error)
}

// Side names where a value is set from the point of view of the Go tools: "windows" for the
// Windows half of a WSL window (user settings, a %APPDATA% go/env, WSLENV), "wsl", "container",
// "remote" (an SSH host), or "local". The strings are part of the JSON contract.
type Side string

const (
	SideLocal     Side = "local"
	SideWindows   Side = "windows"
	SideWSL       Side = "wsl"
	SideContainer Side = "container"
	SideRemote    Side = "remote"
)

// Here is the side the Go tools run on.
func (s *System) Here() Side {
	switch {
	case s == nil:
		return SideLocal
	case s.Container != nil:
		return SideContainer
	case s.WSL != nil:
		return SideWSL
	case s.Editor != "":
		return SideRemote
	}
	return SideLocal
}

// UI is the side VS Code's window (and its user settings) is on: Windows for WSL, the local
// machine for SSH and containers; the same as Here for a local window.
func (s *System) UI() Side {
	switch {
	case s == nil || s.Editor == "" || s.Editor == "code-server":
		return s.Here()
	case s.Editor == "wsl":
		return SideWindows
	}
	return SideLocal
}

// InRemoteWindow reports whether the editor is split: the window's user settings live on
// another machine than the Go tools.
func (s *System) InRemoteWindow() bool {
	return s != nil && s.Editor != "" && s.Editor != "code-server"
}

// Split reports whether values can come from two machines: a remote window, or WSL (where
// Windows passes variables through WSLENV even in a terminal outside VS Code).
func (s *System) Split() bool { return s != nil && (s.InRemoteWindow() || s.WSL != nil) }

// OnWindowsDrive reports whether a Linux path is on a Windows drive mounted into WSL
// (/mnt/c/...), where Windows programs keep their files.
func (w *WSL) OnWindowsDrive(p string) bool {
	if w == nil {
		return false
	}
	root := w.AutomountRoot
	if root == "" {
		root = "/mnt/"
	}
	rest, ok := strings.CutPrefix(p, root)
	return ok && len(rest) >= 2 && isDriveLetter(rest[0]) && rest[1] == '/'
}

func isDriveLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
