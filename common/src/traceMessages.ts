// The trace panel's messages: one named type per message, each saying who sends it to whom.
// The panel host (client/src/trace/) and the webview bundle (webview/src/) both import these, so a
// message name or a payload field can only change in one place. Every message is a `{type, ...}`
// envelope; payloads are plain JSON (spans and plays as common/src/play.ts defines them). The
// webview checks what it receives with traceMessageChecks.ts; the host's guards are below.

import { isJsonRecord, ownValue } from './jsonData';
import type { Play, PlayStatus, Span } from './play';

// ---- host → webview --------------------------------------------------------------------------

/**
 * Host → webview: the play (on open, on re-show, when the panel is re-used for another play).
 * Without `totalSpans`, `play.spans` is every span. With it, the spans come in chunks: `play.spans`
 * is the first chunk, `playChunk` messages bring the rest in order, the last one with `done: true`
 * (client/src/trace/traceInitialMessages.ts builds them; the webview shows rows from the first chunk).
 */
export interface PlayMessage {
  type: 'play';
  play: Play;
  /** How many spans the play has in all, when more than `play.spans` follow in `playChunk` messages. */
  totalSpans?: number;
}

/** Host → webview: the next chunk of a chunked `play` (only after one with `totalSpans`). */
export interface PlayChunkMessage {
  type: 'playChunk';
  playId: string;
  spans: Span[];
  /** True on the last chunk: every span of the play has been sent. */
  done: boolean;
}

/** Host → webview: spans added or changed since the last message (batched; a span replaces any with its id). */
export interface SpansMessage {
  type: 'spans';
  playId: string;
  spans: Span[];
}

/** Host → webview: the play's own fields changed (it finished, or the bootstrap resolved it). */
export interface PlayStatusMessage {
  type: 'playStatus';
  playId: string;
  status: PlayStatus;
  end_ms: number | null;
  error: string | null;
  output?: Play['output'];
  flow_name?: string | null;
  /** A durable play's attempt fields (docs/durable.md), when it has them: a play that pauses says what it waits on. */
  attempt?: Play['attempt'];
  attempts?: Play['attempts'];
  pending_pause?: Play['pending_pause'];
}

/** What a trace panel shows: a play in a store, or a `.jsonl` trace file. */
export type TraceSource = { kind: 'play'; store: string; playId: string } | { kind: 'file'; path: string };

/**
 * Host → webview: what the panel shows. The webview keeps it as `source` in its saved state
 * (setState), which is what a reloaded window hands the panel serializer to restore the panel.
 */
export interface SourceMessage {
  type: 'source';
  source: TraceSource;
}

export type HostToWebviewMessage = PlayMessage | PlayChunkMessage | SpansMessage | PlayStatusMessage | SourceMessage;

// ---- webview → host --------------------------------------------------------------------------

/** Webview → host: the bundle has loaded and listens; the host answers with a `play` message. */
export interface ReadyMessage {
  type: 'ready';
}

/** Webview → host: open `file` (relative paths resolve against the play's workspace) at 1-based `line`. */
export interface OpenSourceMessage {
  type: 'openSource';
  file: string;
  line: number | null;
}

/** Webview → host: open the child play a subflow span ran (its `tags.child_play_id`, or the seeds' `child_play_sid`). */
export interface OpenPlayMessage {
  type: 'openPlay';
  playId: string;
}

/**
 * Webview → host: put `text` on the clipboard (a long value the panel shows cut). The host writes it
 * with vscode.env.clipboard: navigator.clipboard is not available in every webview.
 */
export interface CopyTextMessage {
  type: 'copyText';
  text: string;
}

/** The languages an `openText` document may have. */
export const OPEN_TEXT_LANGUAGES = ['plaintext', 'json'] as const;

/** Webview → host: open `text` whole in an untitled editor (a long value the panel shows cut). */
export interface OpenTextMessage {
  type: 'openText';
  text: string;
  language: (typeof OPEN_TEXT_LANGUAGES)[number];
}

/** Webview → host: why a message (or an entry of one) was dropped, for the host's log. */
export interface ProblemMessage {
  type: 'problem';
  reason: string;
}

/**
 * Webview → host: show attempt `attempt` of the play the panel shows (the attempt switcher;
 * docs/durable.md keeps each attempt's trace). The host answers with a `play` message whose
 * `attempt` is that one, or ignores an attempt the play does not have.
 */
export interface ShowAttemptMessage {
  type: 'showAttempt';
  playId: string;
  attempt: number;
}

/** The most attempts a play is taken to have: a switcher's request above it is hostile. */
export const MAX_ATTEMPTS = 10_000;

/** Whether `value` could number an attempt: a whole number from 1 to MAX_ATTEMPTS. */
export function isAttemptNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1 && value <= MAX_ATTEMPTS;
}

export type WebviewToHostMessage = ReadyMessage | OpenSourceMessage | OpenPlayMessage | CopyTextMessage | OpenTextMessage | ProblemMessage | ShowAttemptMessage;

/** Narrows an unknown `onDidReceiveMessage` payload to a webview → host message (the host's guard). */
export function isWebviewToHostMessage(value: unknown): value is WebviewToHostMessage {
  if (!isJsonRecord(value)) return false;
  switch (ownValue(value, 'type')) {
    case 'ready':
      return true;
    case 'openSource':
      return typeof ownValue(value, 'file') === 'string';
    case 'openPlay':
      return typeof ownValue(value, 'playId') === 'string';
    case 'copyText':
      return typeof ownValue(value, 'text') === 'string';
    case 'problem':
      return typeof ownValue(value, 'reason') === 'string';
    case 'showAttempt':
      return typeof ownValue(value, 'playId') === 'string' && isAttemptNumber(ownValue(value, 'attempt'));
    case 'openText':
      return typeof ownValue(value, 'text') === 'string' && (OPEN_TEXT_LANGUAGES as readonly unknown[]).includes(ownValue(value, 'language'));
    default:
      return false;
  }
}

/** Narrows a trace source read back from a message or saved state (an older version's, or damaged). */
export function isTraceSource(value: unknown): value is TraceSource {
  if (!isJsonRecord(value)) return false;
  const nonEmpty = (key: string) => {
    const v = ownValue(value, key);
    return typeof v === 'string' && v !== '';
  };
  const kind = ownValue(value, 'kind');
  if (kind === 'play') return nonEmpty('store') && nonEmpty('playId');
  if (kind === 'file') return nonEmpty('path');
  return false;
}

/**
 * The `source` a webview kept in its saved state (see SourceMessage): what the webview writes and
 * the host's panel serializer reads back after a reload.
 */
export function savedSource(state: unknown): TraceSource | undefined {
  const source = isJsonRecord(state) ? ownValue(state, 'source') : undefined;
  return isTraceSource(source) ? source : undefined;
}
