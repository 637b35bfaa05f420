// "Did you mean …?": close names only, closest first.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closestNames, editDistance } from '../../server/src/analyzer/suggest';

test('the closest names by edit distance, a swap of neighbours counting once', () => {
  assert.deepEqual(closestNames('Create workspac', ['Create workspace', 'Delete workspace', 'Provision storage']), ['Create workspace', 'Delete workspace']);
  assert.deepEqual(closestNames('stpe', ['step', 'span', 'invoke', 'Failed', 'current_span']), ['step']);
  assert.equal(editDistance('stpe', 'step'), 1);
  assert.equal(editDistance('kitten', 'sitting'), 3);
});

test('case differences are the closest of all, ties broken by case then alphabetically', () => {
  assert.deepEqual(closestNames('create workspace', ['Create Workspace', 'Create workspace', 'create workspaces']), ['Create workspace', 'Create Workspace', 'create workspaces']);
  assert.deepEqual(closestNames('ab1', ['ab3', 'ab2']), ['ab2', 'ab3']);
});

test('only reasonably close names, at most max, never the name itself', () => {
  assert.deepEqual(closestNames('x', ['y', 'z']), []);
  assert.deepEqual(closestNames('Totally different thing', ['Create workspace', 'No inputs']), []);
  assert.deepEqual(closestNames('name', ['name', 'nmae', 'names', 'game', 'same', 'lame']), ['game', 'lame', 'names']);
  assert.deepEqual(closestNames('name', ['nmae', 'nam', 'xyzw'], 1), ['nam']);
  assert.deepEqual(closestNames('abc', []), []);
});
