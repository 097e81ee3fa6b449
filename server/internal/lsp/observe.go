package lsp

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-env-doctor/go-env-doctor/server/internal/procenv"
	"github.com/go-env-doctor/go-env-doctor/server/internal/resolve"
)

// observed reads the environments of running processes: gopls, which the server finds below
// the extension host itself, and the processes the editor names (terminals, tasks, debuggees,
// debug launch requests). It also returns a key that changes when the set of processes does.
func (s *Server) observed(st EditorState, logf func(string, ...any)) (map[string]resolve.Observed, string) {
	out := map[string]resolve.Observed{}
	var key []string
	r := s.opts.Procs
	if pid := s.goplsPID(st.HostPID); pid > 0 {
		if env, src, err := r.Environ(pid); err == nil {
			out["gopls"] = resolve.Observed{PID: pid, Env: env, Source: src}
			key = append(key, "gopls="+strconv.Itoa(pid))
		} else {
			logf("gopls (PID %d): %v", pid, err)
		}
	}
	for _, p := range st.Processes {
		switch {
		case p.PID != nil && *p.PID > 0:
			env, src, err := r.Environ(*p.PID)
			if err != nil {
				logf("%s (PID %d): %v", p.Context, *p.PID, err)
				continue
			}
			out[p.Context] = resolve.Observed{PID: *p.PID, Env: env, Source: src}
			key = append(key, p.Context+"="+strconv.Itoa(*p.PID))
		case p.Env != nil:
			if _, ok := out[p.Context]; ok {
				continue // the debuggee itself beats what its launch request asked for
			}
			// With dlv-dap, vscode-go's launch request carries go.toolsEnvVars, envFile and env
			// merged — an overlay on dlv's own environment, which is not visible here.
			out[p.Context] = resolve.Observed{Env: p.Env, Overlay: true, Source: "the debug launch request of " + p.Context}
			key = append(key, p.Context+"=launch")
		}
	}
	slices.Sort(key)
	return out, strings.Join(key, ",")
}

// goplsPID is the newest gopls below the extension host (vscode-go starts it as a child), or 0
// where the process table cannot be read (not Linux, no host pid).
func (s *Server) goplsPID(host int) int {
	if host <= 0 {
		return 0
	}
	list, err := s.processList()
	if err != nil {
		return 0
	}
	isGopls := func(p procenv.Proc) bool { return p.Name() == "gopls" || p.Name() == "gopls.exe" }
	below := procenv.Descendants(list, host)
	goplsPIDs := map[int]bool{}
	for _, p := range below {
		if isGopls(p) {
			goplsPIDs[p.PID] = true
		}
	}
	newest := 0
	for _, p := range below {
		// gopls runs a copy of itself as x/telemetry's crash monitor (GO_TELEMETRY_CHILD=1):
		// the server is the gopls whose parent is not a gopls.
		if isGopls(p) && !goplsPIDs[p.PPID] {
			newest = max(newest, p.PID)
		}
	}
	return newest
}

// watchProcesses re-diagnoses when the observed processes change (gopls restarted, a terminal
// closed), checking every interval: process starts and exits have no file event to watch.
func (s *Server) watchProcesses(interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-s.done:
			return
		case <-t.C:
		}
		s.mu.Lock()
		st, snap := s.state, s.snap
		s.mu.Unlock()
		if snap == nil || (st.HostPID <= 0 && len(st.Processes) == 0) {
			continue
		}
		if _, key := s.observed(st, func(string, ...any) {}); key != snap.observedKey {
			s.opts.Logf("running processes changed: %s", orNone(key))
			s.schedule()
		}
	}
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// processList is the process table, scanned at most once a second: a diagnosis runs on every
// edit of a settings buffer, and scanning /proc each time would put that on the typing path.
func (s *Server) processList() ([]procenv.Proc, error) {
	s.procMu.Lock()
	defer s.procMu.Unlock()
	if now := s.opts.Now(); s.procs == nil || now.Sub(s.procsAt) > time.Second {
		list, err := s.opts.Procs.List()
		if err != nil {
			return nil, err
		}
		s.procs, s.procsAt = list, now
	}
	return s.procs, nil
}
