import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BootstrapError,
  checkVersion,
  expandHome,
  findServer,
  goPlatformOf,
  parseVersion,
  serverPathFromSetting,
  VERSION_TIMEOUT_MS,
  type BootstrapEnv,
  type Exec,
} from '../src/bootstrap';

function env(over: Partial<BootstrapEnv> & { files?: string[] } = {}): BootstrapEnv {
  const files = new Set(over.files ?? []);
  return {
    env: {},
    platform: 'linux',
    arch: 'x64',
    extensionPath: '/ext',
    homedir: '/home/me',
    trusted: true,
    setting: {},
    isFile: (p) => Promise.resolve(files.has(p)),
    ...over,
  };
}

async function rejectsWith(p: Promise<unknown>, code: string): Promise<BootstrapError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof BootstrapError, `expected a BootstrapError, got ${String(err)}`);
    assert.equal(err.code, code);
    return err;
  }
  assert.fail(`expected ${code}`);
}

describe('findServer resolution order', () => {
  const all = ['/dev/env-bin', '/opt/setting-bin', '/ext/bin/go-env-doctor'];

  it('prefers GO_ENV_DOCTOR_SERVER over the setting and the bundled binary', async () => {
    const got = await findServer(env({ env: { GO_ENV_DOCTOR_SERVER: '/dev/env-bin' }, setting: { globalValue: '/opt/setting-bin' }, files: all }));
    assert.deepEqual(got, { path: '/dev/env-bin', source: 'env' });
  });

  it('uses the setting before the bundled binary', async () => {
    const got = await findServer(env({ setting: { globalValue: '/opt/setting-bin' }, files: all }));
    assert.deepEqual(got, { path: '/opt/setting-bin', source: 'setting' });
  });

  it('falls back to the bundled binary', async () => {
    const got = await findServer(env({ files: all }));
    assert.deepEqual(got, { path: '/ext/bin/go-env-doctor', source: 'bundled' });
  });

  it('uses go-env-doctor.exe on Windows', async () => {
    const got = await findServer(env({ platform: 'win32', extensionPath: 'C:\\ext', files: ['C:\\ext\\bin\\go-env-doctor.exe'] }));
    assert.deepEqual(got, { path: 'C:\\ext\\bin\\go-env-doctor.exe', source: 'bundled' });
  });

  it('says which platform has no binary', async () => {
    const err = await rejectsWith(findServer(env({ platform: 'darwin', arch: 'arm64' })), 'no-binary');
    assert.equal(err.target, 'darwin-arm64');
  });

  it('does not fall through when the named file is missing', async () => {
    await rejectsWith(findServer(env({ env: { GO_ENV_DOCTOR_SERVER: '/nope' }, files: all })), 'env-missing');
    await rejectsWith(findServer(env({ setting: { globalValue: '/nope' }, files: all })), 'setting-missing');
  });

  it('ignores an empty env var and an empty setting', async () => {
    const got = await findServer(env({ env: { GO_ENV_DOCTOR_SERVER: '  ' }, setting: { globalValue: '' }, files: all }));
    assert.equal(got.source, 'bundled');
  });

  it('expands ~/ in the env var and the setting', async () => {
    assert.equal((await findServer(env({ env: { GO_ENV_DOCTOR_SERVER: '~/bin/ged' }, files: ['/home/me/bin/ged'] }))).path, '/home/me/bin/ged');
    assert.equal((await findServer(env({ setting: { globalValue: '~/bin/ged' }, files: ['/home/me/bin/ged'] }))).path, '/home/me/bin/ged');
  });

  it('looks a bare command name up on PATH', async () => {
    const got = await findServer(env({ env: { PATH: '/usr/bin:/opt/tools' }, setting: { globalValue: 'go-env-doctor' }, files: ['/opt/tools/go-env-doctor'] }));
    assert.deepEqual(got, { path: '/opt/tools/go-env-doctor', source: 'setting' });
    await rejectsWith(findServer(env({ env: { PATH: '/usr/bin' }, setting: { globalValue: 'go-env-doctor' } })), 'setting-missing');
  });

  it('rejects a relative path with a separator', async () => {
    await rejectsWith(findServer(env({ setting: { globalValue: 'tools/go-env-doctor' }, files: all })), 'setting-relative');
  });
});

describe('workspace trust', () => {
  it('honours only the user value in Restricted Mode', async () => {
    const setting = { globalValue: '/opt/setting-bin', effectiveValue: '/repo/evil' };
    const files = ['/opt/setting-bin', '/repo/evil', '/ext/bin/go-env-doctor'];
    assert.equal((await findServer(env({ trusted: false, setting, files }))).path, '/opt/setting-bin');
    assert.equal((await findServer(env({ trusted: true, setting, files }))).path, '/repo/evil');
  });

  it('uses the bundled binary in Restricted Mode when only a workspace value exists', async () => {
    const got = await findServer(env({ trusted: false, setting: { effectiveValue: '/repo/evil' }, files: ['/repo/evil', '/ext/bin/go-env-doctor'] }));
    assert.equal(got.source, 'bundled');
  });

  it('serverPathFromSetting ignores non-strings', () => {
    assert.equal(serverPathFromSetting({ globalValue: 42 }, true), undefined);
    assert.equal(serverPathFromSetting({ globalValue: null, effectiveValue: ' /x ' }, true), '/x');
  });
});

describe('expandHome', () => {
  it('expands only a leading ~', () => {
    assert.equal(expandHome('~', '/h'), '/h');
    assert.equal(expandHome('~/a/b', '/h'), '/h/a/b');
    assert.equal(expandHome('/a/~/b', '/h'), '/a/~/b');
    assert.equal(expandHome('~other/x', '/h'), '~other/x');
  });
});

describe('--version', () => {
  it('parses the version line', () => {
    assert.deepEqual(parseVersion('go-env-doctor 0.1.0 (go1.26.8, linux/amd64)\n'), {
      line: 'go-env-doctor 0.1.0 (go1.26.8, linux/amd64)',
      version: '0.1.0',
      goVersion: 'go1.26.8',
      platform: 'linux/amd64',
    });
    assert.equal(parseVersion('go-env-doctor 0.2.0-dev')?.version, '0.2.0-dev');
    assert.equal(parseVersion('bash: cannot execute binary file'), undefined);
  });

  it('runs <bin> --version with the timeout and awaits it', async () => {
    const calls: Array<[string, string[], number]> = [];
    const exec: Exec = async (file, args, timeout) => {
      calls.push([file, args, timeout]);
      await new Promise((r) => setTimeout(r, 5));
      return { stdout: 'go-env-doctor 1.2.3 (go1.26.8, darwin/arm64)\n', stderr: '' };
    };
    const info = await checkVersion('/b', 'darwin-arm64', exec);
    assert.equal(info.version, '1.2.3');
    assert.deepEqual(calls, [['/b', ['--version'], VERSION_TIMEOUT_MS]]);
    assert.equal(VERSION_TIMEOUT_MS, 10_000);
  });

  it('fails when the binary cannot run (another platform)', async () => {
    const exec: Exec = () => Promise.reject(Object.assign(new Error('spawn /b ENOEXEC'), { code: 'ENOEXEC' }));
    const err = await rejectsWith(checkVersion('/b', 'linux-arm64', exec), 'version-failed');
    assert.match(err.detail, /ENOEXEC/);
    assert.equal(err.target, 'linux-arm64');
    assert.equal(err.binary, '/b');
  });

  it('says when --version timed out', async () => {
    const exec: Exec = () => Promise.reject(Object.assign(new Error('Command failed: /b --version'), { killed: true }));
    const err = await rejectsWith(checkVersion('/b', 'linux-x64', exec), 'version-failed');
    assert.match(err.detail, /timed out after 10 s/);
  });

  it('fails on output that is not a version', async () => {
    const exec: Exec = () => Promise.resolve({ stdout: 'hello\n', stderr: '' });
    const err = await rejectsWith(checkVersion('/b', 'linux-x64', exec), 'version-failed');
    assert.match(err.detail, /unexpected --version output/);
  });

  it('maps VS Code platforms to GOOS/GOARCH', () => {
    assert.equal(goPlatformOf('linux', 'x64'), 'linux/amd64');
    assert.equal(goPlatformOf('win32', 'arm64'), 'windows/arm64');
    assert.equal(goPlatformOf('darwin', 'arm64'), 'darwin/arm64');
  });
});
