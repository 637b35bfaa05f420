// fast-check generators of host → webview messages for the fuzz tests: sound messages (spans with
// tags keyed like Object.prototype's, odd times, long and odd strings), the same messages mutated at
// random places (a field deleted, a value replaced by anything, an entry nulled), and garbage.

import fc from 'fast-check';
import type { JsonObject, Play, Span, SpanLog } from '../../common/src/play';
import { ATTEMPT_MODES, emptyStreamStats, PLAY_STATUSES, SPAN_KINDS } from '../../common/src/play';
import type { HostToWebviewMessage } from '../../common/src/traceMessages';

export const T0 = 1_776_760_000_000;
const IDS = ['root', 'a', 'b', 'c', 'd', '__proto__', 'constructor'];
const KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'child_play_id', 'valueOf', 'k'];

const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 1 }), tie('object'), fc.array(tie('value'), { maxLength: 3 })),
  object: fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 6 })), tie('value'), { maxKeys: 4 }),
}));
export const jsonObject = json.object as fc.Arbitrary<JsonObject>;

const time = fc.oneof(fc.integer({ min: T0, max: T0 + 1000 }), fc.constantFrom(0, -1e308, 1e308, Number.MAX_SAFE_INTEGER));
const text = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('', '__proto__', '<img src=x onerror=alert(1)>', 'x'.repeat(5000)));

export const spanLog: fc.Arbitrary<SpanLog> = fc.record({ t_ms: time, message: text });

/** A sound span with an id from a small pool, so parents, replacements and cycles happen. */
export const span: fc.Arbitrary<Span> = fc.record({
  span_id: fc.constantFrom(...IDS),
  parent_id: fc.option(fc.constantFrom(...IDS), { nil: null }),
  name: text,
  kind: fc.constantFrom(...SPAN_KINDS),
  status: fc.constantFrom('running', 'ok', 'failed', 'cancelled' as const),
  start_ms: fc.option(time, { nil: null }),
  end_ms: fc.option(time, { nil: null }),
  tags: jsonObject,
  logs: fc.array(spanLog, { maxLength: 3 }),
  error: fc.option(text, { nil: null }),
  source_file: fc.option(text, { nil: null }),
  source_line: fc.option(fc.integer(), { nil: null }),
  replayed: fc.boolean(),
});

const spans = fc.array(span, { maxLength: 6 });

export function playOf(id: string, spanList: Span[], more: Partial<Play> = {}): Play {
  return {
    id, flow_name: 'fuzz', source_file: null, status: 'ok', start_ms: T0, end_ms: T0 + 100, inputs: {}, output: null, error: null,
    exit_code: 0, exit_signal: null, stdout: '', stderr: '', spans: spanList, stats: emptyStreamStats(), workspace: null, ...more,
  };
}

const playId = fc.constantFrom('p1', 'p2');

const attemptNumber = fc.integer({ min: 1, max: 5 });

/** A durable play's fields (docs/durable.md): the attempt shown, every attempt, the pending pause. */
const durableFields: fc.Arbitrary<Partial<Play>> = fc.record(
  {
    attempt: attemptNumber,
    attempts: fc.array(
      fc.record({
        attempt: attemptNumber,
        mode: fc.constantFrom(...ATTEMPT_MODES),
        start_ms: time,
        end_ms: fc.option(time, { nil: null }),
        status: fc.constantFrom(...PLAY_STATUSES),
        error: fc.option(text, { nil: null }),
        exit_code: fc.option(fc.integer({ min: 0, max: 255 }), { nil: null }),
        replayed: fc.nat(1000),
        live: fc.nat(1000),
        diverged: fc.option(text, { nil: null }),
        version: fc.option(text, { nil: null }),
      }),
      { maxLength: 4 },
    ),
    pending_pause: fc.option(fc.record({ key: text, prompt: text, fields: jsonObject, span_id: text, attempt: attemptNumber, since_ms: time }), { nil: null }),
  },
  { requiredKeys: [] },
);

/** A sound host → webview message. */
export const soundMessage: fc.Arbitrary<HostToWebviewMessage> = fc.oneof(
  fc.record({ id: playId, spans, status: fc.constantFrom(...PLAY_STATUSES), inputs: jsonObject, output: json.value, total: fc.option(fc.nat(20), { nil: undefined }), durable: durableFields }).map(
    ({ id, spans: list, status, inputs, output, total, durable }): HostToWebviewMessage => {
      const play = playOf(id, list, { status, inputs, output: output as Play['output'], ...durable });
      return total === undefined ? { type: 'play', play } : { type: 'play', play, totalSpans: total };
    },
  ),
  fc.record({ playId, spans, done: fc.boolean() }).map((m): HostToWebviewMessage => ({ type: 'playChunk', ...m })),
  fc.record({ playId, spans }).map((m): HostToWebviewMessage => ({ type: 'spans', ...m })),
  fc.record({ playId, status: fc.constantFrom(...PLAY_STATUSES), end_ms: fc.option(time, { nil: null }), error: fc.option(text, { nil: null }), output: json.value, durable: durableFields }).map(
    ({ durable, ...m }): HostToWebviewMessage => ({ type: 'playStatus', ...m, output: m.output as Play['output'], ...durable }),
  ),
  fc.oneof(fc.record({ kind: fc.constant('file' as const), path: text }), fc.record({ kind: fc.constant('play' as const), store: text, playId: text })).map(
    (source): HostToWebviewMessage => ({ type: 'source', source }),
  ),
);

/** One change at a random place of a message: delete the field, or put anything there. */
const mutation = fc.record({ at: fc.nat(), key: fc.nat(), value: fc.oneof(fc.constant(undefined), fc.constant(null), fc.anything({ maxDepth: 2 }), text) });

/** Applies the mutations to a copy of `message` (containers and keys picked by index, so replayable). */
function mutate(message: HostToWebviewMessage, changes: { at: number; key: number; value: unknown }[]): unknown {
  const copy = structuredClone(message) as unknown;
  for (const change of changes) {
    const containers: object[] = [];
    const pending: unknown[] = [copy];
    while (pending.length > 0) {
      const item = pending.pop();
      if (typeof item !== 'object' || item === null) continue;
      containers.push(item);
      for (const child of Object.values(item)) pending.push(child);
    }
    const container = containers[change.at % containers.length]! as Record<string, unknown>;
    const keys = Object.keys(container);
    if (keys.length === 0) continue;
    const key = keys[change.key % keys.length]!;
    if (change.value === undefined) delete container[key];
    else Object.defineProperty(container, key, { value: change.value, writable: true, enumerable: true, configurable: true });
  }
  return copy;
}

/** What a webview may be sent: sound messages, mutated ones, and anything at all. */
export const anyMessage: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: soundMessage },
  { weight: 4, arbitrary: fc.tuple(soundMessage, fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([m, changes]) => mutate(m, changes)) },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }) },
);
