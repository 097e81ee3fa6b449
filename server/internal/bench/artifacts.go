package bench

import (
	"archive/zip"
	"encoding/json"
	"os"
	"path"
	"path/filepath"
	"time"
)

// VSIXTargets are the platforms scripts/package-vsix.sh builds.
var VSIXTargets = []string{"linux-x64", "linux-arm64", "darwin-x64", "darwin-arm64", "win32-x64", "win32-arm64", "alpine-x64"}

// VSIX is one platform package.
type VSIX struct {
	Target  string
	File    string
	Size    int64 // bytes; 0 when missing
	Binary  int64 // the go-env-doctor binary inside, uncompressed
	ModTime time.Time
	Err     string
}

// ReadVSIXes stats dist/go-env-doctor-<target>.vsix for every target.
func ReadVSIXes(dist string) []VSIX {
	var out []VSIX
	for _, t := range VSIXTargets {
		v := VSIX{Target: t, File: filepath.Join(dist, "go-env-doctor-"+t+".vsix")}
		st, err := os.Stat(v.File)
		if err != nil {
			v.Err = "missing"
			out = append(out, v)
			continue
		}
		v.Size, v.ModTime = st.Size(), st.ModTime()
		if z, err := zip.OpenReader(v.File); err == nil {
			for _, f := range z.File {
				if b := path.Base(f.Name); (b == "go-env-doctor" || b == "go-env-doctor.exe") && path.Base(path.Dir(f.Name)) == "bin" {
					v.Binary = int64(f.UncompressedSize64)
				}
			}
			z.Close()
		} else {
			v.Err = err.Error()
		}
		out = append(out, v)
	}
	return out
}

// E2ETimings is what test/e2e/e2e.mjs's status-bar scenario writes to
// test/.work/e2e/artifacts/timings.json. Times are epoch milliseconds of this machine's clock
// (shared by Node, Chromium and code-server); the derived figures are milliseconds.
type E2ETimings struct {
	Scenario               string `json:"scenario"`
	WorkbenchLoadStartedAt int64  `json:"workbenchLoadStartedAt"`
	// The status item's first text (the starting spinner: the extension is active) and its
	// first result (the GOPROXY of the folder: the server's first status has arrived).
	FirstItemAt     *int64 `json:"firstItemAt"`
	FirstItemText   string `json:"firstItemText"`
	FirstStatusAt   *int64 `json:"firstStatusAt"`
	FirstStatusText string `json:"firstStatusText"`
	// When the extension host activated the extension, from its log.
	ActivatedAt     *int64 `json:"activatedAt"`
	ActivatedSource string `json:"activatedSource"`
	// When `go-env-doctor lsp` started, from its own log line.
	ServerStartedAt *int64 `json:"serverStartedAt"`

	CodeServerReadyMs        *float64 `json:"codeServerReadyMs"`
	WorkbenchRenderedMs      *float64 `json:"workbenchRenderedMs"`
	WorkbenchToFirstItemMs   *float64 `json:"workbenchToFirstItemMs"`
	WorkbenchToFirstStatusMs *float64 `json:"workbenchToFirstStatusMs"`
	ActivatedToFirstStatusMs *float64 `json:"activatedToFirstStatusMs"`
	ActivatedToServerStartMs *float64 `json:"activatedToServerStartMs"`
	ServerStartToFirstStatus *float64 `json:"serverStartToFirstStatusMs"`
}

// ReadE2E reads timings.json.
func ReadE2E(file string) (*E2ETimings, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var t E2ETimings
	if err := json.Unmarshal(data, &t); err != nil {
		return nil, err
	}
	return &t, nil
}
