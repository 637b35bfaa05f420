// A live collector (its stream goes to a trace file) keeps the open part of the play, not all of it:
// issue 15's bounded memory. What it keeps is counted in objects, never timed; what the play says
// (status, error, stats, span count) must equal what a reader of the whole trace says.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Collector } from '../../runtime/src/collector';
import { LIVE_RETENTION, type SpanRetention } from '../../runtime/src/playBuilder';
import { assemblePlay, emptyPlay, errorFromSpans, statusFromSpans } from '../../runtime/src/playOutcome';
import { SpanIdSet } from '../../runtime/src/spanIdSet';

const SMALL: SpanRetention = { firstSpans: 50, failedSpans: 5, rootCandidates: 5 };
const hex = (n: number) => n.toString(16).padStart(16, '0');
const line = (event: object) => `${JSON.stringify(event)}\n`;
let t = 1_776_760_000_000;
const start = (id: string, parent: string | null, kind = 'step') => line({ type: 'span_start', span_id: id, parent_id: parent, name: `n ${id}`, t_ms: (t += 1), kind, tags: { k: 1 } });
const end = (id: string, status = 'ok', extra: object = {}) => line({ type: 'span_end', span_id: id, t_ms: (t += 1), status, ...extra });

/** A root, 100,000 leaf spans under 100 steps, one failing branch deep inside; some spans left open. */
function bigStream(): Buffer {
  const parts: string[] = [start(hex(1), null, 'flow_root')];
  let n = 2;
  for (let step = 0; step < 100; step++) {
    const stepId = hex(n++);
    parts.push(start(stepId, hex(1)));
    for (let leaf = 0; leaf < 1000; leaf++) {
      const id = hex(n++);
      parts.push(start(id, stepId, 'rpc'));
      const failing = step === 70 && leaf === 500;
      parts.push(end(id, failing ? 'failed' : 'ok', failing ? { error: 'board full' } : { tags: { result: leaf } }));
    }
    if (step !== 99) parts.push(end(stepId, step === 70 ? 'failed' : 'ok', step === 70 ? { error: 'step failed' } : {}));
  }
  parts.push(start(hex(n++), hex(1))); // still open at the end, as is step 99 and the root
  return Buffer.from(parts.join(''));
}

function feed(collector: Collector, bytes: Buffer, onBlock?: () => void): void {
  const stream = collector.openStream();
  for (let i = 0; i < bytes.length; i += 8192) {
    stream.push(bytes.subarray(i, i + 8192));
    onBlock?.();
  }
  stream.end();
}

test('a live collector holds the open spans and what it must keep, not the 100,000 that ended', () => {
  const bytes = bigStream();
  const live = new Collector({ onBlock: () => undefined, retention: SMALL });
  feed(live, bytes);
  const whole = new Collector();
  feed(whole, bytes);

  assert.equal(whole.builder.spans.size, 100_102);
  assert.equal(live.builder.spanCount, 100_102, 'every span is counted');
  // Kept: the first 50, the root, the open step and leaf, the failed leaf and its failed step.
  assert.ok(live.builder.spans.size <= SMALL.firstSpans + 5, `kept ${live.builder.spans.size} spans`);
  assert.deepEqual(live.builder.stats, whole.builder.stats, 'the stream stats are the whole trace’s');
  assert.equal(live.builder.rootSpan()?.span_id, hex(1));
  assert.equal(statusFromSpans(live.builder), statusFromSpans(whole.builder));
  assert.equal(errorFromSpans(live.builder), errorFromSpans(whole.builder));

  const livePlay = assemblePlay(emptyPlay('p', 0), live.builder, { as: 'failed', atMs: t + 10 });
  const wholePlay = assemblePlay(emptyPlay('p', 0), whole.builder, { as: 'failed', atMs: t + 10 });
  assert.equal(livePlay.span_count, 100_102);
  assert.equal(wholePlay.span_count, undefined, 'a reader keeps every span, and says nothing more');
  const failed = livePlay.spans.filter((span) => span.status === 'failed').map((span) => span.span_id).sort();
  assert.deepEqual(failed, wholePlay.spans.filter((span) => span.status === 'failed').map((span) => span.span_id).sort(), 'every failure, with the spans left open (closed failed)');
});

test('changes are taken before the spans they name are let go, and a late event is not a span without a start', () => {
  const collector = new Collector({ onBlock: () => undefined, onApplied: () => undefined, retention: SMALL });
  const seen = new Set<string>();
  feed(collector, bigStream(), () => {
    for (const span of collector.builder.takeChanges()) seen.add(span.span_id);
  });
  for (const span of collector.builder.takeChanges()) seen.add(span.span_id);
  assert.equal(seen.size, 100_102, 'every span reached the live listeners');
  assert.ok(collector.builder.spans.size <= SMALL.firstSpans + 5);

  const late = new Collector({ onBlock: () => undefined, retention: SMALL });
  const ids = Array.from({ length: 200 }, (_, i) => hex(1000 + i));
  feed(late, Buffer.from(ids.map((id) => start(id, null) + end(id)).join('') + line({ type: 'span_tag', span_id: ids[150], tags: { late: true } }) + end(ids[150]!, 'exploded')));
  assert.equal(late.builder.spans.has(ids[150]!), false, 'let go, and not brought back');
  assert.equal(late.builder.stats.spans_without_start, 0);
  assert.equal(late.builder.stats.unknown_statuses, 1, 'counted as a reader of the whole trace counts it');
  assert.equal(late.builder.stats.events, 402);
  assert.equal(late.builder.spanCount, 200);
});

test('the default live retention keeps a play of up to 10,000 spans whole', () => {
  assert.ok(LIVE_RETENTION.firstSpans >= 10_000);
  const collector = new Collector({ onBlock: () => undefined });
  const ids = Array.from({ length: 3000 }, (_, i) => hex(i + 1));
  feed(collector, Buffer.from(start(ids[0]!, null, 'flow_root') + ids.slice(1).map((id) => start(id, ids[0]!) + end(id)).join('')));
  assert.equal(collector.builder.spans.size, 3000);
  assert.equal(assemblePlay(emptyPlay('p', 0), collector.builder, null).span_count, undefined);
});

test('SpanIdSet answers as a Set of strings for SDK ids, id zero and any other id', () => {
  const set = new SpanIdSet();
  const reference = new Set<string>();
  let x = 0x12345678;
  const next = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0);
  const ids = ['0000000000000000', 'ffffffffffffffff', 'a1', '__proto__', '', 'ABCDEF0123456789', '0123456789abcdef0'];
  for (let i = 0; i < 50_000; i++) ids.push(next().toString(16).padStart(8, '0') + next().toString(16).padStart(8, '0'));
  ids.forEach((id, i) => {
    if (i % 2 === 0) {
      set.add(id);
      reference.add(id);
    }
  });
  for (const id of ids) assert.equal(set.has(id), reference.has(id), id);
  for (const id of ['0000000000000001', 'zzzzzzzzzzzzzzzz', 'toString']) assert.equal(set.has(id), reference.has(id), id);
  assert.equal(set.size, reference.size);
});
