// The status policy of a finished play (spec §4): how its process ended, whether it was stopped, and
// what its stream said → its status and error. Pure, so every row is tested on its own
// (test/runtime/finishedPlayStatus.test.ts); the executor gathers the facts and applies the result.

import type { PlayStatus, SpanStatus } from '../../common/src/play';

/** Why the runtime stopped a play before its flow ended. */
export type StopReason = 'cancel' | 'timeout';

/** How the flow's process ended. */
export interface ProcessEnd {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The interpreter could not be started at all. */
  spawnError?: Error;
  /** The socket could not be prepared, so nothing was spawned. */
  setupError?: Error;
}

/**
 * Everything the policy looks at, gathered once the process and its streams are done. The two
 * functions are read only by a failure (each walks the spans or the kept stderr).
 */
export interface PlayEnd {
  exit: ProcessEnd;
  stopReason: StopReason | undefined;
  timeoutMs: number | null;
  /** The interpreter the play was started with (named in a message). */
  python: string;
  /** The bootstrap's `play_rejected` reason, and the flow it named. */
  rejection: string | null;
  rejectedFlow: string | null;
  /** The bootstrap sent `play_output`: the flow returned. */
  returned: boolean;
  /** The root span's status once open spans are closed; undefined without a root. */
  rootStatus: SpanStatus | undefined;
  /** The error the spans tell (the root's, else the first failure's): errorFromSpans. */
  spanError(): string | null;
  /** How many spans the stream had. */
  spanCount: number;
  /** The last non-blank line of stderr. */
  lastStderrLine(): string | null;
}

export interface FinishedStatus {
  status: PlayStatus;
  error: string | null;
  /** The play never started its flow: bad inputs, no such flow, a file that does not load. */
  rejected: boolean;
  /** The flow a rejection named, when it names one. */
  flowName?: string;
}

export function finishedPlayStatus(end: PlayEnd): FinishedStatus {
  const { exit } = end;
  if (exit.setupError) return { status: 'failed', error: `could not start the play: ${exit.setupError.message}`, rejected: true };
  if (exit.spawnError) {
    return { status: 'failed', error: `could not start the Python interpreter '${end.python}': ${exit.spawnError.message}`, rejected: true };
  }
  if (end.stopReason === 'timeout') return { status: 'timed_out', error: `timed out after ${(end.timeoutMs ?? 0) / 1000} s`, rejected: false };
  if (end.stopReason === 'cancel') return { status: 'cancelled', error: 'cancelled', rejected: false };
  if (end.rejection !== null) {
    return { status: 'failed', error: end.rejection, rejected: true, ...(end.rejectedFlow !== null ? { flowName: end.rejectedFlow } : {}) };
  }
  if (exit.code === 0 && (end.returned || end.rootStatus === 'ok')) return { status: 'ok', error: null, rejected: false };
  return { status: 'failed', error: failureMessage(end), rejected: false };
}

/** Why a play that was not stopped did not end ok. */
function failureMessage(end: PlayEnd): string {
  const { exit } = end;
  const spanError = end.spanError();
  if (exit.signal) return `the flow's process was killed by ${exit.signal}` + (spanError ? `\n${spanError}` : '');
  // "did not finish" is what closing the open spans wrote: the exit code says more.
  if (spanError && !spanError.startsWith('did not finish')) return spanError;
  const lastLine = end.lastStderrLine();
  const lastErr = lastLine ? `: ${lastLine}` : '';
  if (end.spanCount === 0 && exit.code !== 0) return `the flow's process (${end.python}) exited with code ${exit.code} before the flow started${lastErr}`;
  return `the flow's process exited with code ${exit.code} before the flow finished${lastErr}`;
}
