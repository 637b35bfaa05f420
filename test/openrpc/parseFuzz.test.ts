// Fuzz what the generator parses: random text (as JSON and as YAML), random JSON values, and the
// kitchen sink with a random subtree replaced by a random value. Each gives a client or problems
// with pointers; none reaches the safety net that turns an exception into "the generator failed".

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { generateClient, locatePointer, type GenerateResult } from '../../openrpc/src/index';
import { FIXTURES } from './support';

const KITCHEN_SINK = JSON.parse(readFileSync(join(FIXTURES, 'kitchen-sink.json'), 'utf8')) as unknown;
const SHARED = join(FIXTURES, 'shared');

function check(result: GenerateResult, what: string): void {
  if (result.ok) return;
  assert.ok(result.problems.length > 0, what);
  for (const problem of result.problems) {
    assert.doesNotMatch(problem.message, /the generator failed/, `${what}: ${problem.message}`);
    assert.ok(problem.pointer === '' || problem.pointer.startsWith('/'), problem.pointer);
  }
}

/** Every path to a value of `root`, as token lists. */
function paths(root: unknown): Array<Array<string | number>> {
  const out: Array<Array<string | number>> = [];
  const walk = (value: unknown, path: Array<string | number>) => {
    out.push(path);
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i]));
    else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
  };
  walk(root, []);
  return out;
}

function replaced(root: unknown, path: Array<string | number>, value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const token of path.slice(0, -1)) node = node[token] as Record<string | number, unknown>;
  node[path[path.length - 1]!] = value;
  return copy;
}

test('random text as JSON or YAML: problems or a client, never a crash', () => {
  const texts = fc.sample(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.json(), fc.jsonValue().map((v) => JSON.stringify({ openrpc: '1.2.6', info: v, methods: v }))), { numRuns: Number(process.env.HERO_FUZZ_RUNS ?? 300), seed: Number(process.env.HERO_FUZZ_SEED ?? 99) });
  for (const text of texts) {
    for (const name of ['doc.json', 'doc.yaml']) {
      check(generateClient({ specPath: join(FIXTURES, name), outDir: FIXTURES, readFile: () => text }), `${name}: ${JSON.stringify(text).slice(0, 200)}`);
    }
    for (const format of ['json', 'yaml'] as const) locatePointer(text, '/methods/0/name', format);
  }
});

test('the kitchen sink with a random subtree replaced: problems or a client, never a crash', () => {
  const all = paths(KITCHEN_SINK);
  const mutations = fc.sample(fc.tuple(fc.integer({ min: 0, max: all.length - 1 }), fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom({ $ref: '#' }, { $ref: '#/methods' }, { $ref: '' }, { $ref: '%' }, { $ref: 'shared/people.json' }, { $ref: '/etc/passwd' }, { type: 'object', properties: { __proto__: {} } }, {}, [], null))), { numRuns: Number(process.env.HERO_FUZZ_RUNS ?? 400), seed: Number(process.env.HERO_FUZZ_SEED ?? 5) });
  let generated = 0;
  for (const [index, value] of mutations) {
    const document = replaced(KITCHEN_SINK, all[index]!, value);
    const result = generateClient({
      specPath: join(FIXTURES, 'kitchen-sink.json'),
      outDir: FIXTURES,
      root: FIXTURES,
      readFile: (path) => (path.startsWith(SHARED) ? readFileSync(path, 'utf8') : JSON.stringify(document)),
    });
    check(result, `${JSON.stringify(all[index])} = ${JSON.stringify(value)}`);
    if (result.ok) generated++;
  }
  assert.ok(generated > 0);
});
