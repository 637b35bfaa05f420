// What a live tree on a terminal holds of a running play: every open span and the latest ended
// ones, so a play of millions of spans costs the terminal's view a bounded memory and a bounded
// redraw. Ended spans leave oldest-end first: children end before their parents, so a kept span's
// ancestors stay as long as it does (an open span's ancestors are open).

import { applySpans } from '../../../common/src/livePlay';
import type { Span } from '../../../common/src/play';

/** Far more ended spans than a screen shows, far fewer than a big play has. */
export const KEPT_ENDED_SPANS = 5_000;

export class RecentSpans {
  private readonly spans = new Map<string, Span>();
  /** Ended spans' ids in the order they ended, from `head` on. */
  private endedOrder: string[] = [];
  private head = 0;
  /** How many ended spans were let go. */
  dropped = 0;

  constructor(private readonly keptEnded = KEPT_ENDED_SPANS) {}

  apply(changed: Span[]): void {
    for (const span of changed) {
      const before = this.spans.get(span.span_id);
      if (span.status !== 'running' && (before === undefined || before.status === 'running')) this.endedOrder.push(span.span_id);
    }
    applySpans(this.spans, changed);
    while (this.endedOrder.length - this.head > this.keptEnded) {
      const id = this.endedOrder[this.head++]!;
      // A span that was let go and came back (a late event) is counted once more here: harmless.
      if (this.spans.get(id)?.status !== 'running' && this.spans.delete(id)) this.dropped++;
    }
    if (this.head > 4096 && this.head * 2 > this.endedOrder.length) {
      this.endedOrder = this.endedOrder.slice(this.head);
      this.head = 0;
    }
  }

  values(): IterableIterator<Span> {
    return this.spans.values();
  }

  get size(): number {
    return this.spans.size;
  }

  hasRunning(): boolean {
    for (const span of this.spans.values()) if (span.status === 'running') return true;
    return false;
  }
}
