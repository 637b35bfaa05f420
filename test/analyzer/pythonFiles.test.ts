// File discovery for the CLI (and the server's scan): *.py files, streamed in os.walk's order, without
// hidden folders (.git, .hero…), node_modules, virtualenvs, __pycache__ or site-packages; capped.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pythonFiles, readPythonSource } from '../../server/src/analyzer/pythonFiles';
import { tempDir } from '../helpers/cli';

function tree(files: string[]): string {
  const root = tempDir('hero-files-');
  for (const file of files) {
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), '');
  }
  return root;
}

async function collect(roots: string | string[], options = {}): Promise<string[]> {
  const out: string[] = [];
  for await (const file of pythonFiles(roots, options)) out.push(file);
  return out;
}

test('walks directories in name order, *.py only, skipping what never holds flows', async () => {
  const root = tree([
    'b.py',
    'a.py',
    'notes.txt',
    'pkg/mod.py',
    'pkg/__pycache__/mod.cpython-312.py',
    '.git/hooks/x.py',
    'node_modules/dep/x.py',
    '.hero/plays/x.py',
    'lib/python3.12/site-packages/dep.py',
    'custom-venv/pyvenv.cfg',
    'custom-venv/lib/x.py',
    '.venv/bin/python',
    '.venv/lib/x.py',
    'venv/bin/python',
    'venv/x.py',
    'env/not_a_venv.py',
  ]);
  const files = (await collect(root)).map((file) => relative(root, file));
  assert.deepEqual(files, ['a.py', 'b.py', 'env/not_a_venv.py', 'pkg/mod.py']);
});

test('a directory filter keeps the walk out of folders (the user\'s excludes): they are never entered', async () => {
  const root = tree(['a.py', 'build/out.py', 'build/deep/more.py', 'src/build/kept.py', 'src/mod.py']);
  const asked: string[] = [];
  const skipDir = (path: string) => {
    asked.push(relative(root, path));
    return relative(root, path) === 'build';
  };
  const files = (await collect(root, { skipDir })).map((file) => relative(root, file));
  assert.deepEqual(files, ['a.py', 'src/mod.py', 'src/build/kept.py']); // a folder's files before its sub-folders, as os.walk
  assert.deepEqual(asked, ['build', 'src', 'src/build'], 'asked about each folder below the root once, nothing inside build/');
});

test('a file given directly is yielded as is; a missing path yields nothing; several roots in order', async () => {
  const root = tree(['x/one.py', 'script']);
  assert.deepEqual(await collect(join(root, 'script')), [join(root, 'script')]);
  assert.deepEqual(await collect(join(root, 'missing')), []);
  assert.deepEqual(await collect([join(root, 'x'), join(root, 'script')]), [join(root, 'x', 'one.py'), join(root, 'script')]);
});

test('the cap and an abort signal stop the stream', async () => {
  const root = tree(Array.from({ length: 30 }, (_, i) => `d${i % 3}/f${String(i).padStart(2, '0')}.py`));
  assert.equal((await collect(root, { maxFiles: 7 })).length, 7);
  const controller = new AbortController();
  const seen: string[] = [];
  for await (const file of pythonFiles(root, { signal: controller.signal })) {
    seen.push(file);
    if (seen.length === 4) controller.abort();
  }
  assert.ok(seen.length <= 5, `stopped soon after the abort (${seen.length})`);
});

test('symlinked directories are not followed (no cycles); symlinked files are read', async () => {
  const root = tree(['real/a.py']);
  symlinkSync(root, join(root, 'real', 'loop'));
  symlinkSync(join(root, 'real', 'a.py'), join(root, 'link.py'));
  assert.deepEqual((await collect(root)).map((file) => relative(root, file)), ['link.py', 'real/a.py']);
});

test('readPythonSource drops a byte-order mark', async () => {
  const root = tempDir('hero-bom-');
  writeFileSync(join(root, 'bom.py'), '\ufefffrom hero_tracing import flow\n');
  assert.equal(await readPythonSource(join(root, 'bom.py')), 'from hero_tracing import flow\n');
});
