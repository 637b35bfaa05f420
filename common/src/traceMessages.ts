// The trace panel's messages: one named type per message, each saying who sends it to whom.
// The panel host (client/src, later) and the webview bundle (webview/src/) both import these, so a
// message name or a payload field can only change in one place. Every message is a `{type, ...}`
// envelope; payloads are plain JSON (spans and plays as common/src/play.ts defines them).

import type { Play, PlayStatus, Span } from './play';

// ---- host → webview --------------------------------------------------------------------------

/** Host → webview: the whole play (on open, on re-show, when the panel is re-used for another play). */
export interface PlayMessage {
  type: 'play';
  play: Play;
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
}

export type HostToWebviewMessage = PlayMessage | SpansMessage | PlayStatusMessage;

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

/** Webview → host: open the child play a subflow span ran (its `tags.play_id`). */
export interface OpenPlayMessage {
  type: 'openPlay';
  playId: string;
}

export type WebviewToHostMessage = ReadyMessage | OpenSourceMessage | OpenPlayMessage;

/** Narrows an unknown `postMessage` payload to a host → webview message (the webview's guard). */
export function isHostToWebviewMessage(value: unknown): value is HostToWebviewMessage {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  return type === 'play' || type === 'spans' || type === 'playStatus';
}

/** Narrows an unknown `onDidReceiveMessage` payload to a webview → host message (the host's guard). */
export function isWebviewToHostMessage(value: unknown): value is WebviewToHostMessage {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { type?: unknown; file?: unknown; playId?: unknown };
  if (v.type === 'ready') return true;
  if (v.type === 'openSource') return typeof v.file === 'string';
  if (v.type === 'openPlay') return typeof v.playId === 'string';
  return false;
}
