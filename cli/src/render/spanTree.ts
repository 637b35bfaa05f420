// The span tree as terminal lines: status icon, name, duration, and a failed span's error under it.

import type { Span } from '../../../common/src/play';
import { colors, errorHeadline, formatDuration, noColors, statusIcon } from './format';

export interface TreeOptions {
  /** Spinner frame for running spans. */
  frame?: number;
  /** "Now", for the growing duration of a running span. */
  now?: number;
  /** ANSI colours (default true); false for text shown in an editor. */
  colour?: boolean;
}

function byStart(a: Span, b: Span): number {
  return (a.start_ms ?? Infinity) - (b.start_ms ?? Infinity);
}

export function treeLines(spans: Iterable<Span>, options: TreeOptions = {}): string[] {
  const all = [...spans];
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
  const walk = (span: Span, prefix: string, childPrefix: string) => {
    if (visited.has(span.span_id)) return; // a parent cycle in a hostile trace
    visited.add(span.span_id);
    lines.push(prefix + spanLine(span, options));
    const kids = (children.get(span.span_id) ?? []).sort(byStart);
    // The error is shown where it happened, not again on every ancestor it failed on its way out.
    const failedHere = span.status === 'failed' && span.error && !kids.some((kid) => kid.status === 'failed' && kid.error === span.error);
    if (failedHere) lines.push(`${childPrefix}${kids.length > 0 ? '│  ' : '   '}${paint.red(errorHeadline(span.error!))}`);
    kids.forEach((kid, index) => {
      const last = index === kids.length - 1;
      walk(kid, childPrefix + (last ? '└─ ' : '├─ '), childPrefix + (last ? '   ' : '│  '));
    });
  };
  for (const root of roots.sort(byStart)) walk(root, '', '');
  return lines;
}

function spanLine(span: Span, options: TreeOptions): string {
  const paint = options.colour === false ? noColors : colors;
  const end = span.end_ms ?? (span.status === 'running' ? (options.now ?? Date.now()) : null);
  const duration = span.start_ms !== null && end !== null ? formatDuration(end - span.start_ms) : '';
  const marks = [
    span.kind === 'flow_root' ? paint.dim('flow') : '',
    span.replayed ? paint.dim('replayed') : '',
    span.missing_start ? paint.yellow('no span_start') : '',
    typeof span.tags.child_play_id === 'string' ? paint.dim(`→ child play ${span.tags.child_play_id}`) : '',
  ].filter(Boolean);
  const name = span.kind === 'rpc' ? paint.blue(span.name) : span.kind === 'flow_root' ? paint.bold(span.name) : span.name;
  return [statusIcon(span.status, options.frame, paint), name, ...marks, paint.dim(duration)].filter(Boolean).join(' ');
}
