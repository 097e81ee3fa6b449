import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { buildEditorState, chooseActiveFolder, inspectSettings, machineSettingsFile, stringEnv, userSettingsFile, type InspectFn, type StateInputs } from '../src/editorState';
import { INSPECTED_KEYS, type ObservedProcess } from '../src/protocol';

const storage = { scheme: 'file', fsPath: '/home/me/.config/Code/User/globalStorage/go-env-doctor.go-env-doctor' };

describe('userSettingsFile', () => {
  it('is two levels above globalStorage locally', () => {
    assert.equal(userSettingsFile(storage, undefined), '/home/me/.config/Code/User/settings.json');
  });

  it('is on this machine in code-server (remoteName host:port)', () => {
    const cs = { scheme: 'file', fsPath: '/root/.local/share/code-server/User/globalStorage/go-env-doctor.go-env-doctor' };
    assert.equal(userSettingsFile(cs, 'localhost:8080'), '/root/.local/share/code-server/User/settings.json');
  });

  it('is unknown where user settings live on the UI machine', () => {
    for (const remote of ['wsl', 'ssh-remote', 'dev-container', 'attached-container', 'codespaces', 'tunnel']) {
      assert.equal(userSettingsFile(storage, remote), null, remote);
    }
  });

  it('is unknown for a non-file globalStorage', () => {
    assert.equal(userSettingsFile({ scheme: 'vscode-userdata', fsPath: '/x/y/z' }, undefined), null);
  });

  it('uses the host path module', () => {
    const win = { scheme: 'file', fsPath: 'C:\\Users\\me\\AppData\\Roaming\\Code\\User\\globalStorage\\go-env-doctor.go-env-doctor' };
    assert.equal(userSettingsFile(win, undefined, path.win32), 'C:\\Users\\me\\AppData\\Roaming\\Code\\User\\settings.json');
  });
});

describe('machineSettingsFile', () => {
  it('is the server data folder\'s Machine settings in a remote window', () => {
    const wsl = { scheme: 'file', fsPath: '/home/me/.vscode-server/data/User/globalStorage/go-env-doctor.go-env-doctor' };
    assert.equal(machineSettingsFile(wsl, 'wsl'), '/home/me/.vscode-server/data/Machine/settings.json');
    const cs = { scheme: 'file', fsPath: '/root/.local/share/code-server/User/globalStorage/go-env-doctor.go-env-doctor' };
    assert.equal(machineSettingsFile(cs, 'localhost:8080'), '/root/.local/share/code-server/Machine/settings.json');
  });

  it('is none in a local window or for a non-file globalStorage', () => {
    assert.equal(machineSettingsFile(storage, undefined), null);
    assert.equal(machineSettingsFile({ scheme: 'vscode-userdata', fsPath: '/x/y/z' }, 'wsl'), null);
  });
});

describe('buildEditorState', () => {
  const folders = [
    { uri: 'file:///w/a', name: 'a', path: '/w/a' },
    { uri: 'file:///w/b', name: 'b', path: '/w/b' },
  ];
  const calls: Array<[string, string | null]> = [];
  const inspect: InspectFn = (key, folder) => {
    calls.push([key, folder]);
    if (key === 'go.toolsEnvVars') {
      return {
        defaultValue: {},
        globalValue: { GOPROXY: 'https://user' },
        workspaceValue: { GOPROXY: 'https://ws' },
        workspaceFolderValue: folder === 'file:///w/b' ? { GOPROXY: 'https://b' } : undefined,
      };
    }
    return key === 'http.proxy' ? { defaultValue: '' } : undefined;
  };
  const inputs: StateInputs = {
    extensionVersion: '0.1.0',
    remoteName: undefined,
    platform: 'linux',
    appName: 'Visual Studio Code',
    trusted: true,
    hostEnv: { PATH: '/usr/bin', GOPROXY: 'https://shell', UNSET: undefined },
    globalStorage: storage,
    workspaceFile: { scheme: 'file', fsPath: '/w/x.code-workspace' },
    folders,
    activeFolder: 'file:///w/b',
    vscodeGo: { installed: true, active: false, version: '0.50.0' },
    inspect,
    hostPid: 4321,
    hostEnvLive: { PATH: '/usr/bin', GOPROXY: 'https://copied-by-vscode-go', GONE: undefined },
    processes: [
      { context: 'terminal', folder: null, pid: 77 },
      { context: 'delve:Launch', folder: 'file:///w/b', pid: null, env: { GOFLAGS: '-mod=mod' } },
    ],
  };

  it('assembles every field', () => {
    const s = buildEditorState(inputs);
    assert.equal(s.remoteName, null);
    assert.deepEqual(s.hostEnv, { PATH: '/usr/bin', GOPROXY: 'https://shell' });
    assert.equal(s.userSettingsFile, '/home/me/.config/Code/User/settings.json');
    assert.equal(s.workspaceFile, '/w/x.code-workspace');
    assert.deepEqual(s.folders, folders);
    assert.equal(s.activeFolder, 'file:///w/b');
    assert.deepEqual(s.vscodeGo, { installed: true, active: false, version: '0.50.0' });
    assert.equal(s.trusted, true);
    assert.equal(s.extensionVersion, '0.1.0');
    assert.equal(s.appName, 'Visual Studio Code');
    assert.equal(s.platform, 'linux');
    assert.equal(s.hostPid, 4321);
    // The live env is sent beside the one the host started with, undefined entries dropped.
    assert.deepEqual(s.hostEnvLive, { PATH: '/usr/bin', GOPROXY: 'https://copied-by-vscode-go' });
    assert.deepEqual(s.processes, inputs.processes);
    // JSON round trip: what the server receives.
    assert.deepEqual(JSON.parse(JSON.stringify(s)), s);
  });

  it('inspects every key for the window and for each folder', () => {
    calls.length = 0;
    const s = buildEditorState(inputs);
    assert.equal(s.settings.length, INSPECTED_KEYS.length * 3);
    assert.equal(calls.length, INSPECTED_KEYS.length * 3);
    const tools = s.settings.filter((x) => x.key === 'go.toolsEnvVars');
    assert.deepEqual(tools, [
      { folder: null, key: 'go.toolsEnvVars', defaultValue: {}, globalValue: { GOPROXY: 'https://user' }, workspaceValue: { GOPROXY: 'https://ws' } },
      { folder: 'file:///w/a', key: 'go.toolsEnvVars', defaultValue: {}, globalValue: { GOPROXY: 'https://user' }, workspaceValue: { GOPROXY: 'https://ws' } },
      {
        folder: 'file:///w/b',
        key: 'go.toolsEnvVars',
        defaultValue: {},
        globalValue: { GOPROXY: 'https://user' },
        workspaceValue: { GOPROXY: 'https://ws' },
        workspaceFolderValue: { GOPROXY: 'https://b' },
      },
    ]);
    assert.deepEqual(
      s.settings.find((x) => x.key === 'gopls' && x.folder === null),
      { folder: null, key: 'gopls' },
    );
  });

  it('covers the keys docs/PROTOCOL.md lists', () => {
    for (const k of ['go.toolsEnvVars', 'go.testEnvVars', 'go.testEnvFile', 'gopls', 'http.proxy', 'terminal.integrated.env.linux', 'terminal.integrated.env.osx', 'terminal.integrated.env.windows', 'go.goroot', 'go.gopath', 'go.alternateTools', 'go.terminal.activateEnvironment', 'go.inferGopath', 'launch', 'tasks']) {
      assert.ok(INSPECTED_KEYS.includes(k), k);
    }
    assert.equal(inspectSettings(() => undefined, [], ['a', 'b']).length, 2);
  });

  it('sends remoteName, and no workspace file for an untitled workspace', () => {
    const s = buildEditorState({ ...inputs, remoteName: 'wsl', workspaceFile: { scheme: 'untitled', fsPath: 'Untitled-1' } });
    assert.equal(s.remoteName, 'wsl');
    assert.equal(s.userSettingsFile, null);
    assert.equal(s.workspaceFile, null);
  });

  it('copies the processes: a later change of the watcher does not change a state already built', () => {
    const env = { A: '1' };
    const processes: ObservedProcess[] = [{ context: 'delve:x', folder: null, pid: null, env }];
    const s = buildEditorState({ ...inputs, processes });
    env.A = '2';
    processes.push({ context: 'terminal', folder: null, pid: 1, env });
    assert.deepEqual(s.processes, [{ context: 'delve:x', folder: null, pid: null, env: { A: '1' } }]);
    // No env key at all for a process with a pid (the server tells the two apart by it).
    assert.ok(!('env' in (buildEditorState({ ...inputs, processes: [{ context: 'terminal', folder: null, pid: 3 }] }).processes[0] ?? {})));
  });

  it('keeps only string environment values', () => {
    assert.deepEqual(stringEnv({ A: 'x', B: undefined, C: '' }), { A: 'x', C: '' });
  });
});

describe('chooseActiveFolder', () => {
  const folders = [
    { uri: 'file:///a', name: 'a', path: '/a' },
    { uri: 'file:///b', name: 'b', path: '/b' },
  ];
  it('follows the active editor', () => {
    assert.equal(chooseActiveFolder('file:///b', 'file:///a', folders), 'file:///b');
  });
  it('keeps the previous folder when the editor is outside every folder', () => {
    assert.equal(chooseActiveFolder(undefined, 'file:///b', folders), 'file:///b');
  });
  it('falls back to the first folder', () => {
    assert.equal(chooseActiveFolder(undefined, null, folders), 'file:///a');
    assert.equal(chooseActiveFolder(undefined, 'file:///gone', folders), 'file:///a');
    assert.equal(chooseActiveFolder(undefined, null, []), null);
  });
});
