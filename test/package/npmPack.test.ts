// The npm package (package.json `files`) holds only what runs: the bundles (the CLI is its `bin`),
// the WASM parser and grammar, the analyzer's queries, the Python SDK and bootstrap (no tests, no
// bytecode), the SDK wheel folder, media (icons, the walkthrough), grammars, snippets, README and
// LICENSE — no tests, no sources, no sourcemaps. Asks `npm pack --dry-run --json` of the build
// already in dist/ (scripts off: no rebuild).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { walkthroughMedia } from '../../client/src/walkthrough/walkthrough';
import { ROOT } from '../helpers/cli';
import { SHIPPED } from '../helpers/shipped';

/** npm keeps README.md and LICENSE as they are. */
const ALLOWED = [...SHIPPED, /^(README\.md|LICENSE)$/];

test('npm pack holds only what runs: no tests, no sources, no sourcemaps', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string; bin: Record<string, string> };
  const result = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  assert.equal(result.status, 0, result.stderr);
  const files = (JSON.parse(result.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
  for (const file of files) assert.ok(ALLOWED.some((pattern) => pattern.test(file)), `${file} is in the npm package`);
  const required = ['package.json', 'README.md', 'LICENSE', pkg.main.replace(/^\.\//, ''), ...Object.values(pkg.bin), 'dist/server.js', 'dist/parse-worker.js', 'dist/webview.js',
    'dist/cli-analysis.js', 'dist/cli-client.js', // the CLI's parts, loaded by dist/cli.js when their command runs
    'dist/python/hero_bootstrap.py', 'dist/python/hero_tracing/__init__.py', 'dist/openrpc/client_runtime.py', 'dist/queries/imports.scm', 'dist/tree-sitter-python.wasm', ...walkthroughMedia()];
  for (const file of required) assert.ok(files.includes(file), `${file} is missing from the npm package`);
  assert.ok(!files.some((file) => /(^|\/)(test|tests|src|node_modules|__pycache__)\/|\.(map|ts|pyc)$/.test(file)));
});
