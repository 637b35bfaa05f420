// Re-analysing an edited file reuses the facts of unchanged statements: the result must be exactly
// what a cold analysis of the new text gives, wherever the edit moved the statements.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeText, clearStatementCache } from '../../server/src/analyzer/analyzeFile';
import type { FileFacts } from '../../server/src/analyzer/facts';
import { ANALYZER_FIXTURES } from '../helpers/analyzer';
import { EXAMPLES } from '../helpers/cli';

async function cold(path: string, text: string): Promise<FileFacts> {
  clearStatementCache();
  const facts = await analyzeText(path, text);
  clearStatementCache();
  return facts;
}

/** Analyses `before` then `after` under one path (the second warm) and compares with a cold run. */
async function assertWarmEqualsCold(before: string, after: string, label: string): Promise<FileFacts> {
  const path = '/virtual/edited.py';
  clearStatementCache();
  await analyzeText(path, before);
  const warm = await analyzeText(path, after);
  assert.deepEqual(warm, await cold(path, after), label);
  return warm;
}

const sources = [
  ...readdirSync(ANALYZER_FIXTURES).map((name) => join(ANALYZER_FIXTURES, name)),
  ...readdirSync(EXAMPLES).filter((name) => name.endsWith('.py')).map((name) => join(EXAMPLES, name)),
];

test('lines added or removed above statements: the moved facts equal a fresh analysis', async () => {
  for (const source of sources) {
    const text = readFileSync(source, 'utf8');
    const at = text.indexOf('\n@') + 1 || text.length;
    await assertWarmEqualsCold(text, `${text.slice(0, at)}\n\n# two more lines\n${text.slice(at)}`, `${source}: lines inserted`);
    await assertWarmEqualsCold(`\n\n\n${text}`, text, `${source}: lines removed`);
    await assertWarmEqualsCold(text, text.replace(/("[^"\n]*)"/, '$1 edited"'), `${source}: a string edited`);
  }
});

test('a statement that starts mid-line moves its columns too', async () => {
  const before = 'from hero_tracing import flow\nx = 1; flow.stpe; flow.invoke("A", a=1)\n';
  const after = 'from hero_tracing import flow\nxyz = 12345; flow.stpe; flow.invoke("A", a=1)\n';
  const facts = await assertWarmEqualsCold(before, after, 'columns shifted');
  assert.equal(facts.localDiagnostics[0]!.range.start.character, 'xyz = 12345; flow.'.length);
});

test('a flow added above shifts the inFlow of the invokes below', async () => {
  const flowText = (name: string) => `@flow("${name}")\ndef f_${name}(inputs):\n    flow.invoke("Other")\n\n`;
  const head = 'from hero_tracing import flow\n\n';
  const facts = await assertWarmEqualsCold(head + flowText('B'), head + flowText('A') + flowText('B'), 'flow inserted');
  assert.deepEqual(facts.invokes.map((invoke) => invoke.inFlow), [0, 1]);
});

test('unchanged statements in place are reused as they are; an alias change re-reads everything', async () => {
  const path = '/virtual/reuse.py';
  const text = 'from hero_tracing import flow\n@flow("A")\ndef a(inputs): pass\n@flow("B")\ndef b(inputs): pass\n';
  clearStatementCache();
  const first = await analyzeText(path, text);
  const second = await analyzeText(path, text.replace('def b(inputs): pass', 'def b(inputs): return 1'));
  assert.equal(second.flows[0], first.flows[0], 'flow A is the same object');
  assert.notEqual(second.flows[1], first.flows[1]);
  const aliased = await analyzeText(path, text.replace('import flow', 'import flow as f'));
  assert.deepEqual(aliased.flows, []);
});

test('after damaging edits (truncations, deletions) the warm analysis still equals a cold one', async () => {
  for (const source of sources) {
    const text = readFileSync(source, 'utf8');
    for (let cut = 1; cut < 8; cut++) {
      const damaged = text.slice(0, Math.floor((text.length * cut) / 8)) + text.slice(Math.floor((text.length * cut) / 8) + 7);
      await assertWarmEqualsCold(text, damaged, `${source}: 7 characters deleted at ${cut}/8`);
      await assertWarmEqualsCold(damaged, text, `${source}: repaired from ${cut}/8`);
    }
  }
});

test('a class is read method by method: an edit in one re-reads that method, and the result equals a cold analysis', async () => {
  const method = (name: string) => `    @flow("${name}")\n    def run_${name}(self, inputs):\n        with flow.step("s"):\n            flow.invoke("Other")\n\n`;
  const text = `from hero_tracing import flow\n\n@dataclass\nclass Flows(Base):\n${method('A')}${method('B')}${method('C')}`;
  const after = text.replace('run_B(self, inputs)', 'run_B(self, inputs, extra=1)');
  const edited = await assertWarmEqualsCold(text, after, 'one method edited');
  assert.deepEqual(edited.flows.map((f) => [f.name, f.steps.length]), [['A', 1], ['B', 1], ['C', 1]]);
  assert.deepEqual(edited.invokes.map((invoke) => invoke.inFlow), [0, 1, 2]);
  clearStatementCache();
  const first = await analyzeText('/virtual/reuse.py', text);
  const second = await analyzeText('/virtual/reuse.py', after);
  assert.equal(second.flows[0], first.flows[0], 'flow A is the same object');
  assert.notEqual(second.flows[1], first.flows[1]);
  await assertWarmEqualsCold(text, text.replace('class Flows(Base)', 'class Flows(Base, flow.stpe)'), 'the class header edited');
});

test('a method and the same text outside a class are not confused (a method takes self)', async () => {
  // `clas C:` does not parse as a class: the indented method below it is read at the top level.
  const inClass = 'from hero_tracing import flow\n\nclass C:\n    @flow("M")\n    def run(self, inputs):\n        pass\n';
  const method = await assertWarmEqualsCold(inClass.replace('class C', 'clas C'), inClass, 'class line repaired');
  assert.deepEqual(method.localDiagnostics, []);
  const outside = await assertWarmEqualsCold(inClass, inClass.replace('class C', 'clas C'), 'class line damaged');
  assert.deepEqual(outside.localDiagnostics.map((d) => d.code), ['flow-signature']);
});

test('a @flow class stays one piece: the steps and invokes of its methods are its own', async () => {
  const text = 'from hero_tracing import flow\n@flow("K")\nclass K:\n    def m(self):\n        with flow.step("s"): flow.invoke("X")\n        with flow.step("s"): pass\n';
  const facts = await assertWarmEqualsCold(text, text.replace('"X"', '"Y"'), 'invoke edited');
  assert.deepEqual(facts.flows.map((f) => [f.name, f.steps.map((s) => s.name)]), [['K', ['s', 's']]]);
  assert.deepEqual(facts.invokes.map((invoke) => invoke.inFlow), [0]);
  assert.deepEqual(facts.localDiagnostics.map((d) => d.code).sort(), ['flow-signature', 'flow-step-duplicate']);
});
