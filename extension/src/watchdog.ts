// The liveness watchdog of a running server: it pings the server periodically, and at once when a
// request of the user goes unanswered for long, and calls the server hung when a ping is not
// answered in time. Pure: the ping, the verdict and the timers are injected.

export interface WatchdogTiming {
  /** Time between the answer to a ping and the next ping. */
  intervalMs: number;
  /** A ping not answered within this is a hung server. */
  timeoutMs: number;
  /** A user request not answered within this triggers a ping at once. */
  slowRequestMs: number;
}

/**
 * A hung server is noticed within 25 s (interval + timeout). The timeout is far above what a ping
 * takes (the server answers it before anything else, see docs/PROTOCOL.md), so only a stuck
 * process — or an extension host stalled for that long — misses it.
 */
export const WATCHDOG_DEFAULTS: Readonly<WatchdogTiming> = { intervalMs: 15_000, timeoutMs: 10_000, slowRequestMs: 10_000 };

/** Test knob: `GO_ENV_DOCTOR_WATCHDOG_MS=N` in the extension host's environment sets all three to N ms. */
export const WATCHDOG_ENV = 'GO_ENV_DOCTOR_WATCHDOG_MS';

/** The timing for the value of WATCHDOG_ENV: the defaults unless it is a positive integer. */
export function watchdogTiming(knob: string | undefined): WatchdogTiming {
  const ms = knob !== undefined && /^\d+$/.test(knob.trim()) ? Number(knob.trim()) : 0;
  return ms > 0 ? { intervalMs: ms, timeoutMs: ms, slowRequestMs: ms } : { ...WATCHDOG_DEFAULTS };
}

export interface Timers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: Timers = {
  set: (run, ms) => setTimeout(run, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface WatchdogOptions {
  /** Sends goEnvDoctor/ping. Settling either way is an answer: an error reply still comes from a live server. */
  ping: () => PromiseLike<unknown>;
  /** Called once, when a ping went unanswered; the watchdog is then done. */
  hung: (reason: string) => void;
  timing: WatchdogTiming;
  timers?: Timers;
}

/** stopped: not watching; waiting: for the next ping; pinging: a ping is out; hung: reported. */
export type WatchdogPhase = 'stopped' | 'waiting' | 'pinging' | 'hung';

export class Watchdog {
  private phaseValue: WatchdogPhase = 'stopped';
  private timer: unknown;
  /** Bumped per ping and by stop(): an answer or a deadline of an older round is ignored. */
  private round = 0;
  private readonly timers: Timers;

  constructor(private readonly o: WatchdogOptions) {
    this.timers = o.timers ?? realTimers;
  }

  get phase(): WatchdogPhase {
    return this.phaseValue;
  }

  /** The server is running: ping it every intervalMs. */
  start(): void {
    if (this.phaseValue === 'stopped') {
      this.waitForNext();
    }
  }

  /** The server is not running (or is being replaced): nothing to watch. */
  stop(): void {
    this.cancelTimer();
    this.round++;
    this.phaseValue = 'stopped';
  }

  /** Pings at once unless a ping is already out (or the watchdog is not watching). */
  pingNow(reason: string): void {
    if (this.phaseValue === 'waiting') {
      this.cancelTimer();
      this.ping(reason);
    }
  }

  /**
   * Watches a request of the user: when it is not answered within slowRequestMs, the server
   * may be stuck rather than busy, so ping it now instead of at the next interval. The request
   * itself is left alone (a probe may legitimately take longer); it is returned unchanged.
   */
  watch<T>(request: Promise<T>, what: string): Promise<T> {
    const handle = this.timers.set(() => this.pingNow(`${what} unanswered after ${this.o.timing.slowRequestMs} ms`), this.o.timing.slowRequestMs);
    const done = (): void => this.timers.clear(handle);
    request.then(done, done);
    return request;
  }

  private waitForNext(): void {
    this.phaseValue = 'waiting';
    this.timer = this.timers.set(() => this.ping('periodic'), this.o.timing.intervalMs);
  }

  private ping(reason: string): void {
    this.phaseValue = 'pinging';
    const round = ++this.round;
    this.timer = this.timers.set(() => {
      if (this.round === round && this.phaseValue === 'pinging') {
        this.phaseValue = 'hung';
        this.o.hung(`no answer to goEnvDoctor/ping within ${this.o.timing.timeoutMs} ms (${reason})`);
      }
    }, this.o.timing.timeoutMs);
    const answered = (): void => {
      if (this.round === round && this.phaseValue === 'pinging') {
        this.cancelTimer();
        this.waitForNext();
      }
    };
    this.o.ping().then(answered, answered);
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) {
      this.timers.clear(this.timer);
      this.timer = undefined;
    }
  }
}
