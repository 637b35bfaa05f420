// Open Trace on a test item opens its flow's latest play; on a failure message, the play the
// message names (its contextValue); anything else in a menu's argument is ignored.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { latestPlayOf, playIdOfMessageContext, playMessageContext, testMenuArgument } from '../../client/src/run/testItemPlays';
import type { DocumentFlow } from '../../common/src/lspMessages';
import { fileItemId, FLOW_ITEM_ID_WHEN, flowItemSpecs } from '../../client/src/run/testItems';
import type { PlaySummary } from '../../runtime/src/store';

function summary(id: string, flow_name: string | null, source_file: string | null, start_ms: number, more: Partial<PlaySummary> = {}): PlaySummary {
  return { id, flow_name, source_file, status: 'ok', start_ms, end_ms: start_ms + 5, error: null, span_count: 1, pid: 1, parent_play_id: null, ...more };
}

const ID = '20261202-160101-3f9a1c';

test('the latest play of a flow: its file and one of its names; the newest start wins, a child play counts', () => {
  const plays = [
    summary('20261202-160101-000001', 'Create workspace', '/ws/a.py', 100),
    summary('20261202-160101-000002', 'Create workspace', '/ws/b.py', 400, { status: 'failed' }),
    summary('20261202-160101-000003', 'other', '/ws/a.py', 500),
    summary('20261202-160101-000004', 'create_workspace', '/ws/a.py', 300, { parent_play_id: '20261202-160101-000009' }),
    summary('20261202-160101-000005', 'Create workspace', '/ws/a.py', 200),
    summary('20261202-160101-000006', null, '/ws/a.py', 900),
  ];
  const flow = { file: '/ws/a.py', names: ['Create workspace', 'create_workspace'] };
  assert.equal(latestPlayOf(plays, flow)?.id, '20261202-160101-000004');
  assert.equal(latestPlayOf(plays, { file: '/ws/a.py', names: ['Create workspace'] })?.id, '20261202-160101-000005');
  assert.equal(latestPlayOf(plays, { file: '/ws/c.py', names: ['Create workspace'] }), undefined);
  assert.equal(latestPlayOf([], flow), undefined);
});

test('a failure message names its play in its contextValue; a crafted one names none', () => {
  assert.equal(playIdOfMessageContext(playMessageContext(ID)), ID);
  assert.match(playMessageContext(ID), /^heroFlows\.play:/, 'what the testing/message/* menus\' `when` matches');
  for (const bad of [undefined, 7, '', ID, 'heroFlows.play:', 'heroFlows.play:../../etc', `heroFlows.play:${ID}/x`, `other:${ID}`]) {
    assert.equal(playIdOfMessageContext(bad), undefined, String(bad));
  }
});

test('a menu\'s argument: a test item gives its id; { test, message } gives the message\'s play and the item', () => {
  assert.deepEqual(testMenuArgument({ id: 'file:///ws/a.py::flow:A', label: 'A' }), { itemId: 'file:///ws/a.py::flow:A' });
  assert.deepEqual(testMenuArgument({ test: { id: 'x::flow:A' }, message: { message: 'boom', contextValue: playMessageContext(ID) } }), { itemId: 'x::flow:A', playId: ID });
  assert.deepEqual(testMenuArgument({ message: { contextValue: 'heroFlows.play:nope' } }), {});
  assert.deepEqual(testMenuArgument({ test: { id: 'x::flow:A' }, message: {} }), { itemId: 'x::flow:A' });
  for (const bad of [undefined, null, 'x', 3, {}, { id: 5 }, JSON.parse('{"__proto__": {"id": "x"}}')]) assert.deepEqual(testMenuArgument(bad), {}, JSON.stringify(bad));
});

test('the test item menus\' `when` regex matches a flow item\'s id, named or not, and never its file\'s', () => {
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } };
  const flow = (name: string | null, functionName: string): DocumentFlow => ({ name, functionName, isAsync: false, description: null, range, decoratorRange: range, nameRange: range, inputs: null, outputs: null, hasErrors: false });
  const uri = 'file:///ws/flow::s/a.py';
  const pattern = new RegExp(FLOW_ITEM_ID_WHEN.slice(1, -1));
  for (const spec of flowItemSpecs(uri, [flow('A', 'a'), flow(null, 'b')])) assert.ok(pattern.test(spec.id), spec.id);
  assert.equal(pattern.test(fileItemId('file:///ws/a.py')), false);
});
