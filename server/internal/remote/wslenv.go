package remote

import "strings"

// wslenvFlags are the flags WSL knows: p (translate a path), l (a list of paths), u (only from
// Windows into WSL), w (only from WSL into Windows).
const wslenvFlags = "pluw"

// ParseWSLENV splits $WSLENV ("GOPATH/l:USERPROFILE/p:FOO/u") into its entries, in order. Names
// are case-sensitive; empty items (Windows Terminal leaves a trailing ':') and items without a
// name are skipped, and flags WSL does not know are dropped.
func ParseWSLENV(s string) []WSLEnvEntry {
	var out []WSLEnvEntry
	for _, item := range strings.Split(s, ":") {
		name, flags, _ := strings.Cut(item, "/")
		if name == "" {
			continue
		}
		var known strings.Builder
		for _, r := range flags {
			if strings.ContainsRune(wslenvFlags, r) && !strings.ContainsRune(known.String(), r) {
				known.WriteRune(r)
			}
		}
		out = append(out, WSLEnvEntry{Name: name, Flags: known.String()})
	}
	return out
}
