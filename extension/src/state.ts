// Collecting the EditorState from VS Code and noticing when it changes.

import * as vscode from 'vscode';
import * as fs from 'node:fs';
import { buildEditorState, chooseActiveFolder, type Inspection } from './editorState';
import { initialHostEnv } from './hostEnv';
import type { ProcessWatcher } from './processes';
import { INSPECTED_KEYS, type EditorState, type FolderInfo, type VscodeGoInfo } from './protocol';

const VSCODE_GO = 'golang.go';
const DEBOUNCE_MS = 100;
/**
 * How often the extension host's environment and vscode-go's activation are looked at. Neither
 * has an event: vscode-go writes its activation copy (GOPROXY, GOPATH, …) into process.env when it
 * activates, maybe after us, and again after a go.toolsEnvVars change, once its `go env` returns.
 */
const HOST_POLL_MS = 2000;

/** A cheap fingerprint of an environment block, to notice a change without sending it. */
function envFingerprint(env: NodeJS.ProcessEnv): string {
  return Object.keys(env)
    .sort()
    .map((k) => `${k}=${env[k] ?? ''}`)
    .join('\0');
}

function folders(): FolderInfo[] {
  return (vscode.workspace.workspaceFolders ?? []).map((f) => ({ uri: f.uri.toString(), name: f.name, path: f.uri.fsPath }));
}

function vscodeGo(): VscodeGoInfo {
  const ext = vscode.extensions.getExtension(VSCODE_GO);
  const pkg = ext?.packageJSON as { version?: unknown } | undefined;
  return { installed: ext !== undefined, active: ext?.isActive ?? false, version: typeof pkg?.version === 'string' ? pkg.version : null };
}

function editorFolder(editor: vscode.TextEditor | undefined): string | undefined {
  return editor ? vscode.workspace.getWorkspaceFolder(editor.document.uri)?.uri.toString() : undefined;
}

function readFile(p: string): string | undefined {
  try {
    return fs.readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
}

/** Read once: the block a process started with does not change. */
const hostEnv = initialHostEnv(process.platform, readFile);

function inspect(key: string, folder: string | null): Inspection | undefined {
  const scope = folder === null ? undefined : vscode.Uri.parse(folder);
  return vscode.workspace.getConfiguration(undefined, scope).inspect(key);
}

/**
 * Tracks what only VS Code knows (including the processes the watcher reports) and reports a
 * changed EditorState (debounced) to `onChange`. A state equal to the last one reported is not
 * reported again.
 */
export class EditorStateTracker implements vscode.Disposable {
  private active: string | null;
  private goInfo: VscodeGoInfo;
  private timer: NodeJS.Timeout | undefined;
  private lastSent: string | undefined;
  private hostEnvSeen = envFingerprint(process.env);
  private readonly hostPoll: NodeJS.Timeout;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly activeFolderEmitter = new vscode.EventEmitter<string | null>();
  /** The active folder changed (fires at once, not debounced). */
  readonly onDidChangeActiveFolder = this.activeFolderEmitter.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly processes: Pick<ProcessWatcher, 'list' | 'onDidChange'>,
    private readonly onChange: (state: EditorState) => void,
  ) {
    this.active = chooseActiveFolder(editorFolder(vscode.window.activeTextEditor), null, folders());
    this.goInfo = vscodeGo();
    this.disposables.push(
      this.activeFolderEmitter,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (INSPECTED_KEYS.some((k) => e.affectsConfiguration(k))) {
          this.schedule();
        }
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        this.updateActive();
        this.schedule();
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        // Cheap checks only: this runs at every editor switch.
        const goChanged = this.refreshGoInfo();
        if (this.updateActive(editor) || goChanged) {
          this.schedule();
        }
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.schedule()),
      processes.onDidChange(() => this.schedule()),
      vscode.extensions.onDidChange(() => {
        if (this.refreshGoInfo()) {
          this.schedule();
        }
      }),
    );
    this.hostPoll = setInterval(() => this.pollHost(), HOST_POLL_MS);
    this.hostPoll.unref();
  }

  /** vscode-go activated, or something changed the extension host's process.env: send again. */
  private pollHost(): void {
    const goChanged = this.refreshGoInfo();
    const fp = envFingerprint(process.env);
    const envChanged = fp !== this.hostEnvSeen;
    this.hostEnvSeen = fp;
    if (goChanged || envChanged) {
      this.schedule();
    }
  }

  get activeFolder(): string | null {
    return this.active;
  }

  private refreshGoInfo(): boolean {
    const info = vscodeGo();
    const changed = info.installed !== this.goInfo.installed || info.active !== this.goInfo.active || info.version !== this.goInfo.version;
    this.goInfo = info;
    return changed;
  }

  private updateActive(editor = vscode.window.activeTextEditor): boolean {
    const next = chooseActiveFolder(editorFolder(editor), this.active, folders());
    if (next === this.active) {
      return false;
    }
    this.active = next;
    this.activeFolderEmitter.fire(next);
    return true;
  }

  /** The current state; also remembered as the last one the server got. */
  collect(): EditorState {
    const state = buildEditorState({
      extensionVersion: (this.context.extension.packageJSON as { version: string }).version,
      remoteName: vscode.env.remoteName,
      platform: process.platform,
      appName: vscode.env.appName,
      trusted: vscode.workspace.isTrusted,
      hostEnv: hostEnv.env,
      globalStorage: this.context.globalStorageUri,
      workspaceFile: vscode.workspace.workspaceFile,
      folders: folders(),
      activeFolder: this.active,
      vscodeGo: this.goInfo,
      inspect,
      hostPid: process.pid,
      hostEnvLive: process.env,
      processes: this.processes.list(),
    });
    this.lastSent = JSON.stringify(state);
    return state;
  }

  /** Sends the state again after DEBOUNCE_MS, unless it did not change. */
  schedule(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const before = this.lastSent;
      const state = this.collect();
      if (this.lastSent !== before) {
        this.onChange(state);
      }
    }, DEBOUNCE_MS);
  }

  dispose(): void {
    clearInterval(this.hostPoll);
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
    }
    for (const d of this.disposables) {
      d.dispose();
    }
  }
}
