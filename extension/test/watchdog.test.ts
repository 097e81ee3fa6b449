import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PingRequest } from '../src/protocol';
import { MAX_RESTARTS, RESTART_WINDOW_MS, RestartBudget } from '../src/restartBudget';
import { Watchdog, WATCHDOG_DEFAULTS, watchdogTiming, type Timers } from '../src/watchdog';

/** Timers on a virtual clock; advance() runs what falls due, letting promise callbacks run between. */
class FakeTimers implements Timers {
  now = 0;
  private next = 1;
  private readonly pending = new Map<number, { at: number; run: () => void }>();

  set(run: () => void, ms: number): unknown {
    const id = this.next++;
    this.pending.set(id, { at: this.now + ms, run });
    return id;
  }

  clear(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  get count(): number {
    return this.pending.size;
  }

  async advance(ms: number): Promise<void> {
    const until = this.now + ms;
    for (;;) {
      await settle();
      const due = [...this.pending.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) {
        break;
      }
      this.pending.delete(due[0]);
      this.now = due[1].at;
      due[1].run();
    }
    this.now = until;
    await settle();
  }
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const timing = { intervalMs: 100, timeoutMs: 50, slowRequestMs: 30 };

/** A server whose answers the test controls: each ping waits until answer() or fail(). */
function harness() {
  const timers = new FakeTimers();
  const pings: Array<{ at: number; answer: () => void; fail: () => void }> = [];
  const verdicts: Array<{ at: number; reason: string }> = [];
  const dog = new Watchdog({
    ping: () =>
      new Promise<unknown>((resolve, reject) => {
        pings.push({ at: timers.now, answer: () => resolve(null), fail: () => reject(new Error('MethodNotFound')) });
      }),
    hung: (reason) => verdicts.push({ at: timers.now, reason }),
    timing,
    timers,
  });
  const last = () => {
    const p = pings[pings.length - 1];
    assert.ok(p, 'a ping was sent');
    return p;
  };
  return { timers, pings, verdicts, dog, last };
}

describe('watchdog', () => {
  it('pings every interval while the server answers', async () => {
    const h = harness();
    h.dog.start();
    assert.equal(h.dog.phase, 'waiting');
    await h.timers.advance(99);
    assert.equal(h.pings.length, 0);
    for (let i = 1; i <= 5; i++) {
      await h.timers.advance(1);
      assert.equal(h.pings.length, i);
      assert.equal(h.dog.phase, 'pinging');
      await h.timers.advance(10);
      h.last().answer();
      await h.timers.advance(99);
    }
    // The interval counts from the answer, not from the ping.
    assert.deepEqual(
      h.pings.map((p) => p.at),
      [100, 210, 320, 430, 540],
    );
    assert.deepEqual(h.verdicts, []);
  });

  it('calls an unanswered ping hung once, after the timeout, and stops pinging', async () => {
    const h = harness();
    h.dog.start();
    await h.timers.advance(100 + 49);
    assert.equal(h.verdicts.length, 0);
    await h.timers.advance(1);
    assert.equal(h.verdicts.length, 1);
    assert.equal(h.verdicts[0]?.at, 150);
    assert.match(h.verdicts[0]?.reason ?? '', /goEnvDoctor\/ping within 50 ms \(periodic\)/);
    assert.equal(h.dog.phase, 'hung');
    // A late answer changes nothing, and nothing is pinged or reported any more.
    h.last().answer();
    await h.timers.advance(10_000);
    assert.equal(h.pings.length, 1);
    assert.equal(h.verdicts.length, 1);
    assert.equal(h.timers.count, 0);
  });

  it('takes an error answer as a live server', async () => {
    const h = harness();
    h.dog.start();
    await h.timers.advance(100);
    h.last().fail();
    await h.timers.advance(100);
    assert.equal(h.pings.length, 2);
    assert.deepEqual(h.verdicts, []);
  });

  it('forgets everything when stopped: no verdict for an outstanding ping, no more pings', async () => {
    const h = harness();
    h.dog.start();
    await h.timers.advance(120);
    assert.equal(h.dog.phase, 'pinging');
    h.dog.stop();
    assert.equal(h.dog.phase, 'stopped');
    assert.equal(h.timers.count, 0);
    h.last().answer();
    await h.timers.advance(10_000);
    assert.equal(h.pings.length, 1);
    assert.deepEqual(h.verdicts, []);
    // Started again (the server restarted): a fresh round, whose late answers are its own.
    h.dog.start();
    await h.timers.advance(100);
    assert.equal(h.pings.length, 2);
    await h.timers.advance(50);
    assert.equal(h.verdicts.length, 1);
  });

  it('does not watch before start', async () => {
    const h = harness();
    h.dog.pingNow('user request');
    await h.timers.advance(1000);
    assert.equal(h.pings.length, 0);
    assert.equal(h.dog.phase, 'stopped');
  });

  it('pings at once when a user request goes unanswered, and only then', async () => {
    const h = harness();
    h.dog.start();
    let answerFast!: (v: string) => void;
    const fast = h.dog.watch(new Promise<string>((r) => (answerFast = r)), 'goEnvDoctor/report');
    await h.timers.advance(20);
    answerFast('report');
    assert.equal(await fast, 'report');
    await h.timers.advance(20);
    assert.equal(h.pings.length, 0, 'an answered request pings nothing');

    const slow = h.dog.watch(new Promise<string>(() => undefined), 'goEnvDoctor/recheck');
    void slow;
    await h.timers.advance(29);
    assert.equal(h.pings.length, 0);
    await h.timers.advance(1);
    assert.equal(h.pings.length, 1);
    assert.equal(h.last().at, 70);
    await h.timers.advance(50);
    assert.match(h.verdicts[0]?.reason ?? '', /\(goEnvDoctor\/recheck unanswered after 30 ms\)/);
  });

  it('sends one ping at a time', async () => {
    const h = harness();
    h.dog.start();
    await h.timers.advance(100);
    h.dog.pingNow('again');
    void h.dog.watch(new Promise(() => undefined), 'goEnvDoctor/explain');
    await h.timers.advance(40);
    assert.equal(h.pings.length, 1);
    h.last().answer();
    await h.timers.advance(1);
    assert.equal(h.dog.phase, 'waiting');
    assert.deepEqual(h.verdicts, []);
  });

  it('uses the ping method the server answers', () => {
    assert.equal(PingRequest.method, 'goEnvDoctor/ping');
  });
});

describe('watchdog timing', () => {
  it('has defaults that notice a hang within 25 s without calling a busy server hung', () => {
    assert.deepEqual(watchdogTiming(undefined), { intervalMs: 15_000, timeoutMs: 10_000, slowRequestMs: 10_000 });
    assert.equal(WATCHDOG_DEFAULTS.intervalMs + WATCHDOG_DEFAULTS.timeoutMs, 25_000);
  });

  it('reads the test knob: a positive integer of milliseconds for all three', () => {
    assert.deepEqual(watchdogTiming('2000'), { intervalMs: 2000, timeoutMs: 2000, slowRequestMs: 2000 });
    assert.deepEqual(watchdogTiming(' 500 '), { intervalMs: 500, timeoutMs: 500, slowRequestMs: 500 });
    for (const junk of ['', '0', '-5', '1.5', '2s', 'abc']) {
      assert.deepEqual(watchdogTiming(junk), { ...WATCHDOG_DEFAULTS }, junk);
    }
  });
});

describe('restart budget', () => {
  it('allows MAX_RESTARTS restarts within the window and refuses the next', () => {
    let now = 0;
    const budget = new RestartBudget(MAX_RESTARTS, RESTART_WINDOW_MS, () => now);
    for (let i = 0; i < MAX_RESTARTS; i++) {
      now += 1000;
      assert.equal(budget.allow(), true, `restart ${i + 1}`);
    }
    now += 1000;
    assert.equal(budget.allow(), false);
    assert.equal(budget.allow(), false, 'still refused');
  });

  it('forgets failures older than the window', () => {
    let now = 0;
    const budget = new RestartBudget(2, 1000, () => now);
    assert.equal(budget.allow(), true); // t=0
    now = 600;
    assert.equal(budget.allow(), true); // t=600
    now = 900;
    assert.equal(budget.allow(), false, '3 within 1 s');
    now = 1001;
    assert.equal(budget.allow(), true, 'the one at t=0 has aged out');
    now = 1500;
    assert.equal(budget.allow(), false, 't=600 and t=1001 are within 1 s');
  });

  it('is the 5-in-3-minutes policy of vscode-languageclient', () => {
    assert.equal(MAX_RESTARTS, 4);
    assert.equal(RESTART_WINDOW_MS, 180_000);
  });
});
