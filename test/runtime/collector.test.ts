// The collector rules of spec §3 ("How a collector treats the stream"), one bad input per test.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { Collector } from '../../runtime/src/collector';
import { LineFramer } from '../../runtime/src/lineFramer';

const seed = readFileSync(new URL('../fixtures/traces/seed-example.jsonl', import.meta.url));

function collect(chunks: (string | Buffer)[], maxLineBytes?: number) {
  const blocks: Buffer[] = [];
  const collector = new Collector({ maxLineBytes, onBlock: (bytes) => blocks.push(bytes) });
  const feed = collector.openStream();
  for (const chunk of chunks) feed.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  feed.end();
  return { builder: collector.builder, trace: Buffer.concat(blocks) };
}

const line = (event: object) => `${JSON.stringify(event)}\n`;
const start = (id: string, parent: string | null = null, extra: object = {}) =>
  line({ type: 'span_start', span_id: id, parent_id: parent, name: `n-${id}`, t_ms: 1000, ...extra });
const end = (id: string, status = 'ok', extra: object = {}) => line({ type: 'span_end', span_id: id, t_ms: 2000, status, ...extra });

test('the seed example becomes a two-span tree with merged tags and a log', () => {
  const { builder, trace } = collect([seed]);
  assert.equal(builder.spans.size, 2);
  const rpc = builder.spans.get('a2')!;
  assert.equal(rpc.parent_id, 'a1');
  assert.equal(rpc.kind, 'rpc');
  assert.equal(rpc.status, 'ok');
  assert.deepEqual(rpc.tags, { attempt: 1, workspace_id: 3 });
  assert.deepEqual(rpc.logs, [{ t_ms: 1776760000170, message: 'sent' }]);
  assert.equal(builder.spans.get('a1')!.kind, 'step', 'kind defaults to step');
  assert.deepEqual(trace, seed, 'the trace is the stream exactly as received');
  assert.equal(builder.stats.events, 6);
});

test('every way of cutting the stream into chunks gives the same spans', () => {
  const text = Buffer.from(seed.toString() + start('é', 'a1', { name: 'naïve ✓ 名前' }) + end('é'));
  const whole = collect([text]).builder;
  for (let cut = 1; cut < text.length; cut += 7) {
    const parts = collect([text.subarray(0, cut), text.subarray(cut)]).builder;
    assert.deepEqual([...parts.spans.values()], [...whole.spans.values()], `cut at ${cut}`);
  }
  assert.equal(whole.spans.get('é')!.name, 'naïve ✓ 名前');
});

test('malformed JSON lines are skipped and counted; every valid event is kept', () => {
  const { builder } = collect([start('a'), '{"type":"span_tag",\n', 'not json at all\n', '[1,2]\n', '42\n', end('a')]);
  assert.equal(builder.spans.get('a')!.status, 'ok');
  assert.equal(builder.stats.invalid_json, 2);
  assert.equal(builder.stats.missing_fields, 2, 'valid JSON that is not an event object');
});

test('a line without a required field is skipped and counted', () => {
  const { builder } = collect([
    line({ type: 'span_start', span_id: 'a', parent_id: null, t_ms: 1 }),
    line({ type: 'span_end', span_id: 'b', t_ms: 1 }),
    line({ type: 'span_log', span_id: 'c', t_ms: 1 }),
    line({ type: 'span_tag', span_id: 'd', tags: 'x' }),
    start('ok'),
  ]);
  assert.equal(builder.stats.missing_fields, 4);
  assert.deepEqual([...builder.spans.keys()], ['ok']);
});

test('a 10 MB line is cut off and counted without buffering it, and the stream goes on', () => {
  const huge = Buffer.alloc(10 * 1024 * 1024, 'x');
  const chunks: Buffer[] = [Buffer.from(start('before'))];
  for (let i = 0; i < huge.length; i += 65536) chunks.push(huge.subarray(i, i + 65536));
  chunks.push(Buffer.from('\n' + end('before') + start('after')));
  const { builder, trace } = collect(chunks, 1024 * 1024);
  assert.equal(builder.stats.oversized_lines, 1);
  assert.equal(builder.spans.get('before')!.status, 'ok');
  assert.ok(builder.spans.has('after'));
  assert.ok(trace.length < 4096, 'the over-long line is not kept in the trace');
});

test('the framer never holds more than the line limit while a long line streams in', () => {
  let held = 0;
  let oversized = 0;
  const framer = new LineFramer(1000, { block: (bytes) => (held = Math.max(held, bytes.length)), oversized: () => oversized++ });
  for (let i = 0; i < 100; i++) framer.push(Buffer.alloc(300, 'y'));
  framer.push(Buffer.from('\n{"a":1}\n'));
  framer.end();
  assert.equal(oversized, 1);
  assert.ok(held <= 1000);
});

test('binary garbage is skipped and the valid events around it are kept', () => {
  const garbage = randomBytes(200_000);
  const { builder } = collect([start('a'), garbage, '\n', start('b', 'a'), Buffer.from([0xff, 0xfe, 0x00, 0x0a]), end('b'), end('a')]);
  assert.equal(builder.spans.get('a')!.status, 'ok');
  assert.equal(builder.spans.get('b')!.status, 'ok');
  assert.ok(builder.stats.invalid_json + builder.stats.missing_fields >= 2);
});

test('a truncated last line is counted, a complete one without newline is kept', () => {
  const truncated = collect([start('a'), '{"type":"span_end","span_id":"a","t_m']).builder;
  assert.equal(truncated.stats.invalid_json, 1);
  assert.equal(truncated.spans.get('a')!.status, 'running');
  const unterminated = collect([start('a'), end('a').trimEnd()]).builder;
  assert.equal(unterminated.spans.get('a')!.status, 'ok');
});

test('span_end before its span_start: one span, finished, marked until its start arrives', () => {
  const { builder } = collect([end('a', 'ok', { tags: { late: true } })]);
  assert.equal(builder.spans.get('a')!.missing_start, true);
  assert.equal(builder.stats.spans_without_start, 1);
  const both = collect([end('a', 'ok', { tags: { late: true } }), start('a', null, { tags: { early: 1 } })]).builder;
  const span = both.spans.get('a')!;
  assert.equal(span.status, 'ok');
  assert.equal(span.name, 'n-a');
  assert.equal(span.start_ms, 1000);
  assert.equal(span.missing_start, undefined);
  assert.deepEqual(span.tags, { late: true, early: 1 });
  assert.equal(both.stats.spans_without_start, 0);
});

test('a duplicate span_start updates the span instead of adding a second one', () => {
  const { builder } = collect([start('a', null, { tags: { x: 1 } }), end('a'), start('a', null, { name: 'renamed', tags: { y: 2 } })]);
  assert.equal(builder.spans.size, 1);
  const span = builder.spans.get('a')!;
  assert.equal(span.name, 'renamed');
  assert.equal(span.status, 'ok', 'a resent start never reopens a finished span');
  assert.deepEqual(span.tags, { x: 1, y: 2 });
});

test('tags accumulate as a JSON merge from start, tag and end events', () => {
  const { builder } = collect([
    start('a', null, { tags: { a: 1, nested: { x: 1 } } }),
    line({ type: 'span_tag', span_id: 'a', tags: { b: 2, nested: { y: 2 } } }),
    end('a', 'ok', { tags: { a: 3 } }),
  ]);
  assert.deepEqual(builder.spans.get('a')!.tags, { a: 3, b: 2, nested: { x: 1, y: 2 } });
});

test('an unknown status becomes failed, never ok, and is counted', () => {
  const { builder } = collect([start('a'), end('a', 'succeeded')]);
  const span = builder.spans.get('a')!;
  assert.equal(span.status, 'failed');
  assert.match(span.error!, /unknown status "succeeded"/);
  assert.equal(builder.stats.unknown_statuses, 1);
});

test('an unknown event type is ignored and counted; unknown fields are ignored', () => {
  const { builder } = collect([start('a', null, { future_field: [1] }), line({ type: 'span_link', span_id: 'a' }), end('a')]);
  assert.equal(builder.stats.unknown_types, 1);
  assert.equal(builder.spans.get('a')!.status, 'ok');
  assert.equal((builder.spans.get('a') as unknown as Record<string, unknown>).future_field, undefined);
});

test('span_log accepts text as an alias of message', () => {
  const { builder } = collect([start('a'), line({ type: 'span_log', span_id: 'a', t_ms: 5, text: 'hello' })]);
  assert.deepEqual(builder.spans.get('a')!.logs, [{ t_ms: 5, message: 'hello' }]);
});

test('an unknown kind becomes other', () => {
  const { builder } = collect([start('a', null, { kind: 'banana' })]);
  assert.equal(builder.spans.get('a')!.kind, 'other');
});

test('at the end of the stream open spans close: failed "did not finish", or cancelled', () => {
  const failed = collect([start('a'), start('b', 'a')]).builder;
  failed.closeOpenSpans('failed', 5000);
  for (const span of failed.spans.values()) {
    assert.equal(span.status, 'failed');
    assert.match(span.error!, /did not finish/);
    assert.equal(span.end_ms, 5000);
  }
  const cancelled = collect([start('a')]).builder;
  cancelled.closeOpenSpans('cancelled', 5000);
  assert.equal(cancelled.spans.get('a')!.status, 'cancelled');
  assert.equal(cancelled.spans.get('a')!.error, null);
});

test('two connections never splice each other\'s lines', () => {
  const blocks: Buffer[] = [];
  const collector = new Collector({ onBlock: (bytes) => blocks.push(bytes) });
  const one = collector.openStream();
  const two = collector.openStream();
  const a = start('a');
  const b = start('b');
  one.push(Buffer.from(a.slice(0, 10)));
  two.push(Buffer.from(b.slice(0, 12)));
  one.push(Buffer.from(a.slice(10)));
  two.push(Buffer.from(b.slice(12)));
  one.end();
  two.end();
  assert.deepEqual([...collector.builder.spans.keys()], ['a', 'b']);
  assert.equal(Buffer.concat(blocks).toString(), a + b);
});

test('CRLF line endings and blank lines are tolerated', () => {
  const { builder } = collect([start('a').replace('\n', '\r\n'), '\n\n', end('a')]);
  assert.equal(builder.spans.get('a')!.status, 'ok');
  assert.equal(builder.stats.invalid_json, 0);
});

test('invoke_request lines: known events (counted when malformed), handed to the stream that asked for them', () => {
  const request = line({ type: 'invoke_request', span_id: 'a', file: '/w/f.py', flow: 'F', inputs: {}, t_ms: 1 });
  const stored = collect([start('a'), request, line({ type: 'invoke_request', span_id: 'a', file: 'f.py', flow: 'F' }), end('a')]).builder;
  assert.equal(stored.stats.unknown_types, 0, 'a stored trace re-read: the request is a known event');
  assert.equal(stored.stats.missing_fields, 1, 'a relative file is a malformed request');
  assert.equal(stored.stats.events, 3);

  const collector = new Collector();
  const received: unknown[] = [];
  const asking = collector.openStream((event) => {
    received.push(event);
    throw new Error('a handler bug');
  });
  const other = collector.openStream();
  other.push(Buffer.from(request));
  asking.push(Buffer.from(start('b') + request + line({ type: 'no_such_type' }) + '{"type":"invoke_request"\n' + end('b')));
  asking.end();
  other.end();
  assert.deepEqual(received, [JSON.parse(request)], 'only its own stream, only well-formed JSON of that type');
  assert.equal(collector.builder.spans.get('b')!.status, 'ok', 'the collection went on after the handler threw');
  assert.equal(collector.builder.stats.unknown_types, 1);
  assert.equal(collector.builder.stats.invalid_json, 1);
});

test('tags named __proto__ or constructor are stored as own tags and pollute nothing (issue 10, class 1)', () => {
  const { builder } = collect([
    start('a', null, { tags: { first: 1 } }),
    '{"type":"span_tag","span_id":"a","tags":{"__proto__":{"child_play_id":"X"},"constructor":{"prototype":{"p":1}}}}\n',
    '{"type":"play_flow","name":"f","inputs":{"__proto__":{"polluted":1}}}\n',
    '{"type":"play_output","output":{"__proto__":{"polluted":2}}}\n',
    end('a'),
  ]);
  assert.equal(({} as Record<string, unknown>).child_play_id, undefined);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  const tags = builder.spans.get('a')!.tags;
  assert.deepEqual(Object.keys(tags), ['first', '__proto__', 'constructor']);
  assert.equal(Object.getPrototypeOf(tags), Object.prototype);
  assert.equal(JSON.stringify(builder.flow!.inputs), '{"__proto__":{"polluted":1}}');
});

test('values nested past 64 levels are cut, in tags, inputs and output, and counted (issue 10, class 6)', () => {
  const deep = (depth: number) => '{"d":'.repeat(depth) + '1' + '}'.repeat(depth);
  const { builder } = collect([
    start('a'),
    `{"type":"span_tag","span_id":"a","tags":{"t":${deep(10_000)}}}\n`,
    `{"type":"span_tag","span_id":"a","tags":{"t":${deep(10_000)}}}\n`,
    `{"type":"play_flow","name":"f","inputs":${deep(100)}}\n`,
    `{"type":"play_output","output":[${deep(70)}]}\n`,
    end('a'),
  ]);
  assert.equal(builder.stats.cut_values, 4);
  assert.equal(builder.spans.get('a')!.status, 'ok');
  JSON.stringify([...builder.spans.values()]);
  assert.match(JSON.stringify(builder.output), /\[cut: nested deeper than 64 levels\]/);
});

test('an event that throws while applied is counted and the collection goes on (issue 10, class 6)', () => {
  const collector = new Collector();
  // Stands in for a bug in one event's handling: the next events must still be applied.
  (collector.builder as unknown as { spanTag: () => never }).spanTag = () => {
    throw new RangeError('a bug');
  };
  const feed = collector.openStream();
  feed.push(Buffer.from(start('a') + line({ type: 'span_tag', span_id: 'a', tags: { x: 1 } }) + end('a')));
  feed.end();
  const { stats, spans } = collector.builder;
  assert.equal(stats.failed_events, 1);
  assert.equal(stats.lines, 3);
  assert.equal(spans.get('a')!.status, 'ok');
});

test('times: an end before the start and times no Date can hold are kept out of durations and counted (issue 10, class 12)', () => {
  const { builder } = collect([
    start('a'),
    line({ type: 'span_end', span_id: 'a', t_ms: 500, status: 'ok' }),
    start('b'),
    '{"type":"span_end","span_id":"b","t_ms":1e308,"status":"ok"}\n',
    '{"type":"span_start","span_id":"c","parent_id":null,"name":"c","t_ms":-1e309}\n',
  ]);
  const a = builder.spans.get('a')!;
  assert.equal(a.time_error, 'ends 500 ms before it starts');
  assert.equal(builder.spans.get('b')!.end_ms, null);
  assert.equal(builder.spans.get('c')!.start_ms, null);
  assert.equal(builder.stats.bad_times, 3);
  // A resent span_start with a good time clears the problem and the count.
  const later = collect([start('c'), '{"type":"span_start","span_id":"c","parent_id":null,"name":"c","t_ms":1e308}\n', start('c')]).builder;
  assert.equal(later.spans.get('c')!.time_error, undefined);
  assert.equal(later.stats.bad_times, 0);
});

test('a stream of only events for spans never started has no root span (issue 10, class 12)', () => {
  const { builder } = collect([end('ghost'), line({ type: 'span_log', span_id: 'ghost', t_ms: 1, message: 'm' })]);
  assert.equal(builder.rootSpan(), undefined);
  assert.equal(builder.spans.get('ghost')!.missing_start, true);
});
