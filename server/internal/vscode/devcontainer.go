package vscode

import (
	"github.com/go-env-doctor/go-env-doctor/server/internal/jsonc"
)

// DevContainer is the part of a devcontainer.json that shapes a Go environment inside the
// container: containerEnv is set on the container itself (every process in it), remoteEnv only
// on VS Code's server and what it starts (extension host, gopls, terminals, tasks, Delve).
type DevContainer struct {
	Path         string
	Root         *jsonc.Node
	RemoteEnv    []EnvEntry
	ContainerEnv []EnvEntry
	// UserEnvProbe is how VS Code probes the user's shell env in the container: none,
	// interactiveShell, loginShell or loginInteractiveShell (the default when "").
	UserEnvProbe string
	Err          error
}

// DevContainerPaths are where the Dev Containers extension looks for a configuration in a
// folder, in its order of preference (sub-folder configurations are listed by the caller).
var DevContainerPaths = []string{".devcontainer/devcontainer.json", ".devcontainer.json"}

// ParseDevContainer parses a devcontainer.json (JSONC, like VS Code's own files).
func ParseDevContainer(path string, data []byte) *DevContainer {
	d := &DevContainer{Path: path}
	root, err := jsonc.Parse(data)
	if err != nil {
		d.Err = err
		return d
	}
	if root == nil {
		return d
	}
	if root.Kind != jsonc.Object {
		d.Err = &jsonc.SyntaxError{Pos: root.Start, Msg: "devcontainer.json must be a JSON object, not " + root.Kind.String()}
		return d
	}
	d.Root = root
	d.RemoteEnv = EnvMap(root.Get("remoteEnv"))
	d.ContainerEnv = EnvMap(root.Get("containerEnv"))
	d.UserEnvProbe = str(root.Get("userEnvProbe"))
	return d
}
