// The host → webview messages checked field by field before the webview uses them: the webview
// indexes and draws what it holds, and a message is data from the extension host's reading of a
// trace, a store or a live play. Types in traceMessages.ts; the rules for untrusted JSON in jsonData.ts.

import { cutDeepJson, isJsonRecord, ownValue } from './jsonData';
import type { JsonObject, PendingPause, Play, PlayAttempt, Span, SpanLog, StreamStats } from './play';
import { ATTEMPT_MODES, emptyStreamStats, FINAL_SPAN_STATUSES, PLAY_STATUSES, SPAN_KINDS, type SpanStatus } from './play';
import { isAttemptNumber, isTraceSource, MAX_ATTEMPTS, type HostToWebviewMessage, type PlayStatusMessage } from './traceMessages';

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
      const durable = { id: playId, attempt: ownValue(value, 'attempt'), attempts: ownValue(value, 'attempts'), pending_pause: ownValue(value, 'pending_pause') } as Play;
      checkDurableFields(durable, problems);
      if (durable.attempt !== undefined) message.attempt = durable.attempt;
      if (durable.attempts !== undefined) message.attempts = durable.attempts;
      if (durable.pending_pause !== undefined) message.pending_pause = durable.pending_pause;
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
  checkDurableFields(play, problems);
  return play;
}

/**
 * The durable fields (docs/durable.md) are optional: each one that is unsound is dropped, noted in
 * `problems`, and the play is shown as one without it (no attempt line, no switcher, no prompt).
 */
function checkDurableFields(play: Play, problems: string[]): void {
  const attempt = ownValue(play, 'attempt');
  if (attempt !== undefined && !isAttemptNumber(attempt)) {
    problems.push(`play ${clipped(play.id)}: attempt ${describe(attempt)} ignored`);
    delete play.attempt;
  }
  const attempts = ownValue(play, 'attempts');
  if (attempts !== undefined) {
    // Index by index: every() skips the holes of a sparse array, which are not attempts either.
    const sound = Array.isArray(attempts) && attempts.length <= MAX_ATTEMPTS && Array.from(attempts, isPlayAttempt).every(Boolean);
    if (!sound) {
      problems.push(`play ${clipped(play.id)}: attempts ignored (${Array.isArray(attempts) ? 'a bad entry' : describe(attempts)})`);
      delete play.attempts;
    }
  }
  const pending = ownValue(play, 'pending_pause');
  if (pending !== undefined && pending !== null && !isPendingPause(pending)) {
    problems.push(`play ${clipped(play.id)}: pending_pause ignored (${describe(pending)})`);
    delete play.pending_pause;
  } else if (pending) (pending as PendingPause).fields = cutDeepJson((pending as PendingPause).fields).value as JsonObject;
}

function isPlayAttempt(value: unknown): value is PlayAttempt {
  if (!isJsonRecord(value)) return false;
  const count = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
  return (
    firstBadField(value, [
      ['attempt', isAttemptNumber],
      ['mode', (v) => isOneOf(v, ATTEMPT_MODES)],
      ['start_ms', (v) => typeof v === 'number'],
      ['end_ms', isNumberOrNull],
      ['status', (v) => isOneOf(v, PLAY_STATUSES)],
      ['error', isStringOrNull],
      ['exit_code', isNumberOrNull],
      ['replayed', count],
      ['live', count],
      ['diverged', isStringOrNull],
      ['version', isStringOrNull],
    ]) === null
  );
}

function isPendingPause(value: unknown): value is PendingPause {
  if (!isJsonRecord(value)) return false;
  return (
    firstBadField(value, [
      ['key', (v) => typeof v === 'string'],
      ['prompt', (v) => typeof v === 'string'],
      ['fields', isJsonRecord],
      ['span_id', (v) => typeof v === 'string'],
      ['attempt', isAttemptNumber],
      ['since_ms', (v) => typeof v === 'number'],
    ]) === null
  );
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
  // Filtered (a new array) only when an entry is bad: a span's logs are most often fine, or none.
  // Every index is read, holes included (`every` would skip a hole; a hole is a bad entry).
  const entries: unknown[] = span.logs;
  let sound = true;
  for (let i = 0; i < entries.length && sound; i++) sound = isSpanLog(entries[i]);
  const logs = sound ? span.logs : entries.filter(isSpanLog);
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
