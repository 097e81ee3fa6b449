package remote

import "strings"

// knownRemotes are the vscode.env.remoteName values of Microsoft's remote extensions.
var knownRemotes = map[string]bool{
	"wsl":                true,
	"ssh-remote":         true,
	"dev-container":      true,
	"attached-container": true,
	"codespaces":         true,
}

// editorFromVSCode normalises what the extension read from vscode.env. code-server reports the
// host:port it serves on as remoteName (its remote authority has no "name+" prefix), and
// "code-server" as appName.
func editorFromVSCode(ed Editor) (kind, how string) {
	name := strings.TrimSpace(ed.RemoteName)
	switch {
	case strings.Contains(strings.ToLower(ed.AppName), "code-server"):
		return "code-server", "vscode.env.appName is " + quote(ed.AppName)
	case strings.Contains(name, ":"):
		return "code-server", "vscode.env.remoteName " + quote(name) + " is a host:port, as code-server's is"
	case knownRemotes[strings.ToLower(name)]:
		return strings.ToLower(name), "vscode.env.remoteName"
	case name != "":
		return name, "vscode.env.remoteName (not a kind this tool knows)"
	}
	return "", "vscode.env.remoteName is empty: a local window"
}

// editorFromContainerEnv recognises, outside VS Code, the variables that the Dev Containers
// extension and GitHub Codespaces set in every process of their containers. Codespaces comes
// first: it is a dev container too, but its own kind.
func editorFromContainerEnv(env func(string) string) (kind, how string) {
	switch {
	case isTrue(env("CODESPACES")):
		return "codespaces", "$CODESPACES=true"
	case isTrue(env("REMOTE_CONTAINERS")):
		return "dev-container", "$REMOTE_CONTAINERS=true"
	}
	return "", ""
}

// editorFromTerminalEnv recognises a VS Code integrated terminal by $VSCODE_IPC_HOOK_CLI (the
// socket of its `code` command). The VS Code server of a Remote-SSH window is started by sshd,
// so it has $SSH_CONNECTION; a Remote-WSL server is started by wsl.exe, so it has not.
func editorFromTerminalEnv(env func(string) string, inWSL bool) (kind, how string) {
	switch {
	case env("VSCODE_IPC_HOOK_CLI") == "":
		return "", ""
	case env("SSH_CONNECTION") != "":
		return "ssh-remote", "$VSCODE_IPC_HOOK_CLI and $SSH_CONNECTION are set: a terminal of a Remote-SSH window"
	case inWSL:
		return "wsl", "$VSCODE_IPC_HOOK_CLI is set inside WSL: a terminal of a Remote-WSL window"
	}
	return "", "$VSCODE_IPC_HOOK_CLI is set, neither over SSH nor in WSL: a terminal of a local window"
}
