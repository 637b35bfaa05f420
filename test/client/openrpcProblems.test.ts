// A SpecProblem's pointer → where its diagnostic goes: the pointed value in JSON or YAML, else its
// nearest located parent (a missing key is shown on the object that lacks it), else the file's
// start; grouped by file, so a relative $ref's problem lands on the referenced file.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { locateProblems, parentPointer, pointerRange, positionAt } from '../../client/src/openrpc/problemRanges';
import { MAX_SPEC_BYTES } from '../../client/src/openrpc/specFiles';
import { bufferedReader, validateSpec } from '../../client/src/openrpc/validateSpec';

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

const SPEC = {
  openrpc: '1.2.6',
  info: { title: 'Board', version: '1.0.0' },
  methods: [{ name: 'board.get', params: [], result: { name: 'board', schema: { $ref: 'types.json#/Board' } } }],
};
const TYPES = '{\n  "Board": {\n    "type": "object",\n    "properties": { "owner": { "$ref": "#/Owner" } }\n  }\n}\n';

test('validateSpec reads the open buffer over the file; a problem in a $ref\'d file lands on that file, at the pointed line', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'hero-openrpc-problems-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const spec = join(dir, 'board.openrpc.json');
  const types = join(dir, 'types.json');
  writeFileSync(spec, JSON.stringify(SPEC, null, 2));
  writeFileSync(types, TYPES);
  const result = validateSpec(spec, dir, () => undefined);
  assert.equal(result.ok, false);
  const problems = result.ok ? [] : result.problems;
  const located = locateProblems(problems, (file) => readFileSync(file, 'utf8'));
  assert.deepEqual([...located.keys()], [types], JSON.stringify(problems));
  const [problem] = located.get(types)!;
  assert.match(problem!.message, /#\/Owner/);
  assert.equal(problem!.start.line, 3, 'the line of the dangling $ref in types.json');

  // The editor's unsaved buffer wins over the file on disk: fixed in the buffer, no problem.
  const fixed = TYPES.replace('{ "$ref": "#/Owner" }', '{ "type": "string" }');
  assert.equal(validateSpec(spec, dir, (path) => (path === types ? fixed : undefined)).ok, true);
  // And broken in the buffer of the document itself: a problem at its pointer.
  const broken = JSON.stringify({ ...SPEC, info: { title: 'Board', version: 5 } }, null, 2);
  const again = validateSpec(spec, dir, (path) => (path === spec ? broken : path === types ? fixed : undefined));
  assert.equal(again.ok, false);
  const onSpec = locateProblems(again.ok ? [] : again.problems, (file) => (file === spec ? broken : undefined)).get(spec)!;
  assert.ok(onSpec.some((p) => p.pointer.startsWith('/info') && p.start.line === broken.split('\n').findIndex((l) => l.includes('"version"'))), JSON.stringify(onSpec));
});

test('pointerRange finds JSON and YAML values, and the nearest parent of a missing key', () => {
  const json = '{\n  "info": {\n    "title": "Board"\n  }\n}';
  const title = pointerRange(json, '/info/title', 'json');
  assert.equal(json.slice(title.offset, title.offset + title.length), '"title"');
  const missing = pointerRange(json, '/info/version', 'json');
  assert.equal(json.slice(missing.offset, missing.offset + missing.length), '"info"', 'the object that lacks the key');
  const yaml = 'openrpc: 1.2.6\ninfo:\n  title: Board\n  version: "1"\n';
  const version = pointerRange(yaml, '/info/version', 'yaml');
  assert.equal(positionAt(yaml, version.offset).line, 3);
  assert.equal(yaml.slice(version.offset, version.offset + version.length), 'version');
});

test('a buffer or a file over the size bound is refused before it is parsed', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'hero-openrpc-big-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const spec = join(dir, 'big.openrpc.json');
  writeFileSync(spec, '{"openrpc": "1.2.6"}');
  const read = bufferedReader((path) => (path === spec ? ' '.repeat(MAX_SPEC_BYTES + 1) : undefined));
  assert.throws(() => read(spec), /over 5 MiB/);
  const result = validateSpec(spec, dir, (path) => (path === spec ? `{"openrpc": "1.2.6", "x": "${'a'.repeat(MAX_SPEC_BYTES)}"}` : undefined));
  assert.equal(result.ok, false, 'a problem, never a crash');
});
