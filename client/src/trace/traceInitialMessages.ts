// What the trace panel posts when its webview asks for the play (`ready`): the play and its spans.
// A large play goes in chunks, so the webview shows rows after the first chunk instead of waiting
// for one huge message to be copied (1,000,000 spans in one message: ~2 s of structured clone
// before anything shows). Pure: no `vscode` import, unit-tested in test/client/.

import type { Play, Span } from '../../../common/src/play';
import type { HostToWebviewMessage } from '../../../common/src/traceMessages';

/**
 * Spans per message, chosen with bench/webview-load.ts (1,000,000 spans; one message: 2.7 s to
 * anything). First rows grow with the chunk, since one chunk is copied and built before the first
 * render: 21 ms at 2,000, 42 ms at 10,000, 157 ms at 50,000, 340 ms at 100,000. The total load
 * stays within 5 % of one message's from 5,000 up; 2,000 means 500 messages for a little less
 * wait. 10,000: rows well under 100 ms, 100 messages per million spans.
 */
export const SPANS_PER_CHUNK = 10_000;

/**
 * The messages that load `play` with `spans` (the spans replace `play.spans`), in posting order:
 * one `play` message when they fit in one chunk — what the webview always understood — else a
 * `play` with the first chunk and `totalSpans`, then `playChunk`s, the last with `done: true`.
 * Spans keep their order (the store's arrival order, where a parent comes before its children).
 */
export function initialMessages(play: Play, spans: Iterable<Span>, chunkSize = SPANS_PER_CHUNK): HostToWebviewMessage[] {
  if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new RangeError(`chunk size must be a positive integer, not ${chunkSize}`);
  const all = Array.isArray(spans) ? (spans as readonly Span[]) : [...spans];
  if (all.length <= chunkSize) return [{ type: 'play', play: { ...play, spans: all.slice() } }];
  const messages: HostToWebviewMessage[] = [{ type: 'play', play: { ...play, spans: all.slice(0, chunkSize) }, totalSpans: all.length }];
  for (let at = chunkSize; at < all.length; at += chunkSize) {
    messages.push({ type: 'playChunk', playId: play.id, spans: all.slice(at, at + chunkSize), done: at + chunkSize >= all.length });
  }
  return messages;
}
