// Updates a running play publishes, for any UI that subscribes (the CLI's live tree now, the
// extension's views and trace panel later). Who sends: runtime executor → its subscribers.
// Spans in an event are the runtime's live objects: read them, copy them, never mutate them.

import type { Play, Span } from './play';

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

export interface PlayOutputEvent {
  type: 'play_output';
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

export type PlayRunEvent = PlayStartedEvent | PlayUpdatedEvent | SpansChangedEvent | PlayOutputEvent | PlayFinishedEvent | ChildPlayStartedEvent;
