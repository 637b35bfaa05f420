// What a trace panel shows — a play in a store, or a `.jsonl` trace file — as plain JSON, so it can
// be kept across a window reload. No `vscode` import.

import { basename, dirname, join } from 'node:path';
import type { TraceSource } from '../../../common/src/traceMessages';

/** The panels' webview type: package.json activates the extension on `onWebviewPanel:` it. */
export const TRACE_VIEW_TYPE = 'heroFlows.trace';

/** One panel per key: opening the same play or file again reveals its panel. */
export function traceSourceKey(source: TraceSource): string {
  return source.kind === 'play' ? `play:${source.playId}` : `file:${source.path}`;
}

/**
 * Where a trace file's child plays are: the store it sits in when it is a stored play's own trace
 * (`<store>/plays/<id>/trace.jsonl`), else `fallback` (the workspace's store).
 */
export function storeForChildPlays(source: TraceSource, fallback: string, exists: (path: string) => boolean): string {
  if (source.kind === 'play') return source.store;
  const playDir = dirname(source.path);
  const plays = dirname(playDir);
  const store = dirname(plays);
  const stored = basename(source.path) === 'trace.jsonl' && basename(plays) === 'plays' && exists(join(playDir, 'play.json'));
  return stored ? store : fallback;
}
