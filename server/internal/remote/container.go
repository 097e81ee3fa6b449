package remote

import "strings"

// container finds the container engine from the marker files Docker and Podman put in every
// container, else from the cgroup of PID 1 (cgroup v1 only: under v2 it reads "0::/"), and
// whether VS Code's Dev Containers extension manages it. Call it after the editor is known.
func (d *detector) container() *Container {
	c := &Container{Engine: d.containerEngine()}
	if isTrue(d.env("REMOTE_CONTAINERS")) {
		c.DevContainer = true
		d.note("$REMOTE_CONTAINERS=true: a container managed by VS Code's Dev Containers")
	} else if d.sys.Editor == "dev-container" || d.sys.Editor == "attached-container" {
		c.DevContainer = true
		d.note("the editor's remote is %s: a container managed by VS Code's Dev Containers", d.sys.Editor)
	}
	if c.Engine == "" && !c.DevContainer {
		return nil
	}
	return c
}

func (d *detector) containerEngine() string {
	switch {
	case d.f.Exists("/.dockerenv"):
		d.note("/.dockerenv exists: a Docker container")
		return "docker"
	case d.f.Exists("/run/.containerenv"):
		d.note("/run/.containerenv exists: a Podman container")
		return "podman"
	}
	cgroup, _ := d.read("/proc/1/cgroup")
	for _, m := range []struct{ marker, engine string }{
		{"kubepods", "kubernetes"}, // a pod's cgroup path also names its runtime: most specific first
		{"docker", "docker"},
		{"containerd", "containerd"},
	} {
		if strings.Contains(string(cgroup), m.marker) {
			d.note("/proc/1/cgroup mentions %s", m.marker)
			return m.engine
		}
	}
	return ""
}
