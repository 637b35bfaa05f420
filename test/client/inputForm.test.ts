// The input form's logic outside the editor: each field type's validation and conversion, the
// prompt, pre-filling from the last values, the steps with Back and cancel (through a scripted
// FormUi), when the form is skipped, and the memory of last inputs.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FlowFieldSchema } from '../../common/src/lspMessages';
import type { JsonObject, JsonValue } from '../../common/src/play';
import { boolChoices, fieldPrompt, initialBoolChoice, initialText, parseFieldText, validateFieldText, valueToText } from '../../client/src/run/inputFields';
import { fillInputForm, planInputs, type FormUi, type PickStep, type StepAnswer, type TextStep } from '../../client/src/run/inputForm';
import { LastInputs, MAX_REMEMBERED, type Memento } from '../../client/src/run/lastInputs';

const field = (name: string, type: string | null, extra: Partial<FlowFieldSchema> = {}): FlowFieldSchema => ({ name, type, required: true, ...extra });
const ok = (f: FlowFieldSchema, text: string) => {
  const parsed = parseFieldText(f, text);
  assert.ok(parsed.ok, `${text} should be accepted for ${f.type}: ${parsed.ok ? '' : parsed.message}`);
  return parsed.value;
};
const refused = (f: FlowFieldSchema, text: string) => {
  const message = validateFieldText(f, text);
  assert.ok(message, `${JSON.stringify(text)} should be refused for ${f.type}`);
  return message;
};

test('int: whole numbers only — an int field refuses abc', () => {
  const seats = field('seats', 'int');
  assert.equal(ok(seats, '3'), 3);
  assert.equal(ok(seats, ' -12 '), -12);
  assert.equal(ok(seats, '+7'), 7);
  assert.match(refused(seats, 'abc'), /'seats' expects a whole number \(int\), not 'abc'/);
  refused(seats, '1.5');
  refused(seats, '1e3');
  refused(seats, '0x10');
  assert.match(refused(seats, '99999999999999999999'), /too large/);
});

test('float: numbers, never NaN or infinity', () => {
  const ratio = field('ratio', 'float');
  assert.equal(ok(ratio, '1.5'), 1.5);
  assert.equal(ok(ratio, '3'), 3);
  assert.equal(ok(ratio, '-2.5e-3'), -0.0025);
  assert.equal(ok(ratio, '.5'), 0.5);
  for (const bad of ['abc', 'NaN', 'Infinity', '1e999', '0x10', '1,5']) refused(ratio, bad);
});

test('bool: true/false words, as the runtime reads them', () => {
  const flag = field('dry_run', 'bool');
  assert.equal(ok(flag, 'true'), true);
  assert.equal(ok(flag, 'No'), false);
  assert.equal(ok(flag, '1'), true);
  assert.equal(ok(flag, ' YES '), true);
  refused(flag, 'maybe');
  // The SDK refuses on/off for `--input`: the form must not send what the CLI would refuse.
  assert.match(refused(flag, 'on'), /'dry_run' expects true or false/);
  refused(flag, 'OFF');
});

test('list and dict: JSON of the right shape', () => {
  const tags = field('tags', 'list');
  const meta = field('meta', 'dict');
  assert.deepEqual(ok(tags, '[1, "a"]'), [1, 'a']);
  assert.deepEqual(ok(meta, '{"k": [1]}'), { k: [1] });
  assert.match(refused(tags, '[1,'), /expects JSON/);
  assert.match(refused(tags, '{"a": 1}'), /a JSON list/);
  assert.match(refused(meta, '[1]'), /a JSON object/);
  refused(meta, 'null');
});

test('str keeps the text as typed; "" is the empty string; any is JSON when it parses, else text', () => {
  const name = field('name', 'str');
  assert.equal(ok(name, '  acme  '), '  acme  ');
  assert.equal(ok(name, '""'), '');
  assert.match(refused(name, ''), /'name' is required \(type "" for an empty string\)/);
  const anything = field('x', 'any');
  assert.deepEqual(ok(anything, '{"a":1}'), { a: 1 });
  assert.equal(ok(anything, '12'), 12);
  assert.equal(ok(anything, 'plain words'), 'plain words');
  assert.equal(ok(field('y', null), 'text'), 'text', 'a malformed type is treated as any');
});

test('empty: required fields refuse it; a default or required=false leaves the input out', () => {
  assert.match(refused(field('seats', 'int'), '  '), /'seats' is required/);
  assert.equal(ok(field('seats', 'int', { required: false, default: 3, defaultText: '3' }), ''), undefined);
  assert.equal(ok(field('tier', 'str', { required: false }), ''), undefined);
});

test('the prompt shows type, default and description', () => {
  assert.equal(fieldPrompt(field('seats', 'int', { required: false, default: 3, defaultText: '3', description: 'licensed seats' })), 'int: a whole number · empty: the default 3 · licensed seats');
  assert.equal(fieldPrompt(field('name', 'str')), 'str: text · required');
  assert.equal(fieldPrompt(field('tier', 'str', { required: false })), 'str: text · optional: empty leaves it unset');
});

test('pre-fill: last values become text that reads back to them; a value that no longer fits is dropped', () => {
  assert.equal(initialText(field('seats', 'int'), 5), '5');
  assert.equal(initialText(field('name', 'str'), 'acme'), 'acme');
  assert.equal(initialText(field('name', 'str'), ''), '""');
  assert.equal(initialText(field('tags', 'list'), ['a']), '["a"]');
  assert.equal(initialText(field('x', 'any'), 'plain'), 'plain');
  assert.equal(initialText(field('x', 'any'), '12'), '"12"', 'a string that looks like JSON stays a string');
  assert.equal(initialText(field('seats', 'int'), 'abc'), '', 'the field became an int since');
  assert.equal(initialText(field('seats', 'int'), undefined), '');
  const samples: [string, JsonValue][] = [['float', 1.5], ['dict', { a: [1] }], ['bool', false]];
  for (const [type, value] of samples) {
    const f = field('f', type);
    assert.deepEqual(ok(f, valueToText(f, value)), value);
  }
});

test('bool is a pick: true, false, and the default (or unset) when the field may be left out', () => {
  assert.deepEqual(boolChoices(field('b', 'bool')).map((c) => c.label), ['true', 'false']);
  const withDefault = field('b', 'bool', { required: false, default: true, defaultText: 'True' });
  assert.deepEqual(boolChoices(withDefault).map((c) => [c.label, c.value]), [['true', true], ['false', false], ['default', undefined]]);
  assert.deepEqual(boolChoices(field('b', 'bool', { required: false })).map((c) => c.label), ['true', 'false', 'unset']);
  assert.equal(initialBoolChoice(withDefault, false).label, 'false');
  assert.equal(initialBoolChoice(withDefault, undefined).label, 'default');
  assert.equal(initialBoolChoice(field('b', 'bool'), undefined).label, 'true');
});

/** A FormUi that answers from a script and records every step it was shown. */
class ScriptedUi implements FormUi {
  readonly shown: (TextStep | PickStep)[] = [];
  constructor(private readonly answers: ((step: TextStep | PickStep) => StepAnswer<unknown>)[]) {}
  async text(step: TextStep): Promise<StepAnswer<string>> {
    this.shown.push(step);
    return this.next(step) as StepAnswer<string>;
  }
  async pick(step: PickStep): Promise<StepAnswer<PickStep['choices'][number]>> {
    this.shown.push(step);
    return this.next(step) as StepAnswer<PickStep['choices'][number]>;
  }
  private next(step: TextStep | PickStep): StepAnswer<unknown> {
    const answer = this.answers.shift();
    assert.ok(answer, `no scripted answer for step ${step.step} (${step.field.name})`);
    return answer(step);
  }
}
const type = (text: string) => (step: TextStep | PickStep) => {
  assert.ok('validate' in step, `step ${step.field.name} is a text box`);
  return { kind: 'value' as const, value: text };
};
const choose = (label: string) => (step: TextStep | PickStep) => {
  assert.ok('choices' in step, `step ${step.field.name} is a pick`);
  return { kind: 'value' as const, value: step.choices.find((c) => c.label === label)! };
};
const back = () => ({ kind: 'back' as const });
const cancel = () => ({ kind: 'cancel' as const });

const FIELDS: FlowFieldSchema[] = [
  field('name', 'str', { description: 'the workspace' }),
  field('seats', 'int', { required: false, default: 3, defaultText: '3' }),
  field('public', 'bool', { required: false, default: false, defaultText: 'False' }),
  field('tags', 'list', { required: false }),
];

test('the form: one step per field, validating as you type, converted on the way out', async () => {
  const ui = new ScriptedUi([type('acme'), type('5'), choose('true'), type('["a", "b"]')]);
  const inputs = await fillInputForm('Create workspace', FIELDS, undefined, ui);
  assert.deepEqual(inputs, { name: 'acme', seats: 5, public: true, tags: ['a', 'b'] });
  assert.deepEqual(ui.shown.map((s) => [s.step, s.totalSteps, s.canGoBack]), [[1, 4, false], [2, 4, true], [3, 4, true], [4, 4, true]]);
  const seats = ui.shown[1] as TextStep;
  assert.equal(seats.title, 'Run Create workspace: seats');
  assert.match(seats.prompt, /int: a whole number · empty: the default 3/);
  assert.match(seats.validate('abc')!, /expects a whole number/);
  assert.equal(seats.validate(''), undefined);
});

test('the form: empty optional fields are left out (the flow\'s defaults apply)', async () => {
  const inputs = await fillInputForm('Create workspace', FIELDS, undefined, new ScriptedUi([type('acme'), type(''), choose('default'), type('')]));
  assert.deepEqual(inputs, { name: 'acme' });
});

test('the form: pre-filled from the last values; Back keeps what was typed; Cancel gives nothing', async () => {
  const last: JsonObject = { name: 'old', seats: 9, public: true };
  const ui = new ScriptedUi([type('new'), back, (step) => ({ kind: 'value', value: (step as TextStep).value }), type('9'), choose('false'), type('')]);
  const inputs = await fillInputForm('Create workspace', FIELDS, last, ui);
  assert.deepEqual(inputs, { name: 'new', seats: 9, public: false });
  assert.equal((ui.shown[0] as TextStep).value, 'old', 'pre-filled from the last run');
  assert.equal((ui.shown[2] as TextStep).value, 'new', 'after Back, the box shows what was typed');
  assert.equal((ui.shown[4] as PickStep).active.label, 'true', 'the bool pick starts at the last value');

  assert.equal(await fillInputForm('Create workspace', FIELDS, last, new ScriptedUi([type('x'), cancel])), undefined);
});

test('the form asks again when the UI lets an invalid value through', async () => {
  const ui = new ScriptedUi([type('acme'), type('abc'), type('4'), choose('false'), type('')]);
  assert.deepEqual(await fillInputForm('F', FIELDS, undefined, ui), { name: 'acme', seats: 4, public: false });
});

test('planInputs: flows without inputs run at once; "with last inputs" skips the form when last values still fit', () => {
  assert.deepEqual(planInputs(null, undefined, 'form'), { kind: 'ready', inputs: {} });
  assert.deepEqual(planInputs([], { stale: 1 }, 'form'), { kind: 'ready', inputs: {} });
  assert.deepEqual(planInputs(FIELDS, { name: 'acme' }, 'form'), { kind: 'form' }, 'Run flow always shows the (pre-filled) form');
  assert.deepEqual(planInputs(FIELDS, { name: 'acme', seats: 2, gone: 1 }, 'last'), { kind: 'ready', inputs: { name: 'acme', seats: 2 } }, 'inputs the flow no longer declares are dropped');
  assert.deepEqual(planInputs(FIELDS, undefined, 'last'), { kind: 'form' }, 'no last values: the form');
  assert.deepEqual(planInputs(FIELDS, { name: 'acme', seats: 'many' }, 'last'), { kind: 'form' }, 'a value that no longer fits: the form');
  assert.deepEqual(planInputs(FIELDS, { seats: 2 }, 'last'), { kind: 'form' }, 'a required input missing: the form');
  // Several flows in one run: no form for a flow whose every field may stay empty.
  assert.deepEqual(planInputs([field('seats', 'int', { default: 3, defaultText: '3' })], undefined, 'form', true), { kind: 'ready', inputs: {} });
  assert.deepEqual(planInputs(FIELDS, undefined, 'form', true), { kind: 'form' });
});

test('last inputs: per file and flow, in the workspace state, the least recently used forgotten first', async () => {
  const state = new Map<string, unknown>();
  const memento: Memento = { get: <T>(key: string) => state.get(key) as T | undefined, update: async (key, value) => void state.set(key, value) };
  const last = new LastInputs(memento);
  assert.equal(last.get('/w/a.py', 'A'), undefined);
  await last.set('/w/a.py', 'A', { n: 1 });
  await last.set('/w/b.py', 'A', { n: 2 });
  assert.deepEqual(last.get('/w/a.py', 'A'), { n: 1 });
  assert.deepEqual(new LastInputs(memento).get('/w/b.py', 'A'), { n: 2 }, 'kept in the memento');
  for (let i = 0; i < MAX_REMEMBERED; i++) await last.set('/w/many.py', `F${i}`, {});
  await last.set('/w/a.py', 'A', { n: 3 }); // used again: the newest
  assert.equal(last.get('/w/b.py', 'A'), undefined, 'the oldest is forgotten');
  assert.deepEqual(last.get('/w/a.py', 'A'), { n: 3 });
});
