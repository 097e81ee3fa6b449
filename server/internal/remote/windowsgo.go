package remote

import (
	"path"
	"strings"
)

// windowsGo walks $PATH as a shell would and reports a Windows go binary met before any Linux
// one: a "go" that is a PE file (a copied or symlinked go.exe), or a go.exe in a directory
// without a "go". WSL appends the Windows PATH, so a Windows Go install often shows up there.
// A go.exe counts only in a Windows directory (under the automount root) or when it is a PE
// file: a Linux go.exe is someone's own wrapper.
func (d *detector) windowsGo(automountRoot string) (exe, how string) {
	for _, dir := range strings.Split(d.env("PATH"), ":") {
		if !strings.HasPrefix(dir, "/") {
			continue // empty and relative entries depend on the working directory
		}
		dir = path.Clean(dir)
		if head, ok := d.readPrefix(dir+"/go", 2); ok {
			if isPE(head) {
				return dir + "/go", "$PATH entry " + dir + " has a go that is a Windows executable"
			}
			return "", ""
		}
		goExe := dir + "/go.exe"
		if !d.f.Exists(goExe) {
			continue
		}
		head, _ := d.readPrefix(goExe, 2)
		if isPE(head) || underAutomount(dir, automountRoot) {
			return goExe, "$PATH entry " + dir + " has go.exe and no entry before it has a Linux go"
		}
	}
	return "", ""
}

// isPE reports whether a file starts like a Windows executable (the DOS "MZ" header).
func isPE(head []byte) bool { return len(head) >= 2 && head[0] == 'M' && head[1] == 'Z' }

// underAutomount reports whether dir is on a mounted Windows drive: <root><letter>/...
func underAutomount(dir, root string) bool {
	rest, ok := strings.CutPrefix(dir+"/", root)
	return ok && len(rest) >= 2 && isASCIILetter(rest[0]) && rest[1] == '/'
}
