// Which play a span links to. Only a `subflow` span is a link to a child play: the runtime tags it
// `child_play_id`; `child_play_sid` is the name the seeds' SDK used. Any other tag (a user's own
// `play_id` on a step, say) is data, not a link.

import { ownValue } from '../../common/src/jsonData';
import type { Span } from '../../common/src/play';

const CHILD_PLAY_TAGS = ['child_play_id', 'child_play_sid'] as const;

export function childPlayId(span: Span): string | null {
  if (span.kind !== 'subflow') return null;
  for (const tag of CHILD_PLAY_TAGS) {
    const id = ownValue(span.tags, tag); // never one inherited from Object.prototype
    if (typeof id === 'string' && id !== '') return id;
  }
  return null;
}
