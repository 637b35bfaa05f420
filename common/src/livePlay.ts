// A running play as the screens see it: its record and each span's latest state, kept current by one
// reducer. The extension host applies the runtime's events once (ActivePlays, inside the plays
// service, whose state the trace panels read), the webview the panel's `playStatus` messages and the
// CLI's live tree its spans, with the same rules:
// - a span replaces the one with its id: the latest arrival wins, whatever its status (the runtime's
//   collector already ordered the raw events; what arrives here is each span's whole state);
// - the play's record (`play_started`, `play_updated`) replaces the record, keeping the spans;
// - the finished play replaces record and spans: it is the whole truth (of a big play, whose runtime
//   let ended spans go, it is the truth of the spans it holds: the others stay as their last change);
// - a status update sets status, end and error, and output, flow name and a durable play's attempt
//   fields (attempt, attempts, pending_pause) only when it carries them.
// No DOM, no Node: the webview bundle imports it.

import type { Play, Span } from './play';
import type { PlayFinishedEvent, PlayRunEvent, PlayStartedEvent, PlayUpdatedEvent, SpansChangedEvent } from './runtimeEvents';
import type { PlayStatusMessage } from './traceMessages';

export interface LivePlay {
  play: Play;
  /** Span id → latest state, in arrival order of each id's first state. */
  spans: Map<string, Span>;
}

/** The fields of a play a status update carries (the `playStatus` message without its envelope). */
export type PlayStatusFields = Omit<PlayStatusMessage, 'type' | 'playId'>;

export function livePlay(play: Play): LivePlay {
  return { play, spans: new Map(play.spans.map((span) => [span.span_id, span])) };
}

/** Each span replaces the one with its id. */
export function applySpans(spans: Map<string, Span>, changed: Iterable<Span>): void {
  for (const span of changed) spans.set(span.span_id, span);
}

/** The play with a status update applied. */
export function applyPlayStatus(play: Play, update: PlayStatusFields): Play {
  return {
    ...play,
    status: update.status,
    end_ms: update.end_ms,
    error: update.error,
    ...(update.output !== undefined ? { output: update.output } : {}),
    ...(update.flow_name !== undefined ? { flow_name: update.flow_name } : {}),
    ...(update.attempt !== undefined ? { attempt: update.attempt } : {}),
    ...(update.attempts !== undefined ? { attempts: update.attempts } : {}),
    ...(update.pending_pause !== undefined ? { pending_pause: update.pending_pause } : {}),
  };
}

/** What a status update says of `play`. */
export function playStatusFields(play: Play): PlayStatusFields {
  const fields: PlayStatusFields = { status: play.status, end_ms: play.end_ms, error: play.error, output: play.output, flow_name: play.flow_name };
  // A durable play's fields only when it has them: an older play's update stays as it was.
  if (play.attempt !== undefined) fields.attempt = play.attempt;
  if (play.attempts !== undefined) fields.attempts = play.attempts;
  if (play.pending_pause !== undefined) fields.pending_pause = play.pending_pause;
  return fields;
}

/**
 * A running play's event as its state took it: the record and spans in it are the state's copies, so
 * a listener hands them on (to a webview) without applying the event again. Read them, never change them.
 */
export type AppliedPlayEvent = PlayStartedEvent | PlayUpdatedEvent | SpansChangedEvent | PlayFinishedEvent;

/**
 * Applies a running play's event to its state; returns the event as applied, or undefined for an
 * event the state does not keep (output, child plays). Records and spans are copied: an event
 * carries the runtime's live objects, which go on changing.
 */
export function applyPlayRunEvent(state: LivePlay, event: PlayRunEvent): AppliedPlayEvent | undefined {
  switch (event.type) {
    case 'play_started':
    case 'play_updated':
      state.play = { ...event.play };
      return { type: event.type, play: state.play };
    case 'spans_changed': {
      const spans = event.spans.map((span) => ({ ...span }));
      applySpans(state.spans, spans);
      return { type: 'spans_changed', playId: event.playId, spans };
    }
    case 'play_finished': {
      const finished = livePlay({ ...event.play });
      state.play = finished.play;
      // A big play's runtime keeps only its open part (span_count says how many it had): every span
      // it let go of came here as a change first, so those stay and the final word covers the rest.
      if ((event.play.span_count ?? 0) > event.play.spans.length) applySpans(state.spans, finished.spans.values());
      else state.spans = finished.spans;
      return { type: 'play_finished', play: state.play };
    }
    default:
      return undefined;
  }
}

/** The play as a record, with the spans received so far. */
export function livePlaySnapshot(state: LivePlay): Play {
  return { ...state.play, spans: [...state.spans.values()] };
}
