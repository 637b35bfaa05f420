// Facts stay small for a workspace's worth of files (compactFacts.ts, positions.ts) without changing
// what they say: shared positions are frozen, short strings shared, and a dict literal's own
// `__proto__` key is data, never a prototype.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText, clearStatementCache } from '../../server/src/analyzer/analyzeFile';
import { compactInPlace, ownString } from '../../server/src/analyzer/compactFacts';
import { position } from '../../server/src/analyzer/positions';

const FLOW = `from hero_tracing import flow

@flow("Compact", inputs={"name": {"type": "str", "description": "a description long enough to be sliced"}})
def run(inputs):
    with flow.step("prepare"):
        flow.invoke("Other", name=inputs["name"])
`;

test('two files at the same places share their positions, and a shared position cannot be changed', async () => {
  clearStatementCache();
  const a = await analyzeText('/w/a.py', FLOW);
  const b = await analyzeText('/w/b.py', FLOW);
  assert.deepEqual(a.flows[0]!.range, b.flows[0]!.range);
  assert.equal(a.flows[0]!.range.start, b.flows[0]!.range.start);
  assert.equal(a.invokes[0]!.range.end, b.invokes[0]!.range.end);
  assert.throws(() => {
    (a.flows[0]!.range.start as { line: number }).line = 7;
  }, TypeError);
  assert.equal(b.flows[0]!.range.start.line, 2);
});

test('compacting keeps every value and gives arrays their exact length', () => {
  const grown: string[] = [];
  for (const word of ['a', 'b', 'c']) grown.push(`${word}${'x'.repeat(60)}`);
  const data = { list: grown, nested: { at: position(3, 4), name: 'name', n: 1, none: null } };
  const copy = structuredClone(data);
  const compacted = compactInPlace(data);
  assert.deepEqual(compacted, copy);
  assert.equal(compacted.nested.at, position(3, 4));
  assert.equal(ownString('step'), ownString(['st', 'ep'].join('')));
});

test("a dict literal's own __proto__ key stays a key through compaction", () => {
  const value = JSON.parse('{"__proto__": {"polluted": "yes"}, "ok": "fine"}') as Record<string, unknown>;
  compactInPlace({ value });
  assert.equal(Object.getPrototypeOf(value), Object.prototype);
  assert.equal((value as { polluted?: string }).polluted, undefined);
  assert.deepEqual(Object.keys(value), ['__proto__', 'ok']);
});
