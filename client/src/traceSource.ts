// What a trace panel shows — a play in a store, or a `.jsonl` trace file — as plain JSON, so it can
// be kept across a window reload. No `vscode` import.

/** The panels' webview type: package.json activates the extension on `onWebviewPanel:` it. */
export const TRACE_VIEW_TYPE = 'heroFlows.trace';

export type TraceSource = { kind: 'play'; store: string; playId: string } | { kind: 'file'; path: string };

/** One panel per key: opening the same play or file again reveals its panel. */
export function traceSourceKey(source: TraceSource): string {
  return source.kind === 'play' ? `play:${source.playId}` : `file:${source.path}`;
}

/** Narrows a value read back from saved state, which may come from an older version or be damaged. */
export function isTraceSource(value: unknown): value is TraceSource {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  if (v.kind === 'play') return typeof v.store === 'string' && v.store !== '' && typeof v.playId === 'string' && v.playId !== '';
  if (v.kind === 'file') return typeof v.path === 'string' && v.path !== '';
  return false;
}

/**
 * Host → webview: what the panel shows, for the webview to keep as `source` in its saved state
 * (setState) — the state a reloaded window hands back to the panel serializer. Not yet in
 * common/src/traceMessages.ts: until the webview handles it, it ignores this message and the
 * host falls back on the panels it remembers (panelRestore.ts).
 */
export interface SourceMessage {
  type: 'source';
  source: TraceSource;
}

/** The `source` the webview saved, if it did (see SourceMessage). */
export function savedSource(state: unknown): TraceSource | undefined {
  const source = typeof state === 'object' && state !== null ? (state as { source?: unknown }).source : undefined;
  return isTraceSource(source) ? source : undefined;
}
