import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commandLink, escapeIcons, escapeMarkdown, truncate } from '../src/markdown';
import type { FolderStatus, StatusParams } from '../src/protocol';
import { folderStatus, t, type LooseFolder } from './fixtures';
import { CMD, matrixMarkdown, plainText, renderStatus, staleProcessLines, TOOLTIP_COMMANDS } from '../src/statusView';

const folder = (over: LooseFolder = {}): FolderStatus => folderStatus(over);

function status(over: Partial<StatusParams> = {}): StatusParams {
  return { health: 'ok', message: 'No problems found', counts: { error: 0, warning: 0, info: 0 }, folders: [folder()], ...over };
}

/** The command ids linked from a Markdown text. */
function linkedCommands(md: string): string[] {
  return [...md.matchAll(/\]\(command:([A-Za-z.]+)/g)].map((m) => m[1] ?? '');
}

describe('status bar text', () => {
  it('shows a spinner while starting and restarting', () => {
    assert.equal(renderStatus({ state: 'starting', activeFolder: null }, t).text, '$(sync~spin) Go Env Doctor');
    const v = renderStatus({ state: 'restarting', activeFolder: null }, t);
    assert.equal(v.text, '$(sync~spin) Go Env Doctor: restarting');
    assert.equal(v.background, undefined);
  });

  it('shows an error that restarts the server when clicked', () => {
    const v = renderStatus({ state: 'failed', activeFolder: null, detail: 'no binary for linux-riscv64' }, t);
    assert.equal(v.text, '$(error) Go Env Doctor');
    assert.equal(v.background, 'error');
    assert.equal(v.command, CMD.restartServer);
    assert.match(v.tooltip, /no binary for linux\\-riscv64/);
    assert.deepEqual(linkedCommands(v.tooltip), [CMD.restartServer, CMD.showLogs]);
  });

  it('shows the GOPROXY short form of the active folder; click opens the report', () => {
    const s = status({ folders: [folder(), folder({ uri: 'file:///b', name: 'b', goproxy: { value: 'https://goproxy.corp', short: 'goproxy.corp', layer: 'go.toolsEnvVars', origin: '' } })] });
    const v = renderStatus({ state: 'running', status: s, activeFolder: 'file:///b' }, t);
    assert.equal(v.text, '$(cloud-download) goproxy.corp');
    assert.equal(v.command, CMD.showReport);
    assert.equal(v.background, undefined);
    // An active folder the server does not know: the first folder.
    assert.equal(renderStatus({ state: 'running', status: s, activeFolder: 'file:///zzz' }, t).text, '$(cloud-download) proxy.golang.org,direct');
    assert.equal(renderStatus({ state: 'running', status: s, activeFolder: null }, t).text, '$(cloud-download) proxy.golang.org,direct');
  });

  it('spins until the first status arrives', () => {
    assert.equal(renderStatus({ state: 'running', activeFolder: null }, t).text, '$(sync~spin) Go Env Doctor');
  });

  it('warns when contexts disagree, and errors on health error', () => {
    const disagree = status({ folders: [folder({ disagree: ['GOFLAGS'] })] });
    assert.equal(renderStatus({ state: 'running', status: disagree, activeFolder: null }, t).background, 'warning');
    assert.equal(renderStatus({ state: 'running', status: status({ health: 'warning' }), activeFolder: null }, t).background, 'warning');
    const err = renderStatus({ state: 'running', status: status({ health: 'error', message: 'cannot read folder', folders: [] }), activeFolder: null }, t);
    assert.equal(err.background, 'error');
    assert.equal(err.text, '$(warning) Go Env Doctor');
    assert.match(err.tooltip, /cannot read folder/);
  });

  it('cannot render icons from a value', () => {
    const s = status({ folders: [folder({ goproxy: { value: 'x', short: '$(bug) evil', layer: '', origin: '' } })] });
    assert.equal(renderStatus({ state: 'running', status: s, activeFolder: null }, t).text, '$(cloud-download) \\$(bug) evil');
  });

  it('has a plain label for screen readers', () => {
    assert.equal(plainText('$(cloud-download) proxy.golang.org,direct'), 'Go Env Doctor: proxy.golang.org,direct');
    assert.equal(plainText('$(sync~spin) Go Env Doctor'), 'Go Env Doctor');
    assert.equal(plainText('$(cloud-download) \\$(bug) x'), 'Go Env Doctor: $(bug) x');
  });
});

describe('status bar tooltip', () => {
  it('has the matrix, the provenance and the command links', () => {
    const v = renderStatus({ state: 'running', status: status({ folders: [folder({ disagree: ['GOFLAGS'] })] }), activeFolder: null }, t);
    const lines = v.tooltip.split('\n');
    // Agreeing contexts: one value. Disagreeing: each value with its contexts.
    assert.ok(lines.includes(`- ${commandLink('GOPROXY', CMD.explain, ['GOPROXY'], 'Explain GOPROXY')} — https\\:\\/\\/proxy\\.golang\\.org\\,direct`), v.tooltip);
    assert.ok(lines.includes(`- $(warning) **${commandLink('GOFLAGS', CMD.explain, ['GOFLAGS'], 'Explain GOFLAGS')}** — *\\(empty\\)* *(shell)* · \\-mod\\=mod *(gopls)*`), v.tooltip);
    assert.ok(v.tooltip.includes('GOPROXY for gopls\\: https\\:\\/\\/proxy\\.golang\\.org\\,direct'), v.tooltip);
    assert.ok(v.tooltip.includes('from \\$GOROOT\\/go\\.env — \\/usr\\/local\\/go\\/go\\.env\\:7\\:9'), v.tooltip);
    assert.match(v.tooltip, /\$\(warning\) \*\*\[GOFLAGS\]\(command:goEnvDoctor\.explain\?/);
    assert.match(v.tooltip, /disagree on GOFLAGS/);
    assert.deepEqual(linkedCommands(v.tooltip), [CMD.explain, CMD.explain, CMD.showReport, CMD.recheck, CMD.probe, CMD.restartGopls, CMD.showLogs]);
    for (const c of linkedCommands(v.tooltip)) {
      assert.ok(TOOLTIP_COMMANDS.includes(c), `${c} must be an enabled command`);
    }
  });

  it('escapes values so they cannot form links, HTML, cells or icons', () => {
    const evil = '[click](command:workbench.action.terminal.sendSequence?x) <img src=x> a|b $(bug) `code` *em*';
    const f = folder({
      name: 'proj](command:evil)',
      goproxy: { value: evil, short: 'x', layer: 'l', origin: 'o' },
      matrix: { vars: ['GOPROXY'], rows: [{ context: 'task:[x](command:evil)', values: [evil] }] },
    });
    const v = renderStatus({ state: 'running', status: status({ folders: [f], message: '<b>hi</b>' }), activeFolder: null }, t);
    assert.deepEqual(linkedCommands(v.tooltip), [CMD.explain, CMD.showReport, CMD.recheck, CMD.probe, CMD.restartGopls, CMD.showLogs]);
    assert.ok(!/(^|[^\\])<(img|b)/.test(v.tooltip), 'raw HTML');
    assert.ok(!/(^|[^\\])\$\(bug\)/.test(v.tooltip), 'unescaped icon');
    assert.ok(v.tooltip.includes('\\[click\\]\\(command\\:workbench'), v.tooltip);
    assert.ok(v.tooltip.includes('a\\|b'), 'pipes escaped');
  });

  it('escapes context names', () => {
    const md = matrixMarkdown(folder({ matrix: { vars: ['GOPROXY'], rows: [{ context: 'task:[x](command:evil)', values: ['a'] }, { context: 'shell', values: ['b'] }] } }), t);
    assert.ok(md.includes('*(task\\:\\[x\\]\\(command\\:evil\\))*'), md);
  });

  it('does not repeat the layer when the origin starts with it', () => {
    const f = folder({ goproxy: { value: 'v', short: 's', layer: 'go.toolsEnvVars (workspace settings)', origin: 'go.toolsEnvVars (workspace settings) /w/.vscode/settings.json:4:16' } });
    const v = renderStatus({ state: 'running', status: status({ folders: [f] }), activeFolder: null }, t);
    assert.ok(v.tooltip.includes('from go\\.toolsEnvVars \\(workspace settings\\) \\/w'), v.tooltip);
    assert.ok(!v.tooltip.includes('settings\\) —'), v.tooltip);
  });

  it('names the machine the Go tools run on, and the side a value comes from, in a split window', () => {
    const f = folder({ goproxy: { value: 'v', short: 's', layer: 'go.toolsEnvVars (user settings)', origin: 'Windows: go.toolsEnvVars (user settings)' } });
    const system = { summary: 'WSL 2 (Ubuntu), NAT networking', here: 'wsl', ui: 'windows' };
    const v = renderStatus({ state: 'running', status: status({ folders: [f], system }), activeFolder: null }, t);
    assert.ok(v.tooltip.includes(`$(remote) ${escapeMarkdown('Go tools run in: WSL 2 (Ubuntu), NAT networking')}`), v.tooltip);
    assert.ok(v.tooltip.includes(`from ${escapeMarkdown('Windows: go.toolsEnvVars (user settings)')}`) && !v.tooltip.includes('settings\\) —'), v.tooltip);
    const local = renderStatus({ state: 'running', status: status(), activeFolder: null }, t);
    assert.ok(!local.tooltip.includes('Go tools run in'), local.tooltip);
  });

  it('shows empty values as (empty) and truncates long ones', () => {
    const md = matrixMarkdown(folder(), t);
    assert.ok(md.includes('*\\(empty\\)* *(shell)*'), md);
    const long = 'https://' + 'a'.repeat(200) + '.example';
    const md2 = matrixMarkdown(folder({ matrix: { vars: ['GOPROXY'], rows: [{ context: 'shell', values: [long] }] } }), t);
    assert.ok(md2.includes('…'));
    assert.ok(!md2.includes('example'));
  });

  it('links only variables that are names', () => {
    const md = matrixMarkdown(folder({ matrix: { vars: ['GOPROXY', 'A B'], rows: [{ context: 'shell', values: ['x', 'y'] }] } }), t);
    assert.equal(linkedCommands(md).length, 1);
    assert.ok(md.includes(encodeURIComponent('["GOPROXY"]')));
  });
});

describe('processes that run with an old environment', () => {
  const gopls = { context: 'gopls', pid: 1234, source: '/proc/1234/environ', differs: ['GOPROXY'] };

  it('warn at the top of the tooltip, with a link that restarts gopls', () => {
    const f = folder({ observed: [gopls, { context: 'terminal', pid: 99, source: '/proc/99/environ', differs: [] }] });
    const v = renderStatus({ state: 'running', status: status({ folders: [f] }), activeFolder: null }, t);
    assert.equal(v.background, 'warning');
    const parts = v.tooltip.split('\n\n');
    assert.equal(parts[0], '**Go Env Doctor** · folder a');
    assert.equal(parts[1], `$(warning) gopls \\(PID 1234\\) still runs with an old GOPROXY\\. ${commandLink('$(debug-restart) Restart gopls', CMD.restartGopls)}`);
    // A process that agrees with its context says nothing.
    assert.ok(!v.tooltip.includes('PID 99'), v.tooltip);
    assert.deepEqual(linkedCommands(v.tooltip), [CMD.restartGopls, CMD.explain, CMD.explain, CMD.showReport, CMD.recheck, CMD.probe, CMD.restartGopls, CMD.showLogs]);
  });

  it('say what to restart for terminals, tasks, debug sessions and other contexts', () => {
    const lines = staleProcessLines(
      folder({
        observed: [
          { context: 'terminal', pid: 10, source: '', differs: ['GOPROXY', 'GOFLAGS'] },
          { context: 'task:build', pid: 11, source: '', differs: ['GONOSUMDB'] },
          { context: 'delve:Launch Package', pid: 12, source: '', differs: ['GOPROXY'] },
          { context: 'delve:Launch Package', pid: 0, source: 'the debug launch request of delve:Launch Package', differs: ['GOPROXY'] },
          { context: 'test', pid: 13, source: '', differs: ['GOPROXY'] },
          { context: 'test-debug', pid: 0, source: '', differs: ['GOPROXY'] },
        ],
      }),
      t,
    );
    assert.deepEqual(lines, [
      '$(warning) A terminal \\(PID 10\\) still runs with an old GOPROXY\\, GOFLAGS\\: open a new terminal\\.',
      '$(warning) Task build \\(PID 11\\) still runs with an old GONOSUMDB\\: restart the task\\.',
      '$(warning) Debug session Launch Package \\(PID 12\\) still runs with an old GOPROXY\\: restart the debug session\\.',
      '$(warning) Debug session Launch Package was started with an old GOPROXY\\: restart the debug session\\.',
      '$(warning) test \\(PID 13\\) still runs with an old GOPROXY\\: restart it\\.',
      '$(warning) test\\-debug was started with an old GOPROXY\\: restart it\\.',
    ]);
  });

  it('escape task and launch configuration names', () => {
    const evil = '[x](command:workbench.action.terminal.sendSequence?%7B%7D) <img src=x> $(bug)';
    const f = folder({
      observed: [
        { context: `task:${evil}`, pid: 5, source: '', differs: ['GOPROXY'] },
        { context: `delve:${evil}`, pid: 0, source: '', differs: ['GOPROXY'] },
      ],
    });
    const v = renderStatus({ state: 'running', status: status({ folders: [f] }), activeFolder: null }, t);
    assert.deepEqual(linkedCommands(v.tooltip), [CMD.explain, CMD.explain, CMD.showReport, CMD.recheck, CMD.probe, CMD.restartGopls, CMD.showLogs]);
    assert.ok(!/(^|[^\\])<img/.test(v.tooltip), 'raw HTML');
    assert.ok(!/(^|[^\\])\$\(bug\)/.test(v.tooltip), 'unescaped icon');
    assert.ok(v.tooltip.includes('Task \\[x\\]\\(command\\:workbench'), v.tooltip);
  });

  it('follow the active folder, and say nothing when no process differs', () => {
    const s = status({ folders: [folder(), folder({ uri: 'file:///b', name: 'b', observed: [gopls] })] });
    assert.equal(renderStatus({ state: 'running', status: s, activeFolder: 'file:///a' }, t).background, undefined);
    assert.equal(renderStatus({ state: 'running', status: s, activeFolder: 'file:///b' }, t).background, 'warning');
    assert.deepEqual(staleProcessLines(folder({ observed: [{ ...gopls, differs: [] }] }), t), []);
  });

  it('keep the error background when the server could not diagnose', () => {
    const s = status({ health: 'error', folders: [folder({ observed: [gopls] })] });
    assert.equal(renderStatus({ state: 'running', status: s, activeFolder: null }, t).background, 'error');
  });
});

describe('markdown helpers', () => {
  it('escapes all ASCII punctuation and newlines', () => {
    assert.equal(escapeMarkdown('a*b_c'), 'a\\*b\\_c');
    assert.equal(escapeMarkdown('x\ny'), 'x y');
    assert.equal(escapeMarkdown('\\'), '\\\\');
    assert.equal(escapeMarkdown('中文 ok'), '中文 ok');
  });
  it('escapes icons', () => {
    assert.equal(escapeIcons('$(a) $b'), '\\$(a) $b');
  });
  it('truncates by characters', () => {
    assert.equal(truncate('abcdef', 4), 'abc…');
    assert.equal(truncate('abc', 4), 'abc');
  });
  it('builds command links with JSON arguments', () => {
    assert.equal(commandLink('x', 'c.d', ['A']), `[x](command:c.d?${encodeURIComponent('["A"]')})`);
    assert.equal(commandLink('x', 'c.d', undefined, 'say "hi"'), '[x](command:c.d "say \\"hi\\"")');
  });
});
