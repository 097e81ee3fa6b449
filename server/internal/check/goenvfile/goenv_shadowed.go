package goenvfile

import (
	"fmt"
	"strings"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/goenv"
	"github.com/go-env-doctor/go-env-doctor/server/internal/model"
)

// goenvShadowed: cfg.Getenv returns a non-empty os.Getenv(key) before it looks at the go/env
// file, so a file line for a variable the process environment also sets is dead in that process.
// Overrides from VS Code settings, launch.json and tasks.json are left to the placement checks.
var goenvShadowed = check.Check{
	ID:       "goenv-shadowed",
	Severity: check.Info,
	Summary:  "a user go/env value is overridden by a non-empty environment variable, so it is dead there",
	Run: func(ws *check.Workspace) []check.Finding {
		var settingsFiles []string
		for _, s := range ws.Settings() {
			settingsFiles = append(settingsFiles, s.Path)
		}
		var out []check.Finding
		for _, use := range ws.GoEnvFiles() {
			file := use.File
			seen := map[string]bool{}
			for _, gl := range file.Lines {
				if seen[gl.Key] || !goenv.IsGoVar(gl.Key) || gl.Key == "GOROOT" {
					// Other variables in go/env never reach a process (HTTPS_PROXY there does
					// nothing for networking), so there is nothing to shadow. A written GOROOT
					// is never dead: cmd/go reads go.env from it even when $GOROOT is set
					// (goenv-goroot reports it).
					continue
				}
				seen[gl.Key] = true
				l, _ := file.Lookup(gl.Key)
				var shadowed, alive []*model.Context
				var winners []model.Origin
				for _, c := range use.Contexts {
					v := c.Get(l.Key)
					if v == nil {
						continue // not a variable contexts resolve
					}
					if v.Value == "" || !fromProcessEnv(v.Origin, file.Path, settingsFiles) {
						if (v.Origin.Layer == model.LayerUserGoEnv && v.Origin.File == file.Path) ||
							(l.Value == "" && emptyLineInEffect(c, l.Key, file.Path, l.Line)) {
							alive = append(alive, c)
						}
						continue
					}
					shadowed = append(shadowed, c)
					winners = append(winners, v.Origin)
				}
				if len(shadowed) > 0 {
					out = append(out, shadowedFinding(file, l, shadowed, alive, winners))
				}
			}
		}
		return out
	},
}

// fromProcessEnv reports whether o is a value of a process environment: the shell, the
// extension host, or what vscode-go copied into the host at activation — unless that copy came
// from this very go/env file or from a VS Code setting (then the file line is what set it, or
// a settings check speaks about it).
func fromProcessEnv(o model.Origin, goenvFile string, settingsFiles []string) bool {
	switch o.Layer {
	case model.LayerShell, model.LayerHost:
		return true
	case model.LayerActivation:
		if o.Stale {
			return false // an old copy, not a shell variable: sticky-extension-env says to reload
		}
		if strings.Contains(o.Source, goenvFile) {
			return false
		}
		for _, s := range settingsFiles {
			if strings.Contains(o.Source, s) {
				return false
			}
		}
		return true
	}
	return false
}

func shadowedFinding(file *goenv.File, l goenv.Line, shadowed, alive []*model.Context, winners []model.Origin) check.Finding {
	key, value, line := l.Key, l.Value, l.Line
	same := true
	var ws []string
	have := map[string]bool{}
	for _, o := range winners {
		if o.Value != value {
			same = false
		}
		s := showAssign(key, o.Value) + " (" + o.Where() + ")"
		if !have[s] {
			have[s] = true
			ws = append(ws, s)
		}
	}
	ids := contextIDs(shadowed)
	var msg strings.Builder
	fmt.Fprintf(&msg, "Line %d sets %s, but in %s the environment variable wins: %s. The go command takes a non-empty environment variable before the go/env file, so this line is dead there",
		line, showAssign(key, value), strings.Join(ids, ", "), strings.Join(ws, "; "))
	if same {
		msg.WriteString("; the environment sets the same value, so the line changes nothing.")
	} else {
		fmt.Fprintf(&msg, ", and the values differ: those contexts use the environment's value, not the file's. To use the file's value, remove `export %s=…` from the shell profile (or launcher) that sets it; to keep the environment's, remove the line.", key)
	}
	if len(alive) > 0 {
		fmt.Fprintf(&msg, " The line is still in effect in %s.", strings.Join(contextIDs(alive), ", "))
	}
	title := "remove the dead " + key + " line from the go/env file (go env -u " + key + ")"
	if !same {
		title = "remove " + key + " from the go/env file (go env -u " + key + ") and keep the environment's value — or, instead, remove `export " + key + "=…` from your shell profile to use the file's"
	}
	if len(alive) > 0 {
		title += "; this also changes " + key + " in " + strings.Join(contextIDs(alive), ", ")
	}
	fx := check.GoEnvU(file.Path, key, title, goEnvRunEnv(file))
	fx.Preferred = same && len(alive) == 0
	return check.Finding{
		Message:  msg.String(),
		Contexts: ids,
		Location: &check.Location{File: file.Path, Line: line, Column: 1},
		Fixes:    []check.Fix{fx},
	}
}
