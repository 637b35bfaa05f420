// Only files that import hero_tracing are flow files (spec §5); `flow` is followed through its
// aliases and through the module.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText, mightBeFlowFile } from '../../server/src/analyzer/analyzeFile';
import { analyzeFixture, rangeOfText, withCode } from '../helpers/analyzer';

test('a Prefect-style file with its own @flow produces no facts and no diagnostics', async () => {
  const { facts } = await analyzeFixture('prefect_style.py');
  assert.equal(facts.isFlowFile, false);
  assert.deepEqual([facts.flows, facts.invokes, facts.sdkUses, facts.localDiagnostics], [[], [], [], []]);
  assert.equal(facts.flowAlias, null);
});

test('mightBeFlowFile: the cheap pre-filter only passes texts that mention hero_tracing', () => {
  assert.equal(mightBeFlowFile('from prefect import flow\n'), false);
  assert.equal(mightBeFlowFile('from hero_tracing import flow\n'), true);
  assert.equal(mightBeFlowFile('# hero_tracing is mentioned in a comment only\n'), true);
});

test('a file that mentions hero_tracing without importing it is not a flow file', async () => {
  const facts = await analyzeText('/virtual/x.py', '"""about hero_tracing"""\nimport hero_tracing_extra\nfrom .hero_tracing import flow\n@flow\ndef f(): pass\n');
  assert.equal(facts.isFlowFile, false);
  assert.deepEqual(facts.localDiagnostics, []);
});

test('`import hero_tracing` and `import hero_tracing as ht`: @hero_tracing.flow, ht.flow.step, ht.flow.invoke', async () => {
  const { text, facts } = await analyzeFixture('module_import.py');
  assert.equal(facts.isFlowFile, true);
  assert.deepEqual(facts.moduleAliases, ['hero_tracing', 'ht']);
  assert.deepEqual(facts.flowAliases, []);
  assert.equal(facts.flowAlias, null);
  assert.deepEqual(facts.flows.map((f) => f.name), ['Via module', 'Via alias']);
  assert.deepEqual(facts.flows[0]!.steps.map((s) => s.name), ['s', 's']);
  assert.deepEqual(withCode(facts.localDiagnostics, 'flow-step-duplicate').map((d) => d.range), [rangeOfText(text, '"s"', 1)]);
  const unknown = withCode(facts.localDiagnostics, 'flow-unknown-api');
  assert.deepEqual(unknown.map((d) => d.range), [rangeOfText(text, 'stpe')], 'a bare `flow` is not bound here');
  assert.equal(unknown[0]!.message, 'the SDK has no hero_tracing.flow.stpe; did you mean hero_tracing.flow.step?');
  assert.deepEqual(facts.invokes.map((i) => i.target), ['Via alias']);
  assert.ok(!facts.sdkUses.some((use) => use.attribute === 'instrument'), 'hero_tracing.instrument is not a flow.<attr> use');
});

test('`from hero_tracing import flow as f`: f is the SDK, a bare `flow` is not', async () => {
  const { text, facts } = await analyzeFixture('alias_import.py');
  assert.deepEqual(facts.flowAliases, ['f']);
  assert.equal(facts.flowAlias, 'f');
  assert.deepEqual(facts.flows.map((f) => [f.name, f.steps.map((s) => s.name)]), [['Aliased', ['one']]]);
  assert.deepEqual(facts.localDiagnostics.map((d) => [d.code, d.range]), [['flow-unknown-api', rangeOfText(text, 'stpe')]]);
  assert.equal(facts.localDiagnostics[0]!.message, 'the SDK has no f.stpe; did you mean f.step?');
});

test('a wildcard import and a parenthesised import list bind flow', async () => {
  const star = await analyzeText('/virtual/star.py', 'from hero_tracing import *\n@flow("Star")\ndef run(inputs): pass\n');
  assert.deepEqual([star.flowAliases, star.flows.map((f) => f.name)], [['flow'], ['Star']]);
  const listed = await analyzeText('/virtual/list.py', 'from hero_tracing import (\n    instrument,\n    flow as hf,\n)\n@hf("Listed")\ndef run(inputs): pass\n');
  assert.deepEqual([listed.flowAliases, listed.flows.map((f) => f.name)], [['hf'], ['Listed']]);
});

test('an import inside a try block or a function still makes a flow file', async () => {
  const facts = await analyzeText('/virtual/try.py', 'try:\n    from hero_tracing import flow\nexcept ImportError:\n    flow = None\n@flow("Guarded")\ndef run(inputs): pass\n');
  assert.deepEqual(facts.flows.map((f) => f.name), ['Guarded']);
});

test('identifiers named like the alias inside strings, comments or other names are ignored', async () => {
  const text = 'from hero_tracing import flow\n# flow.stpe in a comment\ns = "flow.stpe"\nworkflow.stpe = 1\nflow_x.stpe = 2\nobj.flow.stpe = 3\ndef g(flow=1): return flow\n';
  const facts = await analyzeText('/virtual/noise.py', text);
  assert.deepEqual(facts.localDiagnostics, []);
  assert.deepEqual(facts.sdkUses, []);
});
