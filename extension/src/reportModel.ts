// The report view's model: what media/report.js renders, computed from the last goEnvDoctor/status
// (the matrix, the running processes, the last network probe) and the active folder, plus the
// validation of the messages the webview posts back.
// Pure (the translation function is injected): every text the webview shows is made here, so the
// webview script only builds DOM nodes with textContent.

import type { FolderStatus, Health, NetworkRoute, NetworkStatus, NetworkTarget, ObservedStatus, StatusParams } from './protocol';
import { CMD, type Translate } from './statusView';

/** A running process (or a debug launch request) of a context, as the server read it. */
export interface ProcessView {
  /** "running PID 1234", or "debug launch request" when there is no pid. */
  label: string;
  /** Where the environment was read (/proc/1234/environ, …). */
  source: string;
  /** The download variables on which it differs from a process of its context started now. */
  differs: string[];
  /** "Differs from a new process: GOPROXY, GOFLAGS" or "Same as a new process". */
  differsText: string;
  stale: boolean;
  /**
   * Its values of the matrix's variables (a row under the context's intended one); `differs`
   * marks a value other than the one a process of its context started now would get.
   */
  cells: CellView[];
}

export interface CellView {
  text: string;
  /** The value is empty (text is the "(empty)" placeholder). */
  empty: boolean;
  /**
   * Intended row: the column disagrees and this value is not the reference (gopls's, else the
   * most common). Process row: the running value is not the intended one.
   */
  differs: boolean;
  /** Where the value came from (layer and file or setting), shown on hover; "" when unknown. */
  origin: string;
}

export interface RowView {
  context: string;
  cells: CellView[];
  processes: ProcessView[];
  /** A running process of this context still has an old value. */
  stale: boolean;
}

/** One contacted URL of a probed route. */
export interface NetworkTargetView {
  /** "module proxy", "checksum database", "HTTP proxy". */
  role: string;
  url: string;
  /** The HTTP proxy the request went through, or "direct". */
  via: string;
  /** "ok", or "fails at TLS". */
  result: string;
  detail: string;
  /** "123 ms". */
  time: string;
  /** The check id its failure (or an intercepted chain) maps to; "" when none. */
  check: string;
  /** Why a failure does not count; "" when none. */
  note: string;
  /**
   * ok: it answered; fails: it failed and breaks downloads (it has a check); ignored: it failed,
   * but that does not count (a note says why); notice: it answered, but there is a finding
   * (an intercepted TLS chain).
   */
  look: 'ok' | 'fails' | 'ignored' | 'notice';
}

/** One probed download environment. */
export interface NetworkRouteView {
  /** "Contexts: shell, gopls". */
  contextsText: string;
  /** "Module proxy: works" / "fails" / "none". */
  proxyText: string;
  proxy: 'works' | 'fails' | 'none';
  /** "Checksum database: works" / "unreachable" / "off". */
  sumdbText: string;
  sumdb: 'works' | 'unreachable' | 'off';
  targets: NetworkTargetView[];
}

/** The last network probe of a folder. */
export interface NetworkView {
  /** "Probed at <local time>". */
  atText: string;
  routes: NetworkRouteView[];
}

export interface FolderView {
  uri: string;
  name: string;
  /** "GOPROXY for gopls: … (from …)". */
  goproxyText: string;
  /** "The contexts of this folder disagree on …", or "". */
  disagreeText: string;
  vars: { name: string; disagree: boolean }[];
  rows: RowView[];
  /** Observed processes whose context is not a row of the matrix. */
  otherProcesses: (ProcessView & { context: string })[];
  /** The last network probe; null when none ran (the view then says how to run one). */
  network: NetworkView | null;
}

export interface ReportModel {
  /** false before the first status of a running server. */
  hasStatus: boolean;
  health: Health;
  message: string;
  countsText: string;
  /** "Go tools run in: WSL 2 (Ubuntu), …" in a window split across machines, else "". */
  systemText: string;
  folders: FolderView[];
  /** The uri of the folder to show first: the active folder, else the first. */
  selected: string | null;
}

/** The static texts of the webview, translated by the extension. */
export interface ReportLabels {
  title: string;
  folder: string;
  context: string;
  recheck: string;
  restartGopls: string;
  copyMarkdown: string;
  showLogs: string;
  noStatus: string;
  noMatrix: string;
  otherProcesses: string;
  probe: string;
  network: string;
  noProbe: string;
  role: string;
  url: string;
  via: string;
  result: string;
  detail: string;
  time: string;
  check: string;
  note: string;
}

export function reportLabels(t: Translate): ReportLabels {
  return {
    title: t('Go Env Doctor report'),
    folder: t('Folder'),
    context: t('Context'),
    recheck: t('Re-check'),
    restartGopls: t('Restart gopls'),
    copyMarkdown: t('Copy as Markdown'),
    showLogs: t('Show Logs'),
    noStatus: t('Waiting for the Go Env Doctor server to check the workspace…'),
    noMatrix: t('No variables were compared for this folder.'),
    otherProcesses: t('Other running processes'),
    probe: t('Probe Network'),
    network: t('Network'),
    noProbe: t('Run Go Env Doctor: Probe Network to test the download route.'),
    role: t('Role'),
    url: t('URL'),
    via: t('Via'),
    result: t('Result'),
    detail: t('Detail'),
    time: t('Time'),
    check: t('Check'),
    note: t('Note'),
  };
}

function cell(value: string, origin: string | undefined, differs: boolean, t: Translate): CellView {
  return { text: value === '' ? t('(empty)') : value, empty: value === '', differs, origin: origin ?? '' };
}

/**
 * A running process; `intended` are the values of its context's row (undefined when the context
 * has no row): a value is marked when it differs from the intended one.
 */
function processView(o: ObservedStatus, vars: string[], intended: string[] | undefined, t: Translate): ProcessView {
  const stale = o.differs.length > 0;
  // Older servers sent no values: no cells then, rather than a row of "(empty)".
  const values = o.values;
  return {
    label: o.pid > 0 ? t('running PID {0}', o.pid) : t('debug launch request'),
    source: o.source,
    differs: o.differs,
    differsText: stale ? t('Differs from a new process: {0}', o.differs.join(', ')) : t('Same as a new process'),
    stale,
    cells:
      values.length === 0
        ? []
        : vars.map((_, i) => {
            const value = values[i] ?? '';
            return cell(value, o.origins[i], intended !== undefined && value !== (intended[i] ?? ''), t);
          }),
  };
}

/** The value a disagreeing column is compared with: gopls's, else the most common one. */
function referenceValue(values: string[], contexts: string[]): string {
  const gopls = contexts.indexOf('gopls');
  if (gopls >= 0) {
    return values[gopls] ?? '';
  }
  const counts = new Map<string, number>();
  let best = values[0] ?? '';
  for (const v of values) {
    const n = (counts.get(v) ?? 0) + 1;
    counts.set(v, n);
    if (n > (counts.get(best) ?? 0)) {
      best = v;
    }
  }
  return best;
}

/** Formats the time a probe ran, for the reader (injected: the extension uses VS Code's display language). */
export type FormatTime = (date: Date) => string;

const defaultFormatTime: FormatTime = (date) => date.toLocaleString();

function stageName(stage: string, t: Translate): string {
  switch (stage) {
    case 'dns':
    case 'tcp':
    case 'connect':
    case 'tls':
    case 'http':
      return stage.toUpperCase();
    case 'protocol':
      return t('protocol');
    default:
      return stage;
  }
}

function roleName(role: NetworkTarget['role'], t: Translate): string {
  switch (role) {
    case 'proxy':
      return t('module proxy');
    case 'sumdb':
      return t('checksum database');
    case 'http-proxy':
      return t('HTTP proxy');
  }
}

function targetView(target: NetworkTarget, t: Translate): NetworkTargetView {
  const check = target.check ?? '';
  let look: NetworkTargetView['look'];
  if (target.ok) {
    look = check === '' ? 'ok' : 'notice';
  } else {
    look = check === '' ? 'ignored' : 'fails';
  }
  return {
    role: roleName(target.role, t),
    url: target.url,
    via: target.via ?? t('direct'),
    result: target.ok ? t('ok') : target.stage === '' ? t('fails') : t('fails at {0}', stageName(target.stage, t)),
    detail: target.detail,
    time: t('{0} ms', target.ms),
    check,
    note: target.note ?? '',
    look,
  };
}

function routeView(route: NetworkRoute, t: Translate): NetworkRouteView {
  // No proxy target: GOPROXY is direct or off, there is no module proxy to work or fail.
  const proxy = route.proxyOK ? 'works' : route.targets.some((x) => x.role === 'proxy') ? 'fails' : 'none';
  const sumdb = route.sumdbOff ? 'off' : route.sumdbOK ? 'works' : 'unreachable';
  return {
    contextsText: t('Contexts: {0}', route.contexts.join(', ')),
    proxy,
    proxyText: proxy === 'works' ? t('Module proxy: works') : proxy === 'fails' ? t('Module proxy: fails') : t('Module proxy: none (GOPROXY is direct or off)'),
    sumdb,
    sumdbText: sumdb === 'works' ? t('Checksum database: works') : sumdb === 'off' ? t('Checksum database: off') : t('Checksum database: unreachable'),
    targets: route.targets.map((x) => targetView(x, t)),
  };
}

export function networkView(network: NetworkStatus, t: Translate, formatTime: FormatTime = defaultFormatTime): NetworkView {
  const at = new Date(network.at);
  // A time that does not parse is shown as the server sent it.
  const when = network.at === '' || Number.isNaN(at.getTime()) ? network.at : formatTime(at);
  return {
    atText: t('Probed at {0}', when),
    routes: network.routes.map((r) => routeView(r, t)),
  };
}

export function folderView(folder: FolderStatus, t: Translate, formatTime: FormatTime = defaultFormatTime): FolderView {
  const { vars, rows } = folder.matrix;
  const contexts = rows.map((r) => r.context);
  const columns = vars.map((name, i) => {
    const values = rows.map((r) => r.values[i] ?? '');
    const disagree = folder.disagree.includes(name) || new Set(values).size > 1;
    return { name, disagree, reference: referenceValue(values, contexts) };
  });
  const inMatrix = new Set(contexts);
  const rowViews = rows.map((r) => {
    const processes = folder.observed.filter((o) => o.context === r.context).map((o) => processView(o, vars, r.values, t));
    return {
      context: r.context,
      cells: columns.map((c, i) => {
        const value = r.values[i] ?? '';
        return cell(value, r.origins[i], c.disagree && value !== c.reference, t);
      }),
      processes,
      stale: processes.some((p) => p.stale),
    };
  });
  const { value, layer, origin } = folder.goproxy;
  const from = origin === '' ? layer : layer === '' || origin.startsWith(layer) ? origin : `${layer} — ${origin}`;
  const shown = value === '' ? t('(empty)') : value;
  return {
    uri: folder.uri,
    name: folder.name,
    goproxyText: from === '' ? t('GOPROXY for gopls: {0}', shown) : t('GOPROXY for gopls: {0} (from {1})', shown, from),
    disagreeText: folder.disagree.length > 0 ? t('The contexts of this folder disagree on {0}.', folder.disagree.join(', ')) : '',
    vars: columns.map(({ name, disagree }) => ({ name, disagree })),
    rows: rowViews,
    otherProcesses: folder.observed.filter((o) => !inMatrix.has(o.context)).map((o) => ({ context: o.context, ...processView(o, vars, undefined, t) })),
    network: folder.network ? networkView(folder.network, t, formatTime) : null,
  };
}

/** The view model for the last status (undefined before the first one) and the active folder. */
export function reportModel(status: StatusParams | undefined, activeFolder: string | null, t: Translate, formatTime: FormatTime = defaultFormatTime): ReportModel {
  if (!status) {
    return { hasStatus: false, health: 'ok', message: '', countsText: '', systemText: '', folders: [], selected: null };
  }
  const { error, warning, info } = status.counts;
  const folders = status.folders.map((f) => folderView(f, t, formatTime));
  return {
    hasStatus: true,
    health: status.health,
    message: status.message.trim(),
    countsText: t('Errors: {0}, warnings: {1}, information: {2}', error, warning, info),
    systemText: status.system !== undefined && status.system.summary !== '' ? t('Go tools run in: {0}', status.system.summary) : '',
    folders,
    selected: (folders.find((f) => f.uri === activeFolder) ?? folders[0])?.uri ?? null,
  };
}

// ---- Webview → extension ---------------------------------------------------------------------

/** The buttons of the view and the commands they run. */
export const REPORT_ACTIONS = {
  recheck: CMD.recheck,
  probe: CMD.probe,
  restartGopls: CMD.restartGopls,
  copyMarkdown: CMD.copyReport,
  showLogs: CMD.showLogs,
} as const;

export type ReportAction = keyof typeof REPORT_ACTIONS;

export type WebviewMessage = { type: 'ready' } | { type: 'action'; action: ReportAction };

/** A message posted by the webview, or undefined when it is not one of the known ones. */
export function parseWebviewMessage(v: unknown): WebviewMessage | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    return undefined;
  }
  const m = v as Record<string, unknown>;
  if (m.type === 'ready') {
    return { type: 'ready' };
  }
  if (m.type === 'action' && typeof m.action === 'string' && Object.prototype.hasOwnProperty.call(REPORT_ACTIONS, m.action)) {
    return { type: 'action', action: m.action as ReportAction };
  }
  return undefined;
}

// ---- Extension → webview ---------------------------------------------------------------------

export type ExtensionMessage = { type: 'labels'; labels: ReportLabels } | { type: 'model'; model: ReportModel };

/** The Content-Security-Policy of the view: nothing but the extension's media and the nonced script. */
export function cspFor(cspSource: string, nonce: string): string {
  return [`default-src 'none'`, `style-src ${cspSource}`, `img-src ${cspSource}`, `script-src 'nonce-${nonce}'`].join('; ');
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The view's HTML: an empty shell; media/report.js builds everything from the posted messages.
 * No inline style or script; the script runs only with the nonce.
 */
export function reportHtml(o: { cspSource: string; nonce: string; scriptUri: string; styleUri: string; lang: string; title: string }): string {
  return `<!DOCTYPE html>
<html lang="${escapeHtml(o.lang)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(cspFor(o.cspSource, o.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(o.styleUri)}">
<title>${escapeHtml(o.title)}</title>
</head>
<body>
<main id="root" aria-live="polite"></main>
<script nonce="${escapeHtml(o.nonce)}" src="${escapeHtml(o.scriptUri)}"></script>
</body>
</html>
`;
}
