// What the status bar item shows, computed from the server state and the last goEnvDoctor/status.
// Pure (the translation function is injected), so text, tooltip and escaping are unit-tested.

import { commandLink, escapeIcons, escapeMarkdown, truncate } from './markdown';
import type { FolderStatus, ObservedStatus, StatusParams } from './protocol';

/** Lifecycle of the sidecar as the user sees it. */
export type ServerState = 'starting' | 'running' | 'restarting' | 'failed' | 'stopped';

/** vscode.l10n.t, injected. */
export type Translate = (message: string, ...args: Array<string | number | boolean>) => string;

export interface StatusModel {
  state: ServerState;
  /** The last goEnvDoctor/status of the running server. */
  status?: StatusParams;
  /** Uri of the active folder (EditorState.activeFolder). */
  activeFolder: string | null;
  /** Why the server failed (state 'failed'). */
  detail?: string;
}

export interface StatusView {
  text: string;
  /** Trusted Markdown; only the commands in TOOLTIP_COMMANDS are linked. */
  tooltip: string;
  background?: 'warning' | 'error';
  command: string;
}

export const CMD = {
  showReport: 'goEnvDoctor.showReport',
  explain: 'goEnvDoctor.explain',
  recheck: 'goEnvDoctor.recheck',
  probe: 'goEnvDoctor.probe',
  restartGopls: 'goEnvDoctor.restartGopls',
  copyReport: 'goEnvDoctor.copyReport',
  showLogs: 'goEnvDoctor.showLogs',
  restartServer: 'goEnvDoctor.restartServer',
  afterFix: 'goEnvDoctor.afterFix',
  applyFix: 'goEnvDoctor.applyFix',
} as const;

/** The commands tooltip links may run (MarkdownString.isTrusted.enabledCommands). */
export const TOOLTIP_COMMANDS: readonly string[] = [CMD.showReport, CMD.explain, CMD.recheck, CMD.probe, CMD.restartGopls, CMD.showLogs, CMD.restartServer];

const NAME = 'Go Env Doctor';
const MAX_CELL = 60;
const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The folder the status bar follows: the active one, else the first. */
export function folderFor(status: StatusParams, activeFolder: string | null): FolderStatus | undefined {
  return status.folders.find((f) => f.uri === activeFolder) ?? status.folders[0];
}

function countsLine(status: StatusParams, t: Translate): string {
  const { error, warning, info } = status.counts;
  return t('Errors: {0}, warnings: {1}, information: {2}', error, warning, info);
}

function cell(value: string | undefined, t: Translate): string {
  if (value === undefined || value === '') {
    return `*${escapeMarkdown(t('(empty)'))}*`;
  }
  return escapeMarkdown(truncate(value, MAX_CELL));
}

function variableLabel(v: string, disagree: boolean, t: Translate): string {
  const name = escapeMarkdown(v);
  const link = VARIABLE.test(v) ? commandLink(name, CMD.explain, [v], t('Explain {0}', v)) : name;
  return disagree ? `$(warning) **${link}**` : link;
}

/**
 * The context × variable matrix as one list item per variable, its contexts grouped by value
 * (`GOPROXY — a (shell, terminal) · b (gopls, test)`): a hover is too narrow for a table with a
 * column per context.
 */
export function matrixMarkdown(folder: FolderStatus, t: Translate): string {
  const { vars, rows } = folder.matrix;
  if (vars.length === 0 || rows.length === 0) {
    return '';
  }
  const items = vars.map((v, i) => {
    const byValue = new Map<string, string[]>();
    for (const row of rows) {
      const value = row.values[i] ?? '';
      byValue.set(value, [...(byValue.get(value) ?? []), row.context]);
    }
    const label = variableLabel(v, folder.disagree.includes(v) || byValue.size > 1, t);
    const values =
      byValue.size === 1
        ? cell([...byValue.keys()][0], t)
        : [...byValue].map(([value, contexts]) => `${cell(value, t)} *(${escapeMarkdown(contexts.join(', '))})*`).join(' · ');
    return `- ${label} — ${values}`;
  });
  return items.join('\n');
}

/**
 * One line per running process that differs from a process of its context started now, saying
 * what to restart; gopls gets a command link. Empty when nothing runs with an old value.
 */
export function staleProcessLines(folder: FolderStatus, t: Translate): string[] {
  return folder.observed.filter((o) => o.differs.length > 0).map((o) => staleProcessLine(o, t));
}

function staleProcessLine(o: ObservedStatus, t: Translate): string {
  const vars = o.differs.join(', ');
  const colon = o.context.indexOf(':');
  const kind = colon < 0 ? o.context : o.context.slice(0, colon);
  const name = o.context.slice(colon + 1);
  const running = o.pid > 0;
  if (kind === 'gopls') {
    const what = running ? t('gopls (PID {0}) still runs with an old {1}.', o.pid, vars) : t('gopls still runs with an old {0}.', vars);
    return `$(warning) ${escapeMarkdown(what)} ${commandLink(`$(debug-restart) ${escapeMarkdown(t('Restart gopls'))}`, CMD.restartGopls)}`;
  }
  let line: string;
  if (kind === 'terminal' && colon < 0 && running) {
    line = t('A terminal (PID {0}) still runs with an old {1}: open a new terminal.', o.pid, vars);
  } else if (kind === 'task' && colon >= 0 && running) {
    line = t('Task {0} (PID {1}) still runs with an old {2}: restart the task.', name, o.pid, vars);
  } else if (kind === 'delve' && colon >= 0) {
    line = running
      ? t('Debug session {0} (PID {1}) still runs with an old {2}: restart the debug session.', name, o.pid, vars)
      : t('Debug session {0} was started with an old {1}: restart the debug session.', name, vars);
  } else {
    line = running ? t('{0} (PID {1}) still runs with an old {2}: restart it.', o.context, o.pid, vars) : t('{0} was started with an old {1}: restart it.', o.context, vars);
  }
  return `$(warning) ${escapeMarkdown(line)}`;
}

function links(t: Translate, which: 'running' | 'down'): string {
  const items =
    which === 'running'
      ? [
          commandLink(`$(preview) ${escapeMarkdown(t('Show report'))}`, CMD.showReport),
          commandLink(`$(refresh) ${escapeMarkdown(t('Re-check'))}`, CMD.recheck),
          commandLink(`$(radio-tower) ${escapeMarkdown(t('Probe network'))}`, CMD.probe),
          commandLink(`$(debug-restart) ${escapeMarkdown(t('Restart gopls'))}`, CMD.restartGopls),
          commandLink(`$(output) ${escapeMarkdown(t('Open logs'))}`, CMD.showLogs),
        ]
      : [commandLink(`$(debug-restart) ${escapeMarkdown(t('Restart server'))}`, CMD.restartServer), commandLink(`$(output) ${escapeMarkdown(t('Open logs'))}`, CMD.showLogs)];
  return items.join(' · ');
}

function title(): string {
  return `**${NAME}**`;
}

function runningView(model: StatusModel, t: Translate): StatusView {
  const status = model.status;
  if (!status) {
    return {
      text: `$(sync~spin) ${NAME}`,
      tooltip: [title(), escapeMarkdown(t('Checking the workspace…')), links(t, 'running')].join('\n\n'),
      command: CMD.showReport,
    };
  }
  const folder = folderFor(status, model.activeFolder);
  const parts: string[] = [];
  let text: string;
  let background: StatusView['background'];
  if (folder) {
    const short = folder.goproxy.short.trim();
    text = `$(cloud-download) ${short === '' ? NAME : escapeIcons(short)}`;
    parts.push(`${title()} · ${escapeMarkdown(t('folder {0}', folder.name))}`);
    if (status.system !== undefined && status.system.summary !== '') {
      parts.push(`$(remote) ${escapeMarkdown(t('Go tools run in: {0}', status.system.summary))}`);
    }
    const stale = staleProcessLines(folder, t);
    if (stale.length > 0) {
      // What the user should do first: a running process that a settings change has not reached.
      parts.push(stale.join('\n\n'));
      background = 'warning';
    }
    const value = folder.goproxy.value === '' ? `*${escapeMarkdown(t('(empty)'))}*` : escapeMarkdown(folder.goproxy.value);
    parts.push(`${escapeMarkdown(t('GOPROXY for gopls:'))} ${value}`);
    const { layer, origin } = folder.goproxy;
    // In a split window the origin starts with its machine ("Windows: go.toolsEnvVars (user settings) …").
    const from = origin === '' ? layer : layer === '' || origin.includes(layer) ? origin : `${layer} — ${origin}`;
    if (from !== '') {
      parts.push(`${escapeMarkdown(t('from'))} ${escapeMarkdown(from)}`);
    }
    if (folder.disagree.length > 0) {
      parts.push(`$(warning) ${escapeMarkdown(t('The contexts of this folder disagree on {0}.', folder.disagree.join(', ')))}`);
      background = 'warning';
    }
    const matrix = matrixMarkdown(folder, t);
    if (matrix !== '') {
      parts.push(matrix);
    }
  } else {
    text = `$(${status.health === 'ok' ? 'cloud-download' : 'warning'}) ${NAME}`;
    parts.push(title());
  }
  if (status.health === 'warning') {
    background ??= 'warning';
  } else if (status.health === 'error') {
    background = 'error';
  }
  // The server's message already says how many findings there are; the counts are the fallback.
  parts.push(escapeMarkdown(status.message.trim() !== '' ? status.message.trim() : countsLine(status, t)));
  parts.push(links(t, 'running'));
  return { text, tooltip: parts.join('\n\n'), background, command: CMD.showReport };
}

/** The status bar text without its icons, for screen readers. */
export function plainText(text: string): string {
  const plain = text
    .replace(/(?<!\\)\$\([^)]*\)\s*/g, '')
    .replace(/\\\$\(/g, '$(')
    .trim();
  return plain.includes(NAME) ? plain : `${NAME}: ${plain}`;
}

export function renderStatus(model: StatusModel, t: Translate): StatusView {
  switch (model.state) {
    case 'running':
      return runningView(model, t);
    case 'starting':
      return {
        text: `$(sync~spin) ${NAME}`,
        tooltip: [title(), escapeMarkdown(t('Starting the server…')), links(t, 'down')].join('\n\n'),
        command: CMD.showLogs,
      };
    case 'restarting':
      return {
        text: `$(sync~spin) ${t('Go Env Doctor: restarting')}`,
        tooltip: [title(), escapeMarkdown(t('The server stopped unexpectedly and is being restarted.')), links(t, 'down')].join('\n\n'),
        command: CMD.showLogs,
      };
    case 'failed': {
      const detail = model.detail ? escapeMarkdown(model.detail) : escapeMarkdown(t('The server is not running.'));
      return {
        text: `$(error) ${NAME}`,
        tooltip: [title(), detail, links(t, 'down')].join('\n\n'),
        background: 'error',
        command: CMD.restartServer,
      };
    }
    case 'stopped':
      return {
        text: `$(circle-slash) ${NAME}`,
        tooltip: [title(), escapeMarkdown(t('The server is stopped.')), links(t, 'down')].join('\n\n'),
        command: CMD.restartServer,
      };
  }
}
