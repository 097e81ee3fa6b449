// Helpers of the end-to-end driver: waiting, screenshots, processes, code-server sessions, logs.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set (run test/e2e/run.sh)`);
  return v;
};

const requireFromCache = createRequire(path.join(env('GED_E2E_NODE_MODULES'), 'noop.js'));
export const { chromium } = requireFromCache('playwright-core');

export const ROOT = env('GED_E2E_ROOT');
export const WORK = env('GED_E2E_WORK');
export const ARTIFACTS = path.join(WORK, 'artifacts');
export const E2E_DIR = path.join(ROOT, 'test', 'e2e');

const t0 = Date.now();
export function say(msg) {
  const s = ((Date.now() - t0) / 1000).toFixed(1).padStart(6);
  console.log(`[e2e ${s}s] ${msg}`);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Polls fn until it returns a truthy value; throws after timeoutMs with the last value/error.
export async function waitFor(what, fn, { timeoutMs = 60000, intervalMs = 250 } = {}) {
  const start = Date.now();
  let last;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() - start > timeoutMs) {
      const detail = last instanceof Error ? last.message : JSON.stringify(last);
      throw new Error(`timed out after ${Math.round(timeoutMs / 1000)}s waiting for ${what} (last: ${detail})`);
    }
    await sleep(intervalMs);
  }
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export function copyDir(src, dst) {
  fs.cpSync(src, dst, { recursive: true });
}

// --- /proc --------------------------------------------------------------------------------------
export function procTable() {
  const out = new Map();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmdline = fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0').filter(Boolean);
      out.set(Number(d), { pid: Number(d), state: rest[0], ppid: Number(rest[1]), cmdline });
    } catch { /* gone */ }
  }
  return out;
}

export function descendants(rootPid, table = procTable()) {
  const kids = new Map();
  for (const p of table.values()) {
    if (!kids.has(p.ppid)) kids.set(p.ppid, []);
    kids.get(p.ppid).push(p);
  }
  const res = [];
  const stack = [rootPid];
  while (stack.length) {
    for (const c of kids.get(stack.pop()) || []) { res.push(c); stack.push(c.pid); }
  }
  return res;
}

export function ancestry(pid, table = procTable()) {
  const chain = [];
  let p = table.get(pid);
  while (p && chain.length < 64) { chain.push(p.pid); p = table.get(p.ppid); }
  return chain;
}

export function environOf(pid) {
  const res = {};
  for (const kv of fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0')) {
    if (!kv) continue;
    const i = kv.indexOf('=');
    res[kv.slice(0, i)] = kv.slice(i + 1);
  }
  return res;
}

export function alive(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/\) Z /.test(stat);
  } catch { return false; }
}

export function listFiles(dir) {
  const res = [];
  if (!fs.existsSync(dir)) return res;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) res.push(...listFiles(p)); else res.push(p);
  }
  return res;
}

export function tail(file, lines = 60) {
  try {
    const t = fs.readFileSync(file, 'utf8').split('\n');
    return t.slice(-lines).join('\n');
  } catch (e) { return `(cannot read ${file}: ${e.message})`; }
}

export function indent(s, pre = '    ') { return s.split('\n').map((l) => pre + l).join('\n'); }

// --- code-server --------------------------------------------------------------------------------
const NODE24 = env('GED_E2E_NODE24');
const CODE_SERVER = env('GED_E2E_CODE_SERVER');

// Noise off: no welcome page, no tips, no update or telemetry traffic.
export const BASE_USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'chat.disableAIFeatures': true,
  'window.commandCenter': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

// The isolated environment of code-server (and so of its extension host, the sidecar and gopls).
export function isolatedEnv({ home, goenvFile, markers, extra = {} }) {
  const pathDirs = [path.dirname(env('GED_E2E_GO')), path.dirname(env('GED_E2E_GOPLS_BIN')),
    '/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
  const PATH = [...new Set(pathDirs)].join(':');
  const user = os.userInfo().username;
  const e = {
    HOME: home, USER: user, LOGNAME: user, SHELL: '/bin/bash', PATH, LANG: 'C.UTF-8',
    TMPDIR: path.join(home, 'tmp'),
    XDG_CONFIG_HOME: path.join(home, '.config'), XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    GOENV: goenvFile, GOTOOLCHAIN: 'local',
    GED_E2E_MARKERS: markers,
    // Switches of the vscode-go stand-in (see README.md), passed through when set.
    GED_E2E_FAKE_GO_COPY: process.env.GED_E2E_FAKE_GO_COPY,
    GED_E2E_GOPLS: process.env.GED_E2E_GOPLS,
    ...extra,
  };
  for (const k of Object.keys(e)) if (e[k] === undefined || e[k] === null) delete e[k];
  fs.mkdirSync(e.TMPDIR, { recursive: true });
  // VS Code's server resolves the user's login-shell environment ($SHELL -ilc) for the extension
  // host; Debian's /etc/profile resets PATH, so the test user's profile sets it back, as a Go
  // developer's ~/.profile does.
  fs.writeFileSync(path.join(home, '.bash_profile'), `# written by test/e2e\nexport PATH="${PATH}"\n`);
  return e;
}

export function runCodeServerCli(args, { env: e, log }) {
  const r = spawnSync(NODE24, [CODE_SERVER, ...args], { env: e, encoding: 'utf8', timeout: 180000 });
  fs.appendFileSync(log, `$ code-server ${args.join(' ')}\n${r.stdout}${r.stderr}exit ${r.status}\n`);
  if (r.status !== 0) throw new Error(`code-server ${args.join(' ')} failed (exit ${r.status}): ${r.stdout}${r.stderr}`);
  return r.stdout;
}

export class CodeServer {
  // workspaceTrust: leave VS Code's Workspace Trust on (every other session starts with
  // --disable-workspace-trust: everything trusted). logLevel: VS Code's --log, e.g. 'trace' so
  // that trace-level output channels (the LSP trace) are written.
  constructor({ extensionsDir, userDataDir, folder, env: e, log, workspaceTrust = false, logLevel }) {
    Object.assign(this, { extensionsDir, userDataDir, folder, env: e, log, workspaceTrust, logLevel });
  }

  async start() {
    this.port = await freePort();
    const args = [CODE_SERVER, '--auth', 'none', '--bind-addr', `127.0.0.1:${this.port}`, '--disable-telemetry',
      '--disable-update-check', ...(this.workspaceTrust ? [] : ['--disable-workspace-trust']), '--extensions-dir', this.extensionsDir,
      '--user-data-dir', this.userDataDir, ...(this.logLevel ? ['--log', this.logLevel] : []), this.folder];
    const out = fs.openSync(this.log, 'a');
    this.proc = spawn(NODE24, args, { env: this.env, stdio: ['ignore', out, out], detached: true });
    fs.closeSync(out);
    this.pid = this.proc.pid;
    this.exited = null;
    this.proc.on('exit', (code, signal) => { this.exited = { code, signal }; });
    await waitFor(`code-server on port ${this.port} to answer /healthz`, async () => {
      if (this.exited) throw new Error(`code-server exited early: ${JSON.stringify(this.exited)}`);
      const r = await fetch(`http://127.0.0.1:${this.port}/healthz`).catch(() => null);
      return r && r.ok;
    }, { timeoutMs: 90000, intervalMs: 300 });
    this.url = `http://127.0.0.1:${this.port}/?folder=${encodeURIComponent(this.folder)}`;
    return this;
  }

  async stop() {
    if (!this.proc || this.exited) return;
    try { process.kill(-this.pid, 'SIGTERM'); } catch { /* gone */ }
    try {
      await waitFor('code-server to exit', () => this.exited, { timeoutMs: 10000, intervalMs: 100 });
    } catch {
      try { process.kill(-this.pid, 'SIGKILL'); } catch { /* gone */ }
    }
    // Whatever is left of the process group (gopls, the sidecar) goes too.
    for (const p of descendants(1)) {
      if (p.cmdline.some((a) => a.includes(this.userDataDir))) { try { process.kill(p.pid, 'SIGKILL'); } catch { /* gone */ } }
    }
    try { process.kill(-this.pid, 'SIGKILL'); } catch { /* gone */ }
  }
}

// --- the workbench ------------------------------------------------------------------------------
export async function openWorkbench(page, url) {
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 120000 });
  await waitFor('the workbench to render', () => page.locator('.monaco-workbench .part.statusbar').count(),
    { timeoutMs: 150000, intervalMs: 500 });
  await waitFor('the explorer to show the folder', () => page.locator('.explorer-folders-view .monaco-list-row').count(),
    { timeoutMs: 120000, intervalMs: 500 });
}

export async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 15000 });
  await input.fill(`>${title}`);
  // The row whose label is exactly the title: a fuzzy match ranks "Debug: Start Debugging"
  // above "Debug: Stop" for the input "Debug: Stop".
  const exact = new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  const row = page.locator('.quick-input-widget .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: exact }) }).first();
  await row.waitFor({ state: 'visible', timeout: 15000 });
  await row.click();
}

export async function quickOpen(page, query, file = query) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 15000 });
  await input.fill(query);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: file }).first().waitFor({ state: 'visible', timeout: 30000 });
  await page.keyboard.press('Enter');
  await waitFor(`an editor tab for ${file}`, () => page.locator(`.tabs-container .tab.active[aria-label*="${file}"]`).count(), { timeoutMs: 30000 });
  await waitFor(`the text of ${file} in the editor`, () => page.locator('.editor-group-container.active .monaco-editor .view-line').count(), { timeoutMs: 30000 });
}

export async function statusText(page, id) {
  const el = page.locator(`[id="${id}"]`);
  if (!(await el.count())) return null;
  return (await el.first().innerText()).trim();
}

export async function problemRows(page) {
  return page.locator('.markers-panel .monaco-list-row').evaluateAll((rows) => rows.map((r) => ({
    text: r.innerText, label: r.getAttribute('aria-label') || '', index: r.getAttribute('data-index'),
  })));
}

export async function openProblems(page) {
  if (await page.locator('.markers-panel').isVisible().catch(() => false)) return;
  await page.keyboard.press('Control+Shift+M');
  try {
    await waitFor('the Problems panel', () => page.locator('.markers-panel').isVisible(), { timeoutMs: 5000 });
  } catch {
    await runCommand(page, 'Problems: Focus on Problems View');
    await waitFor('the Problems panel', () => page.locator('.markers-panel').isVisible(), { timeoutMs: 15000 });
  }
}
