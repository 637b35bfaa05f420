// The trace panel's messages: one named type per message, each saying who sends it to whom.
// The panel host (client/src, later) and the webview bundle (webview/src/) both import these, so a
// message name or a payload field can only change in one place. Every message is a `{type, ...}`
// envelope; payloads are plain JSON (spans and plays as common/src/play.ts defines them).

import { cutDeepJson, isJsonRecord, ownValue } from './jsonData';
import type { JsonObject, Play, PlayStatus, Span, SpanLog, StreamStats } from './play';
import { emptyStreamStats, FINAL_SPAN_STATUSES, PLAY_STATUSES, SPAN_KINDS, type SpanStatus } from './play';

// ---- host → webview --------------------------------------------------------------------------

/**
 * Host → webview: the play (on open, on re-show, when the panel is re-used for another play).
 * Without `totalSpans`, `play.spans` is every span. With it, the spans come in chunks: `play.spans`
 * is the first chunk, `playChunk` messages bring the rest in order, the last one with `done: true`
 * (client/src/traceInitialMessages.ts builds them; the webview shows rows from the first chunk).
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

export type WebviewToHostMessage = ReadyMessage | OpenSourceMessage | OpenPlayMessage | CopyTextMessage | OpenTextMessage | ProblemMessage;

/** What checking a host → webview message found: the message (or null: dropped whole) and why. */
export interface CheckedMessage {
  message: HostToWebviewMessage | null;
  /** Why the message, or entries of it (spans, logs), were dropped or changed; empty when it was sound. */
  problems: string[];
}

/**
 * Checks an unknown `postMessage` payload as a host → webview message, field by field, since the
 * webview indexes and draws what it holds. A bad envelope or play drops the message; a bad span in
 * a spans array drops that span only, a bad log that log only, so valid neighbours are kept. Deep
 * tag, input and output values are cut to MAX_JSON_DEPTH in place (the message is the receiver's
 * own structured clone), so nothing that draws them recurses on their depth. Linear in the size of
 * the message; never throws.
 */
export function checkHostToWebviewMessage(value: unknown): CheckedMessage {
  const problems: string[] = [];
  const drop = (why: string): CheckedMessage => ({ message: null, problems: [...problems, why] });
  if (!isJsonRecord(value)) return drop(`not a message object (${describe(value)})`);
  const type = ownValue(value, 'type');
  switch (type) {
    case 'play': {
      const total = ownValue(value, 'totalSpans');
      if (total !== undefined && !(Number.isSafeInteger(total) && (total as number) >= 0)) return drop(`play: totalSpans is ${describe(total)}`);
      const play = checkPlay(ownValue(value, 'play'), problems);
      if (typeof play === 'string') return drop(`play: ${play}`);
      return { message: total === undefined ? { type, play } : { type, play, totalSpans: total as number }, problems };
    }
    case 'playChunk':
    case 'spans': {
      const playId = ownValue(value, 'playId');
      if (typeof playId !== 'string') return drop(`${type}: playId is ${describe(playId)}`);
      const spans = checkSpans(ownValue(value, 'spans'), problems, type);
      if (typeof spans === 'string') return drop(spans);
      if (type === 'spans') return { message: { type, playId, spans }, problems };
      const done = ownValue(value, 'done');
      if (typeof done !== 'boolean') return drop(`playChunk: done is ${describe(done)}`);
      return { message: { type, playId, spans, done }, problems };
    }
    case 'playStatus': {
      const playId = ownValue(value, 'playId');
      const status = ownValue(value, 'status');
      const endMs = ownValue(value, 'end_ms');
      const error = ownValue(value, 'error');
      const flowName = ownValue(value, 'flow_name');
      const output = ownValue(value, 'output');
      if (typeof playId !== 'string') return drop(`playStatus: playId is ${describe(playId)}`);
      if (!isOneOf(status, PLAY_STATUSES)) return drop(`playStatus: status is ${describe(status)}`);
      if (!isNumberOrNull(endMs)) return drop(`playStatus: end_ms is ${describe(endMs)}`);
      if (!isStringOrNull(error)) return drop(`playStatus: error is ${describe(error)}`);
      if (flowName !== undefined && !isStringOrNull(flowName)) return drop(`playStatus: flow_name is ${describe(flowName)}`);
      const message: PlayStatusMessage = { type, playId, status, end_ms: endMs, error };
      if (output !== undefined) message.output = cutDeepJson(output).value;
      if (flowName !== undefined) message.flow_name = flowName;
      return { message, problems };
    }
    case 'source': {
      const source = ownValue(value, 'source');
      return isTraceSource(source) ? { message: { type, source }, problems } : drop(`source: not a trace source (${describe(source)})`);
    }
    default:
      return drop(`unknown message type ${describe(type)}`);
  }
}

/** Whether `value` is a sound host → webview message as a whole (see checkHostToWebviewMessage). */
export function isHostToWebviewMessage(value: unknown): value is HostToWebviewMessage {
  const checked = checkHostToWebviewMessage(value);
  return checked.message !== null && checked.problems.length === 0;
}

/** The play of a `play` message, or why it cannot be shown. Its bad spans are dropped (noted in `problems`). */
function checkPlay(value: unknown, problems: string[]): Play | string {
  if (!isJsonRecord(value)) return `play is ${describe(value)}`;
  const play = value as unknown as Play;
  const id = ownValue(value, 'id');
  if (typeof id !== 'string') return `id is ${describe(id)}`;
  const bad = firstBadField(value, [
    ['flow_name', isStringOrNull],
    ['source_file', isStringOrNull],
    ['status', (v) => isOneOf(v, PLAY_STATUSES)],
    ['start_ms', (v) => typeof v === 'number'],
    ['end_ms', isNumberOrNull],
    ['error', isStringOrNull],
    ['inputs', isJsonRecord],
  ]);
  if (bad) return bad;
  const spans = checkSpans(ownValue(value, 'spans'), problems, `play ${id}`);
  if (typeof spans === 'string') return spans;
  play.spans = spans;
  play.inputs = cutDeepJson(play.inputs).value as JsonObject;
  play.output = cutDeepJson(ownValue(value, 'output') ?? null).value;
  play.stats = checkStats(ownValue(value, 'stats'));
  return play;
}

/** The counters a play carries, each an own finite number or 0 (they only ever add to a warning). */
function checkStats(value: unknown): StreamStats {
  const stats = emptyStreamStats();
  if (!isJsonRecord(value)) return stats;
  for (const key of Object.keys(stats) as (keyof StreamStats)[]) {
    const n = ownValue(value, key);
    if (typeof n === 'number' && Number.isFinite(n)) stats[key] = n;
  }
  return stats;
}

/** The sound spans of a spans array (each bad one dropped and noted), or why the array itself is bad. */
function checkSpans(value: unknown, problems: string[], where: string): Span[] | string {
  if (!Array.isArray(value)) return `${where}: spans is ${describe(value)}`;
  const spans: Span[] = [];
  for (let i = 0; i < value.length; i++) {
    const span = checkSpan(value[i], problems);
    if (typeof span === 'string') problems.push(`${where}: span ${i} dropped: ${span}`);
    else spans.push(span);
  }
  return spans;
}

/**
 * A span as the webview can draw it, or why it cannot. An unknown kind becomes `other` (the span is
 * still worth showing); bad log entries are dropped one by one; both are noted in `problems`.
 */
export function checkSpan(value: unknown, problems: string[] = []): Span | string {
  if (!isJsonRecord(value)) return `not an object (${describe(value)})`;
  const span = value as unknown as Span;
  const bad = firstBadField(value, [
    ['span_id', (v) => typeof v === 'string'],
    ['parent_id', isStringOrNull],
    ['name', (v) => typeof v === 'string'],
    ['status', (v) => isOneOf(v, SPAN_STATUSES)],
    ['start_ms', isNumberOrNull],
    ['end_ms', isNumberOrNull],
    ['tags', isJsonRecord],
    ['logs', Array.isArray],
    ['error', isStringOrNull],
    ['source_file', isStringOrNull],
    ['source_line', isNumberOrNull],
    ['replayed', (v) => typeof v === 'boolean'],
    ['missing_start', (v) => v === undefined || typeof v === 'boolean'],
    ['time_error', (v) => v === undefined || typeof v === 'string'],
  ]);
  if (bad) return bad;
  if (!isOneOf(ownValue(value, 'kind'), SPAN_KINDS)) {
    problems.push(`span ${clipped(span.span_id)}: kind ${describe(ownValue(value, 'kind'))} shown as other`);
    span.kind = 'other';
  }
  const logs = span.logs.filter(isSpanLog);
  if (logs.length !== span.logs.length) {
    problems.push(`span ${clipped(span.span_id)}: ${span.logs.length - logs.length} bad log entries dropped`);
    span.logs = logs;
  }
  span.tags = cutDeepJson(span.tags).value as JsonObject;
  return span;
}

const SPAN_STATUSES: readonly SpanStatus[] = ['running', ...FINAL_SPAN_STATUSES];

function isSpanLog(value: unknown): value is SpanLog {
  return isJsonRecord(value) && typeof ownValue(value, 't_ms') === 'number' && typeof ownValue(value, 'message') === 'string';
}

/** `"<field> is <what it is>"` for the first own field of `record` that fails its test, else null. */
function firstBadField(record: object, fields: [string, (v: unknown) => boolean][]): string | null {
  for (const [name, test] of fields) {
    const v = ownValue(record, name);
    if (!test(v)) return `${name} is ${describe(v)}`;
  }
  return null;
}

function isOneOf<T extends string>(value: unknown, allowed: readonly T[]): value is T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value);
}

function isStringOrNull(value: unknown): value is string | null {
  return value === null || typeof value === 'string';
}

function isNumberOrNull(value: unknown): value is number | null {
  return value === null || typeof value === 'number';
}

/** A short description of a bad value for a log line: its type, and a string's first characters. */
function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(clipped(value))}`;
  if (typeof value === 'object') return 'an object';
  return `the ${typeof value} ${String(value)}`;
}

function clipped(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

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
    case 'openText':
      return typeof ownValue(value, 'text') === 'string' && isOneOf(ownValue(value, 'language'), OPEN_TEXT_LANGUAGES);
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
