import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { cutDeepJson, DEPTH_CUT_MARKER, mergeJson, ownValue, setOwn } from '../../common/src/jsonData';
import type { JsonObject } from '../../common/src/play';

function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = { d: value };
  return value;
}

function depthOf(value: unknown): number {
  let deepest = 0;
  const pending: Array<[unknown, number]> = [[value, 0]];
  while (pending.length > 0) {
    const [item, depth] = pending.pop()!;
    if (typeof item !== 'object' || item === null) continue;
    deepest = Math.max(deepest, depth + 1);
    for (const child of Object.values(item)) pending.push([child, depth + 1]);
  }
  return deepest;
}

test('a __proto__ key merged from data stays an own key and pollutes nothing', () => {
  const target: JsonObject = { a: 1 };
  mergeJson(target, JSON.parse('{"__proto__":{"child_play_id":"X"},"constructor":{"prototype":{"y":1}}}'));
  mergeJson(target, JSON.parse('{"__proto__":{"more":true}}'));
  assert.equal(({} as Record<string, unknown>).child_play_id, undefined);
  assert.equal((Object.prototype as Record<string, unknown>).more, undefined);
  assert.equal(Object.getPrototypeOf(target), Object.prototype);
  assert.deepEqual(ownValue(target, '__proto__'), { child_play_id: 'X', more: true });
  assert.deepEqual(JSON.parse(JSON.stringify(target)).constructor, { prototype: { y: 1 } });
});

test('ownValue never answers with an inherited member', () => {
  const tags = JSON.parse('{"a":1}');
  assert.equal(ownValue(tags, 'constructor'), undefined);
  assert.equal(ownValue(tags, 'toString'), undefined);
  assert.equal(ownValue(tags, 'a'), 1);
  const holder = {};
  setOwn(holder, '__proto__', 5);
  assert.equal(ownValue(holder, '__proto__'), 5);
  assert.equal(Object.getPrototypeOf(holder), Object.prototype);
});

test('a 100,000-deep value is cut at the bound, counted, and serialises', () => {
  const { value, cut } = cutDeepJson(nested(100_000));
  assert.equal(cut, 1);
  assert.equal(depthOf(value), 64);
  assert.match(JSON.stringify(value), new RegExp(DEPTH_CUT_MARKER.replace(/[[\]]/g, '\\$&')));
  const target: JsonObject = { d: nested(10) as JsonObject };
  const merged = mergeJson(target, { d: nested(100_000) as JsonObject, wide: Array.from({ length: 10 }, () => nested(70)) as never });
  assert.equal(merged, 11);
  assert.equal(depthOf(target), 64);
});

test('property: merging random JSON keeps it bounded, own-keyed and equal to a plain merge where shallow', () => {
  const plainMerge = (into: Record<string, unknown>, from: Record<string, unknown>): void => {
    for (const key of Object.keys(from)) {
      const a = Object.hasOwn(into, key) ? into[key] : undefined;
      const b = from[key];
      const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
      if (isObj(a) && isObj(b)) plainMerge(a, b);
      else Object.defineProperty(into, key, { value: structuredClone(b), writable: true, enumerable: true, configurable: true });
    }
  };
  const key = fc.constantFrom('__proto__', 'constructor', 'prototype', 'a', 'b', 'toString');
  const json = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 1 }), tie('object'), fc.array(tie('value'), { maxLength: 3 })),
    object: fc.dictionary(key, tie('value'), { maxKeys: 4 }),
  }));
  fc.assert(
    fc.property(json.object, json.object, fc.integer({ min: 1, max: 6 }), (a, b, bound) => {
      const expected = structuredClone(a) as Record<string, unknown>;
      plainMerge(expected, structuredClone(b) as Record<string, unknown>);
      const start = cutDeepJson(structuredClone(a), bound);
      const target = start.value as JsonObject;
      const cut = start.cut + mergeJson(target, structuredClone(b) as Record<string, unknown>, bound);
      assert.ok(depthOf(target) <= bound);
      if (cut === 0) assert.deepEqual(target, expected);
      assert.equal(Object.keys(Object.prototype).length, 0);
    }),
    { seed: 1010, numRuns: 500 },
  );
});
