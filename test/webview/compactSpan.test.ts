// The webview's span sharing (webview/src/compactSpan.ts): spans that repeat tags, empty logs or a
// source file share one copy, frozen, and every span still holds exactly what it arrived with; tags
// that differ, nest, or carry hostile keys are never shared with another span's. Runs in Node (no
// DOM); the browser tests drive the same code through the bundle.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JsonObject, Span } from '../../common/src/play';
import { SpanCompactor } from '../../webview/src/compactSpan';
import { TraceModel } from '../../webview/src/model';

function span(id: string, parent: string | null, tags: JsonObject, more: Partial<Span> = {}): Span {
  // As a message brings it: a fresh structured clone, nothing shared with the other spans.
  return structuredClone({
    span_id: id, parent_id: parent, name: `step ${id}`, kind: 'step', status: 'ok', start_ms: 1, end_ms: 2,
    tags, logs: [], error: null, source_file: 'flows/big.py', source_line: 3, replayed: false, ...more,
  } satisfies Span);
}

describe('span sharing in the webview', () => {
  it('equal flat tags and empty logs are shared and frozen; each span keeps what it arrived with', () => {
    const compactor = new SpanCompactor();
    const arrived = [span('a', null, { attempt: 1 }), span('b', 'a', { attempt: 1 }), span('c', 'a', { attempt: 2 }), span('d', 'a', { attempt: 2 })];
    const copies = arrived.map((s) => structuredClone(s));
    const kept = arrived.map((s) => compactor.compact(s));
    kept.forEach((s, i) => assert.deepEqual(s, copies[i]));
    assert.equal(kept[0]!.tags, kept[1]!.tags);
    assert.notEqual(kept[1]!.tags, kept[2]!.tags);
    assert.equal(kept[2]!.tags, kept[3]!.tags);
    assert.equal(kept[0]!.logs, kept[3]!.logs);
    assert.ok(Object.isFrozen(kept[0]!.tags) && Object.isFrozen(kept[0]!.logs));
    assert.throws(() => (kept[0]!.logs as unknown[]).push({ t_ms: 1, message: 'x' }));
  });

  it('nested tags, logs with entries and tags that differ in order or keys are never shared', () => {
    const compactor = new SpanCompactor();
    const nested = [span('a', null, { args: { x: 1 } }), span('b', null, { args: { x: 1 } })].map((s) => compactor.compact(s));
    assert.notEqual(nested[0]!.tags, nested[1]!.tags);
    assert.ok(!Object.isFrozen(nested[0]!.tags));
    const logged = [span('c', null, {}, { logs: [{ t_ms: 1, message: 'hi' }] }), span('d', null, {}, { logs: [{ t_ms: 1, message: 'hi' }] })].map((s) => compactor.compact(s));
    assert.notEqual(logged[0]!.logs, logged[1]!.logs);
    const orders = [span('e', null, { a: 1, b: 2 }), span('f', null, { b: 2, a: 1 }), span('g', null, { a: 1, c: 2 }), span('h', null, { a: '1', b: 2 })].map((s) => compactor.compact(s));
    for (let i = 1; i < orders.length; i++) assert.notEqual(orders[i]!.tags, orders[i - 1]!.tags);
  });

  it('a tag named __proto__ is data: two spans that differ in it do not share tags, and no prototype changes', () => {
    const compactor = new SpanCompactor();
    const hostile = [JSON.parse('{"__proto__": 1}') as JsonObject, JSON.parse('{"__proto__": 2}') as JsonObject];
    const kept = hostile.map((tags, i) => compactor.compact(span(`p${i}`, null, tags)));
    assert.notEqual(kept[0]!.tags, kept[1]!.tags);
    assert.equal(Object.getOwnPropertyDescriptor(kept[1]!.tags, '__proto__')?.value, 2);
    assert.equal(Object.getPrototypeOf(kept[1]!.tags), Object.prototype);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('the tree model keeps spans equal to what arrived, across a new play and a replaced span', () => {
    const model = new TraceModel();
    const arrived = [span('root', null, { attempt: 1 }), span('child', 'root', { attempt: 1 }), span('late', 'child', { attempt: 1 })];
    const copies = arrived.map((s) => structuredClone(s));
    for (const s of arrived) model.upsert(s);
    for (const copy of copies) assert.deepEqual(model.nodes.get(copy.span_id)!.span, copy);
    const replaced = span('child', 'root', { attempt: 2 }, { status: 'failed', logs: [{ t_ms: 5, message: 'boom' }] });
    const replacedCopy = structuredClone(replaced);
    model.upsert(replaced);
    assert.deepEqual(model.nodes.get('child')!.span, replacedCopy);
    assert.equal(model.failures, 1);
    model.clear();
    const again = span('root', null, { attempt: 1 });
    model.upsert(again);
    assert.deepEqual(model.nodes.get('root')!.span.tags, { attempt: 1 });
  });
});
