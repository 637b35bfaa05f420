// What a play's spans say about the play as a whole: shared by the executor (live) and by the
// loaders that re-materialise a stored play or a raw trace file, so both tell the same story.

import type { Play, PlayStatus, Span } from '../../common/src/play';
import { emptyStreamStats } from '../../common/src/play';
import type { PlayBuilder } from './playBuilder';

export function firstFailure(builder: PlayBuilder): Span | undefined {
  const root = builder.rootSpan();
  if (root?.status === 'failed') return deepestFailure(builder, root) ?? root;
  for (const span of builder.spans.values()) if (span.status === 'failed') return span;
  return undefined;
}

/** The failed span furthest down the first failing branch: where the failure really happened. */
function deepestFailure(builder: PlayBuilder, from: Span): Span | undefined {
  const children = new Map<string, Span[]>();
  for (const span of builder.spans.values()) {
    if (span.parent_id === null) continue;
    let list = children.get(span.parent_id);
    if (!list) children.set(span.parent_id, (list = []));
    list.push(span);
  }
  let current = from;
  for (;;) {
    const next = children.get(current.span_id)?.find((child) => child.status === 'failed');
    if (!next) return current;
    current = next;
  }
}

/** The status a stream implies on its own, for a trace file that carries no play record. */
export function statusFromSpans(builder: PlayBuilder): PlayStatus {
  if (builder.rejection !== null) return 'failed';
  const root = builder.rootSpan();
  if (root) return root.status === 'running' ? 'failed' : root.status;
  for (const span of builder.spans.values()) if (span.status === 'failed') return 'failed';
  return 'ok';
}

export function errorFromSpans(builder: PlayBuilder): string | null {
  if (builder.rejection !== null) return builder.rejection;
  const root = builder.rootSpan();
  return root?.error ?? firstFailure(builder)?.error ?? null;
}

export function spanList(builder: PlayBuilder): Span[] {
  return [...builder.spans.values()];
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

export function emptyPlay(id: string, startMs: number): Play {
  return {
    id,
    flow_name: null,
    source_file: null,
    status: 'running',
    start_ms: startMs,
    end_ms: null,
    inputs: {},
    output: null,
    error: null,
    exit_code: null,
    exit_signal: null,
    stdout: '',
    stderr: '',
    spans: [],
    stats: emptyStreamStats(),
    workspace: null,
  };
}
