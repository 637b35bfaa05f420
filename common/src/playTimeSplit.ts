// Where a play's time went. A play starts when the runtime starts the interpreter, its flow's root
// span only once Python is up and the SDK and the flow's module are imported, so the two durations
// differ (a 709 ms play whose root span took 138 ms). This splits the play's time into start-up,
// the flow (its root span) and the exit after it, for any surface that shows a play's duration.
// No Node and no DOM.

import type { Play, Span } from './play';

export interface PlayTimeSplit {
  /** The play's whole time: the interpreter's start to the play's end, or to now while it runs. */
  total: number | null;
  /** Before the root span began: interpreter start and imports. Null when it cannot be told. */
  startup: number | null;
  /** The root span's time (to now while it runs). */
  flow: number | null;
  /** After the root span ended, until the play ended: the result reported, the interpreter's exit. */
  exit: number | null;
}

/**
 * The split of `play`'s time around its root span (`root`, null when it has none yet or at all).
 * A part that cannot be told is null: no root span, a root span without a usable start, or times
 * that disagree (a root span that starts before its play, as a trace file's play may, whose start is
 * its first span's). `now` is the clock a running play's and running root span's times run to.
 */
export function playTimeSplit(play: Pick<Play, 'start_ms' | 'end_ms' | 'status'>, root: Pick<Span, 'start_ms' | 'end_ms' | 'time_error'> | null, now: number): PlayTimeSplit {
  const playEnd = play.end_ms ?? (play.status === 'running' ? now : null);
  const total = nonNegative(playEnd, play.start_ms);
  const unknown = { total, startup: null, flow: null, exit: null };
  if (!root || root.start_ms === null || root.time_error !== undefined) return unknown;
  const startup = nonNegative(root.start_ms, play.start_ms);
  if (startup === null) return unknown;
  // A root span with no end yet runs as long as its play (a stored play ends its open spans too).
  const rootEnd = root.end_ms ?? playEnd;
  return { total, startup, flow: nonNegative(rootEnd, root.start_ms), exit: root.end_ms === null ? null : nonNegative(playEnd, root.end_ms) };
}

function nonNegative(end: number | null, start: number): number | null {
  return end !== null && end >= start ? end - start : null;
}
