package remote

import (
	"fmt"
	"strings"
)

// Summary describes the machine in one line, for logs, explain and the report.
func (s *System) Summary() string {
	if s == nil {
		return "local machine"
	}
	var parts []string
	if w := s.WSL; w != nil {
		p := "WSL"
		if w.Version > 0 {
			p = fmt.Sprintf("WSL %d", w.Version)
		}
		if w.Distro != "" {
			p += " (" + w.Distro + ")"
		}
		switch w.Networking {
		case NetworkingNAT:
			p += ", NAT networking"
		case NetworkingMirrored:
			p += ", mirrored networking"
		}
		if w.WindowsHome != "" {
			p += ", Windows profile " + w.WindowsHome
		}
		parts = append(parts, p)
	}
	if c := s.Container; c != nil {
		p := "container"
		if c.Engine != "" {
			p += " (" + c.Engine + ")"
		}
		if c.DevContainer {
			p = "dev " + p
		}
		parts = append(parts, p)
	}
	if len(parts) == 0 {
		parts = append(parts, "local machine")
	}
	if s.Editor != "" {
		parts = append(parts, "VS Code window: "+s.Editor)
	}
	return strings.Join(parts, "; ")
}
