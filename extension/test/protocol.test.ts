import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAfterFix, isClientFix, isGoEnvResult, ProbeRequest, toProbeResult, toStatusParams } from '../src/protocol';
import { documentSelector, globForPath } from '../src/selector';

describe('fix arguments', () => {
  it('accepts an AfterFix', () => {
    assert.ok(isAfterFix({ title: 't', check: 'c', uris: ['file:///a'], restartGopls: true }));
    assert.ok(!isAfterFix({ title: 't', check: 'c', uris: 'file:///a', restartGopls: true }));
    assert.ok(!isAfterFix(undefined));
  });

  it('accepts each ClientFix kind with what it needs', () => {
    const setting = { key: 'go.toolsEnvVars', target: 'workspace', folder: null, member: ['GOPROXY'], value: 'https://p' };
    assert.ok(isClientFix({ title: 't', check: 'c', kind: 'set-setting', setting, restartGopls: true }));
    assert.ok(!isClientFix({ title: 't', check: 'c', kind: 'set-setting', setting: { ...setting, value: undefined }, restartGopls: true }));
    assert.ok(isClientFix({ title: 't', check: 'c', kind: 'remove-setting', setting: { ...setting, value: undefined, target: 'folder', folder: 'file:///a' }, restartGopls: false }));
    assert.ok(!isClientFix({ title: 't', check: 'c', kind: 'remove-setting', setting: { ...setting, target: 'machine' }, restartGopls: false }));
    assert.ok(isClientFix({ title: 't', check: 'c', kind: 'go-env-w', goEnv: { opaque: 1 }, restartGopls: true }));
    assert.ok(!isClientFix({ title: 't', check: 'c', kind: 'go-env-u', restartGopls: true }));
    assert.ok(isClientFix({ title: 't', check: 'c', kind: 'restart-gopls', command: 'go.languageserver.restart', restartGopls: true }));
    assert.ok(isClientFix({ title: 't', check: 'c', kind: 'reload-window', command: 'workbench.action.reloadWindow', restartGopls: false }));
    assert.ok(!isClientFix({ title: 't', check: 'c', kind: 'rm-rf', restartGopls: false }));
  });

  it('checks the goEnv answer and the status notification', () => {
    assert.ok(isGoEnvResult({ applied: 'go env -w GOPROXY=…', undo: null }));
    assert.ok(!isGoEnvResult({ undo: null }));
    assert.deepEqual(toStatusParams({ health: 'ok', message: '', counts: { error: 0, warning: 0, info: 0 }, folders: [] }), {
      health: 'ok',
      message: '',
      counts: { error: 0, warning: 0, info: 0 },
      folders: [],
    });
    assert.equal(toStatusParams({ health: 'fine', message: '', folders: [] }), undefined);
    const split = toStatusParams({ health: 'ok', message: '', folders: [], system: { summary: 'WSL 2', here: 'wsl', ui: 'windows', extra: 1 } });
    assert.deepEqual(split?.system, { summary: 'WSL 2', here: 'wsl', ui: 'windows' });
  });

  it('turns Go nil slices (null) into empty lists', () => {
    const s = toStatusParams({
      health: 'warning',
      message: 'm',
      counts: { error: 1, warning: 2, info: 3 },
      folders: [{ uri: 'file:///a', name: 'a', goproxy: { value: 'v', short: 's', layer: 'l', origin: 'o' }, disagree: null, matrix: { vars: null, rows: null } }],
    });
    assert.deepEqual(s?.folders[0], { uri: 'file:///a', name: 'a', goproxy: { value: 'v', short: 's', layer: 'l', origin: 'o' }, disagree: [], observed: [], matrix: { vars: [], rows: [] } });
    assert.deepEqual(toStatusParams({ health: 'error', message: 'x', counts: null, folders: null }), { health: 'error', message: 'x', counts: { error: 0, warning: 0, info: 0 }, folders: [] });
  });
});

describe('observed processes in the status', () => {
  const base = { uri: 'file:///a', name: 'a', goproxy: { value: 'v', short: 's', layer: 'l', origin: 'o' }, disagree: [], matrix: { vars: [], rows: [] } };
  const parse = (folder: Record<string, unknown>) => toStatusParams({ health: 'ok', message: '', counts: {}, folders: [folder] })?.folders[0]?.observed;

  it('reads them', () => {
    const observed = [
      { context: 'gopls', pid: 1234, source: '/proc/1234/environ', differs: ['GOPROXY'], values: ['off', ''], origins: ['process environment  /proc/1234/environ', ''] },
      { context: 'delve:Launch', pid: 0, source: 'the debug launch request of delve:Launch', differs: [], values: [], origins: [] },
    ];
    assert.deepEqual(parse({ ...base, observed }), observed);
  });

  it('reads the origins of the matrix cells, [] from an older server', () => {
    const rows = (matrix: unknown) => toStatusParams({ health: 'ok', message: '', counts: {}, folders: [{ ...base, matrix }] })?.folders[0]?.matrix.rows;
    assert.deepEqual(rows({ vars: ['GOPROXY'], rows: [{ context: 'shell', values: ['off'], origins: ['go/env file  /h/.config/go/env:1'] }] }), [
      { context: 'shell', values: ['off'], origins: ['go/env file  /h/.config/go/env:1'] },
    ]);
    assert.deepEqual(rows({ vars: ['GOPROXY'], rows: [{ context: 'shell', values: ['off'] }, { context: 'gopls', values: ['x'], origins: null }] }), [
      { context: 'shell', values: ['off'], origins: [] },
      { context: 'gopls', values: ['x'], origins: [] },
    ]);
  });

  it('treats an older server (no field), null and malformed entries as nothing', () => {
    assert.deepEqual(parse(base), []);
    assert.deepEqual(parse({ ...base, observed: null }), []);
    assert.deepEqual(parse({ ...base, observed: { context: 'gopls' } }), []);
    assert.deepEqual(parse({ ...base, observed: [null, 'gopls', { pid: 1 }, { context: '', pid: 1 }, { context: 'gopls', pid: -3, differs: null }, { context: 'terminal', pid: 1.5, differs: ['GOPROXY', 7] }] }), [
      { context: 'gopls', pid: 0, source: '', differs: [], values: [], origins: [] },
      { context: 'terminal', pid: 0, source: '', differs: [], values: [], origins: [] },
    ]);
  });
});

describe('network probe', () => {
  const base = { uri: 'file:///a', name: 'a', goproxy: { value: 'v', short: 's', layer: 'l', origin: 'o' }, disagree: [], observed: [], matrix: { vars: [], rows: [] } };
  const parse = (folder: Record<string, unknown>) => toStatusParams({ health: 'ok', message: '', counts: {}, folders: [folder] })?.folders[0];

  // As server/internal/lsp/protocol.go encodes it: via, check and note are omitempty.
  const network = {
    at: '2025-05-01T10:00:00Z',
    routes: [
      {
        contexts: ['shell', 'gopls'],
        proxyOK: false,
        sumdbOK: true,
        sumdbOff: false,
        targets: [
          { url: 'https://goproxy.corp.example', role: 'proxy', via: 'http://proxy.corp:3128', ok: false, stage: 'tls', detail: 'x509: unknown authority', ms: 41, check: 'tls-unknown-authority' },
          { url: 'https://sum.golang.org', role: 'sumdb', ok: true, stage: '', detail: '200 OK', ms: 120 },
          { url: 'https://goproxy.corp.example/sumdb/sum.golang.org', role: 'sumdb', ok: false, stage: 'tls', detail: 'x509', ms: 3, note: "the same failure as the proxy's own contact, reported there" },
          { url: 'http://proxy.corp:3128', role: 'http-proxy', ok: true, stage: '', detail: 'connected', ms: 2 },
        ],
      },
    ],
  };

  it('has the request the server answers', () => {
    assert.equal(ProbeRequest.method, 'goEnvDoctor/probe');
  });

  it('reads the network status', () => {
    assert.deepEqual(parse({ ...base, network })?.network, network);
  });

  it('has no network from an older server, or when no probe ran', () => {
    const f = parse(base);
    assert.ok(f);
    assert.equal('network' in f, false);
    assert.deepEqual(f, base);
    assert.equal(parse({ ...base, network: null })?.network, undefined);
    assert.equal(parse({ ...base, network: 'yes' })?.network, undefined);
  });

  it('turns Go nil slices into empty lists and drops what it cannot read', () => {
    assert.deepEqual(parse({ ...base, network: { at: '2025-05-01T10:00:00Z', routes: null } })?.network, { at: '2025-05-01T10:00:00Z', routes: [] });
    assert.deepEqual(
      parse({
        ...base,
        network: {
          routes: [
            null,
            { contexts: null, targets: null },
            {
              contexts: ['shell', 3],
              proxyOK: 'yes',
              targets: [
                null,
                { role: 'proxy' },
                { url: 'https://a', role: 'socks5' },
                { url: 'https://a', role: 'proxy', ok: 1, stage: null, ms: -5, via: '', check: '', note: 7 },
                { url: 'https://b', role: 'sumdb', ok: true, ms: 'fast' },
              ],
            },
          ],
        },
      })?.network,
      {
        at: '',
        routes: [
          { contexts: [], proxyOK: false, sumdbOK: false, sumdbOff: false, targets: [] },
          {
            contexts: [],
            proxyOK: false,
            sumdbOK: false,
            sumdbOff: false,
            targets: [
              { url: 'https://a', role: 'proxy', ok: false, stage: '', detail: '', ms: 0 },
              { url: 'https://b', role: 'sumdb', ok: true, stage: '', detail: '', ms: 0 },
            ],
          },
        ],
      },
    );
  });

  it('reads the probe answer, missing fields as zero', () => {
    const answer = { canceled: false, routes: 1, targets: 4, failed: 1, findings: 1, summary: '1 of 4 targets fail' };
    assert.deepEqual(toProbeResult(answer), answer);
    assert.deepEqual(toProbeResult({ canceled: true, summary: 'canceled' }), { canceled: true, routes: 0, targets: 0, failed: 0, findings: 0, summary: 'canceled' });
    assert.deepEqual(toProbeResult(null), { canceled: false, routes: 0, targets: 0, failed: 0, findings: 0, summary: '' });
  });
});

describe('document selector', () => {
  it('covers the files the server reads', () => {
    const patterns = documentSelector(null).map((f) => `${f.scheme}:${f.pattern}`);
    for (const p of ['**/.vscode/{settings,launch,tasks}.json', '**/*.code-workspace', '**/go.mod', '**/go.work', '**/go/env', '**/go.env', '**/*.env', '**/.env*']) {
      assert.ok(patterns.includes(`file:${p}`), p);
    }
    assert.ok(patterns.every((p) => p.startsWith('file:')), 'the server reads file: URIs only');
  });

  it('adds the user settings file as an exact glob', () => {
    const sel = documentSelector('/home/me/.config/Code/User/settings.json');
    assert.ok(sel.some((f) => f.scheme === 'file' && f.pattern === '/home/me/.config/Code/User/settings.json'));
    assert.equal(globForPath('C:\\Users\\me {x}\\a*[1].json'), 'C:/Users/me [{]x[}]/a[*]?1?.json');
  });
});
