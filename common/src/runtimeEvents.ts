// The runtime's own events, beyond spec §3's spans (docs/spec-extensions.md):
// - On the span socket (RuntimeEvent), Python → runtime: what the bootstrap and the SDK's
//   `flow.invoke` write besides spans (spec §3 lets the runtime add event types).
// - In process (PlayRunEvent), runtime executor → its subscribers: updates a running play publishes
//   (the CLI's live tree, the extension's views and trace panels). Spans in such an event are the
//   runtime's live objects: read them, copy them, never mutate them.

import type { JsonObject, JsonValue, Play, Span } from './play';

// ---- on the span socket: Python → runtime ------------------------------------------------------

/** Bootstrap → runtime: the flow was found and its inputs validated; it is about to run. */
export interface PlayFlowEvent {
  type: 'play_flow';
  name: string;
  source_file: string;
  source_line: number;
  inputs: JsonObject;
  t_ms: number;
}

/** Bootstrap → runtime: the flow returned this value (JSON, or its `repr` when not JSON-serialisable). */
export interface PlayOutputEvent {
  type: 'play_output';
  output: JsonValue;
  t_ms: number;
}

/** Bootstrap → runtime: the play could not start (file did not load, no such flow, bad inputs). */
export interface PlayRejectedEvent {
  type: 'play_rejected';
  reason: string;
  /** The flow, when it was found and only its inputs were wrong. */
  name?: string;
  t_ms: number;
}

/**
 * SDK → runtime, alone on a connection of its own: `flow.invoke(name, spawn=True)` asks for a
 * child play whose root span's parent is `span_id` (the call's `subflow` span). The runtime
 * answers on that same connection with InvokeStartedReply, then InvokeFinishedReply.
 */
export interface InvokeRequestEvent {
  type: 'invoke_request';
  span_id: string;
  /** Absolute path of the file that defines the flow. */
  file: string;
  flow: string;
  inputs: JsonObject;
  t_ms: number;
}

/**
 * SDK → runtime: `flow.pause` found no answer; the pending pause is in the history file too, and
 * the process exits with BOOTSTRAP_EXIT.paused (75) right after (docs/durable.md).
 */
export interface PlayPausedEvent {
  type: 'play_paused';
  key: string;
  prompt: string;
  fields: JsonObject;
  span_id: string;
  t_ms: number;
}

/**
 * SDK → runtime, once per attempt when the flow ends or pauses (and whenever it stops using the
 * history): how the attempt used the history (docs/durable.md).
 */
export interface PlayReplayEvent {
  type: 'play_replay';
  version: string;
  replayed: number;
  live: number;
  /** Why the attempt stopped using the history, when it did. */
  diverged: string | null;
  t_ms: number;
}

export type RuntimeEvent = PlayFlowEvent | PlayOutputEvent | PlayRejectedEvent | InvokeRequestEvent | PlayPausedEvent | PlayReplayEvent;

// ---- in process: a running play → its subscribers ----------------------------------------------

export interface PlayStartedEvent {
  type: 'play_started';
  play: Play;
}

/** The bootstrap resolved the flow and its inputs. */
export interface PlayUpdatedEvent {
  type: 'play_updated';
  play: Play;
}

/** Spans added or changed since the last such event (batched per received block). */
export interface SpansChangedEvent {
  type: 'spans_changed';
  playId: string;
  spans: Span[];
}

/** The flow's process wrote to stdout or stderr (a chunk as read, not a line); not the flow's return value (`play_output`). */
export interface ProcessOutputEvent {
  type: 'process_output';
  playId: string;
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface PlayFinishedEvent {
  type: 'play_finished';
  play: Play;
}

/** What a subscriber can do with a running play (the runtime's PlayRun). */
export interface RunningPlay {
  readonly id: string;
  readonly play: Play;
  readonly done: Promise<{ play: Play; rejected: boolean }>;
  onEvent(listener: (event: PlayRunEvent) => void): () => void;
  cancel(): void;
}

/**
 * The play's flow started a child play (`flow.invoke(..., spawn=True)`): subscribe to `child` to
 * follow it live. Its own children are announced on its own events.
 */
export interface ChildPlayStartedEvent {
  type: 'child_play_started';
  /** The parent play. */
  playId: string;
  child: RunningPlay;
}

export type PlayRunEvent = PlayStartedEvent | PlayUpdatedEvent | SpansChangedEvent | ProcessOutputEvent | PlayFinishedEvent | ChildPlayStartedEvent;
