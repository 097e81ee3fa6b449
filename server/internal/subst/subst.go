// Package subst reproduces the two variable-substitution schemes that touch Go settings:
// vscode-go's own (substituteEnv + resolvePath, used for go.toolsEnvVars, go.testEnvVars,
// go.testEnvFile, go.gopath) and VS Code's configuration resolver (launch.json, tasks.json,
// terminal.integrated.env.*). Each setting gets exactly the scheme its consumer applies.
package subst

import (
	"path"
	"regexp"
	"strings"
)

// Getenv reads a variable of the modelled environment.
type Getenv func(string) string

var envRef = regexp.MustCompile(`\$\{env:([^}]+)\}`)

// GoExtEnv is vscode-go's substituteEnv (extension/src/util.ts): only ${env:NAME}, replaced by
// the extension host's value or "" (process.env[name.trim()] || ”).
func GoExtEnv(s string, env Getenv) string {
	return envRef.ReplaceAllStringFunc(s, func(m string) string {
		name := strings.TrimSpace(envRef.FindStringSubmatch(m)[1])
		return env(name)
	})
}

var folderRef = regexp.MustCompile(`\$\{workspaceFolder\}|\$\{workspaceRoot\}`)

// GoExtPath is vscode-go's resolvePath: ${workspaceFolder}, ${workspaceRoot} and
// ${workspaceFolderBasename} (when a folder is known), then a leading "~" becomes the home
// directory via Node's path.join. Blank input is returned unchanged.
func GoExtPath(s, folder, home string) string {
	if strings.TrimSpace(s) == "" {
		return s
	}
	if folder != "" {
		s = folderRef.ReplaceAllLiteralString(s, folder)
		s = strings.ReplaceAll(s, "${workspaceFolderBasename}", path.Base(folder))
	}
	if strings.HasPrefix(s, "~") {
		return nodeJoin(home, s[1:])
	}
	return s
}

// nodeJoin is Node's path.posix.join: it normalises like path.Join but keeps a trailing slash.
func nodeJoin(a, b string) string {
	j := path.Join(a, b)
	if strings.HasSuffix(b, "/") && !strings.HasSuffix(j, "/") {
		j += "/"
	}
	return j
}

// Resolver is VS Code's configuration variable resolver, limited to what can be known without
// an editor UI. Variables that need editor state (${file}, ${input:…}, ${command:…}) are left
// as written and reported.
type Resolver struct {
	Folder  string            // the folder of the launch configuration / task / terminal
	Folders map[string]string // workspace folder name -> path, for ${workspaceFolder:name}
	Home    string
	Sep     string // path separator of the target OS
	Env     Getenv
	Config  func(key string) (string, bool) // string settings, for ${config:key}
}

var anyRef = regexp.MustCompile(`\$\{([^}]*)\}`)

// Resolve substitutes every variable it knows in s and lists the ones it had to leave.
func (r Resolver) Resolve(s string) (string, []string) {
	var unresolved []string
	out := anyRef.ReplaceAllStringFunc(s, func(m string) string {
		name := m[2 : len(m)-1]
		if v, ok := r.lookup(name); ok {
			return v
		}
		unresolved = append(unresolved, m)
		return m
	})
	return out, unresolved
}

func (r Resolver) lookup(name string) (string, bool) {
	switch {
	case name == "workspaceFolder" || name == "workspaceRoot" || name == "cwd":
		return r.Folder, r.Folder != ""
	case name == "workspaceFolderBasename":
		return path.Base(r.Folder), r.Folder != ""
	case name == "userHome":
		return r.Home, r.Home != ""
	case name == "pathSeparator" || name == "/":
		return r.Sep, r.Sep != ""
	case strings.HasPrefix(name, "env:"):
		if r.Env == nil {
			return "", false
		}
		return r.Env(name[len("env:"):]), true
	case strings.HasPrefix(name, "workspaceFolder:"):
		p, ok := r.Folders[name[len("workspaceFolder:"):]]
		return p, ok
	case strings.HasPrefix(name, "config:"):
		if r.Config == nil {
			return "", false
		}
		return r.Config(name[len("config:"):])
	}
	return "", false
}
