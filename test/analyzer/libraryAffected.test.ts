// Which files an update of the flow library affects, one update at a time and in a batch (the
// start-up scan): every file whose diagnostics changed is among them, a batch returns exactly what
// its updates would have returned one by one, and a batch costs no "did you mean" pass per new name.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../server/src/analyzer/analyzeFile';
import type { FileFacts } from '../../server/src/analyzer/facts';
import { FlowLibrary } from '../../server/src/analyzer/flowLibrary';
import { closestNames } from '../../server/src/analyzer/suggest';

function seeded(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

const PATHS = Array.from({ length: 8 }, (_, i) => `/w/f${i}.py`);
/** Names close to each other, so that "did you mean" keeps changing. */
const NAMES = ['Alpha', 'Alpha 2', 'Alphb', 'Beta', 'Betta', 'Gamma ray'];
const INPUTS = ['', ', inputs={"n": int}', ', inputs={"n": int, "m": str}'];

/** A random flow file: up to two flows and three invokes of names from NAMES. */
function randomFile(random: () => number): string {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const lines = ['from hero_tracing import flow', ''];
  for (let i = Math.floor(random() * 3); i > 0; i--) {
    lines.push(`@flow("${pick(NAMES)}"${pick(INPUTS)})`, `def f${i}(inputs):`);
    for (let j = Math.floor(random() * 3); j > 0; j--) lines.push(`    flow.invoke("${pick(NAMES)}"${pick(['', ', n=1', ', m="x"'])})`);
    lines.push('    pass', '');
  }
  return lines.join('\n');
}

type Update = { path: string; facts: FileFacts | undefined };

async function randomUpdates(random: () => number, count: number): Promise<Update[]> {
  const updates: Update[] = [];
  for (let i = 0; i < count; i++) {
    const path = PATHS[Math.floor(random() * PATHS.length)]!;
    updates.push({ path, facts: random() < 0.15 ? undefined : await analyzeText(path, randomFile(random)) });
  }
  return updates;
}

const diagnosticsOf = (library: FlowLibrary) => new Map(PATHS.map((path) => [path, JSON.stringify(library.diagnostics(path))]));

function assertCovers(affected: Set<string>, before: Map<string, string>, after: Map<string, string>, label: string): void {
  for (const path of PATHS) {
    if (before.get(path) !== after.get(path)) assert.ok(affected.has(path), `${label}: ${path} changed but is not among ${[...affected].join(', ')}`);
  }
}

test('one update at a time: every file whose diagnostics changed is affected', async () => {
  const random = seeded(17);
  const library = new FlowLibrary();
  for (const [i, { path, facts }] of (await randomUpdates(random, 300)).entries()) {
    const before = diagnosticsOf(library);
    const affected = facts ? library.set(facts) : library.delete(path);
    assertCovers(affected, before, diagnosticsOf(library), `update ${i}`);
  }
});

test('a batch affects exactly the union of what its updates affect one by one', async () => {
  const random = seeded(23);
  const oneByOne = new FlowLibrary();
  const batched = new FlowLibrary();
  const batch = batched.batch();
  for (let round = 0; round < 60; round++) {
    const updates = await randomUpdates(random, 1 + Math.floor(random() * 8));
    const before = diagnosticsOf(batched);
    const union = new Set<string>();
    for (const { path, facts } of updates) {
      for (const p of facts ? oneByOne.set(facts) : oneByOne.delete(path)) union.add(p);
      assert.equal((facts ? batch.set(facts) : batch.delete(path)).size, 0, 'a batch answers at its end');
    }
    const affected = batch.end();
    assert.deepEqual([...affected].sort(), [...union].sort(), `round ${round}`);
    assertCovers(affected, before, diagnosticsOf(batched), `round ${round}`);
    assert.deepEqual(diagnosticsOf(batched), diagnosticsOf(oneByOne), 'the same library either way');
  }
});

test('a batch of files that invoke flows it meets later makes no "did you mean" pass per new name', async () => {
  const FILES = 300;
  const files: FileFacts[] = [];
  for (let i = 0; i < FILES; i++) {
    // Scan order (by path) is not invoke order: most targets are unknown when their invoker is added.
    const text = `from hero_tracing import flow\n\n@flow("Generated ${i}", inputs={"n": int})\ndef f(inputs):\n    flow.invoke("Generated ${(i + 1) % FILES}", n=1)\n`;
    files.push(await analyzeText(`/w/pkg${i % 10}/flow_${i}.py`, text));
  }
  files.sort((a, b) => (a.path < b.path ? -1 : 1));
  const counting = () => {
    const counter = { calls: 0, library: undefined as unknown as FlowLibrary };
    counter.library = new FlowLibrary((name, candidates, max) => {
      counter.calls++;
      return closestNames(name, candidates, max);
    });
    return counter;
  };

  const oneByOne = counting();
  const union = new Set<string>();
  for (const facts of files) for (const path of oneByOne.library.set(facts)) union.add(path);
  assert.ok(oneByOne.calls > FILES, `one by one, each new name is compared with the unknown targets (${oneByOne.calls} comparisons)`);

  const batched = counting();
  const batch = batched.library.batch();
  for (const facts of files) batch.set(facts);
  const affected = batch.end();
  assert.equal(batched.calls, 0, 'every invoker of an unknown target is in the batch already');
  assert.deepEqual([...affected].sort(), [...union].sort());
  assert.equal(affected.size, FILES);
  assert.deepEqual(batched.library.diagnostics(files[0]!.path), []);
});
