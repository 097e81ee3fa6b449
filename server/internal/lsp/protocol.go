package lsp

import "encoding/json"

// The custom part of the protocol, documented in docs/PROTOCOL.md and mirrored by
// extension/src/protocol.ts. Standard LSP types come from go.lsp.dev/protocol.

// Custom method names.
const (
	MethodDidChangeEditorState = "goEnvDoctor/didChangeEditorState"
	MethodStatus               = "goEnvDoctor/status"
	MethodReport               = "goEnvDoctor/report"
	MethodExplain              = "goEnvDoctor/explain"
	MethodRecheck              = "goEnvDoctor/recheck"
	MethodProbe                = "goEnvDoctor/probe"
	// MethodPing is the extension's liveness check: answered (null) at once, whatever else runs.
	MethodPing = "goEnvDoctor/ping"

	// CommandGoEnv is the one workspace/executeCommand the server runs: go env -w / -u.
	CommandGoEnv = "goEnvDoctor.server.goEnv"
	// Client-side commands a code action may name.
	CommandAfterFix = "goEnvDoctor.afterFix"
	CommandApplyFix = "goEnvDoctor.applyFix"
)

// EditorState is everything only VS Code knows; each one replaces the previous completely.
type EditorState struct {
	ExtensionVersion string            `json:"extensionVersion"`
	RemoteName       *string           `json:"remoteName"`
	Platform         string            `json:"platform"`
	AppName          string            `json:"appName"`
	Trusted          bool              `json:"trusted"`
	HostEnv          map[string]string `json:"hostEnv"`
	UserSettingsFile *string           `json:"userSettingsFile"`
	// MachineSettingsFile is the Remote ("Machine") settings.json of a remote window.
	MachineSettingsFile *string             `json:"machineSettingsFile"`
	WorkspaceFile       *string             `json:"workspaceFile"`
	Folders             []FolderRef         `json:"folders"`
	ActiveFolder        *string             `json:"activeFolder"`
	VSCodeGo            VSCodeGo            `json:"vscodeGo"`
	Settings            []SettingInspection `json:"settings"`
	HostPID             int                 `json:"hostPid"`
	HostEnvLive         map[string]string   `json:"hostEnvLive"`
	Processes           []ObservedProcess   `json:"processes"`
}

// ObservedProcess is a running process of a context that only the editor can name, or (with
// Env and no PID) the env a debug launch request carried.
type ObservedProcess struct {
	Context string            `json:"context"`
	Folder  *string           `json:"folder"`
	PID     *int              `json:"pid"`
	Env     map[string]string `json:"env,omitempty"`
}

// FolderRef is a workspace folder.
type FolderRef struct {
	URI  string `json:"uri"`
	Name string `json:"name"`
	Path string `json:"path"`
}

// VSCodeGo says whether the Go extension (golang.go) is there.
type VSCodeGo struct {
	Installed bool    `json:"installed"`
	Active    bool    `json:"active"`
	Version   *string `json:"version"`
}

// SettingInspection is WorkspaceConfiguration.inspect(key) for one folder (nil: no folder).
type SettingInspection struct {
	Folder               *string         `json:"folder"`
	Key                  string          `json:"key"`
	DefaultValue         json.RawMessage `json:"defaultValue,omitempty"`
	GlobalValue          json.RawMessage `json:"globalValue,omitempty"`
	WorkspaceValue       json.RawMessage `json:"workspaceValue,omitempty"`
	WorkspaceFolderValue json.RawMessage `json:"workspaceFolderValue,omitempty"`
}

// ReportParams asks for the Markdown report of one folder (uri) or all (nil).
type ReportParams struct {
	Folder *string `json:"folder"`
}

// ExplainParams asks for the provenance of variables.
type ExplainParams struct {
	Variables []string `json:"variables"`
	Folder    *string  `json:"folder"`
}

// TextResult answers report and explain.
type TextResult struct {
	Text string `json:"text"`
}

// RecheckResult answers recheck.
type RecheckResult struct {
	Findings int `json:"findings"`
}

// StatusParams is sent after every diagnosis.
type StatusParams struct {
	Health  string         `json:"health"` // ok | warning | error
	Message string         `json:"message"`
	Counts  Counts         `json:"counts"`
	Folders []FolderStatus `json:"folders"`
	// System is the machine the Go tools run on, when VS Code is split across machines
	// (Remote-WSL, SSH, containers); absent in a plain local window.
	System *SystemStatus `json:"system,omitempty"`
}

// SystemStatus describes the machine: Summary in words, Here the side the Go tools run on and
// UI the side of the window and its user settings ("windows", "wsl", "container", "remote",
// "local").
type SystemStatus struct {
	Summary string `json:"summary"`
	Here    string `json:"here"`
	UI      string `json:"ui"`
}

// Counts are findings per severity.
type Counts struct {
	Error   int `json:"error"`
	Warning int `json:"warning"`
	Info    int `json:"info"`
}

// FolderStatus is what the status bar shows for a folder.
type FolderStatus struct {
	URI      string           `json:"uri"`
	Name     string           `json:"name"`
	GOPROXY  VarStatus        `json:"goproxy"`
	Disagree []string         `json:"disagree"`
	Observed []ObservedStatus `json:"observed"`
	// Network is the last probe of this folder's download environments; nil when none ran.
	Network *NetworkStatus `json:"network,omitempty"`
	Matrix  Matrix         `json:"matrix"`
}

// ProbeParams are goEnvDoctor/probe's: the folder (uri) whose routes to probe, nil for all.
type ProbeParams struct {
	Folder *string `json:"folder"`
}

// ProbeResult answers goEnvDoctor/probe.
type ProbeResult struct {
	Canceled bool   `json:"canceled"`
	Routes   int    `json:"routes"`
	Targets  int    `json:"targets"`
	Failed   int    `json:"failed"`
	Findings int    `json:"findings"`
	Summary  string `json:"summary"`
}

// NetworkStatus is FolderStatus.network: the probed routes of a folder.
type NetworkStatus struct {
	At     string         `json:"at"`
	Routes []NetworkRoute `json:"routes"`
}

// NetworkRoute is one probed download environment and the contexts that share it.
type NetworkRoute struct {
	Contexts []string        `json:"contexts"`
	ProxyOK  bool            `json:"proxyOK"`
	SumDBOK  bool            `json:"sumdbOK"`
	SumDBOff bool            `json:"sumdbOff"`
	Targets  []NetworkTarget `json:"targets"`
}

// NetworkTarget is one contacted URL, redacted.
type NetworkTarget struct {
	URL    string `json:"url"`
	Role   string `json:"role"`
	Via    string `json:"via,omitempty"`
	OK     bool   `json:"ok"`
	Stage  string `json:"stage"`
	Detail string `json:"detail"`
	MS     int64  `json:"ms"`
	Check  string `json:"check,omitempty"`
	Note   string `json:"note,omitempty"`
}

// ObservedStatus is a running process that was read, and the download variables on which it
// differs from a process of its context started now.
type ObservedStatus struct {
	Context string   `json:"context"`
	PID     int      `json:"pid"`
	Source  string   `json:"source"`
	Differs []string `json:"differs"`
	// Values and Origins are the running process's values of Matrix.Vars, in that order, and
	// where each came from (its environment, or the go command's fallback), redacted.
	Values  []string `json:"values"`
	Origins []string `json:"origins"`
}

// VarStatus is one effective value, redacted, with where it came from.
type VarStatus struct {
	Value  string `json:"value"`
	Short  string `json:"short"`
	Layer  string `json:"layer"`
	Origin string `json:"origin"`
	Side   string `json:"side,omitempty"` // where the value is set, in a split window
}

// Matrix is contexts × variables, redacted.
type Matrix struct {
	Vars []string    `json:"vars"`
	Rows []MatrixRow `json:"rows"`
}

// MatrixRow is one context's values, in Matrix.Vars order.
type MatrixRow struct {
	Context string   `json:"context"`
	Values  []string `json:"values"`
	// Origins say where each value came from (layer and file or setting), redacted.
	Origins []string `json:"origins"`
}

// AfterFix is the argument of the client command run after a text fix was applied.
type AfterFix struct {
	Title        string   `json:"title"`
	Check        string   `json:"check"`
	URIs         []string `json:"uris"`
	RestartGopls bool     `json:"restartGopls"`
}

// ClientFix is the argument of the client command for fixes that are not plain text edits.
type ClientFix struct {
	Title        string         `json:"title"`
	Check        string         `json:"check"`
	Kind         string         `json:"kind"`
	Setting      *ClientSetting `json:"setting,omitempty"`
	GoEnv        *GoEnvArgs     `json:"goEnv,omitempty"`
	Command      string         `json:"command,omitempty"`
	RestartGopls bool           `json:"restartGopls"`
}

// ClientSetting is a settings change for the configuration API. Value nil removes Member.
type ClientSetting struct {
	Key    string   `json:"key"`
	Target string   `json:"target"` // user | workspace | folder
	Folder *string  `json:"folder"`
	Member []string `json:"member"`
	Value  *string  `json:"value,omitempty"`
}

// GoEnvArgs is the argument of CommandGoEnv: which go/env file, what to set and unset, and
// variables the go command must run with.
type GoEnvArgs struct {
	File  string            `json:"file"`
	Set   map[string]string `json:"set,omitempty"`
	Unset []string          `json:"unset,omitempty"`
	Env   map[string]string `json:"env,omitempty"`
	// Expect is what the file must still say about a variable for the change to be made:
	// "unset" or "sha256:" and the first 12 bytes of the value's SHA-256 in hex. A fix or an
	// undo planned against an older file is refused rather than overwrite a newer edit.
	Expect map[string]string `json:"expect,omitempty"`
}

// GoEnvResult answers CommandGoEnv.
type GoEnvResult struct {
	Applied string     `json:"applied"`
	Undo    *GoEnvArgs `json:"undo"`
}
