// Watching the processes only the editor can name (EditorState.processes): integrated terminals,
// task processes and Go debug sessions. The server reads their environments (Linux/WSL: /proc;
// macOS: ps) and compares them with what their contexts would give a process started now.
// The bookkeeping is in observed.ts (pure); this file connects it to VS Code's events.

import * as vscode from 'vscode';
import { dapLaunchEnv, dapProcessId, describe, ObservedProcesses } from './observed';
import type { ObservedProcess } from './protocol';

/** The debug type of vscode-go's sessions (legacy adapter and dlv-dap alike). */
const GO_DEBUG_TYPE = 'go';

function folderOf(scope: vscode.Task['scope']): string | null {
  return typeof scope === 'object' ? scope.uri.toString() : null;
}

export class ProcessWatcher implements vscode.Disposable {
  private readonly observed = new ObservedProcesses();
  private readonly emitter = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [];
  /** The list of processes may have changed. */
  readonly onDidChange = this.emitter.event;

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.disposables.push(
      this.emitter,
      vscode.window.onDidOpenTerminal((t) => this.terminalOpened(t)),
      vscode.window.onDidCloseTerminal((t) => {
        if (this.observed.terminalClosed(t)) {
          this.changed('terminal closed');
        }
      }),
      vscode.tasks.onDidStartTaskProcess((e) => {
        const task = e.execution.task;
        if (this.observed.taskStarted(e.execution, task.name, folderOf(task.scope), e.processId)) {
          this.changed(`task:${task.name} started (PID ${e.processId})`);
        }
      }),
      vscode.tasks.onDidEndTaskProcess((e) => this.taskEnded(e.execution)),
      // A task without a process of its own (CustomExecution) never ends one; this is the fallback.
      vscode.tasks.onDidEndTask((e) => this.taskEnded(e.execution)),
      // Registered at activation; package.json's onDebugAdapterProtocolTracker:go makes VS Code
      // activate the extension (and wait for it) before it creates a Go debug adapter.
      vscode.debug.registerDebugAdapterTrackerFactory(GO_DEBUG_TYPE, { createDebugAdapterTracker: (session) => this.tracker(session) }),
      vscode.debug.onDidTerminateDebugSession((session) => {
        if (this.observed.debugSessionEnded(session.id)) {
          this.changed(`debug session ${session.configuration.name} ended`);
        }
      }),
    );
    for (const t of vscode.window.terminals) {
      this.terminalOpened(t);
    }
  }

  /** In start order: the newest process of a context is the last one. */
  list(): ObservedProcess[] {
    return this.observed.list();
  }

  private changed(what: string): void {
    this.log.debug(`Observed processes: ${what}; now ${this.list().map(describe).join(', ') || 'none'}`);
    this.emitter.fire();
  }

  private terminalOpened(terminal: vscode.Terminal): void {
    this.observed.terminalOpened(terminal);
    Promise.resolve(terminal.processId).then(
      (pid) => {
        if (this.observed.terminalPid(terminal, pid)) {
          this.changed(`terminal "${terminal.name}" (PID ${pid})`);
        }
      },
      (err: unknown) => this.log.debug(`The process id of terminal "${terminal.name}" is not known: ${String(err)}`),
    );
  }

  private taskEnded(execution: vscode.TaskExecution): void {
    if (this.observed.taskEnded(execution)) {
      this.changed(`task:${execution.task.name} ended`);
    }
  }

  /**
   * One per debug adapter of a Go session. It reads two messages and nothing else: the launch
   * request (its env: vscode-go has merged go.toolsEnvVars, envFile and env into it — and
   * process.env for the legacy adapter, not for dlv-dap) and the
   * adapter's "process" event (the debuggee's pid). The env is never logged, only its names.
   */
  private tracker(session: vscode.DebugSession): vscode.DebugAdapterTracker {
    const key = {};
    const name = session.configuration.name;
    const folder = session.workspaceFolder?.uri.toString() ?? null;
    const ended = (): void => {
      if (this.observed.debugEnded(key)) {
        this.changed(`debug adapter of ${name} stopped`);
      }
    };
    return {
      onWillReceiveMessage: (message: unknown) => {
        const env = dapLaunchEnv(message);
        if (env !== undefined && this.observed.debugLaunch(key, session.id, name, folder, env)) {
          this.changed(`launch request of delve:${name}`);
        }
      },
      onDidSendMessage: (message: unknown) => {
        const pid = dapProcessId(message);
        if (pid !== undefined && this.observed.debugProcess(key, session.id, name, folder, pid)) {
          this.changed(`debuggee of delve:${name} (PID ${pid})`);
        }
      },
      onWillStopSession: ended,
      onExit: ended,
    };
  }

  dispose(): void {
    for (const d of this.disposables) {
      d.dispose();
    }
  }
}
