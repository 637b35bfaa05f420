// The packaged .vsix holds exactly the allowlist of package.json `files` (vsce reads it as npm does;
// it refuses a .vscodeignore beside it) — the bundles, the WASM grammar,
// the analyzer's queries, the Python SDK (no tests), README, LICENSE, icons, grammars, the walkthrough's
// media, package.json —
// and stays under 5 MB. Packs the build already in dist/ (`npm test` builds first) with vsce,
// as `npm run package` does after its production build; no rebuild here, so it takes seconds.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT, tempDir } from '../helpers/cli';
import { SHIPPED } from '../helpers/shipped';
import { zipEntries } from '../helpers/zip';
import { walkthroughMedia } from '../../client/src/walkthrough/walkthrough';

const MAX_BYTES = 5 * 1024 * 1024;
const VSCE = join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');

/** What the allowlist lets in, as paths relative to the repo root. */
const ALLOWED = SHIPPED;

/** The SDK package as the source has it: every one of its files ships (dist/python/hero_tracing/). */
const SDK_PACKAGE = readdirSync(join(ROOT, 'runtime', 'python', 'hero_tracing'))
  .filter((name) => name.endsWith('.py') || name === 'py.typed')
  .map((name) => `dist/python/hero_tracing/${name}`);
assert.ok(['__init__.py', '_runtime.py', 'py.typed'].every((name) => SDK_PACKAGE.includes(`dist/python/hero_tracing/${name}`)), 'the SDK package as the source has it');

/** Files that must be there whatever else the build adds. */
const REQUIRED = [
  'package.json', 'readme.md', 'LICENSE.txt', 'media/icon.png', 'media/hero-flows.svg', 'media/hero-flows-light.svg', 'media/hero-flows-dark.svg',
  'snippets/hero-flows.code-snippets.json', ...walkthroughMedia(),
  'dist/server.js', 'dist/parse-worker.js', 'dist/cli.js', 'dist/cli-analysis.js', 'dist/cli-client.js', 'dist/web-tree-sitter.wasm', 'dist/tree-sitter-python.wasm', 'dist/codicon.ttf',
  'dist/python/hero_bootstrap.py', ...SDK_PACKAGE, 'dist/openrpc/client_runtime.py',
  // the wheel of this version only (scripts/build-sdk-wheel.mjs removes older ones)
  `dist/sdk/hero_tracing-${(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version}-py3-none-any.whl`,
  'dist/queries/imports.scm', 'dist/queries/decorators.scm', 'dist/queries/calls.scm', 'dist/queries/attributes.scm',
];

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((file) => statSync(file).isFile())
    .map((file) => relative(ROOT, file).split('\\').join('/'));
}

test('the .vsix holds exactly the allowlist and is at most 5 MB', () => {
  const out = tempDir('hero-vsix-');
  const vsix = join(out, 'hero-flows.vsix');
  try {
    const result = spawnSync(process.execPath, [VSCE, 'package', '--no-dependencies', '--allow-unused-files-pattern', '--out', vsix], {
      cwd: ROOT, encoding: 'utf8', timeout: 120_000,
    });
    assert.equal(result.status, 0, result.stdout + result.stderr);

    const entries = zipEntries(vsix).map((entry) => entry.name);
    const shipped = entries.filter((name) => name.startsWith('extension/')).map((name) => name.slice('extension/'.length));
    assert.deepEqual(entries.filter((name) => !name.startsWith('extension/')).sort(), ['[Content_Types].xml', 'extension.vsixmanifest']);

    for (const name of REQUIRED) assert.ok(shipped.includes(name), `${name} is missing from the .vsix`);
    const main = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main?: string }).main;
    if (main) assert.ok(shipped.includes(join(main).replace(/^\.\//, '')), `main (${main}) is missing from the .vsix`);

    // vsce renames README.md and LICENSE; everything else keeps its path.
    const fromTree = shipped.filter((name) => name !== 'readme.md' && name !== 'LICENSE.txt');
    for (const name of fromTree) {
      assert.ok(ALLOWED.some((pattern) => pattern.test(name)), `${name} is not on the allowlist`);
    }
    assert.ok(!shipped.some((name) => name.endsWith('.map') || name.includes('node_modules/') || name.includes('__pycache__')));

    // …and nothing the allowlist names is left behind.
    const expected = ['package.json', ...['media', 'syntaxes', 'snippets', 'docs', 'dist'].flatMap((dir) => filesUnder(join(ROOT, dir)))]
      .filter((name) => ALLOWED.some((pattern) => pattern.test(name)));
    assert.deepEqual([...fromTree].sort(), [...new Set(expected)].sort());

    const bytes = statSync(vsix).size;
    assert.ok(bytes <= MAX_BYTES, `the .vsix is ${(bytes / 1024 / 1024).toFixed(2)} MB, over 5 MB`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
