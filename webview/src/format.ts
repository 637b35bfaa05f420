// Small pure helpers for the trace view: times, kind icons, JSON text. Durations and status words
// are common/src/playFormat.ts's, the same as the CLI's and the extension's.

import { cutDeepJson } from '../../common/src/jsonData';
import type { Span, SpanKind } from '../../common/src/play';

export { formatDuration } from '../../common/src/playFormat';

/** Each kind's codicon (@vscode/codicons: esbuild.mjs ships its font, styles.css maps the names). */
export const KIND_ICON: Record<SpanKind, string> = {
  flow_root: 'play-circle',
  step: 'debug-step-over',
  rpc: 'arrow-swap',
  subflow: 'type-hierarchy-sub',
  pause: 'debug-pause',
  other: 'circle-small',
};

/** The classes that draw a span kind's codicon. */
export function kindIconClass(kind: SpanKind): string {
  return `codicon codicon-${KIND_ICON[kind] ?? KIND_ICON.other}`;
}

/**
 * Why a span's duration cannot be drawn (the collector's `time_error`, or an end before its start
 * in a play stored before it said so), else null: such a span shows "?" and no stretched bar.
 */
export function unusableTimes(span: Span): string | null {
  if (span.time_error !== undefined) return span.time_error;
  if (span.start_ms !== null && span.end_ms !== null && span.end_ms < span.start_ms) return 'it ends before it starts';
  return null;
}

export function formatTime(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  const d = new Date(ms);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/**
 * A tag value as text: strings as they are, everything else as pretty-printed JSON. The value is cut
 * to MAX_JSON_DEPTH levels first (in place: a no-op for values checked at the message boundary), so
 * JSON.stringify never recurses on the depth of user data.
 */
export function tagText(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(cutDeepJson(value).value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}
