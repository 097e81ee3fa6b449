import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FolderStatus, NetworkStatus, StatusParams } from '../src/protocol';
import { folderStatus, t, type LooseFolder } from './fixtures';
import { cspFor, folderView, parseWebviewMessage, REPORT_ACTIONS, reportHtml, reportLabels, reportModel } from '../src/reportModel';
import { CMD } from '../src/statusView';

function folder(over: LooseFolder = {}): FolderStatus {
  return folderStatus(over, [
    { context: 'shell', values: ['https://proxy.golang.org,direct', ''] },
    { context: 'gopls', values: ['https://proxy.golang.org,direct', '-mod=mod'] },
    { context: 'terminal', values: ['https://proxy.golang.org,direct', ''] },
  ]);
}

function status(over: Partial<StatusParams> = {}): StatusParams {
  return { health: 'warning', message: '1 warning', counts: { error: 0, warning: 1, info: 2 }, folders: [folder()], ...over };
}

describe('report model', () => {
  it('says there is no status yet', () => {
    const m = reportModel(undefined, 'file:///a', t);
    assert.equal(m.hasStatus, false);
    assert.deepEqual(m.folders, []);
    assert.equal(m.selected, null);
  });

  it('carries the message and the counts', () => {
    const m = reportModel(status(), null, t);
    assert.equal(m.hasStatus, true);
    assert.equal(m.health, 'warning');
    assert.equal(m.message, '1 warning');
    assert.equal(m.countsText, 'Errors: 0, warnings: 1, information: 2');
  });

  it('says which machine the Go tools run on in a split window, and nothing locally', () => {
    const system = { summary: 'WSL 2 (Ubuntu), NAT networking', here: 'wsl', ui: 'windows' };
    assert.equal(reportModel(status({ system }), null, t).systemText, 'Go tools run in: WSL 2 (Ubuntu), NAT networking');
    assert.equal(reportModel(status(), null, t).systemText, '');
  });

  it('selects the active folder, else the first', () => {
    const s = status({ folders: [folder(), folder({ uri: 'file:///b', name: 'b' })] });
    assert.equal(reportModel(s, 'file:///b', t).selected, 'file:///b');
    assert.equal(reportModel(s, 'file:///gone', t).selected, 'file:///a');
    assert.equal(reportModel(s, null, t).selected, 'file:///a');
    assert.equal(reportModel(status({ folders: [] }), null, t).selected, null);
  });

  it('marks disagreeing columns and the cells that differ from gopls', () => {
    const f = folderView(folder({ disagree: ['GOFLAGS'] }), t);
    assert.deepEqual(f.vars, [
      { name: 'GOPROXY', disagree: false },
      { name: 'GOFLAGS', disagree: true },
    ]);
    const flags = f.rows.map((r) => [r.context, r.cells[1]?.text, r.cells[1]?.differs, r.cells[1]?.empty]);
    assert.deepEqual(flags, [
      ['shell', '(empty)', true, true],
      ['gopls', '-mod=mod', false, false],
      ['terminal', '(empty)', true, true],
    ]);
    assert.ok(f.rows.every((r) => r.cells[0]?.differs === false));
    assert.equal(f.disagreeText, 'The contexts of this folder disagree on GOFLAGS.');
  });

  it('without gopls, compares with the most common value, even when the server did not list the variable', () => {
    const f = folderView(
      folder({
        matrix: {
          vars: ['GOPROXY'],
          rows: [
            { context: 'shell', values: ['a'] },
            { context: 'terminal', values: ['b'] },
            { context: 'test', values: ['b'] },
          ],
        },
      }),
      t,
    );
    assert.deepEqual(f.vars, [{ name: 'GOPROXY', disagree: true }]);
    assert.deepEqual(
      f.rows.map((r) => r.cells[0]?.differs),
      [true, false, false],
    );
    assert.equal(f.disagreeText, '');
  });

  it('tolerates short value rows', () => {
    const f = folderView(folder({ matrix: { vars: ['GOPROXY', 'GOFLAGS'], rows: [{ context: 'shell', values: ['x'] }] } }), t);
    assert.deepEqual(f.rows[0]?.cells, [
      { text: 'x', empty: false, differs: false, origin: '' },
      { text: '(empty)', empty: true, differs: false, origin: '' },
    ]);
  });

  it('puts running processes on their row, stale when they differ', () => {
    const f = folderView(
      folder({
        observed: [
          { context: 'gopls', pid: 1234, source: '/proc/1234/environ', differs: ['GOPROXY', 'GOFLAGS'] },
          { context: 'terminal', pid: 77, source: '/proc/77/environ', differs: [] },
          { context: 'delve:Launch', pid: 0, source: 'the debug launch request of delve:Launch', differs: ['GOPROXY'] },
        ],
      }),
      t,
    );
    const gopls = f.rows.find((r) => r.context === 'gopls');
    assert.equal(gopls?.stale, true);
    assert.deepEqual(gopls?.processes, [
      { label: 'running PID 1234', source: '/proc/1234/environ', differs: ['GOPROXY', 'GOFLAGS'], differsText: 'Differs from a new process: GOPROXY, GOFLAGS', stale: true, cells: [] },
    ]);
    const terminal = f.rows.find((r) => r.context === 'terminal');
    assert.equal(terminal?.stale, false);
    assert.equal(terminal?.processes[0]?.differsText, 'Same as a new process');
    assert.equal(f.rows.find((r) => r.context === 'shell')?.processes.length, 0);
    // A context without a row in the matrix is listed apart.
    assert.deepEqual(f.otherProcesses, [
      {
        context: 'delve:Launch',
        label: 'debug launch request',
        source: 'the debug launch request of delve:Launch',
        differs: ['GOPROXY'],
        differsText: 'Differs from a new process: GOPROXY',
        stale: true,
        cells: [],
      },
    ]);
  });

  it("shows a running process's values under its context, marking those that differ from the intended ones", () => {
    const f = folderView(
      folder({
        observed: [
          {
            context: 'gopls',
            pid: 1234,
            source: '/proc/1234/environ',
            differs: ['GOPROXY'],
            values: ['https://old.example', '-mod=mod'],
            origins: ['process environment  /proc/1234/environ', 'go/env file  /h/.config/go/env:2'],
          },
          {
            context: 'delve:Other',
            pid: 9,
            source: '/proc/9/environ',
            differs: [],
            values: ['https://launch.example', ''],
            origins: ['process environment  /proc/9/environ', ''],
          },
        ],
      }),
      t,
    );
    assert.deepEqual(f.rows.find((r) => r.context === 'gopls')?.processes[0]?.cells, [
      { text: 'https://old.example', empty: false, differs: true, origin: 'process environment  /proc/1234/environ' },
      { text: '-mod=mod', empty: false, differs: false, origin: 'go/env file  /h/.config/go/env:2' },
    ]);
    // Without a row of its own, nothing to compare with: shown, not marked.
    assert.deepEqual(f.otherProcesses[0]?.cells, [
      { text: 'https://launch.example', empty: false, differs: false, origin: 'process environment  /proc/9/environ' },
      { text: '(empty)', empty: true, differs: false, origin: '' },
    ]);
  });

  it('puts the origin of each intended value on its cell', () => {
    const f = folderView(folder({ matrix: { vars: ['GOPROXY'], rows: [{ context: 'shell', values: ['off'], origins: ['go/env file  /h/.config/go/env:1'] }] } }), t);
    assert.equal(f.rows[0]?.cells[0]?.origin, 'go/env file  /h/.config/go/env:1');
  });

  it('says where the gopls GOPROXY comes from', () => {
    assert.equal(folderView(folder(), t).goproxyText, 'GOPROXY for gopls: https://proxy.golang.org,direct (from $GOROOT/go.env — /usr/local/go/go.env:7:9)');
    assert.equal(folderView(folder({ goproxy: { value: '', short: '', layer: '', origin: '' } }), t).goproxyText, 'GOPROXY for gopls: (empty)');
  });

  it('keeps values as data (the webview sets textContent)', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const f = folderView(folder({ matrix: { vars: ['GOPROXY'], rows: [{ context: 'shell', values: [evil] }] } }), t);
    assert.equal(f.rows[0]?.cells[0]?.text, evil);
  });
});

describe('report model: network', () => {
  const formatTime = (d: Date): string => d.toISOString().replace('T', ' ').slice(0, 16);
  const network: NetworkStatus = {
    at: '2025-05-01T10:00:00Z',
    routes: [
      {
        contexts: ['shell', 'gopls'],
        proxyOK: false,
        sumdbOK: true,
        sumdbOff: false,
        targets: [
          { url: 'https://goproxy.corp.example', role: 'proxy', via: 'http://proxy.corp:3128', ok: false, stage: 'tls', detail: 'x509: certificate signed by unknown authority', ms: 41, check: 'tls-unknown-authority' },
          { url: 'https://goproxy.corp.example/sumdb/sum.golang.org', role: 'sumdb', via: 'http://proxy.corp:3128', ok: false, stage: 'tls', detail: 'x509', ms: 3, note: "the same failure as the proxy's own contact, reported there" },
          { url: 'https://sum.golang.org', role: 'sumdb', ok: true, stage: '', detail: '200 OK', ms: 120 },
          { url: 'http://proxy.corp:3128', role: 'http-proxy', ok: true, stage: '', detail: 'connected', ms: 2 },
        ],
      },
      {
        contexts: ['terminal'],
        proxyOK: true,
        sumdbOK: false,
        sumdbOff: true,
        targets: [
          { url: 'https://proxy.golang.org', role: 'proxy', ok: true, stage: '', detail: 'intercepted', ms: 15, check: 'tls-intercepted' },
          { url: 'https://mirror.example', role: 'proxy', ok: false, stage: 'protocol', detail: 'HTML page', ms: 7 },
        ],
      },
    ],
  };

  it('is null without a probe (the view says how to run one)', () => {
    assert.equal(folderView(folder(), t).network, null);
    assert.equal(reportModel(status(), null, t).folders[0]?.network, null);
  });

  it('shows when it ran and, per route, the contexts and whether the proxy and the checksum database work', () => {
    const n = reportModel(status({ folders: [folder({ network })] }), null, t, formatTime).folders[0]?.network;
    assert.ok(n);
    assert.equal(n.atText, 'Probed at 2025-05-01 10:00');
    assert.deepEqual(
      n.routes.map((r) => [r.contextsText, r.proxy, r.proxyText, r.sumdb, r.sumdbText]),
      [
        ['Contexts: shell, gopls', 'fails', 'Module proxy: fails', 'works', 'Checksum database: works'],
        ['Contexts: terminal', 'works', 'Module proxy: works', 'off', 'Checksum database: off'],
      ],
    );
  });

  it('has a row per target with its role, route, result, time, check and note', () => {
    const n = folderView(folder({ network }), t, formatTime).network;
    assert.deepEqual(n?.routes[0]?.targets, [
      {
        role: 'module proxy',
        url: 'https://goproxy.corp.example',
        via: 'http://proxy.corp:3128',
        result: 'fails at TLS',
        detail: 'x509: certificate signed by unknown authority',
        time: '41 ms',
        check: 'tls-unknown-authority',
        note: '',
        look: 'fails',
      },
      {
        role: 'checksum database',
        url: 'https://goproxy.corp.example/sumdb/sum.golang.org',
        via: 'http://proxy.corp:3128',
        result: 'fails at TLS',
        detail: 'x509',
        time: '3 ms',
        check: '',
        note: "the same failure as the proxy's own contact, reported there",
        look: 'ignored',
      },
      { role: 'checksum database', url: 'https://sum.golang.org', via: 'direct', result: 'ok', detail: '200 OK', time: '120 ms', check: '', note: '', look: 'ok' },
      { role: 'HTTP proxy', url: 'http://proxy.corp:3128', via: 'direct', result: 'ok', detail: 'connected', time: '2 ms', check: '', note: '', look: 'ok' },
    ]);
    // An intercepted chain that works is a notice; a failure without a check does not count.
    assert.deepEqual(
      n?.routes[1]?.targets.map((x) => [x.result, x.check, x.look]),
      [
        ['ok', 'tls-intercepted', 'notice'],
        ['fails at protocol', '', 'ignored'],
      ],
    );
  });

  it('says when there is no module proxy, and when the checksum database is unreachable', () => {
    const route = { contexts: ['shell'], proxyOK: false, sumdbOK: false, sumdbOff: false, targets: [{ url: 'https://sum.golang.org', role: 'sumdb' as const, ok: false, stage: 'dns', detail: 'no such host', ms: 5, check: 'sumdb-unreachable' }] };
    const r = folderView(folder({ network: { at: '', routes: [route] } }), t, formatTime).network?.routes[0];
    assert.equal(r?.proxyText, 'Module proxy: none (GOPROXY is direct or off)');
    assert.equal(r?.sumdbText, 'Checksum database: unreachable');
    assert.equal(r?.targets[0]?.result, 'fails at DNS');
  });

  it('shows a time it cannot read as the server sent it', () => {
    assert.equal(folderView(folder({ network: { at: 'yesterday', routes: [] } }), t, formatTime).network?.atText, 'Probed at yesterday');
  });

  it('keeps a detail with HTML as data (the webview sets textContent)', () => {
    const evil = '<img src=x onerror=alert(1)> <b>401</b>';
    const route = { contexts: ['shell'], proxyOK: false, sumdbOK: false, sumdbOff: true, targets: [{ url: 'https://p/<script>', role: 'proxy' as const, ok: false, stage: 'protocol', detail: evil, ms: 1, check: 'goproxy-protocol', note: '<i>x</i>' }] };
    const x = folderView(folder({ network: { at: '', routes: [route] } }), t).network?.routes[0]?.targets[0];
    assert.equal(x?.detail, evil);
    assert.equal(x?.url, 'https://p/<script>');
    assert.equal(x?.note, '<i>x</i>');
  });
});

describe('report labels', () => {
  it('has a text for every button', () => {
    const labels = reportLabels(t) as unknown as Record<string, string>;
    for (const action of Object.keys(REPORT_ACTIONS)) {
      assert.ok(typeof labels[action] === 'string' && labels[action] !== '', action);
    }
  });
});

describe('webview messages', () => {
  it('accepts ready and the five actions', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
    for (const action of ['recheck', 'probe', 'restartGopls', 'copyMarkdown', 'showLogs']) {
      assert.deepEqual(parseWebviewMessage({ type: 'action', action }), { type: 'action', action });
    }
    assert.deepEqual(Object.values(REPORT_ACTIONS).sort(), [CMD.copyReport, CMD.probe, CMD.recheck, CMD.restartGopls, CMD.showLogs].sort());
  });

  it('rejects anything else', () => {
    for (const m of [
      undefined,
      null,
      'ready',
      [],
      {},
      { type: 'action' },
      { type: 'action', action: 'restartServer' },
      { type: 'action', action: 'goEnvDoctor.applyFix' },
      { type: 'action', action: 'goEnvDoctor.probe' },
      { type: 'action', action: 'probe ' },
      { type: 'action', action: 'toString' },
      { type: 'action', action: '__proto__' },
      { type: 'action', action: 1 },
      { type: 'command', command: 'workbench.action.reloadWindow' },
    ]) {
      assert.equal(parseWebviewMessage(m), undefined, JSON.stringify(m));
    }
  });
});

describe('report html', () => {
  const html = reportHtml({
    cspSource: 'https://x.vscode-cdn.net',
    nonce: 'abc+/=',
    scriptUri: 'https://x.vscode-cdn.net/media/report.js',
    styleUri: 'https://x.vscode-cdn.net/media/report.css',
    lang: 'zh-cn',
    title: 'Go Env Doctor <report>',
  });

  it('has a strict CSP', () => {
    assert.equal(cspFor('S', 'N'), "default-src 'none'; style-src S; img-src S; script-src 'nonce-N'");
    assert.ok(html.includes(`content="default-src &#39;none&#39;; style-src https://x.vscode-cdn.net; img-src https://x.vscode-cdn.net; script-src &#39;nonce-abc+/=&#39;"`));
  });

  it('loads only the nonced script and the stylesheet, nothing inline', () => {
    assert.equal([...html.matchAll(/<script/g)].length, 1);
    assert.ok(html.includes('<script nonce="abc+/=" src="https://x.vscode-cdn.net/media/report.js"></script>'));
    assert.ok(html.includes('<link rel="stylesheet" href="https://x.vscode-cdn.net/media/report.css">'));
    assert.ok(!/\sstyle=|<style|\son[a-z]+=/i.test(html));
    assert.ok(html.includes('<title>Go Env Doctor &#60;report&#62;</title>'));
  });
});
