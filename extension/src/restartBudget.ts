// How many times the server may be restarted after a crash or a hang before it is left down.
// Pure: the clock is injected.

/** Restarts allowed within RESTART_WINDOW_MS; the next one is refused (5 failures in 3 minutes). */
export const MAX_RESTARTS = 4;
export const RESTART_WINDOW_MS = 3 * 60 * 1000;

/**
 * Crashes and hangs draw on the same budget (vscode-languageclient's default policy, shared): a
 * server that hangs, is killed and crashes at start must not loop. A start the user asks for
 * (Restart Server) begins a new budget.
 */
export class RestartBudget {
  private readonly restarts: number[] = [];

  constructor(
    private readonly max = MAX_RESTARTS,
    private readonly windowMs = RESTART_WINDOW_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a failure; true when the server may be restarted, false when it should stay down. */
  allow(): boolean {
    const at = this.now();
    while (this.restarts.length > 0 && at - (this.restarts[0] ?? at) > this.windowMs) {
      this.restarts.shift();
    }
    if (this.restarts.length >= this.max) {
      return false;
    }
    this.restarts.push(at);
    return true;
  }
}
