package bench

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// Machine describes where the numbers were taken.
type Machine struct {
	CPU       string // /proc/cpuinfo "model name"
	Cores     int    // logical CPUs this process may use
	MemTotal  int64  // bytes, /proc/meminfo MemTotal
	Kernel    string // /proc/sys/kernel/osrelease
	OS        string // PRETTY_NAME of /etc/os-release
	GoVersion string // `go version` of the go command measured against
	LoadStart string // /proc/loadavg when the measurements started
	LoadEnd   string // and when they ended
	// PageFault is the cost of one first touch of a fresh page (PageFaultCost).
	PageFault time.Duration
}

// DescribeMachine reads the machine's description; fields it cannot read stay empty.
func DescribeMachine(goBin string) Machine {
	m := Machine{Cores: runtime.NumCPU(), Kernel: strings.TrimSpace(readString("/proc/sys/kernel/osrelease")),
		LoadStart: LoadAvg(), PageFault: PageFaultCost()}
	m.CPU = CPUModel(readBytes("/proc/cpuinfo"))
	m.MemTotal = MemTotal(readBytes("/proc/meminfo"))
	m.OS = osPrettyName(readBytes("/etc/os-release"))
	if out, err := exec.Command(goBin, "version").Output(); err == nil {
		m.GoVersion = strings.TrimSpace(string(out))
	}
	return m
}

// LoadAvg is the first three fields of /proc/loadavg ("" where there is none).
func LoadAvg() string {
	f := strings.Fields(readString("/proc/loadavg"))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}

// CPUModel is the first "model name" of /proc/cpuinfo, with the number of such lines when
// there are several models.
func CPUModel(cpuinfo []byte) string {
	sc := bufio.NewScanner(bytes.NewReader(cpuinfo))
	var first string
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(k) == "model name" {
			if first == "" {
				first = strings.TrimSpace(v)
			}
		}
	}
	return first
}

// MemTotal is MemTotal of /proc/meminfo in bytes (0 when absent).
func MemTotal(meminfo []byte) int64 {
	sc := bufio.NewScanner(bytes.NewReader(meminfo))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) >= 2 && f[0] == "MemTotal:" {
			n, err := strconv.ParseInt(f[1], 10, 64)
			if err != nil {
				return 0
			}
			if len(f) >= 3 && f[2] == "kB" {
				n *= 1024
			}
			return n
		}
	}
	return 0
}

func osPrettyName(data []byte) string {
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "PRETTY_NAME="); ok {
			return strings.Trim(v, `"`)
		}
	}
	return ""
}

// ProcStatusKB reads a "Vm…:" field of /proc/PID/status, in bytes.
func ProcStatusKB(status []byte, field string) int64 {
	sc := bufio.NewScanner(bytes.NewReader(status))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) >= 2 && f[0] == field+":" {
			n, err := strconv.ParseInt(f[1], 10, 64)
			if err != nil {
				return 0
			}
			return n * 1024
		}
	}
	return 0
}

func readBytes(p string) []byte {
	data, _ := os.ReadFile(p)
	return data
}

func readString(p string) string { return string(readBytes(p)) }
