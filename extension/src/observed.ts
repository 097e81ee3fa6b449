// The processes only the editor can name (EditorState.processes, docs/PROTOCOL.md): integrated
// terminals, task processes, and Go debug sessions. Pure: processes.ts feeds it VS Code's events,
// so the bookkeeping and the reading of DAP messages are unit-tested without VS Code.
//
// Environments may hold credentials (GOPROXY with a token, proxies, GOAUTH): describe() names
// variables, never values, and is what goes to the log.

import type { ObservedProcess } from './protocol';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isPid(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0;
}

/**
 * The `env` of a launch configuration as the debuggee gets it: strings as they are, numbers and
 * booleans as Node.js turns them into strings; null (vscode-go: unset) and anything else dropped.
 * undefined when there is no env object.
 */
export function launchEnv(env: unknown): Record<string, string> | undefined {
  if (!isRecord(env)) {
    return undefined;
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    if (typeof v === 'string') {
      out[k] = v;
    } else if ((typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean') {
      out[k] = String(v);
    }
  }
  return out;
}

/** The env of a DAP `launch` request (client → adapter), or undefined when the message is not one or has no env. */
export function dapLaunchEnv(message: unknown): Record<string, string> | undefined {
  if (!isRecord(message) || message.type !== 'request' || message.command !== 'launch' || !isRecord(message.arguments)) {
    return undefined;
  }
  return launchEnv(message.arguments.env);
}

/**
 * The debuggee's pid from a DAP `process` event (adapter → client), or undefined when the message
 * is not one, has no systemProcessId, or the process is not on this machine (isLocalProcess false).
 */
export function dapProcessId(message: unknown): number | undefined {
  if (!isRecord(message) || message.type !== 'event' || message.event !== 'process' || !isRecord(message.body)) {
    return undefined;
  }
  const { systemProcessId, isLocalProcess } = message.body;
  return isPid(systemProcessId) && isLocalProcess !== false ? systemProcessId : undefined;
}

const NOTABLE = /^GO|PROXY$/i;

/** One process for the log: context, pid or the number and notable names of the variables, never a value. */
export function describe(p: ObservedProcess): string {
  if (p.pid !== null) {
    return `${p.context} (PID ${p.pid})`;
  }
  const keys = Object.keys(p.env ?? {});
  const notable = keys.filter((k) => NOTABLE.test(k)).sort();
  return `${p.context} (launch request, ${keys.length} variables${notable.length > 0 ? `: ${notable.join(', ')}` : ''})`;
}

interface Terminal {
  order: number;
  pid?: number;
}
interface Task {
  order: number;
  name: string;
  folder: string | null;
  pid: number;
}
interface Debug {
  order: number;
  session: string;
  name: string;
  folder: string | null;
  env?: Record<string, string>;
  pid?: number;
}

function byOrder<T extends { order: number }>(m: Map<unknown, T>): T[] {
  return [...m.values()].sort((a, b) => a.order - b.order);
}

/**
 * The observed processes, keyed by whatever identifies them on the VS Code side (the Terminal,
 * the TaskExecution, one debug adapter tracker). list() is in start order, so the newest process
 * of a context comes last (the server uses the last one it can read). Every mutator returns
 * whether list() may have changed.
 */
export class ObservedProcesses {
  private seq = 0;
  private readonly terminals = new Map<unknown, Terminal>();
  private readonly tasks = new Map<unknown, Task>();
  private readonly debugs = new Map<unknown, Debug>();
  /**
   * Every pid a task process had. A task runs in an integrated terminal whose processId is the
   * task's process: that terminal is the task's context, not "terminal".
   */
  private readonly taskPids = new Set<number>();

  /** A terminal opened; its pid is not known yet (terminal.processId resolves later). */
  terminalOpened(key: unknown): boolean {
    if (!this.terminals.has(key)) {
      this.terminals.set(key, { order: this.seq++ });
    }
    return false;
  }

  /** terminal.processId resolved; undefined for an extension's pseudoterminal. Ignored once the terminal closed. */
  terminalPid(key: unknown, pid: number | undefined): boolean {
    const t = this.terminals.get(key);
    if (!t || !isPid(pid) || t.pid === pid) {
      return false;
    }
    t.pid = pid;
    return true;
  }

  terminalClosed(key: unknown): boolean {
    const t = this.terminals.get(key);
    if (!t) {
      return false;
    }
    this.terminals.delete(key);
    if (t.pid !== undefined) {
      this.taskPids.delete(t.pid);
    }
    return t.pid !== undefined;
  }

  taskStarted(key: unknown, name: string, folder: string | null, pid: number): boolean {
    if (!isPid(pid)) {
      return false;
    }
    this.taskPids.add(pid);
    this.tasks.set(key, { order: this.seq++, name, folder, pid });
    return true;
  }

  taskEnded(key: unknown): boolean {
    return this.tasks.delete(key);
  }

  /** A Go debug session's launch request carried env (one tracker per debug adapter). */
  debugLaunch(key: unknown, session: string, name: string, folder: string | null, env: Record<string, string>): boolean {
    const d = this.debug(key, session, name, folder);
    d.env = { ...env };
    return true;
  }

  /** The debug adapter reported the debuggee's pid (DAP "process" event). */
  debugProcess(key: unknown, session: string, name: string, folder: string | null, pid: number): boolean {
    if (!isPid(pid)) {
      return false;
    }
    const d = this.debug(key, session, name, folder);
    if (d.pid === pid) {
      return false;
    }
    d.pid = pid;
    return true;
  }

  /** One debug adapter exited (a restarted session gets a new adapter and tracker). */
  debugEnded(key: unknown): boolean {
    return this.debugs.delete(key);
  }

  /** A debug session terminated: drops what every adapter of it reported. */
  debugSessionEnded(session: string): boolean {
    let changed = false;
    for (const [key, d] of this.debugs) {
      if (d.session === session) {
        this.debugs.delete(key);
        changed = true;
      }
    }
    return changed;
  }

  private debug(key: unknown, session: string, name: string, folder: string | null): Debug {
    let d = this.debugs.get(key);
    if (!d) {
      d = { order: this.seq++, session, name, folder };
      this.debugs.set(key, d);
    }
    return d;
  }

  list(): ObservedProcess[] {
    const out: ObservedProcess[] = [];
    for (const t of byOrder(this.terminals)) {
      if (t.pid !== undefined && !this.taskPids.has(t.pid)) {
        out.push({ context: 'terminal', folder: null, pid: t.pid });
      }
    }
    for (const t of byOrder(this.tasks)) {
      out.push({ context: `task:${t.name}`, folder: t.folder, pid: t.pid });
    }
    for (const d of byOrder(this.debugs)) {
      const context = `delve:${d.name}`;
      // The launch request first: the server prefers the debuggee itself when it can read it.
      if (d.env !== undefined) {
        out.push({ context, folder: d.folder, pid: null, env: { ...d.env } });
      }
      if (d.pid !== undefined) {
        out.push({ context, folder: d.folder, pid: d.pid });
      }
    }
    return out;
  }
}
