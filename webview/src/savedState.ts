// What the webview keeps with setState: the tree's state (expanded, selected, scroll, filter), which
// survives the panel being hidden and shown again, and what the panel shows (`source`), which a
// reloaded window hands back to the host's panel serializer to restore the panel. What getState()
// returns is untrusted (an older version's, damaged, or made by hand): it is checked like a message,
// own keys only, with sizes bounded, and anything unsound falls back to the empty panel's state.

import { isJsonRecord, ownValue } from '../../common/src/jsonData';
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

/** A saved filter longer than this is not one a user typed: it is dropped. */
const MAX_FILTER_CHARS = 1000;

/** The tree state in what getState() returned, if any (it may be an older version's, or damaged). */
export function treeStateOf(raw: unknown): TreeState | null {
  if (!isJsonRecord(raw)) return null;
  const playId = ownValue(raw, 'playId');
  const expanded = ownValue(raw, 'expanded');
  if (typeof playId !== 'string' || !Array.isArray(expanded)) return null;
  const selected = ownValue(raw, 'selected');
  const scrollTop = ownValue(raw, 'scrollTop');
  const filter = ownValue(raw, 'filter');
  return {
    playId,
    expanded: expanded.filter((x): x is string => typeof x === 'string'),
    selected: typeof selected === 'string' ? selected : null,
    scrollTop: typeof scrollTop === 'number' && Number.isFinite(scrollTop) && scrollTop > 0 ? scrollTop : 0,
    filter: typeof filter === 'string' && filter.length <= MAX_FILTER_CHARS ? filter : '',
    errorsOnly: ownValue(raw, 'errorsOnly') === true,
  };
}
