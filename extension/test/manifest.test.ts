// The manifest (package.json) against the code and the conventions the product depends on.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { CMD, TOOLTIP_COMMANDS } from '../src/statusView';

const root = path.resolve(__dirname, '..', '..', '..');

interface Manifest {
  name: string;
  publisher: string;
  displayName: string;
  version: string;
  main: string;
  icon: string;
  l10n: string;
  license: string;
  engines: { vscode: string };
  extensionKind: string[];
  activationEvents: string[];
  capabilities: {
    virtualWorkspaces: boolean;
    untrustedWorkspaces: { supported: string; description: string; restrictedConfigurations: string[] };
  };
  contributes: {
    commands: Array<{ command: string; title: string; category: string }>;
    menus: { commandPalette: Array<{ command: string; when: string }> };
    configuration: { properties: Record<string, { scope?: string; enum?: string[]; default?: unknown }> };
  };
  devDependencies: Record<string, string>;
}

const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;

describe('package.json', () => {
  it('has the identity the status bar DOM id depends on', () => {
    // code-server renders the status item as #go-env-doctor.go-env-doctor.goEnvDoctor.status
    assert.equal(pkg.publisher, 'go-env-doctor');
    assert.equal(pkg.name, 'go-env-doctor');
    assert.equal(pkg.displayName, 'Go Env Doctor');
    assert.equal(pkg.main, './extension/out/main.js');
    assert.equal(pkg.license, 'MIT');
  });

  it('runs where Go runs, and says what it does in Restricted Mode', () => {
    assert.deepEqual(pkg.extensionKind, ['workspace']);
    assert.equal(pkg.capabilities.virtualWorkspaces, false);
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.deepEqual(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations, ['goEnvDoctor.server.path']);
    assert.match(pkg.capabilities.untrustedWorkspaces.description, /^%.+%$/);
  });

  it('activates on Go workspaces, files and debug sessions only', () => {
    // onDebugAdapterProtocolTracker:go: VS Code activates the extension, and waits for it, before it
    // creates a Go debug adapter, so the tracker factory (processes.ts) sees every Go session.
    assert.deepEqual(pkg.activationEvents, [
      'workspaceContains:go.mod',
      'workspaceContains:go.work',
      'workspaceContains:**/go.mod',
      'onLanguage:go',
      'onLanguage:go.mod',
      'onDebugAdapterProtocolTracker:go',
    ]);
  });

  it('contributes exactly the commands the code registers, localized, in one category', () => {
    const contributed: string[] = pkg.contributes.commands.map((c) => c.command).sort();
    const registered: string[] = Object.values(CMD);
    assert.deepEqual(contributed, registered.sort());
    for (const c of pkg.contributes.commands) {
      assert.match(c.title, /^%command\..+%$/, c.command);
      assert.equal(c.category, '%command.category%', c.command);
    }
    for (const c of TOOLTIP_COMMANDS) {
      assert.ok(contributed.includes(c), c);
    }
  });

  it('hides the internal fix commands from the palette', () => {
    assert.deepEqual(pkg.contributes.menus.commandPalette, [
      { command: CMD.afterFix, when: 'false' },
      { command: CMD.applyFix, when: 'false' },
    ]);
  });

  it('scopes the settings', () => {
    const p = pkg.contributes.configuration.properties;
    assert.equal(p['goEnvDoctor.server.path']?.scope, 'machine');
    assert.equal(p['goEnvDoctor.trace.server']?.scope, 'window');
    assert.deepEqual(p['goEnvDoctor.trace.server']?.enum, ['off', 'messages', 'verbose']);
    assert.equal(p['goEnvDoctor.statusBar.enabled']?.scope, 'window');
    assert.equal(p['goEnvDoctor.statusBar.enabled']?.default, true);
  });

  it('ships a 128x128 PNG icon and the l10n folder', () => {
    const png = fs.readFileSync(path.join(root, pkg.icon));
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    assert.equal(png.readUInt32BE(16), 128, 'width');
    assert.equal(png.readUInt32BE(20), 128, 'height');
    assert.equal(pkg.l10n, './l10n');
    assert.ok(fs.existsSync(path.join(root, 'l10n', 'bundle.l10n.zh-cn.json')));
  });

  it('uses @types/vscode no newer than engines.vscode (vsce refuses otherwise)', () => {
    const engine = /^\^(\d+)\.(\d+)\./.exec(pkg.engines.vscode);
    const types = /^\^?(\d+)\.(\d+)\./.exec(pkg.devDependencies['@types/vscode'] ?? '');
    assert.ok(engine && types);
    assert.ok(Number(types[1]) * 1000 + Number(types[2]) <= Number(engine[1]) * 1000 + Number(engine[2]));
  });

  it('packages an allow-list', () => {
    const lines = fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8').split('\n').map((l) => l.trim());
    assert.equal(lines.find((l) => l !== '' && !l.startsWith('#')), '**');
    for (const allow of ['!extension/out/main.js', '!bin/**', '!media/icon.png', '!l10n/**', '!package.nls*.json', '!README.md', '!LICENSE', '!package.json']) {
      assert.ok(lines.includes(allow), allow);
    }
  });
});
