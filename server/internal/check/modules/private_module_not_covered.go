package modules

import (
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"sort"
	"strings"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/modcfg"
	"github.com/go-env-doctor/go-env-doctor/server/internal/model"
	"github.com/go-env-doctor/go-env-doctor/server/internal/probe"
	"github.com/go-env-doctor/go-env-doctor/server/internal/redact"
	"golang.org/x/mod/modfile"
	"golang.org/x/net/publicsuffix"
)

// privateModuleNotCovered: a requirement that only an intranet can serve, but that no
// GONOSUMDB/GONOPROXY pattern (usually inherited from GOPRIVATE) covers. The go command then
// asks sum.golang.org about it, which cannot know it ("verifying module: … 404 Not Found /
// 410 Gone"), and sends its path to the public proxy (modfetch/sumdb.go useSumDB,
// modfetch/repo.go lookup; reference/go-env.md §2.2, §2.3).
var privateModuleNotCovered = check.Check{
	ID:       "private-module-not-covered",
	Severity: check.Warning,
	Summary:  "a go.mod requirement looks private but matches no GOPRIVATE/GONOSUMDB/GONOPROXY pattern",
	Run:      runPrivateModuleNotCovered,
}

// requirement is a module path the go command downloads for a folder, and the go.mod or
// go.work line that makes it do so.
type requirement struct {
	Path    string
	Version string
	File    string
	Line    int
	Column  int
	Via     string // "require" or "replace"
}

// evidenceSource says whether a required module is private and why. Offline, the path itself
// is the only evidence (looksPrivate); after a probe (--probe, the editor's Probe network
// command) the module proxies' answers for the requirement are too (probeEvidence).
type evidenceSource func(ws *check.Workspace, folder string, req requirement) (why string, ok bool)

// evidenceSources are consulted in order; the first that knows wins.
var evidenceSources = []evidenceSource{
	func(_ *check.Workspace, _ string, req requirement) (string, bool) { return looksPrivate(req.Path) },
	probeEvidence,
}

func privateEvidence(ws *check.Workspace, folder string, req requirement) (string, bool) {
	for _, src := range evidenceSources {
		if why, ok := src(ws, folder, req); ok {
			return why, true
		}
	}
	return "", false
}

// looksPrivate reports whether a module path names a host that public services cannot reach:
// an IP address, a host with a port, a single name without a dot, or a name under a top-level
// domain that is not an ICANN public suffix (.corp, .internal, .local, .lan, .home, .test, …).
func looksPrivate(path string) (string, bool) {
	first, _, _ := strings.Cut(path, "/")
	host := strings.ToLower(first)
	if h, port, err := net.SplitHostPort(host); err == nil && port != "" {
		return fmt.Sprintf("its host %q has a port", first), true
	} else if err == nil {
		host = h
	}
	if net.ParseIP(strings.Trim(host, "[]")) != nil {
		return fmt.Sprintf("its first element %q is an IP address", first), true
	}
	if !strings.Contains(host, ".") {
		return fmt.Sprintf("its first element %q is a single name without a dot, as intranet hosts are", first), true
	}
	tld := host[strings.LastIndexByte(host, '.')+1:]
	if tld == "" {
		return "", false
	}
	if _, icann := publicsuffix.PublicSuffix(tld); !icann {
		return fmt.Sprintf("%q is not a public top-level domain, so only an internal network can resolve %s", "."+tld, first), true
	}
	return "", false
}

// probeEvidence reads what the module proxies answered about req in a probe of folder's
// contexts. A 404, 410, 401 or 403 for path@version is evidence when it comes from a proxy that
// serves public modules (its own probe fetched a well-known one), every such proxy asked
// refused it, and no proxy served it: public modules are on the public proxies, so a host
// looksPrivate cannot judge (github.com/acme/secret, git.acme.com/x) is private after all. An
// answer from a proxy that serves nothing, or one that timed out, says nothing either way.
func probeEvidence(ws *check.Workspace, folder string, req requirement) (string, bool) {
	var refusals []string
	for _, p := range ws.Probes {
		if !probeOfFolder(p, folder) {
			continue
		}
		for _, a := range p.Modules {
			if a.Path != req.Path || a.Version != req.Version {
				continue
			}
			if a.Status == http.StatusOK && a.Failure == "" {
				return "", false // served: whatever the host looks like, the proxy has it
			}
			if !servesPublic(p, a.Proxy) {
				continue
			}
			switch a.Status {
			case http.StatusNotFound, http.StatusGone, http.StatusUnauthorized, http.StatusForbidden:
			default:
				return "", false // no answer, or another error: nothing is known
			}
			if r := redact.Text(a.Proxy) + " answered " + shortAnswer(a); !contains(refusals, r) {
				refusals = append(refusals, r)
			}
		}
	}
	if len(refusals) == 0 {
		return "", false
	}
	return "every GOPROXY entry the probe asked refused it, though they serve public modules: " + strings.Join(refusals, "; "), true
}

// probeOfFolder reports whether p probed a context of folder.
func probeOfFolder(p *check.Probe, folder string) bool {
	for _, c := range p.Contexts {
		if c.Folder == folder {
			return true
		}
	}
	return false
}

// servesPublic reports whether the module proxy named proxy (redacted) fetched the well-known
// public module of the probe: only then does its refusal say something about another module.
func servesPublic(p *check.Probe, proxy string) bool {
	for i := range p.Results {
		r := &p.Results[i]
		if r.Role == probe.RoleProxy && redact.Text(r.URL) == proxy && r.OK() {
			return true
		}
	}
	return false
}

// shortAnswer is an answer's detail for a message: "404 Not Found (not found: …)".
func shortAnswer(a probe.ModuleAnswer) string {
	d := redact.Text(a.Detail)
	if d == "" {
		return fmt.Sprintf("HTTP %d", a.Status)
	}
	if status, resp, ok := strings.Cut(d, ": server response: "); ok {
		return status + " (" + clipText(strings.Join(strings.Fields(resp), " "), 100) + ")"
	}
	return clipText(d, 120)
}

func clipText(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// forges host the modules of many owners: a GOPRIVATE pattern for one owner names it.
var forges = map[string]bool{"github.com": true, "gitlab.com": true, "bitbucket.org": true}

// suggestedPattern is the GOPRIVATE pattern a fix adds for path: host/owner on a well-known
// forge (github.com/acme), else the host (git.corp.internal), so public modules on the same
// host stay public.
func suggestedPattern(path string) string {
	elems := strings.SplitN(path, "/", 3)
	if len(elems) >= 2 && forges[elems[0]] && elems[1] != "" {
		return elems[0] + "/" + elems[1]
	}
	return elems[0]
}

// ProbeQueries lists what a probe asks c's module proxies about: the go.mod/go.work
// requirements of c's folder (directory replacements and workspace modules left out, replaced
// modules as replaced) that c's go command sends to a proxy or the checksum database, because
// neither GONOPROXY nor GOPRIVATE matches them. Left out too: paths without a dot in their
// first element (the standard library's, or local names no proxy serves), and paths
// looksPrivate already judges, whose intranet host names the probe does not send out.
func ProbeQueries(ws *check.Workspace, c *model.Context) []probe.ModuleQuery {
	if ws == nil || c == nil || c.Folder == "" {
		return nil
	}
	val := func(n string) string {
		if v := c.Get(n); v != nil {
			return v.Value
		}
		return ""
	}
	var out []probe.ModuleQuery
	for _, req := range requirements(ws, c.Folder) {
		first, _, _ := strings.Cut(req.Path, "/")
		if !strings.Contains(first, ".") || modcfg.Matches(val("GONOPROXY"), req.Path) || modcfg.Matches(val("GOPRIVATE"), req.Path) {
			continue
		}
		if _, ok := looksPrivate(req.Path); ok || !gapFor(c, req.Path).any() {
			continue
		}
		out = append(out, probe.ModuleQuery{Path: req.Path, Version: req.Version})
	}
	return out
}

// GroupQueries is ProbeQueries for a group of contexts that share a download route
// (check.ProbeGroups): those of the first context of each folder in the group, in order,
// without repeats.
func GroupQueries(ws *check.Workspace, group []*model.Context) []probe.ModuleQuery {
	var out []probe.ModuleQuery
	folders := map[string]bool{}
	seen := map[probe.ModuleQuery]bool{}
	for _, c := range group {
		if c.Folder == "" || folders[c.Folder] {
			continue
		}
		folders[c.Folder] = true
		for _, q := range ProbeQueries(ws, c) {
			if !seen[q] {
				seen[q] = true
				out = append(out, q)
			}
		}
	}
	return out
}

// publicProxyHosts are module proxies on the internet: they can only serve public modules.
var publicProxyHosts = map[string]bool{
	"proxy.golang.org": true, "goproxy.io": true, "goproxy.cn": true, "proxy.golang.com.cn": true,
	"goproxy.baidu.com": true, "mirrors.aliyun.com": true, "mirrors.tencent.com": true,
	"mirrors.cloud.tencent.com": true, "repo.huaweicloud.com": true, "gocenter.io": true,
}

// requirements lists the modules the go command fetches for folder: go.mod's require lines,
// with go.work's and go.mod's replace directives applied (a directory replacement is never
// downloaded) and workspace modules left out.
func requirements(ws *check.Workspace, folder string) []requirement {
	m, mf := mainGoMod(ws, folder)
	if mf == nil {
		return nil
	}
	type repl struct {
		r    *modfile.Replace
		file string
	}
	repls := map[string]repl{} // "path@version" or "path@" for every version
	add := func(file string, rs []*modfile.Replace) {
		for _, r := range rs {
			repls[r.Old.Path+"@"+r.Old.Version] = repl{r, file}
		}
	}
	add(m.Path, mf.Replace)
	workspace := map[string]bool{}
	if w := goWork(ws, folder); w != nil {
		add(w.path, w.file.Replace) // go.work replacements win over go.mod's
		for _, u := range w.file.Use {
			if u.Path == "" {
				continue
			}
			dir := u.Path
			if !filepath.IsAbs(dir) {
				dir = filepath.Join(folder, dir)
			}
			if um := ws.GoMod(dir); um != nil && um.File.Module != nil {
				workspace[um.File.Module.Mod.Path] = true
			}
		}
	}
	var out []requirement
	seen := map[string]bool{}
	for _, r := range mf.Require {
		if workspace[r.Mod.Path] {
			continue
		}
		req := requirement{Path: r.Mod.Path, Version: r.Mod.Version, File: m.Path, Via: "require"}
		req.Line, req.Column = posOf(r.Syntax)
		rp, ok := repls[r.Mod.Path+"@"+r.Mod.Version]
		if !ok {
			rp, ok = repls[r.Mod.Path+"@"]
		}
		if ok {
			if rp.r.New.Version == "" {
				continue // a directory: nothing is downloaded
			}
			req = requirement{Path: rp.r.New.Path, Version: rp.r.New.Version, File: rp.file, Via: "replace"}
			req.Line, req.Column = posOf(rp.r.Syntax)
		}
		if seen[req.Path+"@"+req.Version] {
			continue
		}
		seen[req.Path+"@"+req.Version] = true
		out = append(out, req)
	}
	return out
}

// mainGoMod returns folder's go.mod parsed as the main module's: Workspace.GoMod parses
// leniently, as for a dependency, which drops replace and toolchain lines.
func mainGoMod(ws *check.Workspace, folder string) (*check.GoMod, *modfile.File) {
	m := ws.GoMod(folder)
	if m == nil || m.File == nil {
		return nil, nil
	}
	if f, err := modfile.Parse(m.Path, m.Data, nil); err == nil {
		return m, f
	}
	return m, m.File
}

// posOf is a modfile line's 1-based line and column.
func posOf(l *modfile.Line) (int, int) {
	if l == nil {
		return 0, 0
	}
	col := l.Start.LineRune
	if col < 1 {
		col = 1
	}
	return l.Start.Line, col
}

// workFile is the go.work at a folder's root.
type workFile struct {
	path string
	file *modfile.WorkFile
}

// goWork returns the go.work at the root of folder, or nil.
func goWork(ws *check.Workspace, folder string) *workFile {
	p := filepath.Join(folder, "go.work")
	data, err := ws.ReadFile(p)
	if err != nil {
		return nil
	}
	f, err := modfile.ParseWork(p, data, nil)
	if err != nil {
		return nil
	}
	return &workFile{p, f}
}

// gap is what goes wrong for one module path in one context.
type gap struct {
	sumdb     bool   // sum.golang.org is asked and cannot know the module
	proxy     string // "" | "fail" (nothing after the public proxies can fetch it) | "leak" (sent to them first)
	proxyName string
}

func (g gap) any() bool { return g.sumdb || g.proxy != "" }

// gapFor computes what the go command does with a module path in context c.
func gapFor(c *model.Context, path string) gap {
	val := func(n string) string {
		if v := c.Get(n); v != nil {
			return v.Value
		}
		return ""
	}
	var g gap
	if db, probs := modcfg.ParseGOSUMDB(val("GOSUMDB")); !db.Off && !modcfg.HasFatal(probs) && db.Name == "sum.golang.org" {
		g.sumdb = !modcfg.Matches(val("GONOSUMDB"), path)
	}
	if modcfg.Matches(val("GONOPROXY"), path) {
		return g
	}
	entries, probs := modcfg.ParseGOPROXY(val("GOPROXY"))
	if modcfg.HasFatal(probs) {
		return g // goproxy-syntax reports it
	}
	public := ""
	for _, e := range entries {
		if e.Unreached {
			break
		}
		switch e.Kind {
		case modcfg.ProxyOff:
			if public != "" {
				g.proxy, g.proxyName = "fail", public
			} else {
				g.proxy, g.proxyName = "off", "off"
			}
			return g
		case modcfg.ProxyDirect:
			if public != "" {
				g.proxy, g.proxyName = "leak", public
			}
			return g
		}
		h := strings.ToLower(e.Host())
		if hn, _, err := net.SplitHostPort(h); err == nil {
			h = hn
		}
		if !publicProxyHosts[h] {
			if public != "" {
				g.proxy, g.proxyName = "leak", public
			}
			return g // a private proxy: assume it serves the module
		}
		if public == "" {
			public = h
		}
	}
	if public != "" {
		g.proxy, g.proxyName = "fail", public
	}
	return g
}

func (g gap) describe(path string) string {
	var parts []string
	if g.sumdb {
		parts = append(parts, "the go command asks the checksum database sum.golang.org about it, which cannot know a private module: downloads fail with \"verifying module: "+path+"@…: reading https://sum.golang.org/lookup/…: 404 Not Found\" (or 410 Gone)")
	}
	switch g.proxy {
	case "fail":
		parts = append(parts, "GOPROXY sends it to "+g.proxyName+", which cannot fetch it, and nothing after that in the list can")
	case "leak":
		parts = append(parts, "its path is first sent to the public proxy "+g.proxyName+", which answers 404/410 before the go command falls back")
	case "off":
		parts = append(parts, "GOPROXY=off refuses it (\"module lookup disabled by GOPROXY=off\"); only GONOPROXY/GOPRIVATE modules are fetched directly")
	}
	return strings.Join(parts, "; ")
}

func runPrivateModuleNotCovered(ws *check.Workspace) []check.Finding {
	var out []check.Finding
	for _, f := range ws.Folders() {
		ctxs := ws.FolderContexts(f.Path)
		for _, req := range requirements(ws, f.Path) {
			why, ok := privateEvidence(ws, f.Path, req)
			if !ok {
				continue
			}
			if fd, ok := privateFinding(ws, f.Path, ctxs, req, why); ok {
				out = append(out, fd)
			}
		}
	}
	return out
}

func privateFinding(ws *check.Workspace, folder string, ctxs []*model.Context, req requirement, why string) (check.Finding, bool) {
	type group struct {
		g   gap
		ids []string
	}
	var groups []*group
	var uncovered []*model.Context
	for _, c := range ctxs {
		g := gapFor(c, req.Path)
		if !g.any() {
			continue
		}
		uncovered = append(uncovered, c)
		found := false
		for _, gr := range groups {
			if gr.g == g {
				gr.ids = append(gr.ids, c.ID)
				found = true
			}
		}
		if !found {
			groups = append(groups, &group{g, []string{c.ID}})
		}
	}
	if len(uncovered) == 0 {
		return check.Finding{}, false
	}
	pattern := suggestedPattern(req.Path)
	what := "go.mod requires"
	if req.Via == "replace" {
		what = "a replace directive fetches"
	}
	msg := fmt.Sprintf("%s %s %s, which looks private: %s. No GOPRIVATE, GONOSUMDB or GONOPROXY pattern covers it", what, req.Path, req.Version, why)
	if len(groups) == 1 {
		msg += fmt.Sprintf(" in %s, so %s.", contextList(groups[0].ids), groups[0].g.describe(req.Path))
	} else {
		msg += "."
		for _, gr := range groups {
			msg += fmt.Sprintf(" In %s: %s.", contextList(gr.ids), gr.g.describe(req.Path))
		}
	}
	msg += " GOPRIVATE=" + pattern + " makes the go command fetch it directly and skip the checksum database for it (GONOPROXY and GONOSUMDB default to GOPRIVATE)."

	fixes, note := privateFixes(ws, folder, uncovered, req.Path, pattern)
	msg += note
	return check.Finding{
		Message:  msg,
		Folder:   folder,
		Contexts: check.IDs(uncovered),
		Location: &check.Location{File: req.File, Line: req.Line, Column: req.Column},
		Fixes:    fixes,
	}, true
}

// privateFixes adds pattern to the variables that fail to cover path, at the place each is set:
// GOPRIVATE when GONOSUMDB/GONOPROXY are derived from it, else the variable itself. The fix for
// gopls's value comes first and is preferred.
func privateFixes(ws *check.Workspace, folder string, uncovered []*model.Context, path, pattern string) ([]check.Fix, string) {
	// gopls first: it is the context the editor shows errors from.
	ordered := append([]*model.Context(nil), uncovered...)
	sort.SliceStable(ordered, func(i, j int) bool {
		return ordered[i].Kind == model.Gopls && ordered[j].Kind != model.Gopls
	})
	var fixes []check.Fix
	var notes []string
	done := map[string]bool{}
	for _, c := range ordered {
		g := gapFor(c, path)
		var targets []string
		if g.sumdb {
			targets = append(targets, coverVar(c, "GONOSUMDB"))
		}
		if g.proxy != "" {
			targets = append(targets, coverVar(c, "GONOPROXY"))
		}
		for _, t := range targets {
			use, ok := useOf(ws, t, folder, c)
			if !ok {
				continue
			}
			key := t + "\x00" + use.Var.Value + "\x00" + string(use.Var.Origin.Layer) + "\x00" + use.Var.Origin.Where()
			if done[key] {
				continue
			}
			done[key] = true
			value := pattern
			if use.Var.Value != "" && use.Var.Origin.Layer != model.LayerDefault && use.Var.Origin.Layer != model.LayerUnset && use.Var.Origin.Layer != model.LayerDerived {
				value = strings.TrimRight(use.Var.Value, ",") + "," + pattern
			}
			title := fmt.Sprintf("add %s to %s", pattern, t)
			fs, note := valueFixes(ws, use, value, title)
			if note != "" && !contains(notes, note) {
				notes = append(notes, note)
			}
			fixes = append(fixes, fs...)
		}
	}
	return dedupeFixes(fixes), strings.Join(notes, "")
}

// coverVar is the variable to extend so that name covers more: GOPRIVATE when name only
// inherits it (cfg.go: GONOPROXY and GONOSUMDB default to GOPRIVATE), else name itself.
func coverVar(c *model.Context, name string) string {
	if v := c.Get(name); v == nil || v.Origin.Layer == model.LayerDerived || v.Value == "" {
		return "GOPRIVATE"
	}
	return name
}

// useOf returns the value group of name that includes context c.
func useOf(ws *check.Workspace, name, folder string, c *model.Context) (check.ValueUse, bool) {
	for _, u := range ws.Uses(name) {
		if u.Folder != folder {
			continue
		}
		for _, uc := range u.Contexts {
			if uc == c {
				return u, true
			}
		}
	}
	return check.ValueUse{}, false
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
