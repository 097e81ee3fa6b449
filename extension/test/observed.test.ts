import assert from 'node:assert/strict';
import { describe as suite, it } from 'node:test';
import { dapLaunchEnv, dapProcessId, describe, launchEnv, ObservedProcesses } from '../src/observed';

suite('DAP messages', () => {
  it('reads the env of a launch request', () => {
    const launch = { seq: 2, type: 'request', command: 'launch', arguments: { name: 'Launch', mode: 'debug', env: { GOPROXY: 'https://p', N: 1, B: true, UNSET: null, O: { x: 1 } } } };
    assert.deepEqual(dapLaunchEnv(launch), { GOPROXY: 'https://p', N: '1', B: 'true' });
    assert.deepEqual(dapLaunchEnv({ ...launch, arguments: { env: {} } }), {});
  });

  it('ignores other messages and launch requests without env', () => {
    assert.equal(dapLaunchEnv({ type: 'request', command: 'launch', arguments: { program: '.' } }), undefined);
    assert.equal(dapLaunchEnv({ type: 'request', command: 'attach', arguments: { env: { A: 'b' } } }), undefined);
    assert.equal(dapLaunchEnv({ type: 'response', command: 'launch', arguments: { env: { A: 'b' } } }), undefined);
    assert.equal(dapLaunchEnv({ type: 'request', command: 'launch', arguments: { env: ['A=b'] } }), undefined);
    assert.equal(dapLaunchEnv(null), undefined);
    assert.equal(dapLaunchEnv('launch'), undefined);
    assert.equal(launchEnv(undefined), undefined);
  });

  it('reads the debuggee pid of a process event on this machine', () => {
    const ev = { seq: 9, type: 'event', event: 'process', body: { name: '/w/main', systemProcessId: 4242, isLocalProcess: true, startMethod: 'launch' } };
    assert.equal(dapProcessId(ev), 4242);
    assert.equal(dapProcessId({ ...ev, body: { name: 'x', systemProcessId: 4242 } }), 4242);
    assert.equal(dapProcessId({ ...ev, body: { ...ev.body, isLocalProcess: false } }), undefined, 'remote process');
    assert.equal(dapProcessId({ ...ev, body: { name: 'x' } }), undefined);
    assert.equal(dapProcessId({ ...ev, body: { systemProcessId: 0 } }), undefined);
    assert.equal(dapProcessId({ ...ev, body: { systemProcessId: '4242' } }), undefined);
    assert.equal(dapProcessId({ ...ev, event: 'thread' }), undefined);
    assert.equal(dapProcessId({ type: 'request', command: 'process', body: ev.body }), undefined);
  });
});

suite('describe (the log line)', () => {
  it('names the pid, or the count and notable names of the variables, never a value', () => {
    assert.equal(describe({ context: 'terminal', folder: null, pid: 12 }), 'terminal (PID 12)');
    const line = describe({ context: 'delve:Launch', folder: 'file:///w', pid: null, env: { PATH: '/usr/bin', HTTPS_PROXY: 'http://u:secret@p', GOPROXY: 'https://tok@x', GOFLAGS: '' } });
    assert.equal(line, 'delve:Launch (launch request, 4 variables: GOFLAGS, GOPROXY, HTTPS_PROXY)');
    assert.ok(!line.includes('secret') && !line.includes('tok@'));
    assert.equal(describe({ context: 'delve:x', folder: null, pid: null, env: {} }), 'delve:x (launch request, 0 variables)');
  });
});

suite('ObservedProcesses', () => {
  it('lists terminals once their pid is known, in open order', () => {
    const o = new ObservedProcesses();
    const a = {};
    const b = {};
    assert.equal(o.terminalOpened(a), false);
    o.terminalOpened(b);
    assert.deepEqual(o.list(), []);
    assert.equal(o.terminalPid(b, 200), true);
    assert.equal(o.terminalPid(a, 100), true);
    assert.equal(o.terminalPid(a, 100), false, 'same pid again');
    // The newest terminal comes last, whichever pid resolved first.
    assert.deepEqual(o.list(), [
      { context: 'terminal', folder: null, pid: 100 },
      { context: 'terminal', folder: null, pid: 200 },
    ]);
    assert.equal(o.terminalClosed(a), true);
    assert.deepEqual(o.list(), [{ context: 'terminal', folder: null, pid: 200 }]);
    assert.equal(o.terminalClosed(a), false);
  });

  it('skips pseudoterminals and pids that arrive after the terminal closed', () => {
    const o = new ObservedProcesses();
    const pty = {};
    o.terminalOpened(pty);
    assert.equal(o.terminalPid(pty, undefined), false);
    assert.equal(o.terminalClosed(pty), false);
    const gone = {};
    o.terminalOpened(gone);
    o.terminalClosed(gone);
    assert.equal(o.terminalPid(gone, 7), false);
    assert.deepEqual(o.list(), []);
  });

  it('lists task processes with their folder until they end', () => {
    const o = new ObservedProcesses();
    const exec = {};
    assert.equal(o.taskStarted(exec, 'build', 'file:///w', 300), true);
    assert.equal(o.taskStarted({}, 'bad', null, 0), false);
    assert.deepEqual(o.list(), [{ context: 'task:build', folder: 'file:///w', pid: 300 }]);
    assert.equal(o.taskEnded(exec), true);
    assert.equal(o.taskEnded(exec), false, 'onDidEndTask after onDidEndTaskProcess');
    assert.deepEqual(o.list(), []);
  });

  it('does not count the terminal a task runs in as a terminal', () => {
    const o = new ObservedProcesses();
    const shell = {};
    const taskTerminal = {};
    const exec = {};
    o.terminalOpened(shell);
    o.terminalPid(shell, 100);
    o.terminalOpened(taskTerminal);
    o.terminalPid(taskTerminal, 300);
    o.taskStarted(exec, 'watch', null, 300);
    assert.deepEqual(o.list(), [
      { context: 'terminal', folder: null, pid: 100 },
      { context: 'task:watch', folder: null, pid: 300 },
    ]);
    // The task ended; its terminal stays open ("press any key to close") and is still not "terminal".
    o.taskEnded(exec);
    assert.deepEqual(o.list(), [{ context: 'terminal', folder: null, pid: 100 }]);
    o.terminalClosed(taskTerminal);
    assert.deepEqual(o.list(), [{ context: 'terminal', folder: null, pid: 100 }]);
  });

  it('lists a Go debug session: the launch request env, then the debuggee', () => {
    const o = new ObservedProcesses();
    const tracker = {};
    const env = { GOPROXY: 'https://p', PATH: '/bin' };
    assert.equal(o.debugLaunch(tracker, 's1', 'Launch', 'file:///w', env), true);
    env.GOPROXY = 'changed later';
    assert.deepEqual(o.list(), [{ context: 'delve:Launch', folder: 'file:///w', pid: null, env: { GOPROXY: 'https://p', PATH: '/bin' } }]);
    assert.equal(o.debugProcess(tracker, 's1', 'Launch', 'file:///w', 555), true);
    assert.equal(o.debugProcess(tracker, 's1', 'Launch', 'file:///w', 555), false);
    assert.equal(o.debugProcess(tracker, 's1', 'Launch', 'file:///w', -1), false);
    assert.deepEqual(o.list(), [
      { context: 'delve:Launch', folder: 'file:///w', pid: null, env: { GOPROXY: 'https://p', PATH: '/bin' } },
      { context: 'delve:Launch', folder: 'file:///w', pid: 555 },
    ]);
    assert.equal(o.debugEnded(tracker), true);
    assert.deepEqual(o.list(), []);
  });

  it('keeps a restarted session when the old adapter exits late, and drops all of a terminated session', () => {
    const o = new ObservedProcesses();
    const first = {};
    const second = {};
    o.debugLaunch(first, 's1', 'Launch', null, { A: '1' });
    o.debugLaunch(second, 's1', 'Launch', null, { A: '2' });
    o.debugEnded(first);
    assert.deepEqual(o.list(), [{ context: 'delve:Launch', folder: null, pid: null, env: { A: '2' } }]);
    o.debugLaunch({}, 's2', 'Other', null, {});
    assert.equal(o.debugSessionEnded('s1'), true);
    assert.equal(o.debugSessionEnded('s1'), false);
    assert.deepEqual(o.list(), [{ context: 'delve:Other', folder: null, pid: null, env: {} }]);
  });

  it('lists terminals, tasks and debug sessions together, each newest last', () => {
    const o = new ObservedProcesses();
    o.debugProcess({}, 's', 'Launch', null, 9);
    o.taskStarted({}, 'b', null, 8);
    o.taskStarted({}, 'a', null, 7);
    const t = {};
    o.terminalOpened(t);
    o.terminalPid(t, 6);
    assert.deepEqual(
      o.list().map((p) => `${p.context}=${p.pid}`),
      ['terminal=6', 'task:b=8', 'task:a=7', 'delve:Launch=9'],
    );
  });
});
