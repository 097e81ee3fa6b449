package remote

import (
	"testing"
)

func TestDetectContainer(t *testing.T) {
	for _, c := range []struct {
		name     string
		files    memFS
		env      map[string]string
		ed       Editor
		want     *Container
		evidence string
	}{
		{name: "docker", files: memFS{"/.dockerenv": ""}, want: &Container{Engine: "docker"}, evidence: "/.dockerenv"},
		{name: "podman", files: memFS{"/run/.containerenv": "engine=\"podman-4.9.3\"\n"}, want: &Container{Engine: "podman"}},
		{name: "kubernetes cgroup v1", files: memFS{"/proc/1/cgroup": "12:cpuset:/kubepods/besteffort/pod1/cri-containerd-abc\n"}, want: &Container{Engine: "kubernetes"}},
		{name: "docker cgroup v1", files: memFS{"/proc/1/cgroup": "11:memory:/docker/4f1b\n"}, want: &Container{Engine: "docker"}},
		{name: "containerd cgroup v1", files: memFS{"/proc/1/cgroup": "1:name=systemd:/system.slice/containerd.service/x\n"}, want: &Container{Engine: "containerd"}},
		{name: "cgroup v2 says nothing", files: memFS{"/proc/1/cgroup": "0::/\n"}, want: nil},
		{name: "unreadable cgroup", files: memFS{"/proc/1/cgroup": unreadable}, want: nil},
		{name: "dev container by env", files: memFS{"/.dockerenv": ""}, env: map[string]string{"REMOTE_CONTAINERS": "true"}, want: &Container{Engine: "docker", DevContainer: true}, evidence: "$REMOTE_CONTAINERS"},
		{name: "attached container by editor only", ed: Editor{RemoteName: "attached-container"}, want: &Container{DevContainer: true}, evidence: "attached-container"},
		{name: "codespaces is not Dev Containers", files: memFS{"/.dockerenv": ""}, env: map[string]string{"CODESPACES": "true"}, want: &Container{Engine: "docker"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := Detect(c.files, envOf(c.env), c.ed, Options{})
			if (s.Container == nil) != (c.want == nil) || s.Container != nil && *s.Container != *c.want {
				t.Fatalf("Container = %+v, want %+v", s.Container, c.want)
			}
			if c.evidence != "" && !hasEvidence(s, c.evidence) {
				t.Errorf("no evidence mentions %q: %q", c.evidence, s.Evidence)
			}
			if s.Here() != map[bool]Side{true: SideContainer, false: SideLocal}[c.want != nil] {
				t.Errorf("Here = %s", s.Here())
			}
		})
	}
}

func TestDockerDesktopContainerIsNotWSL(t *testing.T) {
	// Docker Desktop runs containers in WSL2's VM: the kernel is WSL's, the machine is not.
	s := Detect(wsl2(memFS{"/.dockerenv": ""}), nil, Editor{}, Options{})
	if s.WSL != nil || s.Container == nil || s.Container.Engine != "docker" {
		t.Fatalf("WSL = %+v, Container = %+v; want no WSL, a docker container", s.WSL, s.Container)
	}
	if !hasEvidence(s, "Docker Desktop") {
		t.Errorf("evidence does not explain the WSL kernel: %q", s.Evidence)
	}
}
