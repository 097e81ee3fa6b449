// The custom part of the protocol between the extension and `go-env-doctor lsp`.
// docs/PROTOCOL.md is the description; this file must match it (and server/internal/lsp/protocol.go).
// Pure: no `vscode` import, so unit tests can load it.

import { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver-protocol';

// ---- Client → server -------------------------------------------------------------------------

/** Everything only VS Code knows; sent as initializationOptions and in didChangeEditorState. */
export interface EditorState {
  extensionVersion: string;
  remoteName: string | null;
  platform: string;
  appName: string;
  trusted: boolean;
  hostEnv: Record<string, string>;
  userSettingsFile: string | null;
  /** The Remote ("Machine") settings.json of a remote window; null in a local window. */
  machineSettingsFile: string | null;
  workspaceFile: string | null;
  folders: FolderInfo[];
  activeFolder: string | null;
  vscodeGo: VscodeGoInfo;
  settings: SettingInspection[];
  /** process.pid of the extension host: the server finds the gopls processes below it. */
  hostPid: number;
  /** The live process.env (with vscode-go's activation copies), unlike hostEnv. */
  hostEnvLive: Record<string, string>;
  /** Processes only the editor can name: terminals, tasks, Go debug sessions. */
  processes: ObservedProcess[];
}

/** A running process of a context, or (env, no pid) the env a Go debug launch request carried. */
export interface ObservedProcess {
  /** "terminal", "task:<label>", "delve:<launch configuration name>" */
  context: string;
  /** Folder uri, when known. */
  folder: string | null;
  /** terminal.processId, the task's processId, the debuggee's systemProcessId (DAP "process" event). */
  pid: number | null;
  /** Instead of a pid: the env of a `go` launch request. */
  env?: Record<string, string>;
}

export interface FolderInfo {
  uri: string;
  name: string;
  path: string;
}

export interface VscodeGoInfo {
  installed: boolean;
  active: boolean;
  version: string | null;
}

export interface SettingInspection {
  folder: string | null;
  key: string;
  defaultValue?: unknown;
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

/** The settings whose inspect() goes into EditorState.settings (docs/PROTOCOL.md). */
export const INSPECTED_KEYS: readonly string[] = [
  'go.toolsEnvVars',
  'go.testEnvVars',
  'go.testEnvFile',
  'gopls',
  'http.proxy',
  'terminal.integrated.env.linux',
  'terminal.integrated.env.osx',
  'terminal.integrated.env.windows',
  'go.goroot',
  'go.gopath',
  'go.alternateTools',
  'go.terminal.activateEnvironment',
  'go.inferGopath',
  'launch',
  'tasks',
];

export const DidChangeEditorStateNotification = new NotificationType<EditorState>('goEnvDoctor/didChangeEditorState');

export interface ReportParams {
  folder: string | null;
}
export interface ExplainParams {
  variables: string[];
  folder: string | null;
}
export interface TextResult {
  text: string;
}
export interface RecheckResult {
  findings: number;
}
export interface ProbeParams {
  /** Folder uri; null = all folders. */
  folder: string | null;
}
export interface ProbeResult {
  /** Canceled ($/cancelRequest): nothing was kept. */
  canceled: boolean;
  /** Distinct download environments probed. */
  routes: number;
  /** URLs contacted. */
  targets: number;
  /** Targets whose failure breaks downloads (they have a finding). */
  failed: number;
  /** Network findings now published. */
  findings: number;
  /** One line for a notification, redacted. */
  summary: string;
}

export const ReportRequest = new RequestType<ReportParams, TextResult, void>('goEnvDoctor/report');
export const ExplainRequest = new RequestType<ExplainParams, TextResult, void>('goEnvDoctor/explain');
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the params are the empty object `{}`
export const RecheckRequest = new RequestType<{}, RecheckResult, void>('goEnvDoctor/recheck');
export const ProbeRequest = new RequestType<ProbeParams, ProbeResult, void>('goEnvDoctor/probe');
/** Liveness check of the watchdog: answered at once by a server that is not stuck. */
export const PingRequest = new RequestType0<null, void>('goEnvDoctor/ping');

// ---- Server → client -------------------------------------------------------------------------

export type Health = 'ok' | 'warning' | 'error';

export interface StatusParams {
  health: Health;
  message: string;
  counts: { error: number; warning: number; info: number };
  folders: FolderStatus[];
  /** The machine the Go tools run on, when the window is split across machines (WSL, SSH, containers). */
  system?: SystemStatus;
}

/** `here`: where the Go tools run; `ui`: where the window and its user settings are (windows, wsl, container, remote, local). */
export interface SystemStatus {
  summary: string;
  here: string;
  ui: string;
}

export interface FolderStatus {
  uri: string;
  name: string;
  goproxy: { value: string; short: string; layer: string; origin: string };
  disagree: string[];
  /** Running processes the server read, and the download variables on which each differs from a fresh one. */
  observed: ObservedStatus[];
  /** The last probe of this folder's download environments; absent when none ran (or an older server). */
  network?: NetworkStatus;
  /** Redacted; origins[i] says where values[i] came from (layer and file or setting). */
  matrix: { vars: string[]; rows: { context: string; values: string[]; origins: string[] }[] };
}

export interface ObservedStatus {
  context: string;
  /** 0 when the env came from a debug launch request, not a process. */
  pid: number;
  /** Where the env was read ("/proc/1234/environ", "the debug launch request of delve:Launch"). */
  source: string;
  differs: string[];
  /** The process's values of matrix.vars, and where each came from (its environment, or the go command's fallback). Redacted. */
  values: string[];
  origins: string[];
}

/** FolderStatus.network: the probed routes of a folder. */
export interface NetworkStatus {
  /** When it ran (RFC 3339). */
  at: string;
  routes: NetworkRoute[];
}

/** One probed download environment and the contexts of the folder that share it. */
export interface NetworkRoute {
  contexts: string[];
  /** The first proxy the go command would settle on answers correctly. */
  proxyOK: boolean;
  /** A checksum database lookup worked. */
  sumdbOK: boolean;
  /** GOSUMDB=off. */
  sumdbOff: boolean;
  targets: NetworkTarget[];
}

export type NetworkRole = 'proxy' | 'sumdb' | 'http-proxy';

/** One contacted URL; url, via and detail are redacted. */
export interface NetworkTarget {
  url: string;
  role: NetworkRole;
  /** The HTTP(S)_PROXY the request went through; absent for a direct connection. */
  via?: string;
  ok: boolean;
  /** The failed stage (dns, tcp, connect, tls, http, protocol); "" when ok. */
  stage: string;
  /** The last stage's detail. */
  detail: string;
  /** The total time of its stages. */
  ms: number;
  /** The check id (finding) its failure maps to. */
  check?: string;
  /** Why a failure does not count, when it does not. */
  note?: string;
}

export const StatusNotification = new NotificationType<StatusParams>('goEnvDoctor/status');

// ---- Fixes -----------------------------------------------------------------------------------

/** Argument of goEnvDoctor.afterFix: the code action's edit has been applied by VS Code. */
export interface AfterFix {
  title: string;
  check: string;
  uris: string[];
  restartGopls: boolean;
}

export type ClientFixKind = 'set-setting' | 'remove-setting' | 'go-env-w' | 'go-env-u' | 'restart-gopls' | 'reload-window';

export interface SettingChange {
  key: string;
  target: 'user' | 'workspace' | 'folder';
  folder: string | null;
  member: string[];
  value?: string;
}

/** Argument of goEnvDoctor.applyFix: a fix the client applies itself. */
export interface ClientFix {
  title: string;
  check: string;
  kind: ClientFixKind;
  setting?: SettingChange;
  goEnv?: unknown;
  command?: string;
  restartGopls: boolean;
}

/** Answer of workspace/executeCommand goEnvDoctor.server.goEnv. */
export interface GoEnvResult {
  applied: string;
  undo: unknown;
}

export const GO_ENV_COMMAND = 'goEnvDoctor.server.goEnv';

// ---- Validation of what arrives as untyped command arguments -----------------------------------

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

export function isAfterFix(v: unknown): v is AfterFix {
  return (
    isRecord(v) &&
    typeof v.title === 'string' &&
    typeof v.check === 'string' &&
    isStringArray(v.uris) &&
    typeof v.restartGopls === 'boolean'
  );
}

const CLIENT_FIX_KINDS: readonly string[] = ['set-setting', 'remove-setting', 'go-env-w', 'go-env-u', 'restart-gopls', 'reload-window'];

function isSettingChange(v: unknown): v is SettingChange {
  return (
    isRecord(v) &&
    typeof v.key === 'string' &&
    v.key !== '' &&
    (v.target === 'user' || v.target === 'workspace' || v.target === 'folder') &&
    (v.folder === null || v.folder === undefined || typeof v.folder === 'string') &&
    isStringArray(v.member) &&
    (v.value === undefined || v.value === null || typeof v.value === 'string')
  );
}

export function isClientFix(v: unknown): v is ClientFix {
  if (!isRecord(v) || typeof v.title !== 'string' || typeof v.check !== 'string') {
    return false;
  }
  if (typeof v.kind !== 'string' || !CLIENT_FIX_KINDS.includes(v.kind)) {
    return false;
  }
  if (v.restartGopls !== undefined && typeof v.restartGopls !== 'boolean') {
    return false;
  }
  switch (v.kind) {
    case 'set-setting':
      return isSettingChange(v.setting) && typeof v.setting.value === 'string';
    case 'remove-setting':
      return isSettingChange(v.setting);
    case 'go-env-w':
    case 'go-env-u':
      return v.goEnv !== undefined && v.goEnv !== null;
    default:
      return v.command === undefined || typeof v.command === 'string';
  }
}

export function isGoEnvResult(v: unknown): v is GoEnvResult {
  return isRecord(v) && typeof v.applied === 'string';
}

function strings(v: unknown): string[] {
  return isStringArray(v) ? v : [];
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function count(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

function pid(v: unknown): number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : 0;
}

const NETWORK_ROLES: readonly string[] = ['proxy', 'sumdb', 'http-proxy'];

function networkTarget(v: unknown): NetworkTarget | undefined {
  // A target of a role this extension does not know (a newer server) cannot be labelled: left out.
  if (!isRecord(v) || typeof v.url !== 'string' || typeof v.role !== 'string' || !NETWORK_ROLES.includes(v.role)) {
    return undefined;
  }
  const target: NetworkTarget = { url: v.url, role: v.role as NetworkRole, ok: v.ok === true, stage: str(v.stage), detail: str(v.detail), ms: Math.max(0, count(v.ms)) };
  // Optional (omitempty): present only when the server says something.
  if (typeof v.via === 'string' && v.via !== '') {
    target.via = v.via;
  }
  if (typeof v.check === 'string' && v.check !== '') {
    target.check = v.check;
  }
  if (typeof v.note === 'string' && v.note !== '') {
    target.note = v.note;
  }
  return target;
}

/** FolderStatus.network; undefined when absent (no probe ran, or an older server) or not an object. */
function networkStatus(v: unknown): NetworkStatus | undefined {
  if (!isRecord(v)) {
    return undefined;
  }
  return {
    at: str(v.at),
    routes: (Array.isArray(v.routes) ? v.routes : []).filter(isRecord).map((r) => ({
      contexts: strings(r.contexts),
      proxyOK: r.proxyOK === true,
      sumdbOK: r.sumdbOK === true,
      sumdbOff: r.sumdbOff === true,
      targets: (Array.isArray(r.targets) ? r.targets : []).map(networkTarget).filter((t): t is NetworkTarget => t !== undefined),
    })),
  };
}

function folderStatus(v: unknown): FolderStatus | undefined {
  if (!isRecord(v) || typeof v.uri !== 'string') {
    return undefined;
  }
  const gp = isRecord(v.goproxy) ? v.goproxy : {};
  const matrix = isRecord(v.matrix) ? v.matrix : {};
  const rows = Array.isArray(matrix.rows) ? matrix.rows : [];
  const network = networkStatus(v.network);
  return {
    uri: v.uri,
    name: str(v.name),
    goproxy: { value: str(gp.value), short: str(gp.short), layer: str(gp.layer), origin: str(gp.origin) },
    disagree: strings(v.disagree),
    // An older server has no `observed`; Go's nil slice is null.
    observed: (Array.isArray(v.observed) ? v.observed : [])
      .filter((o): o is Record<string, unknown> => isRecord(o) && typeof o.context === 'string' && o.context !== '')
      .map((o) => ({
        context: str(o.context),
        pid: pid(o.pid),
        source: str(o.source),
        differs: strings(o.differs),
        values: strings(o.values),
        origins: strings(o.origins),
      })),
    // Only when a probe ran: an older server has no `network`, Go's nil pointer is omitted (or null).
    ...(network ? { network } : {}),
    matrix: {
      vars: strings(matrix.vars),
      rows: rows.filter(isRecord).map((r) => ({ context: str(r.context), values: strings(r.values), origins: strings(r.origins) })),
    },
  };
}

/** A goEnvDoctor/probe answer with every field present (a missing one is 0, "" or false). */
export function toProbeResult(v: unknown): ProbeResult {
  const r = isRecord(v) ? v : {};
  return {
    canceled: r.canceled === true,
    routes: count(r.routes),
    targets: count(r.targets),
    failed: count(r.failed),
    findings: count(r.findings),
    summary: str(r.summary),
  };
}

/**
 * A goEnvDoctor/status notification as the status bar can use it, or undefined when it is not
 * one. Go encodes a nil slice as null: every list becomes [] here.
 */
export function toStatusParams(v: unknown): StatusParams | undefined {
  if (!isRecord(v) || (v.health !== 'ok' && v.health !== 'warning' && v.health !== 'error')) {
    return undefined;
  }
  const counts = isRecord(v.counts) ? v.counts : {};
  return {
    health: v.health,
    message: str(v.message),
    counts: { error: count(counts.error), warning: count(counts.warning), info: count(counts.info) },
    folders: (Array.isArray(v.folders) ? v.folders : []).map(folderStatus).filter((f): f is FolderStatus => f !== undefined),
    ...(isRecord(v.system) ? { system: { summary: str(v.system.summary), here: str(v.system.here), ui: str(v.system.ui) } } : {}),
  };
}
