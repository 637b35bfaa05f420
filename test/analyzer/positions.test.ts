// Ranges are 0-based lines and UTF-16 columns, also on lines with non-ASCII text (accents, CJK,
// emoji outside the BMP) before the token.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../server/src/analyzer/analyzeFile';
import { analyzeFixture, rangeOfText } from '../helpers/analyzer';

test('unicode names and columns after non-ASCII text are exact UTF-16 positions', async () => {
  const { text, facts } = await analyzeFixture('unicode.py');
  const flow = facts.flows[0]!;
  assert.equal(flow.name, 'Café ☕ 😀');
  assert.equal(flow.functionName, 'café');
  assert.deepEqual(flow.nameRange, { start: { line: 3, character: 6 }, end: { line: 3, character: 17 } }); // 11 units: 😀 counts 2
  assert.deepEqual(flow.inputs?.map((f) => f.name), ['naïve', 'größe']);
  const [badType, duplicate, unknown] = facts.localDiagnostics;
  // `@flow("Café ☕ 😀", inputs={"naïve": int, "größe": {"type": "strr"}})`: 😀 is two UTF-16 units.
  assert.deepEqual(badType!.range, { start: { line: 3, character: 59 }, end: { line: 3, character: 65 } });
  assert.deepEqual(badType!.range, rangeOfText(text, '"strr"'));
  assert.equal(duplicate!.code, 'flow-step-duplicate');
  assert.deepEqual(duplicate!.range, rangeOfText(text, '"schritt"', 1));
  // `    note = "😀😀"; flow.stpe`
  assert.equal(unknown!.code, 'flow-unknown-api');
  assert.deepEqual(unknown!.range, { start: { line: 7, character: 24 }, end: { line: 7, character: 28 } });
});

test('CRLF line endings and tabs do not shift positions', async () => {
  const text = 'from hero_tracing import flow\r\n\r\n@flow("CR")\r\ndef run(inputs):\r\n\tflow.stpe\r\n';
  const facts = await analyzeText('/virtual/crlf.py', text);
  assert.deepEqual(facts.flows[0]!.nameRange, { start: { line: 2, character: 6 }, end: { line: 2, character: 10 } });
  assert.deepEqual(facts.localDiagnostics[0]!.range, { start: { line: 4, character: 6 }, end: { line: 4, character: 10 } });
});
