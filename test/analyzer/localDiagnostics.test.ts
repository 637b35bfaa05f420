// Every local diagnostic code of spec §5, fired on the offending token with the severity of the
// spec, and silent on the valid shapes next to it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DiagnosticFact } from '../../server/src/analyzer/facts';
import { analyzeText } from '../../server/src/analyzer/analyzeFile';
import { analyzeFixture, rangeOfText, withCode } from '../helpers/analyzer';

function lines(diagnostics: DiagnosticFact[]): number[] {
  return diagnostics.map((d) => d.range.start.line + 1);
}

test('flow-name-missing (error): bare @flow, @flow(), inputs only, a blank name — on `@flow`', async () => {
  const { text, facts } = await analyzeFixture('names.py');
  const missing = withCode(facts.localDiagnostics, 'flow-name-missing');
  assert.deepEqual(lines(missing), [6, 11, 16, 21]);
  assert.ok(missing.every((d) => d.severity === 'error'));
  assert.deepEqual(missing[0]!.range, rangeOfText(text, '@flow'));
  assert.deepEqual(missing[1]!.range, rangeOfText(text, '@flow', 1));
  assert.deepEqual(missing[3]!.range, rangeOfText(text, '"   "'));
  assert.match(missing[0]!.message, /@flow needs a name: write @flow\("My flow"/);
  assert.match(missing[3]!.message, /empty/);
  const bare = facts.flows.find((f) => f.functionName === 'bare')!;
  assert.equal(bare.name, null);
  assert.deepEqual(bare.nameRange, bare.decoratorRange, 'no name: the decorator stands in');
});

test('flow-name-not-literal (warning): a variable, an f-string with fields, a ** spread, bytes — on the expression', async () => {
  const { text, facts } = await analyzeFixture('names.py');
  const notLiteral = withCode(facts.localDiagnostics, 'flow-name-not-literal');
  assert.deepEqual(lines(notLiteral), [26, 31, 36, 56]);
  assert.ok(notLiteral.every((d) => d.severity === 'warning'));
  assert.deepEqual(notLiteral[0]!.range, rangeOfText(text, 'NAME', 1));
  assert.deepEqual(notLiteral[1]!.range, rangeOfText(text, 'f"Flow {NAME}"'));
  assert.deepEqual(notLiteral[2]!.range, rangeOfText(text, '**{"name": "spread"}'));
  assert.match(notLiteral[0]!.message, /'NAME' is not a string literal.*write it as a literal/);
  assert.deepEqual(
    facts.flows.filter((f) => f.name !== null).map((f) => f.name),
    ['Keyword name', 'Implicit concatenation', 'No placeholders'],
    'name=, implicit concatenation and an f-string without fields are literals',
  );
});

test('flow-fields-invalid (error): not a dict, malformed specs, unknown types — on the offending token', async () => {
  const { text, facts } = await analyzeFixture('fields.py');
  const invalid = withCode(facts.localDiagnostics, 'flow-fields-invalid');
  assert.ok(invalid.every((d) => d.severity === 'error'));
  const at = (needle: string, occurrence = 0) => {
    const range = rangeOfText(text, needle, occurrence);
    const found = invalid.find((d) => JSON.stringify(d.range) === JSON.stringify(range));
    assert.ok(found, `a flow-fields-invalid on ${needle}; got ${JSON.stringify(invalid.map((d) => d.range))}`);
    return found.message;
  };
  assert.match(at('SPEC', 1), /inputs must be a dict literal/);
  assert.match(at('[("x", int)]'), /outputs must be a dict literal/);
  assert.match(at('"strr"'), /unknown type 'strr' for input 'unknown_type'; did you mean 'str'\?/);
  assert.match(at('bytes'), /unknown type 'bytes'/);
  assert.match(at('any', 1), /builtin any\(\) is not a type; write "any"/);
  assert.match(at('3', 0), /must be a type/);
  assert.match(at('{"default": 1}'), /needs a "type"/);
  assert.match(at('"defualt"'), /unknown key 'defualt'.*did you mean 'default'\?/);
  assert.match(at('"yes"'), /'required' of input 'bad_required' must be True or False/);
  assert.match(at('5'), /'description' of input 'bad_description' must be a string/);
  assert.match(at('{"type": "int"}}'.slice(0, 15)), /must be a type/);
  assert.match(at('""'), /non-empty string literals/);
  assert.match(at('**SPEC'), /cannot be checked/);
  assert.equal(invalid.length, 13);
  const bad = facts.flows.find((f) => f.name === 'Bad specs')!;
  assert.equal(bad.inputs, null, 'a ** spread makes the field set unknowable');
});

test('flow-fields-invalid is silent on valid specs (bare, string, dict, Any, None)', async () => {
  const facts = await analyzeText(
    '/virtual/ok.py',
    'from hero_tracing import flow\nimport typing\n@flow("ok", inputs={"a": str, "b": "any", "c": {"type": "list"}, "d": typing.Any}, outputs=None)\ndef ok(inputs): pass\n',
  );
  assert.deepEqual(facts.localDiagnostics, []);
});

test('flow-default-type-mismatch (warning): on the default value; int fits float, a computed default is not checked', async () => {
  const { text, facts } = await analyzeFixture('fields.py');
  const mismatch = withCode(facts.localDiagnostics, 'flow-default-type-mismatch');
  assert.ok(mismatch.every((d) => d.severity === 'warning'));
  assert.deepEqual(
    mismatch.map((d) => d.range),
    [rangeOfText(text, '"3"'), rangeOfText(text, 'True'), rangeOfText(text, 'None'), rangeOfText(text, '{"a": 1}'), rangeOfText(text, '"zero"')],
  );
  assert.match(mismatch[0]!.message, /default of input 'seats' is a str, but its type is int/);
  assert.match(mismatch[1]!.message, /is a bool, but its type is int/);
  assert.match(mismatch[2]!.message, /"required": False/);
  assert.match(mismatch[4]!.message, /output 'total'/);
});

test('flow-signature (error): no parameter, two required, *args only, keyword-only, a class, methods', async () => {
  const { text, facts } = await analyzeFixture('signatures.py');
  const signature = withCode(facts.localDiagnostics, 'flow-signature');
  assert.ok(signature.every((d) => d.severity === 'error'));
  assert.deepEqual(signature.map((d) => d.range), [
    rangeOfText(text, '()'),
    rangeOfText(text, '(inputs, other)'),
    rangeOfText(text, '(*args)'),
    rangeOfText(text, '(inputs, *, required_kw)'),
    rangeOfText(text, 'NotAFunction'),
    rangeOfText(text, '(self)'),
    rangeOfText(text, '()', 1),
    rangeOfText(text, '(a, b)'),
  ]);
  assert.match(signature[0]!.message, /takes no parameters.*def no_params\(inputs\)/);
  assert.match(signature[1]!.message, /takes 2 required positional parameters/);
  assert.match(signature[2]!.message, /only \*args/);
  assert.match(signature[3]!.message, /keyword-only parameter 'required_kw'/);
  assert.match(signature[4]!.message, /must decorate a function, not the class 'NotAFunction'/);
  assert.match(signature[5]!.message, /besides self.*def self_only\(self, inputs\)/);
  assert.match(signature[6]!.message, /needs 'self'/);
  assert.ok(!facts.localDiagnostics.some((d) => d.range.start.line === rangeOfText(text, 'async def fine').start.line), 'a method with self and inputs is fine');
});

test('flow-step-duplicate (warning): the second and later steps of a name, related to the first', async () => {
  const { text, facts } = await analyzeFixture('steps_and_api.py');
  const duplicate = withCode(facts.localDiagnostics, 'flow-step-duplicate');
  assert.deepEqual(duplicate.map((d) => d.range), [rangeOfText(text, '"fetch"', 1), rangeOfText(text, '"fetch"', 2)]);
  assert.ok(duplicate.every((d) => d.severity === 'warning'));
  assert.deepEqual(duplicate[0]!.related, [
    { path: facts.path, range: rangeOfText(text, '"fetch"'), message: "the first step named 'fetch'" },
  ]);
  assert.equal(duplicate[0]!.message, "another step of this flow is named 'fetch'; the trace and the recorded effects inside them tell the two apart only by their order — give each step a distinct name");
});

test('flow-unknown-api (error): on the attribute, with the closest SDK member suggested', async () => {
  const { text, facts } = await analyzeFixture('steps_and_api.py');
  const unknown = withCode(facts.localDiagnostics, 'flow-unknown-api');
  assert.deepEqual(unknown.map((d) => d.range), [rangeOfText(text, 'stpe'), rangeOfText(text, 'current_spam'), rangeOfText(text, 'nothing_close_to_this')]);
  assert.ok(unknown.every((d) => d.severity === 'error'));
  assert.equal(unknown[0]!.message, 'the SDK has no flow.stpe; did you mean flow.step?');
  assert.deepEqual(unknown[0]!.data?.suggestions, ['step']);
  assert.equal(unknown[1]!.message, 'the SDK has no flow.current_spam; did you mean flow.current_span?');
  assert.match(unknown[2]!.message, /it has flow\.step, flow\.span, flow\.current_span, flow\.Failed, flow\.invoke/);
  assert.ok(!unknown.some((d) => d.message.includes('Failed(')), 'flow.Failed is part of the SDK');
});

test('invoke-target-not-literal (hint): a computed target, and a call without one', async () => {
  const text = 'from hero_tracing import flow\nname = "X"\nflow.invoke(name, a=1)\nflow.invoke()\nflow.invoke("Literal")\nflow.invoke("Lit" "eral")\n';
  const facts = await analyzeText('/virtual/targets.py', text);
  const hints = withCode(facts.localDiagnostics, 'invoke-target-not-literal');
  assert.deepEqual(hints.map((d) => d.range), [rangeOfText(text, 'name', 1), rangeOfText(text, '()')]);
  assert.ok(hints.every((d) => d.severity === 'hint'));
  assert.match(hints[0]!.message, /'name' is not a string literal/);
  assert.deepEqual(facts.invokes.map((i) => i.target), [null, null, 'Literal', 'Literal']);
  assert.equal(facts.localDiagnostics.length, 2);
});
