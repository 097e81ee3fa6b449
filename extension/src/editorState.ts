// Assembling the EditorState (docs/PROTOCOL.md) from what VS Code reports. Pure: the VS Code
// side (state.ts) injects the values and an inspect function.

import * as path from 'node:path';
import { INSPECTED_KEYS, type EditorState, type FolderInfo, type ObservedProcess, type SettingInspection, type VscodeGoInfo } from './protocol';

/** What `WorkspaceConfiguration.inspect()` returns, reduced to the layers the server uses. */
export interface Inspection {
  defaultValue?: unknown;
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

/** inspect(key) for a folder (its uri), or for the window when folder is null. */
export type InspectFn = (key: string, folder: string | null) => Inspection | undefined;

export interface UriLike {
  scheme: string;
  fsPath: string;
}

export interface StateInputs {
  extensionVersion: string;
  remoteName: string | undefined;
  platform: string;
  appName: string;
  trusted: boolean;
  hostEnv: Record<string, string | undefined>;
  globalStorage: UriLike;
  workspaceFile: UriLike | undefined;
  folders: FolderInfo[];
  activeFolder: string | null;
  vscodeGo: VscodeGoInfo;
  inspect: InspectFn;
  /** process.pid of the extension host. */
  hostPid: number;
  /** The live process.env (hostEnv is the one the extension host started with). */
  hostEnvLive: Record<string, string | undefined>;
  processes: readonly ObservedProcess[];
  /** Path module of the extension host (path.win32 on Windows); defaults to node:path. */
  pathApi?: Pick<typeof path, 'join'>;
}

/**
 * Remote kinds where the user settings.json lives on the UI machine (the local computer), not on
 * the machine the extension host runs on. code-server's remoteName is `host:port` and its user
 * settings are on the server, beside our globalStorage.
 */
const UI_SIDE_USER_SETTINGS = new Set(['wsl', 'ssh-remote', 'dev-container', 'attached-container', 'codespaces', 'tunnel']);

/** The user settings.json on this machine, when it is there: `<User>/globalStorage/<ext>/../../settings.json`. */
export function userSettingsFile(globalStorage: UriLike, remoteName: string | undefined, pathApi: Pick<typeof path, 'join'> = path): string | null {
  if (globalStorage.scheme !== 'file') {
    return null;
  }
  if (remoteName !== undefined && UI_SIDE_USER_SETTINGS.has(remoteName)) {
    return null;
  }
  return pathApi.join(globalStorage.fsPath, '..', '..', 'settings.json');
}

/**
 * The Remote ("Machine") settings.json of a remote window, on the machine the extension runs on:
 * `<data>/User/globalStorage/<ext>/../../../Machine/settings.json` (`~/.vscode-server/data/Machine`
 * in WSL and SSH, `~/.local/share/code-server/Machine` in code-server). Local windows have none.
 */
export function machineSettingsFile(globalStorage: UriLike, remoteName: string | undefined, pathApi: Pick<typeof path, 'join'> = path): string | null {
  if (globalStorage.scheme !== 'file' || remoteName === undefined) {
    return null;
  }
  return pathApi.join(globalStorage.fsPath, '..', '..', '..', 'Machine', 'settings.json');
}

/** process.env without the undefined entries. */
export function stringEnv(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    if (typeof v === 'string') {
      out[k] = v;
    }
  }
  return out;
}

function inspection(inspect: InspectFn, key: string, folder: string | null): SettingInspection {
  const i = inspect(key, folder);
  const s: SettingInspection = { folder, key };
  if (i) {
    if (i.defaultValue !== undefined) s.defaultValue = i.defaultValue;
    if (i.globalValue !== undefined) s.globalValue = i.globalValue;
    if (i.workspaceValue !== undefined) s.workspaceValue = i.workspaceValue;
    if (folder !== null && i.workspaceFolderValue !== undefined) s.workspaceFolderValue = i.workspaceFolderValue;
  }
  return s;
}

/** inspect() of every key: once for the window (folder null), then once per folder. */
export function inspectSettings(inspect: InspectFn, folders: readonly FolderInfo[], keys: readonly string[] = INSPECTED_KEYS): SettingInspection[] {
  const out: SettingInspection[] = [];
  for (const folder of [null, ...folders.map((f) => f.uri)]) {
    for (const key of keys) {
      out.push(inspection(inspect, key, folder));
    }
  }
  return out;
}

export function buildEditorState(i: StateInputs): EditorState {
  return {
    extensionVersion: i.extensionVersion,
    remoteName: i.remoteName ?? null,
    platform: i.platform,
    appName: i.appName,
    trusted: i.trusted,
    hostEnv: stringEnv(i.hostEnv),
    userSettingsFile: userSettingsFile(i.globalStorage, i.remoteName, i.pathApi),
    machineSettingsFile: machineSettingsFile(i.globalStorage, i.remoteName, i.pathApi),
    workspaceFile: i.workspaceFile?.scheme === 'file' ? i.workspaceFile.fsPath : null,
    folders: i.folders,
    activeFolder: i.activeFolder,
    vscodeGo: i.vscodeGo,
    settings: inspectSettings(i.inspect, i.folders),
    hostPid: i.hostPid,
    hostEnvLive: stringEnv(i.hostEnvLive),
    processes: i.processes.map((p) => (p.env === undefined ? { ...p } : { ...p, env: { ...p.env } })),
  };
}

/**
 * The folder the status bar and gopls follow: the folder of the active editor's document; when
 * the active editor is outside every folder (or none is active), the previous choice while it
 * is still a folder; else the first folder.
 */
export function chooseActiveFolder(editorFolder: string | undefined, previous: string | null, folders: readonly FolderInfo[]): string | null {
  if (editorFolder !== undefined && folders.some((f) => f.uri === editorFolder)) {
    return editorFolder;
  }
  if (previous !== null && folders.some((f) => f.uri === previous)) {
    return previous;
  }
  return folders[0]?.uri ?? null;
}
