// Hero Flows: New Flow…'s template (client/src/commands/newFlowTemplate.ts), written for plain and
// awkward flow names, gets no diagnostic from the real analyzer and runs ok through the real
// runtime; its names are Python identifiers and an existing file is never the one it writes.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeText } from '../../server/src/analyzer/analyzeFile';
import { FlowLibrary } from '../../server/src/analyzer/flowLibrary';
import { flowIdentifier, freeFlowFileName, MAX_FLOW_NAME_LENGTH, newFlowNameProblem, newFlowText } from '../../client/src/commands/newFlowTemplate';
import { runJson, tempDir } from '../helpers/cli';

const NAMES = ['Send weekly report', 'Say "hi" \\ there', 'Émile’s 2nd flow — ✓', 'class', '42', '日本語'];

test('the template, for any name New Flow takes, has no diagnostic and one flow with one input, one step, an output', async () => {
  const library = new FlowLibrary();
  for (const name of NAMES) {
    assert.equal(newFlowNameProblem(name), undefined, name);
    const path = join(tempDir(), `${flowIdentifier(name)}.py`);
    const text = newFlowText(name);
    const facts = await analyzeText(path, text);
    library.set(facts);
    assert.deepEqual(library.diagnostics(path).map((d) => `${d.code}: ${d.message}`), [], text);
    assert.equal(facts.flows.length, 1, text);
    const [flow] = facts.flows;
    assert.equal(flow!.name, name);
    assert.deepEqual(flow!.inputs?.map((field) => field.name), ['who']);
    assert.equal(flow!.steps.length, 1);
  }
});

test('the template runs ok through the real runtime, with the default input and with one given', () => {
  for (const name of ['Send weekly report', 'Say "hi" \\ there']) {
    const path = join(tempDir(), `${flowIdentifier(name)}.py`);
    writeFileSync(path, newFlowText(name));
    const { play, code, stderr } = runJson(path, ['--flow', name]);
    assert.equal(code, 0, stderr);
    assert.equal(play.status, 'ok', play.error ?? '');
    assert.deepEqual(play.output, { greeting: 'Hello, world!' });
    assert.deepEqual(play.spans.map((s) => s.name).sort(), [name, 'make greeting'].sort());
  }
  const path = join(tempDir(), 'greet.py');
  writeFileSync(path, newFlowText('Greet'));
  assert.deepEqual(runJson(path, ['--input', 'who=Ada']).play.output, { greeting: 'Hello, Ada!' });
});

test('names: blank, too long or with control characters are refused; identifiers are Python-safe', () => {
  for (const bad of ['', '   ', 'a'.repeat(MAX_FLOW_NAME_LENGTH + 1), 'two\nlines', 'tab\there', 'lone \ud800']) assert.ok(newFlowNameProblem(bad), JSON.stringify(bad));
  assert.equal(flowIdentifier('Send weekly report'), 'send_weekly_report');
  assert.equal(flowIdentifier('Émile’s 2nd flow — ✓'), 'emile_s_2nd_flow');
  assert.equal(flowIdentifier('class'), 'class_flow');
  assert.equal(flowIdentifier('None'), 'none_flow');
  assert.equal(flowIdentifier('42'), 'flow_42');
  assert.equal(flowIdentifier('日本語'), 'new_flow');
  for (const name of [...NAMES, 'x'.repeat(80), '__init__']) assert.match(flowIdentifier(name), /^[a-z_][a-z0-9_]{0,64}$/);
});

test('an existing file is never the one written: the next free name is', () => {
  const taken = new Set(['greet.py', 'greet_2.py']);
  assert.equal(freeFlowFileName('greet', (n) => taken.has(n)), 'greet_3.py');
  assert.equal(freeFlowFileName('other', (n) => taken.has(n)), 'other.py');
});
