// How often a crashed language server is restarted: at most `max` times within `windowMs`; past
// that the client gives up (and says so) until the user restarts it. No `vscode` import.

export interface RestartDecision {
  restart: boolean;
  /** Crashes within the window, this one included. */
  crashes: number;
  max: number;
}

export const MAX_RESTARTS = 4;
export const RESTART_WINDOW_MS = 3 * 60_000;

export class RestartBudget {
  private crashes: number[] = [];

  constructor(
    readonly max = MAX_RESTARTS,
    private readonly windowMs = RESTART_WINDOW_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** The server's connection closed unexpectedly: restart it? */
  crashed(): RestartDecision {
    const now = this.now();
    this.crashes = this.crashes.filter((t) => now - t < this.windowMs);
    this.crashes.push(now);
    return { restart: this.crashes.length <= this.max, crashes: this.crashes.length, max: this.max };
  }

  /** A restart by the user starts a fresh budget. */
  reset(): void {
    this.crashes = [];
  }
}

export function restartMessage(decision: RestartDecision): string {
  if (decision.restart) {
    return `The Hero Flows language server stopped unexpectedly and was restarted (${decision.crashes} of at most ${decision.max} restarts in 3 minutes).`;
  }
  return `The Hero Flows language server stopped unexpectedly ${decision.crashes} times in 3 minutes and will not be restarted. Diagnostics and the test tree are paused until you restart it.`;
}
