package check

import (
	"strings"

	"github.com/go-env-doctor/go-env-doctor/server/internal/model"
)

// WhereSet says in words where an origin sets a variable, with its file position.
func WhereSet(o model.Origin, name string) string {
	layer, scope, _ := strings.Cut(string(o.Layer), ":")
	pos := o.Where()
	inScope := func(setting string) string {
		if scope != "" {
			return setting + " (" + scope + " settings, " + pos + ")"
		}
		return setting + " (" + pos + ")"
	}
	v := o.Var
	if v == "" {
		v = name
	}
	switch model.Layer(layer) {
	case model.LayerUserGoEnv:
		return "in the user go/env file (" + pos + ")"
	case model.LayerGorootEnv:
		return "in $GOROOT/go.env (" + pos + ")"
	case model.LayerShell:
		if o.Side == "windows" {
			return "by the Windows environment variable " + v + ", which WSLENV passes into WSL (" + o.Source + ")"
		}
		return "by the environment variable " + v + " of the shell environment (" + o.Source + ")"
	case model.LayerHost:
		return "by the environment variable " + v + " of the VS Code extension host (" + o.Source + ")"
	case model.LayerActivation:
		return "by vscode-go, which copied it into the extension host's " + v + " when it activated (" + o.Source + ")"
	case model.LayerToolsEnvVars:
		return "in " + inScope("go.toolsEnvVars")
	case model.LayerBuildEnv:
		return "in " + inScope("gopls build.env")
	case model.LayerTestEnvVars:
		return "in " + inScope("go.testEnvVars")
	case model.LayerHTTPProxy:
		return "through " + inScope("http.proxy") + ", which vscode-go copies into " + v
	case model.LayerLaunchEnv:
		return "in the env of a launch configuration (" + pos + ")"
	case model.LayerLaunchEnvFile, model.LayerTestEnvFile:
		return "in the env file " + pos
	case model.LayerTaskEnv:
		return "in a task's options.env (" + pos + ")"
	case model.LayerContainerEnv, model.LayerRemoteEnv:
		return "in devcontainer.json " + strings.TrimPrefix(layer, "devcontainer.") + " (" + pos + ")"
	case model.LayerDefault, model.LayerDerived:
		return "by default"
	}
	if strings.HasPrefix(layer, string(model.LayerTerminalEnv)) {
		return "in " + inScope(layer)
	}
	return "in " + pos
}
