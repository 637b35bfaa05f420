// A SpecProblem's pointer → where its diagnostic goes: the pointed value in JSON or YAML, else its
// nearest located parent (a missing key is shown on the object that lacks it), else the file's
// start; grouped by file, so a relative $ref's problem lands on the referenced file.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { locateProblems, parentPointer, pointerRange, positionAt } from '../../client/src/openrpc/problemRanges';

test('positionAt gives zero-based lines and UTF-16 columns, clamped to the text', () => {
  const text = 'ab\n🙂cd\n\nx';
  assert.deepEqual(positionAt(text, 0), { line: 0, character: 0 });
  assert.deepEqual(positionAt(text, 2), { line: 0, character: 2 });
  assert.deepEqual(positionAt(text, 3), { line: 1, character: 0 });
  assert.deepEqual(positionAt(text, 6), { line: 1, character: 3 }, 'the emoji is two UTF-16 units, as in VS Code');
  assert.deepEqual(positionAt(text, 9), { line: 3, character: 0 });
  assert.deepEqual(positionAt(text, 999), { line: 3, character: 1 });
  assert.deepEqual(positionAt(text, -5), { line: 0, character: 0 });
});

test('parentPointer walks up to the whole document', () => {
  assert.equal(parentPointer('/methods/0/params/1'), '/methods/0/params');
  assert.equal(parentPointer('/methods'), '');
  assert.equal(parentPointer(''), undefined);
});

test('a problem in a file that cannot be read is placed at its start; problems are grouped by file', () => {
  const located = locateProblems(
    [
      { file: '/w/a.json', pointer: '/info', message: 'm1' },
      { file: '/w/b.yaml', pointer: '', message: 'm2' },
      { file: '/w/a.json', pointer: '', message: 'm3' },
    ],
    () => undefined,
  );
  assert.deepEqual([...located.keys()], ['/w/a.json', '/w/b.yaml']);
  assert.deepEqual(located.get('/w/a.json')!.map((p) => [p.message, p.start, p.end]), [
    ['m1', { line: 0, character: 0 }, { line: 0, character: 0 }],
    ['m3', { line: 0, character: 0 }, { line: 0, character: 0 }],
  ]);
});

test('pointerRange falls back to the file start when nothing along the pointer is found', () => {
  assert.deepEqual(pointerRange('not json at all', '/a/b', 'json').offset, 0);
});
