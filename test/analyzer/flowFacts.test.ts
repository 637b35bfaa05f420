// The facts of valid flows in every shape the analyzer reads — and not one diagnostic about them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FlowFact } from '../../server/src/analyzer/facts';
import { analyzeFixture, rangeOfText } from '../helpers/analyzer';

async function validFlows() {
  const { text, facts } = await analyzeFixture('valid_flows.py');
  const byName = (name: string): FlowFact => {
    const flow = facts.flows.find((f) => f.name === name);
    assert.ok(flow, `flow '${name}' found`);
    return flow;
  };
  return { text, facts, byName };
}

test('valid flows of every shape produce no diagnostic at all', async () => {
  const { facts } = await validFlows();
  assert.equal(facts.isFlowFile, true);
  assert.equal(facts.hasSyntaxErrors, false);
  assert.deepEqual(facts.localDiagnostics, []);
  assert.deepEqual(
    facts.flows.map((flow) => flow.name),
    ['Plain', 'Multi line', 'Stacked', 'Raw \\d name', 'Method', 'Class method', 'Static method', 'Steps in two flows', 'Steps in two flows, again', 'Nested'],
  );
});

test('a flow records its name, decorator, function and whole definition with exact ranges', async () => {
  const { text, byName } = await validFlows();
  const plain = byName('Plain');
  assert.deepEqual(plain.nameRange, rangeOfText(text, '"Plain"'));
  assert.deepEqual(plain.decoratorRange, rangeOfText(text, '@flow("Plain", inputs={"name": str}, outputs={"id": int}, description="The simplest flow")'));
  assert.equal(plain.functionName, 'plain');
  assert.deepEqual(plain.functionNameRange, rangeOfText(text, 'plain'));
  assert.deepEqual(plain.range.start, plain.decoratorRange.start);
  assert.deepEqual(plain.range.end, rangeOfText(text, 'return {"id": 1}').end);
  assert.equal(plain.signature, 'def plain(inputs)');
  assert.equal(plain.isAsync, false);
  assert.equal(plain.description, 'The simplest flow');
  assert.deepEqual(plain.inputs?.map((f) => [f.name, f.type, f.required]), [['name', 'str', true]]);
  assert.deepEqual(plain.outputs?.map((f) => [f.name, f.type]), [['id', 'int']]);
  assert.deepEqual(plain.steps, [{ kind: 'block', name: 'only step', nameRange: rangeOfText(text, '"only step"'), range: plain.steps[0]!.range }]);
  assert.deepEqual(plain.steps[0]!.range.start, rangeOfText(text, 'with flow.step("only step"').start);
});

test('a multi-line decorator with comments, every field spec form, and an async def', async () => {
  const { text, byName } = await validFlows();
  const flow = byName('Multi line');
  assert.deepEqual(flow.nameRange, rangeOfText(text, '"Multi line"'));
  assert.equal(flow.isAsync, true);
  assert.equal(flow.signature, 'async def multi_line(inputs)');
  assert.equal(flow.description, 'A description built from parts');
  assert.equal(flow.outputs, null, 'outputs=None is undeclared');
  const fields = Object.fromEntries((flow.inputs ?? []).map((f) => [f.name, f]));
  assert.deepEqual(Object.keys(fields), ['name', 'seats', 'ratio', 'tags', 'meta', 'flag', 'anything', 'typed_any', 'optional']);
  assert.equal(fields.name!.description, 'workspace name');
  assert.deepEqual(fields.name!.typeRange, rangeOfText(text, '"str"'));
  const key = rangeOfText(text, '"name": {"type": "str"').start;
  assert.deepEqual(fields.name!.nameRange, { start: key, end: { line: key.line, character: key.character + 6 } });
  assert.deepEqual([fields.seats!.type, fields.seats!.default?.value, fields.seats!.required], ['int', 3, false]);
  assert.deepEqual([fields.ratio!.type, fields.ratio!.default?.value], ['float', 2]);
  assert.deepEqual(fields.tags!.default?.value, ['a', 'b']);
  assert.deepEqual([fields.meta!.type, fields.meta!.default?.value, fields.meta!.required], ['dict', { k: 1 }, false]);
  assert.deepEqual([fields.flag!.type, fields.flag!.default?.value], ['bool', false]);
  assert.deepEqual([fields.anything!.type, fields.anything!.default?.type], ['any', 'none']);
  assert.equal(fields.typed_any!.type, 'any');
  assert.deepEqual([fields.optional!.type, fields.optional!.required, fields.optional!.default], ['str', false, undefined]);
  assert.deepEqual(flow.steps.map((s) => s.name), ['first', 'second']);
  assert.deepEqual(flow.steps[0]!.range.start, rangeOfText(text, 'async with flow.step("first")').start);
});

test('stacked decorators, keyword name, empty inputs and a permissive signature', async () => {
  const { text, byName } = await validFlows();
  const flow = byName('Stacked');
  assert.deepEqual(flow.nameRange, rangeOfText(text, '"Stacked"'));
  assert.deepEqual(flow.inputs, []);
  assert.equal(flow.outputs, null);
  assert.equal(flow.description, null);
  assert.deepEqual(flow.range.start, rangeOfText(text, '@functools.lru_cache').start, 'the definition starts at its first decorator');
  assert.deepEqual(flow.decoratorRange, rangeOfText(text, '@flow(name="Stacked", inputs={})'));
  assert.equal(flow.signature, 'def stacked(inputs, extra=None, *, keyword=1, **more)');
});

test('string prefixes and escapes: a raw name is read as written', async () => {
  const { byName } = await validFlows();
  const flow = byName('Raw \\d name');
  assert.deepEqual(flow.inputs?.map((f) => f.type), ['int']);
  assert.deepEqual(flow.steps.map((s) => s.name), [null, null], 'a concatenation with + is not a literal name');
});

test('methods: self and cls are not the inputs parameter; @staticmethod has none', async () => {
  const { byName } = await validFlows();
  assert.equal(byName('Method').signature, 'def method(self, inputs)');
  assert.equal(byName('Class method').signature, 'def class_method(cls, inputs=None)');
  assert.equal(byName('Static method').signature, 'def static_method(inputs)');
});

test('steps belong to the innermost flow around them; invokes know their flow', async () => {
  const { facts, byName } = await validFlows();
  assert.deepEqual(byName('Steps in two flows').steps.map((s) => s.name), ['shared']);
  assert.deepEqual(byName('Steps in two flows, again').steps.map((s) => s.name), ['shared']);
  assert.deepEqual(byName('Nested').steps.map((s) => s.name), ['shared']);
  assert.equal(facts.invokes.length, 1);
  const invoke = facts.invokes[0]!;
  assert.equal(facts.flows[invoke.inFlow!]!.name, 'Multi line');
  assert.equal(invoke.target, 'Plain');
  assert.deepEqual(invoke.arguments.map((a) => [a.name, a.value.value, a.value.type]), [['name', 'acme', 'str']]);
  assert.equal(invoke.hasSpread, false);
});

test('every flow.<attr> use is recorded, valid or not', async () => {
  const { facts } = await validFlows();
  const attributes = new Set(facts.sdkUses.map((use) => use.attribute));
  assert.deepEqual([...attributes].sort(), ['Failed', '__class__', 'current_span', 'invoke', 'span', 'step']);
});
