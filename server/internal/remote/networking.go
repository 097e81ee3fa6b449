package remote

import (
	"fmt"
	"strings"
)

// loopback0 is the interface WSL2 adds to the VM in mirrored networking mode.
const loopback0 = "/sys/class/net/loopback0"

// wslconfigModes are the networkingMode values of .wslconfig.
var wslconfigModes = map[string]Networking{
	"nat":         NetworkingNAT,
	"mirrored":    NetworkingMirrored,
	"virtioproxy": NetworkingVirtioProxy,
	"none":        NetworkingNone,
}

// networking tells how the distribution reaches the network, which decides whether
// 127.0.0.1 is Windows. .wslconfig on the Windows side is the setting; without it, the
// interfaces of the VM show mirrored mode.
func (d *detector) networking(w *WSL) (Networking, string) {
	switch w.Version {
	case 1:
		return NetworkingShared, "WSL1 shares the network stack of Windows"
	case 0:
		return NetworkingUnknown, "unknown: the kernel did not say which WSL version this is"
	}
	invalid := ""
	if w.WindowsHome != "" {
		file := w.WindowsHome + "/.wslconfig"
		data, _ := d.read(file)
		value, section, found := wslconfigNetworkingMode(data)
		mode, known := wslconfigModes[strings.ToLower(value)]
		switch {
		case found && known:
			d.noteStaleMirrored(mode)
			return mode, fmt.Sprintf("%s: [%s] networkingMode=%s", file, section, value)
		case found:
			invalid = fmt.Sprintf("%s: networkingMode=%s is not a mode WSL knows, so WSL ignores it; ", file, quote(value))
		}
	}
	if d.f.Exists(loopback0) {
		return NetworkingMirrored, invalid + "inferred: " + loopback0 + " exists, and mirrored mode adds a loopback0 interface"
	}
	return NetworkingNAT, invalid + "WSL2's default; no .wslconfig networkingMode found"
}

// wslconfigNetworkingMode reads networkingMode from [wsl2], or from [experimental], where WSL
// 2.0.0 first accepted it.
func wslconfigNetworkingMode(data []byte) (value, section string, found bool) {
	for _, section := range []string{"wsl2", "experimental"} {
		if v, ok := iniValue(data, section, "networkingMode"); ok {
			return v, section, true
		}
	}
	return "", "", false
}

// noteStaleMirrored warns when .wslconfig asks for mirrored mode but the VM has no loopback0:
// .wslconfig only applies after `wsl --shutdown`, and Windows before 11 22H2 falls back to NAT.
// Only said when the interface list could be read, so that a missing /sys is not a finding.
func (d *detector) noteStaleMirrored(mode Networking) {
	if mode != NetworkingMirrored || d.f.Exists(loopback0) {
		return
	}
	if ifaces, err := d.f.ReadDir("/sys/class/net"); err == nil && len(ifaces) > 0 {
		d.note(".wslconfig asks for mirrored networking but %s does not exist: WSL may not have been restarted since (wsl --shutdown), or fell back to NAT", loopback0)
	}
}
