// One rule for which files make up a workspace's flow library: the language server and the CLI
// (pythonFiles.ts) and the SDK's flow.invoke search (hero_tracing/_workspace_walk.py `py_files`)
// walk the same files in the same order, skip the same folders and stop at the same cap. The SDK's
// constants are read by importing its module and compared with their TypeScript source
// (common/src/workspaceLimits.ts); both walks are run on the same trees, fixed and random.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  DEFAULT_MAX_WORKSPACE_FILES, MAX_FILE_BYTES, MAX_WORKSPACE_FILES_ENV, MAX_WORKSPACE_FILES_SETTING, SKIPPED_DIRS, VENV_CONFIG, VENV_NAMES, VENV_PYTHONS,
} from '../../common/src/workspaceLimits';
import { pythonFiles } from '../../server/src/analyzer/pythonFiles';
import { ROOT, tempDir } from '../helpers/cli';
import { python3 } from '../helpers/python';

const SDK_PATH = join(ROOT, 'runtime', 'python');

/** The SDK's walk constants, as the running SDK has them (sets as sorted lists). */
function sdkConstants(): Record<string, unknown> {
  const script = [
    'import json',
    'from hero_tracing import _workspace_walk as w',
    'names = ["SKIPPED_DIRS", "VENV_CONFIG", "VENV_NAMES", "VENV_PYTHONS", "DEFAULT_MAX_WORKSPACE_FILES", "MAX_WORKSPACE_FILES_ENV", "MAX_WORKSPACE_FILES_SETTING"]',
    'values = {n: getattr(w, n) for n in names}',
    'print(json.dumps({n: sorted(v) if isinstance(v, frozenset) else list(v) if isinstance(v, tuple) else v for n, v in values.items()}))',
  ].join('\n');
  return JSON.parse(execFileSync(python3(), ['-c', script], { env: { ...process.env, PYTHONPATH: SDK_PATH }, encoding: 'utf8' })) as Record<string, unknown>;
}

async function nodeWalk(root: string, maxFiles?: number): Promise<{ files: string[]; capped: boolean }> {
  const files: string[] = [];
  let capped = false;
  for await (const file of pythonFiles(root, { maxFiles, onCapped: () => (capped = true) })) files.push(file);
  return { files, capped };
}

function sdkWalk(root: string, maxFiles?: number): { files: string[]; capped: boolean } {
  const script = 'import json, sys\nfrom hero_tracing import _workspace_walk\nfiles, capped = _workspace_walk.py_files(sys.argv[1])\nprint(json.dumps({"files": files, "capped": capped}))';
  const env: NodeJS.ProcessEnv = { ...process.env, PYTHONPATH: SDK_PATH };
  if (maxFiles === undefined) delete env[MAX_WORKSPACE_FILES_ENV];
  else env[MAX_WORKSPACE_FILES_ENV] = String(maxFiles);
  return JSON.parse(execFileSync(python3(), ['-c', script, root], { env, encoding: 'utf8' })) as { files: string[]; capped: boolean };
}

function tree(files: string[]): string {
  const root = tempDir('hero-walk-');
  for (const file of files) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), '');
  }
  return root;
}

test('the SDK states the same skipped folders, virtualenv markers, cap, its variable and the setting', () => {
  assert.deepEqual(sdkConstants(), {
    SKIPPED_DIRS: [...SKIPPED_DIRS].sort(),
    VENV_CONFIG,
    VENV_NAMES: [...VENV_NAMES].sort(),
    VENV_PYTHONS: [...VENV_PYTHONS],
    DEFAULT_MAX_WORKSPACE_FILES,
    MAX_WORKSPACE_FILES_ENV,
    MAX_WORKSPACE_FILES_SETTING,
  });
  assert.equal(MAX_FILE_BYTES, 4 * 1024 * 1024);
});

test('both walks give the same files in the same order: skipped folders, virtualenvs, files before sub-folders, code-point order', async () => {
  const root = tree([
    'b.py', 'a.py', 'B.py', 'notes.txt', 'é.py', 'z.py', '😀.py', '\uffff.py',
    'pkg/mod.py', 'pkg/__pycache__/mod.py', 'pkg/sub/deep.py', 'pkg/a.py',
    '.git/hooks/x.py', '.hero/plays/x.py', '.hidden/x.py', '.venv/bin/python', '.venv/lib/x.py',
    'node_modules/dep/x.py', 'lib/python3.12/site-packages/dep.py',
    'custom-venv/pyvenv.cfg', 'custom-venv/lib/x.py',
    'venv/bin/python', 'venv/x.py', 'env/not_a_venv.py',
  ]);
  const node = await nodeWalk(root);
  assert.deepEqual(node, sdkWalk(root));
  assert.deepEqual(node.files.map((f) => f.slice(root.length + 1)), [
    'B.py', 'a.py', 'b.py', 'z.py', 'é.py', '\uffff.py', '😀.py', 'env/not_a_venv.py', 'pkg/a.py', 'pkg/mod.py', 'pkg/sub/deep.py',
  ]);
  for (const cap of [1, 4, 8, 11, 12]) assert.deepEqual(await nodeWalk(root, cap), sdkWalk(root, cap), `cap ${cap}`);
  assert.deepEqual((await nodeWalk(root, 11)).capped, false);
  assert.deepEqual((await nodeWalk(root, 10)).capped, true);
});

test('both walks agree on random trees and caps (property, fixed seed)', { timeout: 600_000 }, async () => {
  const segment = fc.constantFrom('a', 'b', 'A', '_x', '.h', 'node_modules', '__pycache__', 'é', 'z9', 'env', 'site-packages');
  const file = fc.tuple(fc.array(segment, { maxLength: 3 }), fc.constantFrom('m.py', 'n.py', 'N.py', 'x.txt', 'ü.py')).map(([dirs, name]) => [...dirs, name].join('/'));
  await fc.assert(
    fc.asyncProperty(fc.uniqueArray(file, { minLength: 1, maxLength: 25 }), fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }), async (files, cap) => {
      const root = tree(files);
      assert.deepEqual(await nodeWalk(root, cap), sdkWalk(root, cap));
    }),
    { seed: 9_2026, numRuns: 20 },
  );
});
