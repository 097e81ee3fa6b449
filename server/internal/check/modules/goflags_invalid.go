package modules

import (
	"fmt"
	"strings"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/modcfg"
	"github.com/go-env-doctor/go-env-doctor/server/internal/model"
)

// goflagsInvalid: base/goflags.go InitGOFLAGS runs in every go command except go env and go
// bug, and a field it rejects ("go: parsing $GOFLAGS: unknown flag -x", "non-flag") stops the
// command before it does anything: builds, tests, gopls's go list and the debugger's build all
// fail. -insecure is still registered on go get only to fail (modget/get.go).
var goflagsInvalid = check.Check{
	ID:       "goflags-invalid",
	Severity: check.Error,
	Summary:  "GOFLAGS has a flag the go command rejects (unknown flags break every command; -insecure breaks go get)",
	Run:      runGoflagsInvalid,
}

// everyCommand are the problems InitGOFLAGS (or every command's flag parsing) reports.
var everyCommand = map[modcfg.Code]bool{
	modcfg.FlagsQuote: true, modcfg.FlagsEmptyField: true, modcfg.FlagsNonFlag: true,
	modcfg.FlagsUnknown: true, modcfg.FlagsChdir: true,
}

func runGoflagsInvalid(ws *check.Workspace) []check.Finding {
	var out []check.Finding
	for _, use := range ws.UsesAcrossFolders("GOFLAGS") {
		v := use.Var.Value
		if v == "" {
			continue
		}
		flags, probs := modcfg.ParseGOFLAGS(v)
		if modcfg.HasFatal(probs) {
			out = append(out, goflagsFinding(ws, use, probs))
			continue
		}
		if f, ok := jsonStripped(use, flags); ok {
			out = append(out, f)
		}
	}
	out = append(out, workspaceModMod(ws)...)
	return out
}

func goflagsFinding(ws *check.Workspace, use check.ValueUse, probs []modcfg.Problem) check.Finding {
	v := use.Var.Value
	var msgs []string
	all := false
	for _, p := range probs {
		if p.Fatal {
			msgs = append(msgs, p.Msg)
			all = all || everyCommand[p.Code]
		}
	}
	msg := fmt.Sprintf("GOFLAGS=%s (set in %s) has flags the go command rejects: %s.", q(v), where(use.Var.Origin), strings.Join(msgs, "; "))
	if all {
		msg += " InitGOFLAGS checks GOFLAGS before any go command (except go env and go bug) does its work, so builds, tests, gopls's package loading and the debugger's build all fail here."
	}
	fixed := dropBadFlags(v)
	title := "remove the rejected flags from GOFLAGS"
	if fixed != "" {
		title = fmt.Sprintf("set GOFLAGS=%s (without the rejected flags)", redactShort(fixed))
	}
	fixes, note := valueFixes(ws, use, fixed, title)
	for _, p := range probs {
		if p.Code != modcfg.FlagsEmptyField {
			continue
		}
		// go env itself panics on an empty quoted field in GOFLAGS (base.SetFromGOFLAGS slices
		// the empty name), -w and -u included; a valid GOFLAGS in its environment avoids that.
		for i := range fixes {
			if g := fixes[i].GoEnv; g != nil {
				g.Env = map[string]string{"GOFLAGS": "-modcacherw"}
				fixes[i].Command = check.GoEnvCommand(g)
			}
		}
	}
	return check.Finding{
		Message:  msg + note,
		Folder:   use.Folder,
		Contexts: use.ContextIDs(),
		Location: use.Location(),
		Fixes:    fixes,
	}
}

// dropBadFlags returns GOFLAGS without the fields the go command rejects, keeping the others
// exactly as written (quotes included). An unterminated quote drops everything from it on.
func dropBadFlags(v string) string {
	for {
		flags, probs := modcfg.ParseGOFLAGS(v)
		bad := map[int]bool{}
		codes := map[int]modcfg.Code{}
		cut := -1
		for _, p := range probs {
			if !p.Fatal {
				continue
			}
			if p.Code == modcfg.FlagsQuote {
				cut = p.Offset
			}
			bad[p.Offset] = true
			codes[p.Offset] = p.Code
		}
		if cut >= 0 {
			v = strings.TrimSpace(v[:cut])
			continue
		}
		// Repair the two classic splits instead of dropping words: "-tags integration" meant
		// -tags=integration, and "-ldflags=-s -w" meant one quoted flag.
		var kept []string
		var last *modcfg.Flag // the last kept flag, if it can take the next word
		for i := 0; i < len(flags); i++ {
			f := flags[i]
			raw := v[f.Offset : f.Offset+f.Len]
			code := codes[f.Offset]
			next := ""
			if i+1 < len(flags) {
				next = v[flags[i+1].Offset : flags[i+1].Offset+flags[i+1].Len]
			}
			switch {
			case !bad[f.Offset]:
				kept = append(kept, raw)
				last = &flags[i]
				continue
			case code == modcfg.FlagsNeedsValue && f.Name != "" && i+1 < len(flags) &&
				codes[flags[i+1].Offset] == modcfg.FlagsNonFlag && next != "" && !strings.HasPrefix(next, "-"):
				kept = append(kept, "-"+f.Name+"="+next)
				i++
			case last != nil && code == modcfg.FlagsNonFlag && last.Name != "" && !last.HasValue && raw != "" && !strings.HasPrefix(raw, "-"):
				kept[len(kept)-1] = "-" + last.Name + "=" + raw
			case last != nil && (code == modcfg.FlagsUnknown || code == modcfg.FlagsGoEnvMode) && last.HasValue &&
				strings.HasSuffix(last.Name, "flags") && !strings.ContainsAny(kept[len(kept)-1], "\"'"):
				kept[len(kept)-1] = `"` + kept[len(kept)-1] + " " + raw + `"`
			}
			last = nil
		}
		return strings.Join(kept, " ")
	}
}

// jsonStripped: vscode-go's toolExecutionEnvironment removes -json from GOFLAGS for the tools
// it runs (goEnv.ts), so shell and terminals use it while gopls, tests, debugging and tasks
// do not. Not an error; it explains a difference.
func jsonStripped(use check.ValueUse, flags []modcfg.Flag) (check.Finding, bool) {
	hasJSON := false
	for _, f := range flags {
		hasJSON = hasJSON || f.Is("json")
	}
	if !hasJSON {
		return check.Finding{}, false
	}
	var ids []string
	for _, c := range use.Contexts {
		if c.Kind != model.Shell && c.Kind != model.Terminal {
			ids = append(ids, c.ID)
		}
	}
	if len(ids) == 0 {
		return check.Finding{}, false
	}
	return check.Finding{
		Severity: check.Info,
		Message: fmt.Sprintf("GOFLAGS=%s (set in %s) contains -json. The go command accepts it, but vscode-go removes -json from GOFLAGS before it starts gopls, tests, the debugger and go tasks (toolExecutionEnvironment in goEnv.ts), so %s run without it while the shell and terminals keep it.",
			q(use.Var.Value), where(use.Var.Origin), contextList(ids)),
		Folder:   use.Folder,
		Contexts: ids,
		Location: use.Location(),
	}, true
}

// workspaceModMod: in workspace mode an explicit -mod other than readonly or vendor is fatal
// (modload/init.go setDefaultBuildMod: "-mod may only be set to readonly or vendor when in
// workspace mode"); GOFLAGS counts as explicit. go.work at the folder root means workspace mode
// unless GOWORK=off.
func workspaceModMod(ws *check.Workspace) []check.Finding {
	var out []check.Finding
	for _, f := range ws.Folders() {
		if goWork(ws, f.Path) == nil {
			continue
		}
		for _, use := range ws.Uses("GOFLAGS") {
			if use.Folder != f.Path || modFlag(use.Var.Value) != "mod" {
				continue
			}
			if _, probs := modcfg.ParseGOFLAGS(use.Var.Value); modcfg.HasFatal(probs) {
				continue // reported above
			}
			var ctxs []*model.Context
			for _, c := range use.Contexts {
				if c.Env["GOWORK"] != "off" {
					ctxs = append(ctxs, c)
				}
			}
			if len(ctxs) == 0 {
				continue
			}
			fixed := dropModFlags(use.Var.Value)
			title := "remove -mod=mod from GOFLAGS"
			fixes, note := valueFixes(ws, use, fixed, title)
			out = append(out, check.Finding{
				Message: fmt.Sprintf("GOFLAGS=%s (set in %s) sets -mod=mod, but this folder has a go.work, and in workspace mode the go command only accepts -mod=readonly or -mod=vendor: builds, tests and gopls's package loading fail with \"go: -mod may only be set to readonly or vendor when in workspace mode, but it is set to \\\"mod\\\"\".%s",
					q(use.Var.Value), where(use.Var.Origin), note),
				Folder:   f.Path,
				Contexts: check.IDs(ctxs),
				Location: use.Location(),
				Fixes:    fixes,
			})
		}
	}
	return out
}

// dropModFlags returns GOFLAGS without its -mod flags, other fields kept as written.
func dropModFlags(v string) string {
	flags, _ := modcfg.ParseGOFLAGS(v)
	var kept []string
	for _, f := range flags {
		if !f.Is("mod") {
			kept = append(kept, v[f.Offset:f.Offset+f.Len])
		}
	}
	return strings.Join(kept, " ")
}
