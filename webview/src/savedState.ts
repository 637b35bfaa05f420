// What the webview keeps with setState: the tree's state (expanded, selected, scroll, filter), which
// survives the panel being hidden and shown again, and what the panel shows (`source`), which a
// reloaded window hands back to the host's panel serializer to restore the panel.

import type { TraceSource } from '../../common/src/traceMessages';

export interface TreeState {
  playId: string;
  expanded: string[];
  selected: string | null;
  scrollTop: number;
  filter: string;
  errorsOnly: boolean;
}

export interface SavedState extends Partial<TreeState> {
  source?: TraceSource;
}

/** The tree state in what getState() returned, if any (it may be an older version's, or damaged). */
export function treeStateOf(raw: unknown): TreeState | null {
  const state = raw as Partial<TreeState> | undefined | null;
  if (!state || typeof state.playId !== 'string' || !Array.isArray(state.expanded)) return null;
  return {
    playId: state.playId,
    expanded: state.expanded.filter((x): x is string => typeof x === 'string'),
    selected: typeof state.selected === 'string' ? state.selected : null,
    scrollTop: typeof state.scrollTop === 'number' ? state.scrollTop : 0,
    filter: typeof state.filter === 'string' ? state.filter : '',
    errorsOnly: state.errorsOnly === true,
  };
}
