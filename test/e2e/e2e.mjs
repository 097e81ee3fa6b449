// End-to-end scenarios of Go Env Doctor in code-server (VS Code 1.139.1) driven by Playwright.
// Started by test/e2e/run.sh, which installs the tools and packages the VSIXs and passes their
// paths in GED_E2E_* variables. Usage: node e2e.mjs [scenario ...]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import {
  chromium, env, say, waitFor, sleep, copyDir, procTable, descendants, ancestry, environOf, alive,
  listFiles, tail, indent, isolatedEnv, runCodeServerCli, CodeServer, BASE_USER_SETTINGS,
  openWorkbench, runCommand, quickOpen, statusText, problemRows, openProblems, ROOT, WORK, ARTIFACTS, E2E_DIR,
} from './lib.mjs';

const STATUS_ID = 'go-env-doctor.go-env-doctor.goEnvDoctor.status';
const GOPROXY_LINE = 7; // of workspaces/override/.vscode/settings.json
const WS_DIR = path.join(E2E_DIR, 'workspaces');
const INPUTS = path.join(E2E_DIR, 'inputs');
const readInput = (f) => fs.readFileSync(path.join(INPUTS, f), 'utf8');

// --- sessions: one code-server + browser page each ------------------------------------------------
const PROBE_PROXY = 'http://127.0.0.1:9';
const WSL_SLOW_CACHE = '/mnt/c/Users/alice/go/pkg/mod';
const WSL_REMOTE_GOFLAGS = '-mod=mod';

const SESSIONS = {
  // timings: record when the status item first shows text (make bench reads timings.json).
  status: { workspace: 'status', userSettings: {}, goenv: '', timings: true },
  override: {
    workspace: 'override',
    userSettings: JSON.parse(readInput('override.user-settings.json')),
    goenv: readInput('override.go-env'),
  },
  sidecar: { workspace: 'status', userSettings: {}, goenv: '' },
  // The product's watchdog test knob (docs/EXTENSION.md): ping every 2 s, hung after 2 s.
  hung: { workspace: 'status', userSettings: {}, goenv: '', env: { GO_ENV_DOCTOR_WATCHDOG_MS: '2000' } },
  stale: { workspace: 'stale', userSettings: {}, goenv: '' },
  debug: { workspace: 'debug', userSettings: {}, goenv: '' },
  sticky: { workspace: 'stale', userSettings: {}, goenv: 'GOPROXY=https://goproxy.one.example.test,direct\n' },
  // Every context's GOPROXY is a loopback port nothing listens on (9, discard) and GOSUMDB is off:
  // the probe contacts nothing but loopback.
  probe: { workspace: 'stale', userSettings: {}, goenv: `GOPROXY=${PROBE_PROXY}\nGOSUMDB=off\n` },
  // Credentials everywhere they occur: a proxy URL in http.proxy, a token in GOPROXY and GOAUTH,
  // a secret in the environment, and the LSP trace log on.
  secrets: {
    workspace: 'stale',
    userSettings: { 'http.proxy': 'http://alice:canaryPwE2E@127.0.0.1:3128', 'goEnvDoctor.trace.server': 'verbose' },
    goenv: 'GOPROXY=https://bob:canaryTokE2E@proxy.example.test/mod,direct\nGOAUTH=command /bin/true --token=canaryAuthE2E\n',
    env: { GITHUB_TOKEN: 'canaryGhE2E', HTTPS_PROXY: 'http://canaryEnvE2E@127.0.0.1:3129' },
    logLevel: 'trace', // output channels at trace level: the LSP trace is written
  },
  // A WSL2 machine in NAT mode (test/fixtures/systems/wsl2-nat), read through
  // $GO_ENV_DOCTOR_ROOT: a module cache on /mnt/c in go/env, a Windows go/env with another
  // GOPROXY, a proxy on 127.0.0.1, and GOFLAGS in code-server's Remote (Machine) settings.
  wsl: {
    workspace: 'stale', userSettings: { 'http.proxy': 'http://127.0.0.1:7890' },
    goenv: `GOPROXY=https://proxy.golang.org,direct\nGOMODCACHE=${WSL_SLOW_CACHE}\n`,
    machineSettings: { 'go.toolsEnvVars': { GOFLAGS: WSL_REMOTE_GOFLAGS } },
    env: { GO_ENV_DOCTOR_ROOT: path.join(ROOT, 'test', 'fixtures', 'systems', 'wsl2-nat', 'root') },
  },
  // Workspace Trust on and the hostile workspace (workspaces/trust, see its README.md) not trusted:
  // the window is in Restricted Mode. prepareTrust starts the loopback server that records every
  // request and fills in the fixture; the environment would download a toolchain too
  // (GOTOOLCHAIN=auto, GOPROXY = that server).
  trust: {
    workspace: 'trust', goenv: '', workspaceTrust: true, prepare: prepareTrust,
    userSettings: { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' },
  },
};

// --- scenarios ---------------------------------------------------------------------------------
const SCENARIOS = [
  { name: 'status-bar', session: 'status', title: 'status bar shows the workspace GOPROXY', run: scenarioStatusBar },
  { name: 'quick-fix', session: 'override', title: 'Problems panel finding, quick fix from the panel keeps comments', run: scenarioQuickFix },
  { name: 'gopls-restart', session: 'override', title: 'fix restarts a real gopls with the new GOPROXY', run: scenarioGoplsRestart, after: 'quick-fix' },
  { name: 'sidecar-restart', session: 'sidecar', title: 'killed sidecar is restarted, status recovers', run: scenarioSidecarRestart },
  { name: 'sidecar-hung', session: 'hung', title: 'a hung (SIGSTOPped) sidecar is found by the watchdog, killed and replaced', run: scenarioSidecarHung },
  { name: 'stale-gopls', session: 'stale', title: 'http.proxy change: running gopls flagged stale, restart fix clears it', run: scenarioStaleGopls },
  { name: 'sticky-copy', session: 'sticky', title: 'go env -w after activation: the sticky extension-host copy is found, a window reload fixes it', run: scenarioStickyCopy },
  { name: 'probe', session: 'probe', title: 'Probe Network: a refused GOPROXY becomes a tcp-failure finding and a report section', run: scenarioProbe },
  { name: 'secrets', session: 'secrets', title: 'no credential in the status bar, its tooltip, the Problems panel, the report or the logs (LSP trace on)', run: scenarioSecrets },
  { name: 'wsl', session: 'wsl', title: 'a WSL2 fixture machine: WSL findings in the Problems panel, the wsl-slow-cache fix moves the module cache', run: scenarioWSL },
  { name: 'debug', session: 'debug', title: 'a dlv-dap debuggee started with launch.json env shows its running env in the report', run: scenarioDebug },
  { name: 'trust', session: 'trust', title: 'Restricted Mode: a hostile workspace runs nothing and downloads nothing; fixes outside it and Probe Network ask first', run: scenarioTrust },
];

async function scenarioStatusBar(s) {
  await quickOpen(s.page, 'main.go');
  await s.shot('main-go-open');
  const text = await waitFor(`status item #${STATUS_ID} to show goproxy.example.test,direct`, async () => {
    const t = await statusText(s.page, STATUS_ID);
    s.note.lastStatus = t;
    return t && t.includes('goproxy.example.test,direct') ? t : null;
  }, { timeoutMs: 120000, intervalMs: 500 });
  s.log(`status bar text: ${JSON.stringify(text)}`);
  const texts = await s.page.evaluate(() => window.__gedStatusTexts || []);
  await s.shot('status-bar');
  const tooltipTarget = s.page.locator(`[id="${STATUS_ID}"]`);
  await tooltipTarget.hover();
  const hover = s.page.locator('.monaco-hover, .workbench-hover').first();
  await hover.waitFor({ state: 'visible', timeout: 5000 }).catch(() => {});
  await s.shot('status-bar-hover');
  const tip = await hover.innerText().catch(() => '');
  const m = /(\d+) errors?, (\d+) warnings?, (\d+) infos?/.exec(tip);
  const cli = cliFindings(s);
  if (m && cli) {
    // The tooltip counts every finding, also those of running processes, which the CLI cannot
    // see (RUNTIME_CHECKS); this session changes nothing after start, so none is expected here.
    const n = (sev) => cli.filter((f) => f.severity === sev).length;
    const want = `${n('error')} errors, ${n('warning')} warnings, ${n('info')} infos`;
    const got = `${m[1]} errors, ${m[2]} warnings, ${m[3]} infos`;
    if (want !== got) mismatch(s, `the status tooltip counts ${got} but the CLI reports ${want} (${cli.map((f) => f.check).join(', ')}) for the same workspace, user settings and shell environment`);
    else s.log(`status tooltip counts equal the CLI's: ${got}`);
  }
  await writeTimings(s, texts);
}

// For make bench (docs/PERFORMANCE.md): from the start of the workbench load to the status item's
// first text (the starting spinner) and to its first result, and from the extension host's
// activation of the extension (its log line) to that result. Epoch milliseconds; Node, Chromium
// and code-server share this machine's clock.
async function writeTimings(s, texts) {
  const item = texts[0];
  const result = texts.find((t) => !t.spinning);
  const ms = (a, b) => (a && b ? b - a : null);
  // The extension host logs "ExtensionService#_doActivateExtension <id>" right before it calls
  // activate(). (The extension's own "activated" line carries the time its output channel wrote
  // it, which can be seconds later, so it is not used.)
  let activatedAt = null;
  let activatedSource = '';
  for (let tries = 0; activatedAt === null && tries < 10; tries++) { // the log is written in batches
    if (tries > 0) await sleep(500);
    for (const f of listFiles(path.join(s.data, 'logs')).filter((f) => /exthost\.log$/.test(f))) {
      const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3}) .*_doActivateExtension go-env-doctor\.go-env-doctor\b/m.exec(fs.readFileSync(f, 'utf8'));
      if (m) {
        activatedAt = new Date(`${m[1]}T${m[2]}`).getTime(); // local time, as the log writes it
        activatedSource = path.basename(f);
        break;
      }
    }
  }
  // The server stamps its own log lines (same clock): when `go-env-doctor lsp` started.
  let serverStartedAt = null;
  for (const f of listFiles(path.join(s.data, 'logs')).filter((f) => /Go Env Doctor\.log$/.test(f))) {
    const m = /^(\d{4}-\d\d-\d\d) .*\[server\] (\d\d:\d\d:\d\d\.\d{3}) go-env-doctor \S+ language server started/m.exec(fs.readFileSync(f, 'utf8'));
    if (m) serverStartedAt = new Date(`${m[1]}T${m[2]}`).getTime();
  }
  const t = {
    scenario: 'status-bar',
    workbenchLoadStartedAt: s.workbenchStartedAt,
    firstItemAt: item?.at ?? null, firstItemText: item?.text ?? '',
    firstStatusAt: result?.at ?? null, firstStatusText: result?.text ?? '',
    activatedAt, activatedSource, serverStartedAt,
    codeServerReadyMs: s.codeServerReadyMs,
    workbenchRenderedMs: s.workbenchRenderedMs,
    workbenchToFirstItemMs: ms(s.workbenchStartedAt, item?.at),
    workbenchToFirstStatusMs: ms(s.workbenchStartedAt, result?.at),
    activatedToFirstStatusMs: ms(activatedAt, result?.at),
    activatedToServerStartMs: ms(activatedAt, serverStartedAt),
    serverStartToFirstStatusMs: ms(serverStartedAt, result?.at),
    texts,
  };
  fs.writeFileSync(path.join(ARTIFACTS, 'timings.json'), JSON.stringify(t, null, 2) + '\n');
  s.log(`timings: workbench load → status item ${t.workbenchToFirstItemMs} ms, → first result ${t.workbenchToFirstStatusMs} ms; activation → first result ${t.activatedToFirstStatusMs} ms`);
}

async function scenarioQuickFix(s) {
  const settingsFile = path.join(s.ws, '.vscode', 'settings.json');
  const before = fs.readFileSync(settingsFile, 'utf8');
  const expected = readInput('override.settings.expected.json');
  // gopls of the stand-in has started with the workspace value (scenario gopls-restart needs it).
  s.note.goplsBefore = await waitFor('the stand-in vscode-go to start gopls (marker gopls.json)', () => {
    const m = s.marker();
    return m && m.reason === 'activation' && alive(m.pid) ? m : null;
  }, { timeoutMs: 120000, intervalMs: 500 });
  s.log(`gopls before the fix: pid ${s.note.goplsBefore.pid} GOPROXY=${s.note.goplsBefore.goproxy}`);
  await waitFor('the status item', () => statusText(s.page, STATUS_ID), { timeoutMs: 120000, intervalMs: 500 });
  // VS Code 1.139 computes a Problems row's quick fixes once, on the first hover, focus or
  // selection of the row, and keeps that answer until the file's markers change; when the file is
  // not open yet (clicking the row opens it) the answer comes back empty and the row's lightbulb
  // stays disabled. So open the file first, as a user looking at their settings does, and wait
  // until the editor offers the fix on the finding's line (its lightbulb), then use the panel.
  await quickOpen(s.page, '.vscode/settings.json', 'settings.json');
  await s.page.keyboard.press('Control+G');
  await s.page.keyboard.type(`${GOPROXY_LINE}:20`); // inside the GOPROXY value
  await s.page.keyboard.press('Enter');
  await waitFor(`the editor's lightbulb on line ${GOPROXY_LINE} (the product offers fixes there)`,
    () => s.page.locator('.monaco-editor .lightBulbWidget').first().isVisible(), { timeoutMs: 120000, intervalMs: 500 });
  await s.shot('settings-editor-lightbulb');
  await s.page.mouse.move(5, 5);
  await openProblems(s.page);
  const rowSel = () => s.page.locator('.markers-panel .monaco-list-row', { hasText: 'workspace-overrides-user' });
  await waitFor('a Problems row with code workspace-overrides-user', () => rowSel().count(), { timeoutMs: 120000, intervalMs: 500 });
  const rows = await problemRows(s.page);
  s.log(`Problems rows:\n${indent(rows.map((r) => JSON.stringify(r.text)).join('\n'))}`);
  compareWithCli(s, rows);
  const row = rows.find((r) => r.text.includes('workspace-overrides-user'));
  for (const want of ['go-env-doctor', 'workspace-overrides-user', 'go.toolsEnvVars.GOPROXY']) {
    if (!row.text.includes(want)) throw new Error(`the Problems row does not show ${JSON.stringify(want)}: ${JSON.stringify(row.text)}`);
  }
  await s.shot('problems-finding');

  s.note.fixAppliedAt = Date.now();
  const how = await applyQuickFixFromProblems(s, rowSel, /remove go\.toolsEnvVars\.GOPROXY/i);
  s.log(`quick fix applied through: ${how}`);
  await s.shot('fix-applied');

  // The edit lands on disk (the product saves what the fix touched).
  const after = await waitFor('settings.json on disk to change', () => {
    const t = fs.readFileSync(settingsFile, 'utf8');
    return t !== before ? t : null;
  }, { timeoutMs: 30000, intervalMs: 250 });
  fs.writeFileSync(path.join(ARTIFACTS, 'quick-fix-settings.after.json'), after);
  if (after !== expected) {
    throw new Error(`settings.json after the fix differs from inputs/override.settings.expected.json:\n${diff(expected, after)}`);
  }
  for (const c of jsoncComments(before)) {
    if (!after.includes(c)) throw new Error(`comment lost by the fix: ${c}`);
  }
  s.log('settings.json equals the expected text; every comment kept');

  await waitFor('the workspace-overrides-user row to leave the Problems panel', async () => (await rowSel().count()) === 0,
    { timeoutMs: 60000, intervalMs: 500 });
  const left = await problemRows(s.page);
  s.log(`Problems rows after the fix:\n${indent(left.map((r) => JSON.stringify(r.text)).join('\n') || '(none)')}`);
  await s.shot('finding-gone');
}

async function scenarioGoplsRestart(s) {
  const before = s.note.goplsBefore;
  const want = 'https://goproxy.user.example.test,direct';
  const history = () => s.history().filter((h) => Date.parse(h.startedAt) >= s.note.fixAppliedAt - 1000);
  // The product's afterFix calls go.languageserver.restart (reason 'manual' or its own); the
  // stand-in's own config listener restarts with reason 'config change' (as vscode-go does).
  const byCommand = await waitFor('a gopls start through go.languageserver.restart from the product', () => {
    return history().find((h) => h.reason !== 'config change' && h.reason !== 'activation');
  }, { timeoutMs: 60000, intervalMs: 250 });
  s.log(`go.languageserver.restart was called (reason ${JSON.stringify(byCommand.reason)})`);
  const now = await waitFor(`the current gopls to run with GOPROXY=${want}`, () => {
    const m = s.marker();
    if (!m || m.pid === before.pid || !alive(m.pid)) return null;
    const e = environOf(m.pid);
    return e.GOPROXY === want ? { ...m, environGOPROXY: e.GOPROXY } : null;
  }, { timeoutMs: 60000, intervalMs: 250 });
  const t = procTable();
  const cmd = t.get(now.pid) ? t.get(now.pid).cmdline.join(' ') : '?';
  if (!/gopls/.test(cmd)) throw new Error(`pid ${now.pid} is not gopls: ${cmd}`);
  if (!ancestry(now.pid, t).includes(s.cs.pid)) throw new Error(`gopls pid ${now.pid} is not under code-server ${s.cs.pid}`);
  if (alive(before.pid)) throw new Error(`the old gopls pid ${before.pid} still runs`);
  s.log(`gopls pid ${before.pid} (GOPROXY=${before.goproxy}) -> pid ${now.pid} (${cmd}), /proc/${now.pid}/environ GOPROXY=${now.environGOPROXY}`);
  const starts = history();
  s.log(`gopls starts since the fix (pid, reason, GOPROXY): ${JSON.stringify(starts.map((h) => [h.pid, h.reason, h.goproxy]))}`);
  const own = starts.filter((h) => h.reason !== 'config change' && h.reason !== 'activation');
  if (own.length && own.every((h) => h.goproxy !== want)) {
    mismatch(s, `the gopls restart the product asked for (go.languageserver.restart, reason ${JSON.stringify(own[0].reason)}) ran with the OLD GOPROXY=${own[0].goproxy}: it came before VS Code had reloaded the saved settings; the right gopls only came from vscode-go's own restart on the go.toolsEnvVars change`);
  }
  await s.shot('after-gopls-restart');
}

async function scenarioSidecarRestart(s) {
  await quickOpen(s.page, 'main.go');
  await waitFor('the status item to show the GOPROXY', async () => {
    const t = await statusText(s.page, STATUS_ID);
    return t && t.includes('goproxy.example.test,direct');
  }, { timeoutMs: 120000, intervalMs: 500 });
  await s.shot('before-kill');
  const sidecars = () => sidecarProcesses(s);
  const first = await waitFor('the sidecar process (go-env-doctor lsp) under code-server', () => {
    const l = sidecars();
    return l.length === 1 ? l[0] : null;
  }, { timeoutMs: 30000 });
  s.log(`sidecar pid ${first.pid}: ${first.cmdline.join(' ')}`);
  // Record every text the status item shows from now on (the restart can take well under the
  // polling interval), so the recovery is shown to come from a new server, not a stale text.
  await recordStatusTexts(s);
  process.kill(first.pid, 'SIGKILL');
  const killedAt = Date.now();
  s.log(`sent SIGKILL to ${first.pid}`);
  // Catch the new server as soon as it exists and hold it (SIGSTOP) for a screenshot of the
  // intermediate state, then let it go on (SIGCONT): a slow start made visible, nothing else.
  let second = null;
  while (!second && Date.now() - killedAt < 60000) {
    const l = sidecars().filter((p) => p.pid !== first.pid);
    if (l.length) second = l[0]; else await sleep(5);
  }
  if (!second) throw new Error('timed out after 60s waiting for a new sidecar process');
  try {
    process.kill(second.pid, 'SIGSTOP');
    s.log(`new sidecar pid ${second.pid} appeared after ${Date.now() - killedAt} ms; held with SIGSTOP for a screenshot; status now ${JSON.stringify(await statusText(s.page, STATUS_ID))}`);
    await s.shot('intermediate-new-server-held');
  } finally {
    process.kill(second.pid, 'SIGCONT');
  }
  s.log(`new sidecar pid ${second.pid} after ${((Date.now() - killedAt) / 1000).toFixed(1)}s`);
  const text = await waitFor('the status item to show the GOPROXY again', async () => {
    const t = await statusText(s.page, STATUS_ID);
    const seen = await s.page.evaluate(() => window.__gedStatusTexts);
    const went = seen.findIndex((e) => !e.text || !e.text.includes('goproxy.example.test,direct'));
    return went >= 0 && seen.slice(went).some((e) => e.text && e.text.includes('goproxy.example.test,direct'))
      && t && t.includes('goproxy.example.test,direct') ? t : null;
  }, { timeoutMs: 60000, intervalMs: 250 }).catch(async (e) => {
    const seen = await s.page.evaluate(() => window.__gedStatusTexts).catch(() => []);
    throw new Error(`${e.message}; status texts since the kill: ${JSON.stringify(seen.map((x) => [x.at - killedAt, x.text]))}`);
  });
  const seen = await s.page.evaluate(() => window.__gedStatusTexts);
  s.log(`status recovered: ${JSON.stringify(text)}; status texts since the kill (ms, text): ${JSON.stringify(seen.map((x) => [x.at - killedAt, x.text]))}`);
  if (alive(first.pid)) throw new Error(`killed sidecar ${first.pid} still alive`);
  await s.shot('recovered');
}

// Records every text the status item shows from now on in window.__gedStatusTexts: a restart
// can show "restarting" for well under a polling interval.
async function recordStatusTexts(s) {
  await s.page.evaluate((id) => {
    const seen = [];
    window.__gedStatusTexts = seen;
    const read = () => {
      const el = document.getElementById(id);
      const t = el ? el.innerText.trim() : null;
      if (seen.length === 0 || seen[seen.length - 1].text !== t) seen.push({ at: Date.now(), text: t });
    };
    read();
    new MutationObserver(read).observe(document.querySelector('.part.statusbar'), { subtree: true, childList: true, characterData: true, attributes: true });
  }, STATUS_ID);
}

// The go-env-doctor lsp processes under the session's code-server, zombies left out.
function sidecarProcesses(s) {
  return descendants(s.cs.pid).filter((p) => p.state !== 'Z'
    && p.cmdline.some((a) => /go-env-doctor/.test(path.basename(a))) && p.cmdline.includes('lsp'));
}

// A sidecar that hangs after it started (SIGSTOP: it neither answers nor exits, so nothing but a
// liveness check can tell) is found by the product's watchdog, killed and replaced.
async function scenarioSidecarHung(s) {
  const want = 'goproxy.example.test,direct';
  await quickOpen(s.page, 'main.go');
  await waitFor('the status item to show the GOPROXY', async () => (await statusText(s.page, STATUS_ID))?.includes(want),
    { timeoutMs: 120000, intervalMs: 500 });
  const first = await waitFor('the sidecar process (go-env-doctor lsp) under code-server', () => {
    const l = sidecarProcesses(s);
    return l.length === 1 ? l[0] : null;
  }, { timeoutMs: 30000 });
  // Every text the status item shows from now on: "restarting" may last about a second.
  await recordStatusTexts(s);
  process.kill(first.pid, 'SIGSTOP');
  const stoppedAt = Date.now();
  const since = (at) => `${((at - stoppedAt) / 1000).toFixed(1)}s`;
  s.log(`sent SIGSTOP to sidecar ${first.pid}`);
  await s.shot('stopped');
  const second = await waitFor('a new sidecar process', () => sidecarProcesses(s).find((p) => p.pid !== first.pid),
    { timeoutMs: 60000, intervalMs: 50 });
  const secondAt = Date.now();
  // The product kills the old process and waits for it to be reaped before it starts the new one:
  // gone from /proc altogether, neither a stopped orphan nor a zombie.
  if (fs.existsSync(`/proc/${first.pid}`)) {
    throw new Error(`the hung sidecar ${first.pid} is still in /proc (state ${procTable().get(first.pid)?.state}) after the new one ${second.pid} started`);
  }
  const seenTexts = () => s.page.evaluate(() => window.__gedStatusTexts);
  const back = await waitFor('the status item to go through "restarting" and show the GOPROXY again', async () => {
    const seen = await seenTexts();
    const r = seen.findIndex((e) => e.text && /restarting/.test(e.text));
    const b = r >= 0 ? seen.slice(r).find((e) => e.text && e.text.includes(want)) : undefined;
    return b && (await statusText(s.page, STATUS_ID))?.includes(want) ? { restarting: seen[r], back: b } : null;
  }, { timeoutMs: 60000, intervalMs: 250 }).catch(async (e) => {
    const seen = await seenTexts().catch(() => []);
    throw new Error(`${e.message}; status texts since the SIGSTOP: ${JSON.stringify(seen.map((x) => [x.at - stoppedAt, x.text]))}`);
  });
  await s.shot('recovered');
  // The status came from the new server: it is the only sidecar, and it runs.
  const now = sidecarProcesses(s);
  if (now.length !== 1 || now[0].pid !== second.pid || now[0].state === 'T') {
    throw new Error(`expected only the new sidecar ${second.pid} running, found ${JSON.stringify(now.map((p) => [p.pid, p.state]))}`);
  }
  const logLine = await waitFor('the extension log to name the hung sidecar and its kill', () => {
    const f = listFiles(path.join(s.data, 'logs')).find((x) => x.endsWith(path.join('go-env-doctor.go-env-doctor', 'Go Env Doctor.log')));
    const text = f ? fs.readFileSync(f, 'utf8') : '';
    const hung = text.split('\n').find((l) => l.includes(`(pid ${first.pid}) is hung`));
    return hung && text.includes(`Server process ${first.pid} killed`) ? hung.trim() : null;
  }, { timeoutMs: 15000 });
  s.log(`log: ${logLine}`);
  const seen = await seenTexts();
  s.log(`hang noticed ("restarting") ${since(back.restarting.at)} after the SIGSTOP; new sidecar pid ${second.pid} after ${since(secondAt)}; `
    + `GOPROXY back after ${since(back.back.at)}; status texts (ms, text): ${JSON.stringify(seen.map((x) => [x.at - stoppedAt, x.text]))}`);
}

// http.proxy reaches gopls only when gopls starts (vscode-go copies it into HTTP(S)_PROXY of the
// tool environment and does not restart gopls when it changes), so changing it in the user
// settings leaves the running gopls with the old value: the server reads gopls's environment from
// /proc and reports gopls-stale-env until gopls is restarted.
const PROXY = 'http://127.0.0.1:3128'; // loopback; nothing is contacted

async function scenarioStaleGopls(s) {
  const userSettings = path.join(s.data, 'User', 'settings.json');
  await quickOpen(s.page, 'main.go');
  const first = await waitFor('the stand-in vscode-go to start gopls (marker gopls.json)', () => {
    const m = s.marker();
    return m && m.reason === 'activation' && alive(m.pid) ? m : null;
  }, { timeoutMs: 120000, intervalMs: 500 });
  const env0 = environOf(first.pid);
  if (env0.HTTPS_PROXY || env0.https_proxy) throw new Error(`gopls pid ${first.pid} already has a proxy: ${env0.HTTPS_PROXY || env0.https_proxy}`);
  const status0 = await waitFor('the status item to show the GOPROXY', async () => {
    const t = await statusText(s.page, STATUS_ID);
    return t && t.includes('proxy.golang.org') ? t : null;
  }, { timeoutMs: 120000, intervalMs: 500 });
  const bg0 = await statusLook(s);
  s.log(`gopls pid ${first.pid} (no HTTPS_PROXY); status ${JSON.stringify(status0)}, background ${JSON.stringify(bg0)}`);
  await s.shot('before-change');

  // 2. The user sets http.proxy in the user settings, as in the Settings UI: VS Code writes the
  // file and updates its configuration (the stand-in's test command calls
  // getConfiguration('http').update('proxy', …, Global); an external write of the file depends on
  // code-server's file watcher, which missed writes on a busy CI machine).
  const before = fs.readFileSync(userSettings, 'utf8');
  fs.writeFileSync(path.join(s.markers, 'setting-request.json'), JSON.stringify({ section: 'http', key: 'proxy', value: PROXY }));
  await runCommand(s.page, 'E2E: Apply Setting Request');
  const changedAt = Date.now();
  await waitFor('VS Code to have the new http.proxy (the stand-in reports configuration changes)',
    () => s.configMarker()?.httpProxy === PROXY, { timeoutMs: 20000, intervalMs: 250 });
  await waitFor('VS Code to write http.proxy into the user settings file', () => {
    const t = fs.readFileSync(userSettings, 'utf8');
    return t !== before && t.includes(PROXY);
  }, { timeoutMs: 20000, intervalMs: 250 });
  s.log(`"http.proxy": ${JSON.stringify(PROXY)} set through VS Code's configuration API; ${userSettings} written ${((Date.now() - changedAt) / 1000).toFixed(1)}s later`);

  // 3. The finding, located on the http.proxy line of the user settings.
  await openProblems(s.page);
  const rowSel = () => s.page.locator('.markers-panel .monaco-list-row', { hasText: 'gopls-stale-env' }).filter({ hasText: 'HTTPS_PROXY' });
  const row = await waitFor('a Problems row with code gopls-stale-env naming HTTPS_PROXY', async () => {
    const r = (await problemRows(s.page)).find((x) => x.text.includes('\ngopls-stale-env') && x.text.includes('HTTPS_PROXY'));
    return r && r.text.includes(PROXY) ? r : null;
  }, { timeoutMs: 60000, intervalMs: 250 });
  s.log(`finding shown ${((Date.now() - changedAt) / 1000).toFixed(1)}s after the settings change`);
  const rows = await problemRows(s.page);
  s.log(`Problems rows:\n${indent(rows.map((r) => JSON.stringify(r.text)).join('\n'))}`);
  compareWithCli(s, rows);
  for (const want of ['no HTTPS_PROXY', `HTTPS_PROXY=${PROXY}`, 'go-env-doctor', 'http.proxy (user settings)']) {
    if (!row.text.includes(want)) throw new Error(`the gopls-stale-env row does not show ${JSON.stringify(want)}: ${JSON.stringify(row.text)}`);
  }
  // The PID named must be the gopls the stand-in started, not the copy of itself gopls v0.23
  // runs as x/telemetry's crash monitor (same environment, a child of the server).
  const named = Number(/gopls \(PID (\d+)\)/.exec(row.text)?.[1]);
  if (named !== first.pid) {
    const tree = procTable();
    throw new Error(`the gopls-stale-env row names PID ${named} [${tree.get(named)?.cmdline.join(' ')}], not the stand-in's gopls ${first.pid}: ${JSON.stringify(row.text)}`);
  }
  if (s.marker().pid !== first.pid || !alive(first.pid)) throw new Error(`gopls restarted by itself on the http.proxy change (vscode-go does not): ${JSON.stringify(s.marker())}`);
  await s.shot('problems-stale');
  const bgStale = await waitFor('the status item to have the warning background', async () => {
    const l = await statusLook(s);
    return l.warning ? l : null;
  }, { timeoutMs: 20000, intervalMs: 250 });
  const tip = await statusTooltip(s);
  s.log(`status while stale: ${JSON.stringify(bgStale)}; tooltip:\n${indent(tip)}`);
  if (!tip.includes(`gopls (PID ${named}) still runs with an old`)) throw new Error(`the status tooltip does not say gopls (PID ${named}) still runs with an old value: ${JSON.stringify(tip)}`);
  await s.shot('status-warning-tooltip');
  await s.page.mouse.move(700, 400);

  // 4. The preferred fix from the Problems row. The row's fixes are computed only for a file that
  // is open (see applyQuickFixFromProblems), so open the user settings file first, by its path.
  await quickOpen(s.page, userSettings, 'settings.json');
  await s.page.mouse.move(5, 5);
  const how = await applyQuickFixFromProblems(s, rowSel, /^restart gopls/i);
  s.log(`quick fix applied through: ${how}`);
  const fixedAt = Date.now();
  await s.shot('fix-applied');

  // 5. A new gopls with the proxy; the finding and the warning go away.
  const now = await waitFor(`a new gopls with HTTPS_PROXY=${PROXY} in /proc/<pid>/environ`, () => {
    const m = s.marker();
    if (!m || m.pid === first.pid || !alive(m.pid)) return null;
    const e = environOf(m.pid);
    return e.HTTPS_PROXY === PROXY ? { ...m, env: e } : null;
  }, { timeoutMs: 30000, intervalMs: 250 });
  const t = procTable();
  if (!ancestry(now.pid, t).includes(s.cs.pid)) throw new Error(`gopls pid ${now.pid} is not under code-server ${s.cs.pid}`);
  if (alive(first.pid)) throw new Error(`the old gopls pid ${first.pid} still runs`);
  for (const k of ['HTTP_PROXY', 'http_proxy', 'https_proxy']) {
    if (now.env[k] !== PROXY) throw new Error(`new gopls pid ${now.pid}: ${k}=${now.env[k]}, want ${PROXY} (vscode-go copies http.proxy into it)`);
  }
  s.log(`gopls pid ${first.pid} -> ${now.pid} (reason ${JSON.stringify(now.reason)}), /proc/${now.pid}/environ HTTPS_PROXY=${now.env.HTTPS_PROXY}`);
  // The server polls the processes every 3 s; then one diagnosis and a publish.
  await waitFor('the gopls-stale-env rows to leave the Problems panel', async () =>
    (await s.page.locator('.markers-panel .monaco-list-row', { hasText: 'gopls-stale-env' }).count()) === 0,
  { timeoutMs: 15000, intervalMs: 250 });
  s.log(`finding gone ${((Date.now() - fixedAt) / 1000).toFixed(1)}s after the fix`);
  // http.proxy itself leaves lasting warnings (context-divergence: terminals get no proxy;
  // http-proxy-setting), so the background stays the warning one if any warning is left; what
  // must go is the stale-process line. The background must then match the remaining findings.
  const bgAfter = await waitFor('the status tooltip without the stale gopls line', async () => {
    const tipNow = await statusTooltip(s);
    return tipNow && !tipNow.includes('still runs with an old') ? { ...(await statusLook(s)), tip: tipNow } : null;
  }, { timeoutMs: 15000, intervalMs: 500 });
  const counts = /(\d+) errors?, (\d+) warnings?, (\d+) infos?/.exec(bgAfter.tip);
  if (!counts) throw new Error(`no counts in the status tooltip: ${JSON.stringify(bgAfter.tip)}`);
  s.log(`status tooltip after the restart:\n${indent(bgAfter.tip)}`);
  const wantWarning = Number(counts[1]) === 0 && Number(counts[2]) > 0;
  if (bgAfter.warning !== wantWarning || bgAfter.error) {
    throw new Error(`status background warning=${bgAfter.warning} error=${bgAfter.error}, but the tooltip counts ${counts[0]}`);
  }
  delete bgAfter.tip;
  s.log(`status after the restart: ${JSON.stringify(bgAfter)}`);
  await s.page.mouse.move(700, 400);
  compareWithCli(s, await problemRows(s.page));
  await s.shot('after-restart');

  // 6. The report shows the new gopls's running value, read from its environment, unmarked.
  const frame = await openReport(s);
  const rep = await waitFor(`the report to show gopls PID ${now.pid} running with HTTPS_PROXY=${PROXY}`,
    () => reportProcessCell(frame, 'gopls', now.pid, 'HTTPS_PROXY'), { timeoutMs: 20000, intervalMs: 500 });
  s.log(`report, gopls HTTPS_PROXY: ${JSON.stringify(rep)}`);
  if (rep.running.text !== PROXY || rep.running.differs || !rep.running.title.includes(`/proc/${now.pid}/environ`)) {
    throw new Error(`the report's running HTTPS_PROXY of gopls: ${JSON.stringify(rep.running)}, want ${PROXY} from /proc/${now.pid}/environ, unmarked`);
  }
  if (rep.intended.text !== PROXY || !rep.intended.title.includes('http.proxy')) throw new Error(`the report's intended HTTPS_PROXY of gopls: ${JSON.stringify(rep.intended)}`);
  await s.shot('report-after-restart');
}

// The session's go/env file says one GOPROXY when the window opens; the stand-in copies it into the
// extension host (vscode-go's activation copy). `go env -w` then writes another: gopls, even when
// restarted, keeps the copy, and only a window reload helps.
const STICKY_ONE = 'https://goproxy.one.example.test,direct';
const STICKY_TWO = 'https://goproxy.two.example.test,direct';

async function scenarioStickyCopy(s) {
  const goenvFile = s.env.GOENV;
  await quickOpen(s.page, 'main.go');
  const first = await waitFor('the stand-in vscode-go to start gopls (marker gopls.json)', () => {
    const m = s.marker();
    return m && m.reason === 'activation' && alive(m.pid) ? m : null;
  }, { timeoutMs: 120000, intervalMs: 500 });
  const env0 = environOf(first.pid);
  if (env0.GOPROXY !== STICKY_ONE) throw new Error(`gopls pid ${first.pid} runs with GOPROXY=${env0.GOPROXY}, want the activation copy ${STICKY_ONE}`);
  await waitFor('the status item to show goproxy.one', async () => ((await statusText(s.page, STATUS_ID)) || '').includes('goproxy.one.example.test'), { timeoutMs: 120000, intervalMs: 500 });
  s.log(`gopls pid ${first.pid} runs with the activation copy GOPROXY=${env0.GOPROXY}`);
  await s.shot('before-go-env-w');

  // 1. The user runs go env -w in a shell, as the go command's docs say.
  const r = spawnSync(env('GED_E2E_GO'), ['env', '-w', `GOPROXY=${STICKY_TWO}`], { env: s.env, cwd: s.home, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`go env -w failed: ${r.stderr}`);
  const changedAt = Date.now();
  s.log(`go env -w GOPROXY=${STICKY_TWO} (GOENV=${goenvFile}): ${JSON.stringify(fs.readFileSync(goenvFile, 'utf8'))}`);

  // 2. The finding, on the GOPROXY line of the go/env file, naming the held copy and the new value.
  await openProblems(s.page);
  const rowSel = () => s.page.locator('.markers-panel .monaco-list-row', { hasText: 'sticky-extension-env' });
  const row = await waitFor('a Problems row with code sticky-extension-env', async () =>
    (await problemRows(s.page)).find((x) => x.text.includes('\nsticky-extension-env')), { timeoutMs: 30000, intervalMs: 250 });
  s.log(`finding shown ${((Date.now() - changedAt) / 1000).toFixed(1)}s after go env -w`);
  for (const want of [`GOPROXY=${STICKY_ONE}`, STICKY_TWO, 'reload the window']) {
    if (!row.text.includes(want)) throw new Error(`the sticky-extension-env row does not say ${JSON.stringify(want)}: ${JSON.stringify(row.text)}`);
  }
  const rows = await problemRows(s.page);
  s.log(`Problems rows:\n${indent(rows.map((x) => JSON.stringify(x.text)).join('\n'))}`);
  if (rows.some((x) => x.text.includes('\ngopls-stale-env'))) throw new Error('gopls-stale-env shown: gopls would get the held copy again, a restart cannot help');
  compareWithCli(s, rows);
  await s.shot('problems-sticky');

  // 3. The preferred fix from the Problems row (the go/env file open first, see
  // applyQuickFixFromProblems), confirmed in VS Code's modal dialog.
  await quickOpen(s.page, goenvFile, 'env');
  await s.page.mouse.move(5, 5);
  const how = await applyQuickFixFromProblems(s, rowSel, /^reload the window/i);
  s.log(`quick fix applied through: ${how}`);
  const button = s.page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Reload Window' }).first();
  await button.waitFor({ state: 'visible', timeout: 15000 });
  await s.shot('reload-dialog');
  await button.click();

  // 4. The window reloads: a new extension host, a new activation copy, a new gopls.
  const now = await waitFor(`a gopls of the reloaded window with GOPROXY=${STICKY_TWO} in /proc/<pid>/environ`, () => {
    const m = s.marker();
    if (!m || m.pid === first.pid || m.reason !== 'activation' || !alive(m.pid)) return null;
    const e = environOf(m.pid);
    return e.GOPROXY === STICKY_TWO ? m : null;
  }, { timeoutMs: 90000, intervalMs: 500 });
  s.log(`gopls pid ${first.pid} -> ${now.pid} after the reload, /proc/${now.pid}/environ GOPROXY=${STICKY_TWO}`);
  await waitFor('the workbench after the reload', () => s.page.locator('.monaco-workbench .part.statusbar').count(), { timeoutMs: 60000, intervalMs: 500 });
  await waitFor('the status item to show goproxy.two', async () => ((await statusText(s.page, STATUS_ID)) || '').includes('goproxy.two.example.test'), { timeoutMs: 60000, intervalMs: 500 });
  await openProblems(s.page);
  await waitFor('the Problems panel without sticky-extension-env', async () => (await rowSel().count()) === 0, { timeoutMs: 20000, intervalMs: 500 });
  compareWithCli(s, await problemRows(s.page));
  await s.shot('after-reload');

  // 5. The report: gopls's running GOPROXY is the new one, unmarked.
  const frame = await openReport(s);
  const rep = await waitFor(`the report to show gopls PID ${now.pid} running with GOPROXY=${STICKY_TWO}`,
    () => reportProcessCell(frame, 'gopls', now.pid, 'GOPROXY'), { timeoutMs: 20000, intervalMs: 500 });
  s.log(`report, gopls GOPROXY: ${JSON.stringify(rep)}`);
  if (rep.running.text !== STICKY_TWO || rep.running.differs || rep.intended.text !== STICKY_TWO) {
    throw new Error(`the report's gopls GOPROXY: ${JSON.stringify(rep)}, want ${STICKY_TWO} intended and running`);
  }
  await s.shot('report-after-reload');
}

async function scenarioProbe(s) {
  await quickOpen(s.page, 'main.go');
  await waitFor('the status item to show the loopback GOPROXY', async () => ((await statusText(s.page, STATUS_ID)) || '').includes('127.0.0.1:9'), { timeoutMs: 120000, intervalMs: 500 });
  await runCommand(s.page, 'Go Env Doctor: Probe Network');
  const startedAt = Date.now();
  const toast = await waitFor('the probe notification', async () => {
    const texts = await s.page.locator('.notifications-toasts .notification-toast').allInnerTexts();
    return texts.find((x) => /targets fail in a way that breaks module downloads/.test(x)) || null;
  }, { timeoutMs: 60000, intervalMs: 250 });
  s.log(`probe done in ${((Date.now() - startedAt) / 1000).toFixed(1)}s: ${JSON.stringify(toast)}`);
  await s.shot('probe-notification');
  s.note.probed = true;

  await openProblems(s.page);
  const row = await waitFor('a Problems row with code tcp-failure', async () =>
    (await problemRows(s.page)).find((x) => x.text.includes('\ntcp-failure')), { timeoutMs: 20000, intervalMs: 250 });
  for (const want of ['127.0.0.1:9', 'connection refused', 'Nothing listens there']) {
    if (!row.text.includes(want)) throw new Error(`the tcp-failure row does not say ${JSON.stringify(want)}: ${JSON.stringify(row.text)}`);
  }
  compareWithCli(s, await problemRows(s.page));
  await s.shot('problems-tcp-failure');

  const frame = await openReport(s);
  const net = await waitFor('the report\'s Network section with the failed target', async () => {
    const text = await frame.locator('main#root').innerText().catch(() => '');
    return /Module proxy: fails/.test(text) && text.includes('127.0.0.1:9') && text.includes('tcp-failure') ? text : null;
  }, { timeoutMs: 20000, intervalMs: 500 });
  s.log(`report network section:\n${indent(net.slice(net.indexOf('Network')).split('\n').slice(0, 12).join('\n'))}`);
  await s.shot('report-network');
}

async function scenarioSecrets(s) {
  const leak = (text) => { const m = /canary\w*/i.exec(text || ''); return m ? m[0] : null; };
  const check = (where, text) => {
    const l = leak(text);
    if (l) throw new Error(`${where} shows the planted credential ${l}: ${JSON.stringify(text.slice(Math.max(0, text.indexOf(l) - 80), text.indexOf(l) + 40))}`);
  };
  await quickOpen(s.page, 'main.go');
  await waitFor('the status item', () => statusText(s.page, STATUS_ID), { timeoutMs: 120000, intervalMs: 500 });
  await openProblems(s.page);
  const rows = await waitFor('Problems rows naming the proxy and credentials findings', async () => {
    const r = await problemRows(s.page);
    return problemCodes(r).includes('credentials-in-url') ? r : null;
  }, { timeoutMs: 60000, intervalMs: 500 });
  s.log(`${rows.length} Problems rows, codes ${JSON.stringify(problemCodes(rows))}`);
  check('the Problems panel', rows.map((r) => r.text).join('\n'));
  check('the status item', await statusText(s.page, STATUS_ID));
  const tooltip = await statusTooltip(s);
  if (!tooltip.includes('***')) throw new Error(`the status tooltip shows no masked value: ${JSON.stringify(tooltip.slice(0, 400))}`);
  check('the status tooltip', tooltip);
  const frame = await openReport(s);
  const report = await waitFor('the report', async () => {
    const t = await frame.locator('main#root').innerText().catch(() => '');
    return t.includes('GOPROXY') ? t : null;
  }, { timeoutMs: 20000, intervalMs: 500 });
  const titles = await frame.locator('main#root [title]').evaluateAll((els) => els.map((e) => e.title).join('\n'));
  check('the report', report);
  check('the report\'s hover origins', titles);
  await s.shot('secrets-report');
  // The logs of this window: the extension's, the sidecar's and the LSP trace (every message).
  const logs = listFiles(path.join(s.data, 'logs')).filter((f) => /Go Env Doctor/.test(f));
  const trace = logs.find((f) => /LSP trace/.test(f));
  if (!trace || !fs.readFileSync(trace, 'utf8').includes('goEnvDoctor/didChangeEditorState')) {
    throw new Error(`no LSP trace log with the editor state among ${JSON.stringify(logs)}`);
  }
  for (const f of logs) check(`the log ${path.relative(s.data, f)}`, fs.readFileSync(f, 'utf8'));
  s.log(`no credential in the Problems panel, status item and tooltip, the report (text and hover origins) or ${logs.length} log files (${logs.map((f) => path.basename(f)).join(', ')}; trace ${fs.statSync(trace).size} bytes)`);
}

async function scenarioWSL(s) {
  await quickOpen(s.page, 'main.go');
  await waitFor('the status item', () => statusText(s.page, STATUS_ID), { timeoutMs: 120000, intervalMs: 500 });
  await openProblems(s.page);
  const want = ['wsl-localhost-proxy', 'wsl-slow-cache', 'wsl-windows-goenv'];
  const rows = await waitFor(`Problems rows with codes ${want.join(', ')}`, async () => {
    const r = await problemRows(s.page);
    const codes = problemCodes(r);
    return want.every((c) => codes.includes(c)) ? r : null;
  }, { timeoutMs: 120000, intervalMs: 500 });
  s.log(`Problems rows:\n${indent(rows.map((r) => JSON.stringify(r.text)).join('\n'))}`);
  const proxyRow = rows.find((r) => r.text.includes('\nwsl-localhost-proxy'));
  for (const w of ['127.0.0.1:7890', 'NAT', '172.29.0.1', 'User']) {
    if (!proxyRow.text.includes(w)) throw new Error(`the wsl-localhost-proxy row does not say ${JSON.stringify(w)}: ${JSON.stringify(proxyRow.text)}`);
  }
  compareWithCli(s, rows);
  await s.shot('problems-wsl');

  // The one-click fix of wsl-slow-cache: `go env -w GOMODCACHE=<Linux home>/go/pkg/mod`.
  const goenvFile = path.join(s.home, '.config', 'go', 'env');
  const rowSel = () => s.page.locator('.markers-panel .monaco-list-row', { hasText: 'wsl-slow-cache' });
  await rowSel().first().click(); // opens the go/env file, so VS Code asks for the row's fixes
  const how = await applyQuickFixFromProblems(s, rowSel, /move GOMODCACHE under the Linux home/i);
  s.log(`wsl-slow-cache fix applied through: ${how}`);
  const moved = path.join(s.home, 'go', 'pkg', 'mod');
  const after = await waitFor(`the go/env file to say GOMODCACHE=${moved}`, () => {
    const t = fs.readFileSync(goenvFile, 'utf8');
    return t.includes(`GOMODCACHE=${moved}\n`) ? t : null;
  }, { timeoutMs: 30000, intervalMs: 250 });
  if (after.includes(WSL_SLOW_CACHE)) throw new Error(`the old cache is still in go/env:\n${after}`);
  await waitFor('the wsl-slow-cache row to leave the Problems panel', async () => (await rowSel().count()) === 0, { timeoutMs: 60000, intervalMs: 500 });
  s.log(`go/env after the fix:\n${indent(after.trim())}`);
  await s.shot('cache-moved');

  // VS Code applies Remote settings: the stand-in's gopls got their GOFLAGS.
  const gopls = await waitFor('the stand-in gopls', () => { const m = s.marker(); return m && alive(m.pid) ? m : null; }, { timeoutMs: 60000, intervalMs: 500 });
  if (environOf(gopls.pid).GOFLAGS !== WSL_REMOTE_GOFLAGS) {
    throw new Error(`gopls pid ${gopls.pid} has GOFLAGS=${environOf(gopls.pid).GOFLAGS}, want ${WSL_REMOTE_GOFLAGS} from Remote settings`);
  }
  s.log(`gopls pid ${gopls.pid} runs with GOFLAGS=${WSL_REMOTE_GOFLAGS} from the Remote settings`);

  // The report names the machine, and the side of each value.
  const frame = await openReport(s);
  const text = await waitFor('the report to say the Go tools run in WSL 2', async () => {
    const t = await frame.locator('main#root').innerText().catch(() => '');
    return /Go tools run in: WSL 2.*NAT networking/.test(t) ? t : null;
  }, { timeoutMs: 30000, intervalMs: 500 });
  s.log(`report: ${JSON.stringify(text.split('\n').find((l) => l.includes('Go tools run in')))}`);
  const cells = await waitFor('the gopls row of the report', async () => {
    const m = await reportMatrix(frame);
    const row = m.rows.find((r) => r.kind === 'intended' && r.head === 'gopls');
    return row ? Object.fromEntries(m.vars.map((v, i) => [v, row.cells[i]])) : null;
  }, { timeoutMs: 20000, intervalMs: 500 });
  s.log(`report, gopls: GOFLAGS ${JSON.stringify(cells.GOFLAGS)}, HTTPS_PROXY ${JSON.stringify(cells.HTTPS_PROXY)}`);
  if (!/^WSL: go\.toolsEnvVars \(remote settings\)/.test(cells.GOFLAGS?.title || '')) {
    throw new Error(`gopls GOFLAGS cell: ${JSON.stringify(cells.GOFLAGS)}, want its origin on the WSL side, in Remote settings`);
  }
  // code-server's user settings are on the same machine as the Go tools.
  if (!/^WSL: http\.proxy \(user settings\)/.test(cells.HTTPS_PROXY?.title || '')) {
    throw new Error(`gopls HTTPS_PROXY cell: ${JSON.stringify(cells.HTTPS_PROXY)}, want its origin in the user settings`);
  }
  await s.shot('report-wsl');
}

// The launch.json env of workspaces/debug.
const LAUNCH_NAME = 'Launch fixture';
const LAUNCH_ENV = { GOPROXY: 'https://launch.example.test', GOPRIVATE: 'launch.example.test/private' };

async function scenarioDebug(s) {
  await quickOpen(s.page, 'main.go');
  // The stand-in registers its debug adapter at activation; gopls starting shows it is active.
  await waitFor('the stand-in vscode-go to activate (marker gopls.json)', () => s.marker(), { timeoutMs: 120000, intervalMs: 500 });
  await waitFor('the status item', () => statusText(s.page, STATUS_ID), { timeoutMs: 120000, intervalMs: 500 });

  // 1. Start the launch configuration as a user does: pick it from the debug picker.
  const startedAt = Date.now();
  await runCommand(s.page, 'Debug: Select and Start Debugging');
  const pick = s.page.locator('.quick-input-widget .monaco-list-row', { hasText: LAUNCH_NAME }).first();
  await pick.waitFor({ state: 'visible', timeout: 15000 });
  await pick.click();
  const debuggee = await waitFor('the debuggee (__debug_bin…, built and started by dlv dap) below code-server', () => {
    const p = descendants(s.cs.pid).find((x) => /^__debug_bin/.test(path.basename(x.cmdline[0] || '')) && alive(x.pid));
    return p || null;
  }, { timeoutMs: 120000, intervalMs: 500 });
  const env = environOf(debuggee.pid);
  for (const [k, v] of Object.entries(LAUNCH_ENV)) {
    if (env[k] !== v) throw new Error(`debuggee pid ${debuggee.pid}: ${k}=${env[k]}, want ${v} from launch.json (the stand-in or dlv lost it)`);
  }
  const dlv = procTable().get(debuggee.ppid);
  s.log(`debuggee pid ${debuggee.pid} (${debuggee.cmdline[0]}) under ${dlv?.cmdline.slice(0, 2).join(' ')} pid ${debuggee.ppid}, ${((Date.now() - startedAt) / 1000).toFixed(1)}s after the start; /proc/${debuggee.pid}/environ GOPROXY=${env.GOPROXY} GOPRIVATE=${env.GOPRIVATE}`);
  await s.shot('debugging');

  // 2. The report: the context row of the launch configuration, then the debuggee's own row
  // with the values read from its environment, each cell's origin on hover.
  const context = `delve:${LAUNCH_NAME}`;
  const frame = await openReport(s);
  const found = await waitFor(`the report to show the debuggee (PID ${debuggee.pid}) under ${context}`, async () => {
    const m = await reportMatrix(frame);
    const i = m.rows.findIndex((r) => r.kind === 'intended' && r.head === context);
    const obs = i >= 0 ? m.rows[i + 1] : undefined;
    return obs && obs.kind === 'observed' && obs.head.includes(`running PID ${debuggee.pid}`) ? { m, intended: m.rows[i], obs } : null;
  }, { timeoutMs: 30000, intervalMs: 500 });
  s.log(`report rows of ${context}:\n${indent(JSON.stringify(found.intended))}\n${indent(JSON.stringify(found.obs))}`);
  for (const [k, v] of Object.entries(LAUNCH_ENV)) {
    const col = found.m.vars.indexOf(k);
    if (col < 0) throw new Error(`the report has no ${k} column: ${found.m.vars.join(', ')}`);
    const want = found.intended.cells[col];
    const got = found.obs.cells[col];
    if (want.text !== v || !/launch\.json/.test(want.title)) throw new Error(`intended ${k} of ${context}: ${JSON.stringify(want)}, want ${v} from launch.json`);
    if (got.text !== v || !got.title.includes(`/proc/${debuggee.pid}/environ`) || got.differs) {
      throw new Error(`running ${k} of ${context}: ${JSON.stringify(got)}, want ${v} read from /proc/${debuggee.pid}/environ, not marked`);
    }
  }
  if (!found.obs.head.includes('Same as a new process')) throw new Error(`the debuggee's row: ${JSON.stringify(found.obs.head)}`);
  await s.shot('report-debuggee');

  // 3. Stop debugging: the debuggee's row leaves the report (the server polls processes every 3 s).
  await runCommand(s.page, 'Debug: Stop');
  await waitFor(`the debuggee pid ${debuggee.pid} to exit`, () => !alive(debuggee.pid), { timeoutMs: 30000, intervalMs: 250 });
  await waitFor(`the debuggee's row to leave the report`, async () => {
    const m = await reportMatrix(frame);
    return !m.rows.some((r) => r.kind === 'observed' && r.head.includes(`PID ${debuggee.pid}`));
  }, { timeoutMs: 20000, intervalMs: 500 });
  s.log('debug session stopped; the report no longer lists the debuggee');
  await s.shot('report-after-stop');
}

// --- Workspace Trust ------------------------------------------------------------------------------
// A loopback HTTP server that records every request; it is the GOPROXY of the hostile workspace and
// of the session's environment. Any request means something tried to download (a go command
// switching to the go.mod's go1.99.0 asks GOPROXY for golang.org/toolchain first) or probed.
function startRecorder() {
  return new Promise((resolve, reject) => {
    const requests = [];
    const srv = http.createServer((req, res) => {
      requests.push({ at: Date.now(), method: req.method, url: req.url, userAgent: req.headers['user-agent'] || '' });
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found\n');
    });
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      srv.unref(); // never keeps the driver alive
      resolve({ url: `http://127.0.0.1:${srv.address().port}`, requests });
    });
  });
}

// Before code-server starts: the recorder, and the fixture's placeholders filled in (see
// workspaces/trust/README.md). Returns the session's extra environment.
async function prepareTrust(s) {
  const rec = await startRecorder();
  s.note.recorder = rec;
  s.note.pwned = path.join(s.dir, 'pwned');
  const values = { '@@WS@@': s.ws, '@@PWNED@@': s.note.pwned, '@@GOPROXY@@': rec.url };
  for (const f of listFiles(s.ws)) {
    const text = fs.readFileSync(f, 'utf8');
    const filled = text.replace(/@@(WS|PWNED|GOPROXY)@@/g, (m) => values[m]);
    if (filled !== text) fs.writeFileSync(f, filled); // an existing file keeps its mode: the scripts stay executable
  }
  s.log(`recording GOPROXY ${rec.url}; markers of the workspace's programs would go to ${s.note.pwned}`);
  return { GOTOOLCHAIN: 'auto', GOPROXY: rec.url, GOSUMDB: 'off' };
}

// How long nothing may happen after the window opened and after the last action (bounded waits).
const TRUST_QUIET_MS = 20000;

async function scenarioTrust(s) {
  const rec = s.note.recorder;
  const hostPort = rec.url.replace('http://', '');
  const startedAt = s.workbenchStartedAt;
  const ran = () => listFiles(s.note.pwned).map((f) => `${path.basename(f)}: ${fs.readFileSync(f, 'utf8').trim()}`);
  const assertNothingHappened = (when) => {
    const p = ran();
    if (p.length) throw new Error(`${when}: programs of the untrusted workspace were run:\n${indent(p.join('\n'))}`);
    if (rec.requests.length) throw new Error(`${when}: the recording GOPROXY got ${rec.requests.length} request(s): ${JSON.stringify(rec.requests)}`);
    s.log(`${when}: no marker file, no request to ${rec.url}`);
  };
  const extDir = fs.readdirSync(s.extensionsDir).find((d) => d.startsWith('go-env-doctor.go-env-doctor-'));
  const bundled = fs.realpathSync(path.join(s.extensionsDir, extDir, 'bin', 'go-env-doctor'));
  const sidecars = () => descendants(s.cs.pid).filter((p) => p.state !== 'Z' && p.cmdline.includes('lsp')
    && p.cmdline.some((a) => /go-env-doctor/.test(path.basename(a))));
  const assertBundledSidecar = async () => {
    const sc = await waitFor('one sidecar (go-env-doctor lsp) under code-server', () => {
      const l = sidecars();
      return l.length === 1 ? l[0] : null;
    }, { timeoutMs: 30000 });
    const exe = fs.readlinkSync(`/proc/${sc.pid}/exe`);
    if (exe !== bundled || sc.cmdline[0] !== bundled) {
      throw new Error(`the sidecar pid ${sc.pid} runs ${exe} (${sc.cmdline.join(' ')}), not the bundled ${bundled}`);
    }
    return sc;
  };
  const dialog = () => s.page.locator('.monaco-dialog-box');
  const answerDialog = async (what, textRe, button) => {
    const text = await waitFor(`VS Code's modal dialog ${what}`, async () => {
      const t = (await dialog().count()) ? await dialog().first().innerText() : '';
      return textRe.test(t) ? t : null;
    }, { timeoutMs: 20000, intervalMs: 250 });
    s.log(`dialog: ${JSON.stringify(text)}`);
    await s.shot(`dialog-${what.replace(/\W+/g, '-')}`);
    await dialog().locator('.monaco-button', { hasText: button }).first().click();
    await waitFor('the dialog to close', async () => (await dialog().count()) === 0, { timeoutMs: 10000, intervalMs: 250 });
  };

  // 1. The window really is in Restricted Mode: VS Code's status bar entry and banner say so.
  const restricted = await waitFor('VS Code\'s Restricted Mode indicator (status bar entry status.workspaceTrust, or the banner)', async () => {
    const entry = s.page.locator('[id="status.workspaceTrust"]');
    const entryText = (await entry.count()) ? `${await entry.first().innerText()} ${(await entry.first().getAttribute('aria-label')) || ''}`.trim() : '';
    const banner = (await s.page.locator('.part.banner').innerText().catch(() => '')).trim();
    return /Restricted Mode/i.test(entryText) || /Restricted Mode/i.test(banner) ? { entryText, banner: banner.split('\n')[0] } : null;
  }, { timeoutMs: 60000, intervalMs: 500 });
  s.log(`Restricted Mode: status bar entry ${JSON.stringify(restricted.entryText)}; banner ${JSON.stringify(restricted.banner)}`);
  await s.shot('restricted-mode');

  // 2. The extension runs in limited mode: it reads the workspace (the status item shows the
  // workspace's GOPROXY) with the bundled server, not the one the workspace settings name.
  await quickOpen(s.page, 'main.go');
  const status = await waitFor(`the status item to show the workspace's GOPROXY ${hostPort}`, async () => {
    const t = await statusText(s.page, STATUS_ID);
    return t && t.includes(hostPort) ? t : null;
  }, { timeoutMs: 120000, intervalMs: 500 });
  s.log(`status item: ${JSON.stringify(status)}`);
  const extLog = () => listFiles(path.join(s.data, 'logs')).filter((f) => /Go Env Doctor\.log$/.test(f)).map((f) => fs.readFileSync(f, 'utf8')).join('\n');
  const log = await waitFor('the extension log to say how it activated and which server binary it runs', () => {
    const t = extLog();
    return /activated \(.*trusted: \w+\)/.test(t) && /Server binary: /.test(t) ? t : null;
  }, { timeoutMs: 30000, intervalMs: 500 });
  if (!/activated \(.*trusted: false\)/.test(log)) throw new Error(`the extension did not activate untrusted: ${/.*activated \(.*/.exec(log)?.[0]}`);
  const binLine = /Server binary: (.+) \(from (\w+)\)/.exec(log);
  if (!binLine || binLine[2] !== 'bundled' || fs.realpathSync(binLine[1]) !== bundled) throw new Error(`the extension chose the server ${binLine?.[0]}, want the bundled ${bundled}`);
  const sc = await assertBundledSidecar();
  s.log(`extension activated with trusted: false; ${binLine[0]}; sidecar pid ${sc.pid} runs /proc/${sc.pid}/exe = ${bundled}`);
  // The vscode-go stand-in does not support untrusted workspaces (like vscode-go's manifest), so
  // VS Code leaves it off: whatever runs here is the product's doing.
  if (s.marker() || fs.existsSync(path.join(s.markers, 'fake-vscode-go.log'))) throw new Error('the vscode-go stand-in ran in Restricted Mode');

  // 3. Findings for the workspace (reading is allowed), the same as the CLI's.
  await openProblems(s.page);
  const rowSel = () => s.page.locator('.markers-panel .monaco-list-row', { hasText: 'context-divergence' }).filter({ hasText: 'GOFLAGS' });
  await waitFor('a Problems row context-divergence about GOFLAGS', () => rowSel().count(), { timeoutMs: 60000, intervalMs: 500 });
  const rows = await problemRows(s.page);
  s.log(`Problems rows:\n${indent(rows.map((r) => JSON.stringify(r.text)).join('\n'))}`);
  compareWithCli(s, rows);
  await s.shot('problems');

  // 4. Re-check, the report, an explanation: the server reads, and runs nothing.
  await runCommand(s.page, 'Go Env Doctor: Re-check');
  const frame = await openReport(s);
  const reportText = await waitFor('the report with the workspace GOPROXY', async () => {
    const t = await frame.locator('main#root').innerText().catch(() => '');
    return t.includes(hostPort) ? t : null;
  }, { timeoutMs: 20000, intervalMs: 500 });
  s.log(`report: ${reportText.length} characters, names ${hostPort}`);
  await s.shot('report');
  // Back to an editor with the mouse first: keys typed while the report's webview has the focus
  // go to its iframe, and the palette opened from there did not take the text.
  await s.page.locator('.tabs-container .tab', { hasText: 'main.go' }).first().click();
  await waitFor('main.go to be the active editor', () => s.page.locator('.tabs-container .tab.active[aria-label*="main.go"]').count(), { timeoutMs: 15000 });
  await runCommand(s.page, 'Go Env Doctor: Explain a Variable…');
  const pick = s.page.locator('.quick-input-widget input');
  await pick.waitFor({ state: 'visible', timeout: 15000 });
  await pick.fill('GOTOOLCHAIN');
  await s.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'GOTOOLCHAIN' }).first().waitFor({ state: 'visible', timeout: 15000 });
  await s.page.keyboard.press('Enter');
  await waitFor('an editor tab with the GOTOOLCHAIN explanation', () => s.page.locator('.tabs-container .tab[aria-label*="GOTOOLCHAIN"]').count(), { timeoutMs: 30000, intervalMs: 500 });
  await s.shot('explain-gotoolchain');

  // 5. A quick fix that would carry the workspace's GOFLAGS (-toolexec=<its go>) into the user's
  // settings: in Restricted Mode it is not a silent edit but asks first; declined, nothing changes.
  const userSettings = path.join(s.data, 'User', 'settings.json');
  const userBefore = fs.readFileSync(userSettings, 'utf8');
  await quickOpen(s.page, '.vscode/settings.json', 'settings.json');
  await s.page.keyboard.press('Control+G');
  await s.page.keyboard.type('14:20'); // the GOFLAGS line of workspaces/trust/.vscode/settings.json
  await s.page.keyboard.press('Enter');
  await waitFor('the editor\'s lightbulb on line 14', () => s.page.locator('.monaco-editor .lightBulbWidget').first().isVisible(), { timeoutMs: 60000, intervalMs: 500 });
  await s.page.mouse.move(5, 5);
  await openProblems(s.page);
  const how = await applyQuickFixFromProblems(s, rowSel, /make the integrated terminal use gopls's GOFLAGS/);
  s.log(`quick fix chosen through ${how}`);
  await answerDialog('confirming a fix outside the workspace', /This workspace is not trusted\. Apply/, 'Cancel');
  await sleep(2000);
  if (fs.readFileSync(userSettings, 'utf8') !== userBefore) throw new Error(`the declined fix changed the user settings:\n${fs.readFileSync(userSettings, 'utf8')}`);
  s.log('declined: the user settings are unchanged');

  // 6. Probe Network contacts what the settings name, which the untrusted workspace may choose:
  // it asks first; declined, nothing is contacted.
  await runCommand(s.page, 'Go Env Doctor: Probe Network');
  await answerDialog('before probing', /not trusted.*Probe Network/s, 'Cancel');

  // 7. A while with the window open (bounded): still nothing ran, nothing was asked for.
  const quietUntil = Math.max(Date.now() + 5000, startedAt + TRUST_QUIET_MS);
  s.log(`waiting ${((quietUntil - Date.now()) / 1000).toFixed(1)}s (until ${TRUST_QUIET_MS / 1000}s after the window opened, at least 5s after the last action)`);
  await sleep(quietUntil - Date.now());
  assertNothingHappened(`${((Date.now() - startedAt) / 1000).toFixed(0)}s after the window opened`);
  await assertBundledSidecar();
  const foreign = descendants(s.cs.pid).filter((p) => p.cmdline.some((a) => a.includes(path.join(s.ws, 'hack'))));
  if (foreign.length) throw new Error(`processes of the workspace run under code-server: ${JSON.stringify(foreign.map((p) => p.cmdline))}`);
  await s.shot('quiet');

  // 8. The control: a confirmed probe does reach the recorder (so the checks above could see a
  // request), and it asks the module proxy, never for a toolchain; still nothing of the workspace runs.
  await runCommand(s.page, 'Go Env Doctor: Probe Network');
  await answerDialog('before probing (confirmed)', /not trusted.*Probe Network/s, 'Probe');
  const toast = await waitFor('the probe notification', async () => {
    const texts = await s.page.locator('.notifications-toasts .notification-toast').allInnerTexts();
    return texts.find((x) => /targets|Nothing to contact/.test(x)) || null;
  }, { timeoutMs: 60000, intervalMs: 250 });
  s.log(`confirmed probe: ${JSON.stringify(toast)}; requests: ${JSON.stringify(rec.requests.map((r) => `${r.method} ${r.url}`))}`);
  if (!rec.requests.length) throw new Error('the confirmed probe sent nothing to the recording GOPROXY: the recorder would not have seen a download either');
  const toolchain = rec.requests.filter((r) => r.url.includes('golang.org/toolchain'));
  if (toolchain.length) throw new Error(`toolchain downloads were requested: ${JSON.stringify(toolchain)}`);
  if (ran().length) throw new Error(`programs of the untrusted workspace were run:\n${indent(ran().join('\n'))}`);
  await s.shot('probe-confirmed');
}

// Opens the report (command palette) and returns the frame of its webview content: code-server
// puts a webview in an iframe that holds another one with the page.
async function openReport(s) {
  await runCommand(s.page, 'Go Env Doctor: Show Environment Report');
  return waitFor('the report webview', async () => {
    for (const f of s.page.frames()) {
      if (await f.locator('main#root table.matrix').count().catch(() => 0)) return f;
    }
    return null;
  }, { timeoutMs: 30000, intervalMs: 500 });
}

// The cells of one variable in the report: the context's intended value and, in the row under
// it, the value of its running process pid; null until that row is there.
async function reportProcessCell(frame, context, pid, variable) {
  const m = await reportMatrix(frame);
  const col = m.vars.indexOf(variable);
  const i = m.rows.findIndex((r) => r.kind === 'intended' && r.head === context);
  const obs = i >= 0 ? m.rows[i + 1] : undefined;
  if (col < 0 || !obs || obs.kind !== 'observed' || !obs.head.includes(`running PID ${pid}`)) return null;
  return { intended: m.rows[i].cells[col], running: obs.cells[col], head: obs.head };
}

// The report's matrix as data: the column names, and per row its kind (the context's intended
// values, or a running process under it), the row header text and each cell's text, hover title
// (the value's origin) and whether it is marked as differing.
async function reportMatrix(frame) {
  return frame.locator('main#root table.matrix').first().evaluate((table) => ({
    vars: [...table.querySelectorAll('thead th')].slice(1).map((th) => th.textContent.trim()),
    rows: [...table.querySelectorAll('tbody tr')].map((tr) => ({
      kind: tr.classList.contains('observed') ? 'observed' : 'intended',
      head: tr.querySelector('th').innerText.trim(),
      cells: [...tr.querySelectorAll('td')].map((td) => ({ text: td.textContent, title: td.title, differs: td.classList.contains('differs') })),
    })),
  }));
}

// The status item's look: VS Code gives an item with statusBarItem.warningBackground the class
// `warning-kind` (and `has-background-color`) and paints it with that colour.
async function statusLook(s) {
  return s.page.locator(`[id="${STATUS_ID}"]`).first().evaluate((el) => ({
    warning: el.classList.contains('warning-kind'),
    error: el.classList.contains('error-kind'),
    background: getComputedStyle(el).backgroundColor,
    text: el.innerText.trim(),
  }));
}

async function statusTooltip(s) {
  await s.page.mouse.move(5, 5);
  await s.page.locator(`[id="${STATUS_ID}"]`).hover();
  // Only a visible hover: the workbench keeps earlier hover elements in the DOM.
  const hover = s.page.locator('.monaco-hover:visible, .workbench-hover:visible').last();
  await hover.waitFor({ state: 'visible', timeout: 5000 }).catch(() => {});
  return hover.innerText().catch(() => '');
}

// The Problems panel's check ids must be the CLI's for the same inputs, apart from the checks that
// read running processes (gopls, the extension host, terminals, tasks, debuggees): the CLI cannot
// see those, so they are left out of the comparison on both sides.
const RUNTIME_CHECKS = new Set(['gopls-stale-env', 'runtime-env-mismatch', 'sticky-extension-env']);

function compareWithCli(s, rows) {
  const cli = cliFindings(s);
  if (!cli) return;
  const want = cli.map((f) => f.check).filter((c) => !RUNTIME_CHECKS.has(c)).sort();
  const got = problemCodes(rows).filter((c) => !RUNTIME_CHECKS.has(c));
  if (JSON.stringify(want) !== JSON.stringify(got)) {
    mismatch(s, `the Problems panel shows ${JSON.stringify(got)} but the CLI reports ${JSON.stringify(want)} for the same workspace, user settings and shell environment (running-process checks left out)`);
  }
  s.log(`Problems panel codes equal the CLI's (running-process checks left out): ${JSON.stringify(got)}`);
}

// Applies a quick fix from the Problems panel: select the row (VS Code computes a marker's code
// actions once the file's model exists), then the row's lightbulb action ("Show fixes"); if the
// row has none, its context menu. Returns how it was done.
async function applyQuickFixFromProblems(s, rowSel, titleRe) {
  const page = s.page;
  // The Problems view computes a marker's quick fixes once per hover (mouseover, 300 ms delay) and
  // forgets them when the file's markers are republished, so leave the row and come back until
  // the lightbulb is enabled.
  const bulbSel = rowSel().first().locator('.action-label.markers-panel-action-quickfix');
  const enabled = async () => (await bulbSel.count()) > 0 && !(await bulbSel.first().evaluate((e) => e.classList.contains('disabled')));
  // The server re-diagnoses when gopls's processes change (a 3 s poll), and a republish of the
  // file's markers re-renders the row and disables its lightbulb again: so click as soon as it is
  // enabled, and hover again when the click does not land.
  let how;
  const hasBulb = await waitFor('a click on the enabled quick fix (lightbulb) action of the Problems row', async () => {
    await page.mouse.move(5, 5);
    await rowSel().first().hover();
    for (let i = 0; i < 8; i++) {
      if (await enabled()) {
        return bulbSel.first().click({ timeout: 2000 }).then(() => true, () => false);
      }
      await sleep(250);
    }
    return false;
  }, { timeoutMs: 30000, intervalMs: 100 }).catch(() => false);
  await s.shot('problems-row-hover');
  if (hasBulb) {
    how = 'the Problems row lightbulb (Show fixes)';
  } else {
    s.log(`no enabled lightbulb on the row; row: ${await rowSel().first().evaluate((r) => r.outerHTML)}`);
    await rowSel().first().click({ button: 'right' });
    how = 'the Problems row context menu';
  }
  const item = page.locator('.monaco-menu .action-item, .context-view .action-item, .action-widget .monaco-list-row')
    .filter({ hasText: titleRe });
  await waitFor(`a menu item matching ${titleRe}`, () => item.count(), { timeoutMs: 20000, intervalMs: 250 });
  const items = await page.locator('.monaco-menu .action-item, .context-view .action-item, .action-widget .monaco-list-row')
    .evaluateAll((els) => els.map((e) => e.innerText.trim()).filter(Boolean));
  s.log(`fix menu items: ${JSON.stringify(items)}`);
  await s.shot('fix-menu');
  await item.first().click();
  return how;
}

// The comments of a JSONC text (strings skipped).
function jsoncComments(text) {
  const out = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      out.push(text.slice(i, end < 0 ? text.length : end).trimEnd());
      i = end < 0 ? text.length : end;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      out.push(text.slice(i, end < 0 ? text.length : end + 2));
      i = end < 0 ? text.length : end + 1;
    }
  }
  return out;
}

// The product disagrees with the CLI, or a restart came too early: a failure of the scenario.
function mismatch(s, msg) {
  throw new Error(`[${s.name}] ${msg}`);
}

// What the CLI bundled in the installed VSIX reports for the same workspace, user settings and
// environment (the shell = the environment code-server was started with).
// The CLI's findings for the session's inputs; with --probe once the session has probed (the
// Network findings exist only for probed routes, in the CLI as in the editor).
function cliFindings(s) {
  const extDir = fs.readdirSync(s.extensionsDir).find((d) => d.startsWith('go-env-doctor.go-env-doctor-'));
  const bin = path.join(s.extensionsDir, extDir, 'bin', 'go-env-doctor');
  const envFile = path.join(s.dir, 'shell.env');
  fs.writeFileSync(envFile, Object.entries(s.env).map(([k, v]) => `${k}=${v}`).join('\n') + '\n');
  const machine = s.def.machineSettings ? ['--machine-settings', s.machineSettingsFile()] : [];
  const r = spawnSync(bin, ['check', ...(s.note.probed ? ['--probe'] : []), '--format', 'json', '--user-settings', path.join(s.data, 'User', 'settings.json'),
    ...machine, '--env-file', envFile, s.ws], { env: s.env, encoding: 'utf8', timeout: 60000 });
  try {
    // The Problems panel shows the findings that have a place in a file.
    return JSON.parse(r.stdout).findings.filter((f) => f.location).map((f) => ({ check: f.check, severity: f.severity }));
  } catch {
    s.log(`CLI check failed (exit ${r.status}): ${r.stdout}${r.stderr}`);
    return null;
  }
}

// The check ids of go-env-doctor rows in the Problems panel (a row shows message, source, code).
function problemCodes(rows) {
  const codes = [];
  for (const r of rows) {
    const lines = r.text.split('\n');
    const i = lines.indexOf('go-env-doctor');
    if (i >= 0 && lines[i + 1]) codes.push(lines[i + 1]);
  }
  return codes.sort();
}

function diff(a, b) {
  const al = a.split('\n'); const bl = b.split('\n');
  const out = [];
  for (let i = 0; i < Math.max(al.length, bl.length); i++) {
    if (al[i] !== bl[i]) out.push(`line ${i + 1}:\n  expected ${JSON.stringify(al[i])}\n  actual   ${JSON.stringify(bl[i])}`);
  }
  return out.join('\n');
}

// --- the run -----------------------------------------------------------------------------------
class Session {
  constructor(name, def, runDir, extensionsDir, browser) {
    Object.assign(this, { name, def, browser, note: {}, shotN: 0 });
    this.dir = path.join(runDir, name);
    this.ws = path.join(this.dir, 'ws', def.workspace);
    this.home = path.join(this.dir, 'home');
    this.data = path.join(this.dir, 'data');
    this.markers = path.join(this.dir, 'markers');
    this.extensionsDir = extensionsDir;
    this.logFile = path.join(this.dir, 'code-server.log');
  }

  log(msg) { say(`[${this.name}] ${msg}`); }

  // code-server's Remote ("Machine") settings: <user-data-dir>/Machine/settings.json.
  machineSettingsFile() { return path.join(this.data, 'Machine', 'settings.json'); }

  async shot(step) {
    const file = path.join(ARTIFACTS, `${this.name}-${String(++this.shotN).padStart(2, '0')}-${step}.png`);
    try {
      await this.page.screenshot({ path: file });
      this.lastShot = file;
      this.log(`screenshot ${path.relative(ROOT, file)}`);
    } catch (e) { this.log(`screenshot ${step} failed: ${e.message}`); }
    return file;
  }

  marker() {
    try { return JSON.parse(fs.readFileSync(path.join(this.markers, 'gopls.json'), 'utf8')); } catch { return null; }
  }

  // The configuration values the stand-in last saw (written at activation and on each change).
  configMarker() {
    try { return JSON.parse(fs.readFileSync(path.join(this.markers, 'config.json'), 'utf8')); } catch { return null; }
  }

  history() {
    try {
      return fs.readFileSync(path.join(this.markers, 'gopls-history.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    } catch { return []; }
  }

  async start() {
    for (const d of [this.home, this.data, this.markers]) fs.mkdirSync(d, { recursive: true });
    copyDir(path.join(WS_DIR, this.def.workspace), this.ws);
    const goenvFile = path.join(this.home, '.config', 'go', 'env');
    fs.mkdirSync(path.dirname(goenvFile), { recursive: true });
    fs.writeFileSync(goenvFile, this.def.goenv);
    fs.mkdirSync(path.join(this.data, 'User'), { recursive: true });
    fs.writeFileSync(path.join(this.data, 'User', 'settings.json'),
      JSON.stringify({ ...BASE_USER_SETTINGS, ...this.def.userSettings }, null, '\t') + '\n');
    if (this.def.machineSettings) {
      fs.mkdirSync(path.join(this.data, 'Machine'), { recursive: true });
      fs.writeFileSync(this.machineSettingsFile(), JSON.stringify(this.def.machineSettings, null, '\t') + '\n');
    }
    // A session's own setup before code-server starts (fill in the fixture; more environment).
    const prepared = this.def.prepare ? await this.def.prepare(this) : {};
    this.env = isolatedEnv({ home: this.home, goenvFile, markers: this.markers, extra: { ...this.def.env, ...prepared } });
    this.cs = new CodeServer({ extensionsDir: this.extensionsDir, userDataDir: this.data, folder: this.ws, env: this.env, log: this.logFile,
      workspaceTrust: this.def.workspaceTrust === true, logLevel: this.def.logLevel });
    const t = Date.now();
    await this.cs.start();
    this.codeServerReadyMs = Date.now() - t;
    this.log(`code-server pid ${this.cs.pid} on ${this.cs.url} (ready in ${((Date.now() - t) / 1000).toFixed(1)}s)`);
    this.context = await this.browser.newContext({ viewport: { width: 1440, height: 900 } });
    this.page = await this.context.newPage();
    if (this.def.timings) {
      // Before any page script: note each new text of the Go Env Doctor status item, until it
      // first shows something other than the starting spinner.
      await this.page.addInitScript((id) => {
        window.__gedStatusTexts = [];
        const seen = window.__gedStatusTexts;
        const obs = new MutationObserver(() => {
          const el = document.getElementById(id);
          const text = el ? (el.textContent || '').trim() : '';
          if (!text) return;
          const spinning = !!el.querySelector('.codicon-modifier-spin');
          const last = seen[seen.length - 1];
          if (!last || last.text !== text || last.spinning !== spinning) seen.push({ at: Date.now(), text, spinning });
          if (!spinning) obs.disconnect();
        });
        obs.observe(document, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['class'] });
      }, STATUS_ID);
    }
    this.page.on('pageerror', (e) => fs.appendFileSync(path.join(this.dir, 'browser-console.log'), `pageerror: ${e.message}\n`));
    this.page.on('console', (m) => fs.appendFileSync(path.join(this.dir, 'browser-console.log'), `${m.type()}: ${m.text()}\n`));
    const t2 = Date.now();
    this.workbenchStartedAt = t2;
    await openWorkbench(this.page, this.cs.url);
    this.workbenchRenderedMs = Date.now() - t2;
    this.log(`workbench loaded in ${((Date.now() - t2) / 1000).toFixed(1)}s`);
    await this.shot('workbench');
  }

  extensionLogs() {
    const files = listFiles(path.join(this.data, 'logs'));
    return files.filter((f) => /exthost/.test(f) && (/go-env-doctor|golang\.go|output_logging|exthost\.log$/i.test(f)));
  }

  dumpFailure(err) {
    const lines = [`---- ${this.name}: FAILURE: ${err.stack || err}`];
    lines.push(`---- code-server log ${this.logFile}:\n${indent(tail(this.logFile, 80))}`);
    for (const f of this.extensionLogs()) lines.push(`---- ${f}:\n${indent(tail(f, 80))}`);
    const fake = path.join(this.markers, 'fake-vscode-go.log');
    if (fs.existsSync(fake)) lines.push(`---- ${fake}:\n${indent(tail(fake, 40))}`);
    if (this.lastShot) lines.push(`---- last screenshot: ${this.lastShot}`);
    console.log(lines.join('\n'));
  }

  async stop() {
    // Keep the logs next to the screenshots.
    const dst = path.join(ARTIFACTS, `${this.name}-logs`);
    try {
      fs.mkdirSync(dst, { recursive: true });
      if (fs.existsSync(path.join(this.data, 'logs'))) copyDir(path.join(this.data, 'logs'), path.join(dst, 'vscode-logs'));
      for (const f of [this.logFile, path.join(this.dir, 'browser-console.log')]) if (fs.existsSync(f)) fs.copyFileSync(f, path.join(dst, path.basename(f)));
      if (fs.existsSync(this.markers)) copyDir(this.markers, path.join(dst, 'markers'));
      if (this.page) fs.writeFileSync(path.join(dst, 'page.html'), await this.page.content().catch(() => ''));
    } catch (e) { this.log(`saving logs: ${e.message}`); }
    if (this.context) await this.context.close().catch(() => {});
    if (this.cs) await this.cs.stop();
  }
}

async function main() {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !SCENARIOS.some((sc) => sc.name === w));
  if (unknown.length) { console.error(`unknown scenario(s) ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.name).join(', ')}`); process.exit(2); }
  const names = new Set(wanted.length ? wanted : SCENARIOS.map((s) => s.name));
  for (const sc of SCENARIOS) if (names.has(sc.name) && sc.after) names.add(sc.after);
  const selected = SCENARIOS.filter((s) => names.has(s.name));

  fs.rmSync(ARTIFACTS, { recursive: true, force: true });
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  // One run's temp dirs at a time: a failed run keeps its own until the next run starts.
  for (const d of fs.readdirSync(WORK)) if (d.startsWith('run-')) fs.rmSync(path.join(WORK, d), { recursive: true, force: true });
  const runDir = fs.mkdtempSync(path.join(WORK, 'run-'));
  say(`run dir ${runDir}; screenshots and logs in ${ARTIFACTS}`);

  // Install the stand-in and the product into a fresh extensions dir.
  const extensionsDir = path.join(runDir, 'extensions');
  const installHome = path.join(runDir, 'install-home');
  fs.mkdirSync(installHome, { recursive: true });
  const installEnv = isolatedEnv({ home: installHome, goenvFile: path.join(installHome, 'go-env'), markers: path.join(runDir, 'install-markers') });
  const installLog = path.join(runDir, 'install-extensions.log');
  const ti = Date.now();
  for (const vsix of [env('GED_E2E_FAKE_VSIX'), env('GED_E2E_PRODUCT_VSIX')]) {
    runCodeServerCli(['--extensions-dir', extensionsDir, '--user-data-dir', path.join(runDir, 'install-data'), '--install-extension', vsix], { env: installEnv, log: installLog });
  }
  const listed = runCodeServerCli(['--extensions-dir', extensionsDir, '--user-data-dir', path.join(runDir, 'install-data'), '--list-extensions', '--show-versions'], { env: installEnv, log: installLog });
  say(`installed extensions in ${((Date.now() - ti) / 1000).toFixed(1)}s: ${listed.trim().split('\n').join(', ')}`);
  fs.copyFileSync(installLog, path.join(ARTIFACTS, 'install-extensions.log'));

  const browserHome = path.join(runDir, 'browser-home');
  fs.mkdirSync(browserHome, { recursive: true });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium', headless: true,
    env: { ...process.env, HOME: browserHome, XDG_CONFIG_HOME: path.join(browserHome, '.config'), XDG_CACHE_HOME: path.join(browserHome, '.cache') },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const results = [];
  const sessions = [...new Set(selected.map((s) => s.session))];
  for (const sname of sessions) {
    const session = new Session(sname, SESSIONS[sname], runDir, extensionsDir, browser);
    const scs = selected.filter((s) => s.session === sname);
    const ts = Date.now();
    let failedBefore = null;
    try {
      await session.start();
    } catch (e) {
      failedBefore = e;
      await session.shot('FAILED-start');
      session.dumpFailure(e);
    }
    const startSecs = (Date.now() - ts) / 1000;
    for (const sc of scs) {
      const t = Date.now();
      const dep = sc.after && results.find((r) => r.name === sc.after);
      if (failedBefore || (dep && !dep.ok)) {
        results.push({ name: sc.name, title: sc.title, ok: false, secs: 0, error: failedBefore ? `session ${sname} did not start: ${failedBefore.message}` : `needs ${sc.after}, which failed` });
        continue;
      }
      say(`== scenario ${sc.name}: ${sc.title}`);
      try {
        await sc.run(session);
        results.push({ name: sc.name, title: sc.title, ok: true, secs: (Date.now() - t) / 1000 });
        say(`== PASS ${sc.name} (${((Date.now() - t) / 1000).toFixed(1)}s)`);
      } catch (e) {
        const shot = await session.shot(`FAILED-${sc.name}`);
        results.push({ name: sc.name, title: sc.title, ok: false, secs: (Date.now() - t) / 1000, error: e.message, shot });
        say(`== FAIL ${sc.name} (${((Date.now() - t) / 1000).toFixed(1)}s)`);
        session.dumpFailure(e);
      }
    }
    await session.stop();
    say(`session ${sname}: start ${startSecs.toFixed(1)}s, total ${((Date.now() - ts) / 1000).toFixed(1)}s`);
  }
  await browser.close();
  if (!process.env.GED_E2E_KEEP && results.every((r) => r.ok)) fs.rmSync(runDir, { recursive: true, force: true });

  const passed = results.filter((r) => r.ok).length;
  console.log('\nGo Env Doctor end-to-end (code-server 4.139.1 / VS Code 1.139.1, chromium headless)');
  console.log(`  tools install ${process.env.GED_E2E_INSTALL_SECS}s, packaging ${process.env.GED_E2E_PACKAGE_SECS}s`);
  for (const r of results) {
    console.log(`  ${r.ok ? 'PASS' : 'FAIL'} ${r.name.padEnd(16)} ${r.secs.toFixed(1).padStart(6)}s  ${r.title}${r.ok ? '' : `\n       ${r.error.split('\n').join('\n       ')}${r.shot ? `\n       screenshot: ${r.shot}` : ''}`}`);
  }
  console.log(`  screenshots and logs: ${ARTIFACTS}`);
  console.log(`e2e: ${passed} passed, ${results.length - passed} failed`);
  process.exit(passed === results.length ? 0 : 1);
}

main().catch((e) => { console.error(e); process.exit(2); });
