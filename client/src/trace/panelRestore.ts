// Bringing trace panels back after a window reload, the pure part (no `vscode` import): the list
// of open panels the host remembers in workspaceState, which source a revived panel showed, and
// what the panel says when that play or file is gone.

import { isTraceSource, savedSource, type TraceSource } from '../../../common/src/traceMessages';
import { ownValue } from '../../../common/src/jsonData';
import { traceSourceKey } from './traceSource';

/** An open panel as remembered across a reload: its source, and what a revived panel still shows of it. */
export interface RememberedPanel {
  source: TraceSource;
  playId: string;
  title: string;
}

/** More than this many remembered panels and the oldest are dropped (a crash can leave some behind). */
export const REMEMBER_AT_MOST = 20;

/** The list with `panel` first, replacing any with the same source; capped at REMEMBER_AT_MOST. */
export function rememberPanel(list: readonly RememberedPanel[], panel: RememberedPanel): RememberedPanel[] {
  const key = traceSourceKey(panel.source);
  return [panel, ...list.filter((p) => traceSourceKey(p.source) !== key)].slice(0, REMEMBER_AT_MOST);
}

export function forgetPanel(list: readonly RememberedPanel[], key: string): RememberedPanel[] {
  return list.filter((p) => traceSourceKey(p.source) !== key);
}

/** The remembered list read back from workspaceState, without anything malformed; own fields only. */
export function readRemembered(value: unknown): RememberedPanel[] {
  if (!Array.isArray(value)) return [];
  const panels: RememberedPanel[] = [];
  for (const item of value.slice(0, REMEMBER_AT_MOST)) {
    if (typeof item !== 'object' || item === null) continue;
    const source = ownValue(item, 'source');
    const playId = ownValue(item, 'playId');
    const title = ownValue(item, 'title');
    if (isTraceSource(source) && typeof playId === 'string' && typeof title === 'string') panels.push({ source, playId, title });
  }
  return panels;
}

/**
 * Which source a revived panel showed. The source the webview saved wins. Else the newest
 * remembered panel that is not showing already, matched on the play id the webview saved with its
 * UI state or, when it saved nothing (no click or scroll yet), on the title the panel kept.
 */
export function sourceToRestore(
  state: unknown,
  title: string,
  remembered: readonly RememberedPanel[],
  showing: (key: string) => boolean,
): TraceSource | undefined {
  const saved = savedSource(state);
  if (saved) return saved;
  const playId = typeof state === 'object' && state !== null ? ownValue(state, 'playId') : undefined;
  const free = remembered.filter((p) => !showing(traceSourceKey(p.source)));
  const match = typeof playId === 'string' ? free.find((p) => p.playId === playId) : free.find((p) => p.title === title);
  return match?.source;
}

export interface RestoreNotice {
  title: string;
  heading: string;
  detail: string;
  /** The error as it came, for whoever needs more than the detail. */
  cause?: string;
}

/** What a revived panel says instead of a tree: its source is unknown, or it could not be read. */
export function restoreNotice(source: TraceSource | undefined, cause?: string): RestoreNotice {
  if (!source) {
    return {
      title: 'Trace — not restored',
      heading: 'This trace could not be restored',
      detail: 'Hero Flows could not tell which play this panel showed before the window reloaded. Open it again from the Plays view, or with Hero Flows: Open Trace File….',
    };
  }
  if (source.kind === 'play') {
    return {
      title: 'Trace — play not found',
      heading: `The play ${source.playId} is gone`,
      detail: `It could not be loaded from the plays store ${source.store}: it was deleted, or the store moved.`,
      cause,
    };
  }
  return {
    title: 'Trace — file not found',
    heading: 'The trace file is gone',
    detail: `${source.path} could not be read: it was moved or deleted.`,
    cause,
  };
}
