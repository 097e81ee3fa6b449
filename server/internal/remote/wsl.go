package remote

import (
	"path"
	"strings"
)

// defaultAutomountRoot is where WSL mounts Windows drives unless /etc/wsl.conf says otherwise.
const defaultAutomountRoot = "/mnt/"

// wsl describes the WSL distribution the tools run in, nil outside WSL. The kernel tells WSL
// and its version; $WSL_DISTRO_NAME and the interop binfmt entry also reveal WSL when the
// kernel files cannot be read.
func (d *detector) wsl(opt Options) *WSL {
	version, kernel := d.kernelWSLVersion()
	distro := d.env("WSL_DISTRO_NAME")
	interop, interopHow := d.interop()
	if version == 0 && distro == "" && interopHow == "" {
		return nil
	}
	w := &WSL{Version: version, Distro: distro, Interop: interop}
	if version != 0 {
		d.note("%s names a WSL%d kernel (%s)", kernel.file, version, quote(kernel.release))
	}
	if distro != "" {
		d.note("$WSL_DISTRO_NAME=%s", quote(distro))
	}
	if interopHow != "" {
		d.note("%s", interopHow)
	}
	if d.env("WSL_INTEROP") != "" {
		d.note("$WSL_INTEROP is set: a WSL2 interop socket")
	}
	w.AutomountRoot = d.automountRoot()
	if v := d.env("WSLENV"); v != "" {
		w.WSLENV = ParseWSLENV(v)
		d.note("$WSLENV=%s", quote(v))
	}
	w.WindowsHome, w.WindowsHomeHow = d.windowsHome(w, opt)
	d.note("Windows home: %s", w.WindowsHomeHow)
	d.windowsGoEnv(w)
	w.Networking, w.NetworkingHow = d.networking(w)
	d.note("networking: %s", w.NetworkingHow)
	if w.Networking == NetworkingNAT {
		w.HostIP, w.HostIPHow = d.windowsHostIP()
	}
	w.WindowsGo, w.WindowsGoHow = d.windowsGo(w.AutomountRoot)
	if w.WindowsGo != "" {
		d.note("Windows go on PATH: %s", w.WindowsGoHow)
	}
	return w
}

// kernelInfo is where the kernel's name was read and the release it names.
type kernelInfo struct{ file, release string }

// kernelWSLVersion reads the kernel's version string: /proc/version, else
// /proc/sys/kernel/osrelease.
func (d *detector) kernelWSLVersion() (int, kernelInfo) {
	for _, file := range []string{"/proc/version", "/proc/sys/kernel/osrelease"} {
		data, _ := d.read(file)
		if v := wslVersion(string(data)); v != 0 {
			return v, kernelInfo{file, kernelRelease(string(data))}
		}
	}
	return 0, kernelInfo{}
}

// wslVersion tells WSL's version from a kernel version string, 0 when it is not WSL's. WSL2
// kernels are "5.15.153.1-microsoft-standard-WSL2" (before 5.10: "4.19.128-microsoft-standard",
// always lower case); WSL1 emulates "4.4.0-19041-Microsoft" (capitalised).
func wslVersion(kernel string) int {
	switch {
	case strings.Contains(kernel, "microsoft") || strings.Contains(strings.ToUpper(kernel), "WSL2"):
		return 2
	case strings.Contains(kernel, "Microsoft"):
		return 1
	}
	return 0
}

// kernelRelease picks the release out of "Linux version <release> (...)", or returns the
// trimmed osrelease.
func kernelRelease(s string) string {
	f := strings.Fields(s)
	if len(f) >= 3 && f[0] == "Linux" && f[1] == "version" {
		return f[2]
	}
	return strings.TrimSpace(s)
}

// interop reports whether WSL's binfmt_misc handler for Windows executables is registered
// (WSLInterop-late on recent WSL with systemd) and enabled: the entry's first line is "enabled"
// or "disabled". how is "" when no entry is registered.
func (d *detector) interop() (enabled bool, how string) {
	for _, name := range []string{"WSLInterop", "WSLInterop-late"} {
		file := "/proc/sys/fs/binfmt_misc/" + name
		if !d.f.Exists(file) {
			continue
		}
		if data, ok := d.read(file); ok && strings.HasPrefix(string(data), "disabled") {
			how = file + " is disabled: Windows programs cannot be started"
			continue
		}
		return true, file + " is registered: Windows programs can be started"
	}
	return false, how
}

// automountRoot reads [automount] root from /etc/wsl.conf; WSL accepts it with or without the
// trailing slash. A relative value is not a mount point, and WSL is taken to fall back to /mnt/.
func (d *detector) automountRoot() string {
	data, ok := d.read("/etc/wsl.conf")
	if !ok {
		return defaultAutomountRoot
	}
	root, found := iniValue(data, "automount", "root")
	switch {
	case !found:
		return defaultAutomountRoot
	case !strings.HasPrefix(root, "/"):
		d.note("/etc/wsl.conf [automount] root=%s is not an absolute path: using %s", quote(root), defaultAutomountRoot)
		return defaultAutomountRoot
	}
	d.note("/etc/wsl.conf [automount] root=%s", quote(root))
	return withSlash(root)
}

// withSlash cleans an absolute directory and ends it in "/", the form AutomountRoot promises.
func withSlash(dir string) string {
	c := path.Clean(dir)
	if c == "/" {
		return c
	}
	return c + "/"
}
