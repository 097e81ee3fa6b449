package placement

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/go-env-doctor/go-env-doctor/server/internal/check"
	"github.com/go-env-doctor/go-env-doctor/server/internal/jsonc"
	"github.com/go-env-doctor/go-env-doctor/server/internal/model"
	"github.com/go-env-doctor/go-env-doctor/server/internal/subst"
	"github.com/go-env-doctor/go-env-doctor/server/internal/vscode"
)

// envfileMissing: vscode-go reads envFile / go.testEnvFile with parseEnvFile, which throws
// "Cannot load environment variables from file …" when the file cannot be read; the debug
// session or test run then does not start (envUtils.ts, goDebugConfiguration.ts,
// testUtils.ts).
var envfileMissing = check.Check{
	ID:       "envfile-missing",
	Severity: check.Error,
	Summary:  "envFile or go.testEnvFile names a file that does not exist",
	Run:      runEnvfileMissing,
}

// missing reports whether p names a file that does not exist. Paths that are not absolute (an
// unresolved variable, or a path Node.js would resolve against the extension host's working
// directory, which is unknown) are not judged.
func missing(ws *check.Workspace, p string) bool {
	if p == "" || strings.Contains(p, "${") || !isAbsPath(p) {
		return false
	}
	return absence(ws, p) != ""
}

// absence says why vscode-go cannot read env file p: "does not exist", "cannot be read (…)"
// for a directory or a file without permission (parseEnvFile throws on those too), or "" when
// it can. A file over go-env-doctor's own size limit is readable to vscode-go: "" too (it is
// reported as a file this run could not read).
func absence(ws *check.Workspace, p string) string {
	_, err := ws.ReadFile(p)
	var tooLarge *model.TooLargeError
	switch {
	case err == nil, errors.As(err, &tooLarge):
		return ""
	case errors.Is(err, fs.ErrNotExist):
		return "does not exist"
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return "cannot be read (" + strings.TrimPrefix(err.Error(), p+" ") + ")"
}

func isAbsPath(p string) bool {
	return filepath.IsAbs(p) || strings.HasPrefix(p, "/") || len(p) > 2 && p[1] == ':' && (p[2] == '\\' || p[2] == '/')
}

func runEnvfileMissing(ws *check.Workspace) []check.Finding {
	var out []check.Finding
	seen := map[string]bool{}
	for _, f := range ws.Folders() {
		res := vscodeResolver(ws, f)
		for _, lc := range f.Launch {
			if lc.Type != "go" {
				continue
			}
			for _, ef := range lc.EnvFiles {
				p, unresolved := res.Resolve(ef.Value)
				if len(unresolved) > 0 || !missing(ws, p) {
					continue
				}
				var contexts []string
				if ws.Context(f.Path, "delve:"+lc.Name) != nil {
					contexts = []string{"delve:" + lc.Name}
				}
				shown := p
				if p != ef.Value {
					shown = fmt.Sprintf("%s (written as %s)", p, quote(ef.Value))
				}
				msg := fmt.Sprintf("The envFile %s of launch configuration %s %s. vscode-go reads every envFile before it starts the debug session and stops with \"Cannot load environment variables from file\", so this configuration cannot be started.",
					shown, quote(lc.Name), absence(ws, p))
				out = append(out, check.Finding{Message: msg, Folder: f.Path, Contexts: contexts, Location: loc(lc.File, ef.Pos),
					Fixes: []check.Fix{preferred(removeEnvFileEntry(ws, lc, ef))}})
			}
		}

		v, n, s := testEnvFileSetting(ws, f)
		if n == nil || strings.TrimSpace(v) == "" {
			continue
		}
		// Run test resolves the path with vscode-go's resolvePath; debug test passes it as
		// envFile of a debug configuration, which VS Code's resolver substitutes first.
		home := homeOf(hostEnv(ws), ws.Input.GOOS)
		runPath := subst.GoExtPath(v, f.Path, home)
		debugPath, unresolved := res.Resolve(v)
		var contexts []string
		var paths []string
		if missing(ws, runPath) {
			contexts = append(contexts, "test")
			paths = append(paths, runPath)
		}
		if len(unresolved) == 0 && missing(ws, debugPath) {
			contexts = append(contexts, "test-debug")
			paths = appendUnique(paths, debugPath)
		}
		if len(contexts) == 0 {
			continue
		}
		key := s.Path + "\x00" + strings.Join(paths, "\x00")
		if seen[key] {
			continue
		}
		seen[key] = true
		msg := fmt.Sprintf("go.testEnvFile in %s names %s, which %s. vscode-go reads it before every %s and stops with \"Cannot load environment variables from file\", so tests of folder %s cannot run from the editor.",
			scopeName(s), joinAnd(paths), absence(ws, paths[0]), joinAnd(testWords(contexts)), f.Name)
		if runPath != debugPath && len(contexts) == 1 {
			msg += " (Run test and debug test resolve the path differently: run test substitutes only ${workspaceFolder} and ~, debug test all of VS Code's variables.)"
		}
		fix := setting(s, "remove the go.testEnvFile setting from "+scopeName(s), nil, "go.testEnvFile")
		out = append(out, check.Finding{Message: msg, Folder: f.Path, Contexts: contexts, Location: loc(s.Path, n.Start), Fixes: []check.Fix{preferred(fix)}})
	}
	return out
}

func testWords(contexts []string) []string {
	var out []string
	for _, c := range contexts {
		if c == "test" {
			out = append(out, "test run")
		} else {
			out = append(out, "debug test")
		}
	}
	return out
}

// removeEnvFileEntry deletes one envFile of a launch configuration: the member when it is a
// string, the element when it is an array.
func removeEnvFileEntry(ws *check.Workspace, lc vscode.LaunchConfig, ef vscode.StringAt) check.Fix {
	path := vscode.JSONPath(lc.Path, "envFile")
	if root := readJSONC(ws, lc.File); root != nil {
		if n := nodeAt(root, path); n != nil && n.Kind == jsonc.Array {
			for i, e := range n.Elems {
				if e.Start.Offset == ef.Pos.Offset {
					path = vscode.JSONPath(path, i)
					break
				}
			}
		}
	}
	return check.Fix{Title: fmt.Sprintf("remove the envFile %s from launch configuration %s", quote(ef.Value), quote(lc.Name)),
		Kind: check.Edit, File: lc.File, JSON: &check.JSONChange{Path: path}}
}
