// The span tree as terminal lines: status icon, name, duration, and a failed span's error under it.
// Any shape a trace can take is drawn without recursion and with every span exactly once: 200,000
// siblings, a 5,000-deep chain (its indent stops growing at MAX_DRAWN_DEPTH and the depth is written
// instead), and spans whose parents form a cycle (drawn from one member, marked).

import type { Span } from '../../../common/src/play';
import { ownValue } from '../../../common/src/jsonData';
import { waitingForAnswer } from '../../../common/src/playFormat';
import { colors, errorHeadline, formatDuration, noColors, statusIcon, type Colors } from './format';

export interface TreeOptions {
  /** Spinner frame for running spans. */
  frame?: number;
  /** "Now", for the growing duration of a running span. */
  now?: number;
  /** ANSI colours (default true); false for text shown in an editor. */
  colour?: boolean;
}

/** Levels of indent drawn; deeper spans keep this indent and say their depth. */
export const MAX_DRAWN_DEPTH = 24;

function byStart(a: Span, b: Span): number {
  return (a.start_ms ?? Infinity) - (b.start_ms ?? Infinity);
}

interface Pending {
  span: Span;
  prefix: string;
  childPrefix: string;
  depth: number;
  /** Set on the member of a parent cycle the cycle is drawn from. */
  cycle?: boolean;
}

export function treeLines(spans: Iterable<Span>, options: TreeOptions = {}): string[] {
  const all = Array.from(spans);
  const ids = new Set(all.map((span) => span.span_id));
  const children = new Map<string, Span[]>();
  const roots: Span[] = [];
  for (const span of all) {
    if (span.parent_id !== null && ids.has(span.parent_id) && span.parent_id !== span.span_id) {
      let list = children.get(span.parent_id);
      if (!list) children.set(span.parent_id, (list = []));
      list.push(span);
    } else {
      roots.push(span);
    }
  }
  const paint = options.colour === false ? noColors : colors;
  const lines: string[] = [];
  const visited = new Set<string>();
  const draw = (start: Pending) => {
    const stack: Pending[] = [start];
    while (stack.length > 0) {
      const { span, prefix, childPrefix, depth, cycle } = stack.pop()!;
      if (visited.has(span.span_id)) continue;
      visited.add(span.span_id);
      const depthMark = depth > MAX_DRAWN_DEPTH ? paint.dim(`[depth ${depth}] `) : '';
      const cycleMark = cycle ? ` ${paint.yellow(`↻ parent cycle: its parent ${span.parent_id} is among its descendants`)}` : '';
      lines.push(prefix + depthMark + spanLine(span, options) + cycleMark);
      const kids = (children.get(span.span_id) ?? []).filter((kid) => !visited.has(kid.span_id)).sort(byStart);
      // The error is shown where it happened, not again on every ancestor it failed on its way out.
      const failedHere = span.status === 'failed' && span.error && !kids.some((kid) => kid.status === 'failed' && kid.error === span.error);
      if (failedHere) lines.push(`${childPrefix}${kids.length > 0 ? '│  ' : '   '}${paint.red(errorHeadline(span.error!))}`);
      const indent = depth < MAX_DRAWN_DEPTH;
      // Pushed last child first, so the first child is drawn next.
      for (let index = kids.length - 1; index >= 0; index--) {
        const last = index === kids.length - 1;
        stack.push({
          span: kids[index]!,
          prefix: indent ? childPrefix + (last ? '└─ ' : '├─ ') : childPrefix,
          childPrefix: indent ? childPrefix + (last ? '   ' : '│  ') : childPrefix,
          depth: depth + 1,
        });
      }
    }
  };
  for (const root of roots.sort(byStart)) draw({ span: root, prefix: '', childPrefix: '', depth: 0 });
  // What is left has no root above it: its parent links run into a cycle. Each such cycle is drawn
  // from a member (found by following parents from the earliest span left), marked.
  const byId = new Map(all.map((span) => [span.span_id, span]));
  for (const span of all.sort(byStart)) {
    if (!visited.has(span.span_id)) draw({ span: cycleMember(span, byId), prefix: '', childPrefix: '', depth: 0, cycle: true });
  }
  return lines;
}

/** Following parents from `span` (whose chain has no root) until one repeats: a member of the cycle. */
function cycleMember(span: Span, byId: Map<string, Span>): Span {
  const seen = new Set<string>();
  let current = span;
  while (!seen.has(current.span_id)) {
    seen.add(current.span_id);
    const parent = current.parent_id === null ? undefined : byId.get(current.parent_id);
    if (!parent) return current;
    current = parent;
  }
  return current;
}

function spanLine(span: Span, options: TreeOptions): string {
  const paint = options.colour === false ? noColors : colors;
  const childPlay = ownValue(span.tags, 'child_play_id');
  const waiting = waitingForAnswer(span);
  const marks = [
    span.kind === 'flow_root' ? paint.dim('flow') : '',
    span.replayed ? paint.dim('replayed') : '',
    waiting ? paint.yellow('waiting for an answer') : '',
    span.missing_start ? paint.yellow('no span_start') : '',
    typeof childPlay === 'string' ? paint.dim(`→ child play ${childPlay}`) : '',
  ].filter(Boolean);
  const name = span.kind === 'rpc' ? paint.blue(span.name) : span.kind === 'flow_root' ? paint.bold(span.name) : span.name;
  return [statusIcon(waiting ? 'paused' : span.status, options.frame, paint), name, ...marks, durationText(span, options, paint)].filter(Boolean).join(' ');
}

/** A span's duration, or why it has none that can be trusted (never a negative or absurd figure). */
function durationText(span: Span, options: TreeOptions, paint: Colors): string {
  if (span.time_error) return paint.yellow(`duration unknown: ${span.time_error}`);
  const end = span.end_ms ?? (span.status === 'running' ? (options.now ?? Date.now()) : null);
  if (span.start_ms === null || end === null) return '';
  if (end < span.start_ms) return paint.yellow(`duration unknown: ends ${span.start_ms - end} ms before it starts`);
  return paint.dim(formatDuration(end - span.start_ms));
}
