// The parts a row draws a span's name in (webview/src/spanName.ts): an rpc name's prefix, class
// path and method; any other name whole.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nameParts } from '../../webview/src/spanName';

test('an rpc name: prefix, class path with its last dot, method', () => {
  assert.deepEqual(nameParts('rpc:WhiteboardClient.workspace_list', 'rpc'), { head: 'rpc:', owner: 'WhiteboardClient.', method: 'workspace_list' });
  assert.deepEqual(nameParts('rpc:pkg.mod.Client.get', 'rpc'), { head: 'rpc:', owner: 'pkg.mod.Client.', method: 'get' });
  assert.deepEqual(nameParts('Client.get', 'rpc'), { head: '', owner: 'Client.', method: 'get' });
  // a client generated from an OpenRPC document: rpc:{service}.{wire method}; a dotted wire name keeps its last part whole
  assert.deepEqual(nameParts('rpc:whiteboard.workspace_create', 'rpc'), { head: 'rpc:', owner: 'whiteboard.', method: 'workspace_create' });
  assert.deepEqual(nameParts('rpc:petstore.pets.list', 'rpc'), { head: 'rpc:', owner: 'petstore.pets.', method: 'list' });
});

test('names with no class, or of other kinds, are all method (cut at their end)', () => {
  assert.deepEqual(nameParts('rpc:ping', 'rpc'), { head: '', owner: '', method: 'rpc:ping' });
  assert.deepEqual(nameParts('trailing.', 'rpc'), { head: '', owner: '', method: 'trailing.' });
  assert.deepEqual(nameParts('create v1.2', 'step'), { head: '', owner: '', method: 'create v1.2' });
  assert.deepEqual(nameParts('', 'rpc'), { head: '', owner: '', method: '' });
});
