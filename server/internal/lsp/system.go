package lsp

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"time"

	"github.com/go-env-doctor/go-env-doctor/server/internal/remote"
	"github.com/go-env-doctor/go-env-doctor/server/internal/system"
)

// system detects the machine the Go tools run on (WSL, a container, an SSH host) and names the
// Remote settings file to read. Detection reads a handful of system files and may ask Windows
// for %USERPROFILE% through interop, so it runs again only when what it depends on changes:
// the editor's remote and the extension host's environment.
func (s *Server) system(st EditorState, hostEnv map[string]string) (*remote.System, remote.Files, string) {
	ed := remote.Editor{AppName: st.AppName}
	if st.RemoteName != nil {
		ed.RemoteName = *st.RemoteName
	}
	files := system.RootFiles{Root: s.opts.Root}
	machine := "-"
	if st.MachineSettingsFile != nil && *st.MachineSettingsFile != "" {
		machine = *st.MachineSettingsFile
	}
	key := detectionKey(ed, hostEnv)
	s.sysMu.Lock()
	defer s.sysMu.Unlock()
	if s.sys == nil || s.sysKey != key {
		var opt remote.Options
		if s.opts.Root == "" || s.opts.Root == "/" {
			opt.WindowsEnv = system.WindowsEnvViaInterop(3 * time.Second)
		}
		s.sys = remote.Detect(files, func(k string) string { return hostEnv[k] }, ed, opt)
		s.sysKey = key
		s.opts.Logf("system: %s", s.sys.Summary())
	}
	return s.sys, files, machine
}

func detectionKey(ed remote.Editor, env map[string]string) string {
	h := sha256.New()
	h.Write([]byte(ed.RemoteName + "\x00" + ed.AppName + "\x00"))
	keys := make([]string, 0, len(env))
	for k := range env {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		h.Write([]byte(k + "=" + env[k] + "\x00"))
	}
	return hex.EncodeToString(h.Sum(nil))
}
