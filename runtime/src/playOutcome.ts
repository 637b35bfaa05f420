// What a play's spans say about the play as a whole: shared by the executor (live) and by the
// loaders that re-materialise a stored play or a raw trace file, so both tell the same story.

import type { Play, PlayStatus, Span } from '../../common/src/play';
import { emptyStreamStats } from '../../common/src/play';
import type { PlayBuilder } from './playBuilder';

export function firstFailure(builder: PlayBuilder): Span | undefined {
  return firstFailedSpan(spanList(builder), builder.rootSpan());
}

/**
 * The same over a span list (a finished or stored play has no builder): under a failed root, the
 * failed span furthest down the first failing branch — where the failure really happened.
 */
export function firstFailedSpan(spans: readonly Span[], root: Span | undefined = rootOf(spans)): Span | undefined {
  if (root?.status === 'failed') return deepestFailure(spans, root);
  return spans.find((span) => span.status === 'failed');
}

/** The flow's root span: the `flow_root`, else the first started span whose parent is not in the list (as PlayBuilder.rootSpan). */
export function rootOf(spans: readonly Span[]): Span | undefined {
  const ids = new Set(spans.map((span) => span.span_id));
  return (
    spans.find((span) => span.kind === 'flow_root') ??
    spans.find((span) => !span.missing_start && (span.parent_id === null || !ids.has(span.parent_id)))
  );
}

function deepestFailure(spans: readonly Span[], from: Span): Span {
  const children = new Map<string, Span[]>();
  for (const span of spans) {
    if (span.parent_id === null) continue;
    let list = children.get(span.parent_id);
    if (!list) children.set(span.parent_id, (list = []));
    list.push(span);
  }
  let current = from;
  const seen = new Set<string>();
  for (;;) {
    seen.add(current.span_id);
    const next = children.get(current.span_id)?.find((child) => child.status === 'failed' && !seen.has(child.span_id));
    if (!next) return current;
    current = next;
  }
}

/**
 * The status a stream implies on its own, for a trace file that carries no play record. The rule:
 * a play is what its root span says (a root still running did not finish: `failed`). A stream with
 * no root span (no `span_start` at all, only events for spans that never started, or spans that
 * are all each other's parents) shows no flow ran to an end, so it is `failed` with "no flow root
 * span", never `ok`, as the executor counts a live play `ok` only on a root that ended ok (or an output).
 */
export function statusFromSpans(builder: PlayBuilder): PlayStatus {
  if (builder.rejection !== null) return 'failed';
  const root = builder.rootSpan();
  if (!root) return 'failed';
  return root.status === 'running' ? 'failed' : root.status;
}

export function errorFromSpans(builder: PlayBuilder): string | null {
  if (builder.rejection !== null) return builder.rejection;
  const root = builder.rootSpan();
  return root?.error ?? firstFailure(builder)?.error ?? null;
}

/** Why statusFromSpans found no root: the error of a trace file without one. */
export function noRootError(builder: PlayBuilder): string {
  const spans = builder.spanCount;
  if (spans === 0) return 'no flow root span: the stream holds no span_start';
  const started = spans - builder.stats.spans_without_start;
  const why = started === 0 ? `none of its ${spans} span${spans === 1 ? '' : 's'} was ever started (span_start missing)` : `every started span has a parent in the play (a parent cycle)`;
  return `no flow root span: ${why}`;
}

function spanList(builder: PlayBuilder): Span[] {
  return [...builder.spans.values()];
}

/** How the spans still open are closed when a play is assembled: with which status, at what time. */
export interface OpenSpansEnd {
  as: 'cancelled' | 'failed';
  atMs: number;
}

/**
 * The one way a play takes its spans from a builder (all of them, or a live builder's kept part) — a live play's end (executor), a stored play
 * (store) and a raw trace file (traceFile): spans still open are closed as `end` says (null: the
 * play still runs, they stay open), then the play gets the span list and the stream's stats, unless
 * it keeps the stats its play.json recorded (they count what the store cut). Mutates and returns `play`.
 */
export function assemblePlay(play: Play, builder: PlayBuilder, end: OpenSpansEnd | null, options: { keepStats?: boolean } = {}): Play {
  if (end) builder.closeOpenSpans(end.as, end.atMs);
  play.spans = spanList(builder);
  // A live builder let ended spans go: the play says how many it has in all (trace.jsonl has them).
  if (builder.releasedSpans > 0) play.span_count = builder.spanCount;
  else delete play.span_count;
  if (!options.keepStats) play.stats = builder.stats;
  return play;
}

/** Time of the last thing the stream says happened, to date an interrupted play's end. */
export function lastEventTime(builder: PlayBuilder): number | null {
  let last: number | null = null;
  for (const span of builder.spans.values()) {
    for (const t of [span.start_ms, span.end_ms, span.logs.at(-1)?.t_ms ?? null]) {
      if (t !== null && (last === null || t > last)) last = t;
    }
  }
  return last;
}

/** What a play (or a new attempt of one) holds of its outcome before it runs: nothing yet. */
export function noOutcomeYet(): Pick<Play, 'status' | 'end_ms' | 'output' | 'error' | 'exit_code' | 'exit_signal' | 'stdout' | 'stderr' | 'spans' | 'stats'> {
  return {
    status: 'running',
    end_ms: null,
    output: null,
    error: null,
    exit_code: null,
    exit_signal: null,
    stdout: '',
    stderr: '',
    spans: [],
    stats: emptyStreamStats(),
  };
}

export function emptyPlay(id: string, startMs: number): Play {
  return {
    id,
    flow_name: null,
    source_file: null,
    start_ms: startMs,
    inputs: {},
    ...noOutcomeYet(),
    workspace: null,
    parent_play_id: null,
  };
}
