// The extension host's reads of untrusted JSON (issue 10, class 1): remembered panels, a revived
// panel's saved state, the last inputs in workspaceState, and flow input names from the workspace's
// source. Keys are read only when they are the value's own and written as own data, so a key named
// `__proto__` or `constructor` is data, and a polluted Object.prototype fills in nothing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FlowFieldSchema } from '../../common/src/lspMessages';
import type { JsonObject } from '../../common/src/play';
import { readRemembered, sourceToRestore } from '../../client/src/trace/panelRestore';
import { LastInputs, type Memento } from '../../client/src/run/lastInputs';
import { fillInputForm, planInputs, type FormUi } from '../../client/src/run/inputForm';

/** Runs `body` while Object.prototype carries `fields` (as some other bug could leave it), then cleans up. */
function whilePolluted(fields: Record<string, unknown>, body: () => void): void {
  const proto = Object.prototype as Record<string, unknown>;
  for (const [key, value] of Object.entries(fields)) proto[key] = value;
  try {
    body();
  } finally {
    for (const key of Object.keys(fields)) delete proto[key];
  }
}

test('remembered panels and saved state: only own fields count', () => {
  const evil = { kind: 'file' as const, path: '/elsewhere/evil.jsonl' };
  const mine = { kind: 'file' as const, path: '/w/mine.jsonl' };
  whilePolluted({ source: evil, playId: 'p-evil', title: 'Trace' }, () => {
    assert.deepEqual(readRemembered([{}, { title: 'x' }]), [], 'an entry without its own fields is dropped');
  });
  const remembered = [
    { source: evil, playId: 'p-evil', title: 'Other' },
    { source: mine, playId: 'p2', title: 'Trace' },
  ];
  whilePolluted({ playId: 'p-evil' }, () => {
    assert.deepEqual(sourceToRestore({}, 'Trace', remembered, () => false), mine, 'a saved state without its own playId is matched on the title');
  });
  const kept = readRemembered(JSON.parse('[{"source":{"kind":"file","path":"/w/t.jsonl"},"playId":"p","title":"T","__proto__":{"x":1}}]'));
  assert.deepEqual(kept, [{ source: { kind: 'file', path: '/w/t.jsonl' }, playId: 'p', title: 'T' }]);
});

function memento(stored: unknown): Memento & { saved: unknown } {
  const box = {
    saved: stored,
    get: <T>() => box.saved as T,
    update: (_key: string, value: unknown) => {
      box.saved = JSON.parse(JSON.stringify(value));
      return Promise.resolve();
    },
  };
  return box;
}

test('last inputs: entries that are not input objects are ignored; a flow named like an Object member is data', async () => {
  const state = memento(JSON.parse('{"/w/a.py::A":{"n":1},"/w/b.py::B":5,"__proto__":{"polluted":true}}'));
  const last = new LastInputs(state);
  assert.deepEqual(last.get('/w/a.py', 'A'), { n: 1 });
  assert.equal(last.get('/w/b.py', 'B'), undefined, 'a stored value that is not an object is no inputs');
  await last.set('/w/c.py', 'constructor', JSON.parse('{"__proto__":"x"}') as JsonObject);
  assert.deepEqual(Object.keys(state.saved as object).sort(), ['/w/a.py::A', '/w/c.py::constructor', '__proto__']);
  assert.equal(JSON.stringify(last.get('/w/c.py', 'constructor')), '{"__proto__":"x"}');
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

const field = (name: string, required: boolean): FlowFieldSchema => ({ name, type: 'str', required });

test('input fields named __proto__ or constructor are inputs like any other', async () => {
  // An optional `constructor` field the last run did not fill: the last values still fit.
  assert.deepEqual(planInputs([field('constructor', false)], {}, 'last'), { kind: 'ready', inputs: {} });
  const plan = planInputs([field('__proto__', true)], JSON.parse('{"__proto__":"kept"}'), 'last');
  assert.equal(plan.kind, 'ready');
  assert.equal(JSON.stringify(plan.kind === 'ready' ? plan.inputs : null), '{"__proto__":"kept"}');
  const ui: FormUi = {
    text: (step) => Promise.resolve({ kind: 'value', value: step.field.name === '__proto__' ? 'typed' : 'other' }),
    pick: () => Promise.reject(new Error('no bool fields here')),
  };
  const inputs = await fillInputForm('F', [field('__proto__', true), field('constructor', true)], undefined, ui);
  assert.equal(JSON.stringify(inputs), '{"__proto__":"typed","constructor":"other"}');
  assert.equal(Object.getPrototypeOf(inputs), Object.prototype);
});
