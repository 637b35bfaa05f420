// dist/cli.js carries the plays' commands and the help; the analyzer, the language server and the
// OpenRPC generator are bundles of their own (dist/cli-<part>.js, esbuild.mjs) that a command loads
// only when it runs (cli/src/main.ts). Each case runs the real CLI with a preload that lists, at exit,
// which of dist/'s bundles the process loaded.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { CLI, FLOWS, ROOT, tempDir } from '../helpers/cli';

const DIST = join(ROOT, 'dist');
const dir = tempDir('hero-bundles-');
const preload = join(dir, 'loaded.cjs');
writeFileSync(
  preload,
  `process.on('exit', () => require('node:fs').writeFileSync(process.env.HERO_LOADED_OUT, JSON.stringify(Object.keys(require.cache))));\n`,
);

/** The dist/ bundles `hero-flows ARGS` loads, and its exit code. */
function loadedBy(args: string[]): { bundles: string[]; code: number | null; stderr: string } {
  const out = join(dir, `loaded-${Math.random().toString(36).slice(2)}.json`);
  const result = spawnSync(process.execPath, ['--require', preload, CLI, ...args], {
    cwd: ROOT, env: { ...process.env, NO_COLOR: '1', HERO_LOADED_OUT: out }, encoding: 'utf8', input: '', timeout: 60_000,
  });
  const files = JSON.parse(readFileSync(out, 'utf8')) as string[];
  const bundles = files.filter((file) => file.startsWith(`${DIST}/`) && file.endsWith('.js')).map((file) => basename(file)).sort();
  return { bundles, code: result.status, stderr: result.stderr };
}

test('a play loads dist/cli.js alone: no analyzer, language server or OpenRPC generator', () => {
  const store = tempDir('hero-bundles-store-');
  const { bundles, code, stderr } = loadedBy(['run', join(FLOWS, 'empty_flow.py'), '--json', '--store', store]);
  assert.equal(code, 0, stderr);
  assert.deepEqual(bundles, ['cli.js']);
  assert.deepEqual(loadedBy(['list', '--store', store]).bundles, ['cli.js']);
  assert.deepEqual(loadedBy(['--help']).bundles, ['cli.js']);
  assert.deepEqual(loadedBy(['check', '--help']).bundles, ['cli.js'], "a command's help is in the core");
});

test('each heavy command loads its own part, and its usage errors still exit 2', () => {
  const flows = loadedBy(['flows', join(FLOWS)]);
  assert.equal(flows.code, 0, flows.stderr);
  assert.deepEqual(flows.bundles.filter((name) => name.startsWith('cli')), ['cli-analysis.js', 'cli.js']);

  const check = loadedBy(['check', join(ROOT, 'no-such-dir')]);
  assert.equal(check.code, 2, check.stderr);
  assert.match(check.stderr, /^hero-flows: no such file or directory/);

  const client = loadedBy(['client']);
  assert.equal(client.code, 2, client.stderr);
  assert.match(client.stderr, /^hero-flows: client: say what to do/);
  assert.deepEqual(client.bundles, ['cli-client.js', 'cli.js']);

  const lsp = loadedBy(['lsp']);
  assert.equal(lsp.code, 2, lsp.stderr);
  assert.match(lsp.stderr, /^hero-flows: lsp speaks over stdio only/);
  assert.deepEqual(lsp.bundles, ['cli.js']);
  // With --stdio it requires the extension's own server bundle (no copy of it in the CLI's parts);
  // stdin is empty, so the server starts and ends at once.
  assert.deepEqual(loadedBy(['lsp', '--stdio']).bundles, ['cli.js', 'server.js']);
});

test('dist/cli.js holds none of the heavy packages', () => {
  const core = readFileSync(CLI, 'utf8');
  for (const marker of ['web-tree-sitter', 'vscode-languageserver', 'Content-Length', 'jsonc', 'ajv']) assert.ok(!core.includes(marker), `${marker} in dist/cli.js`);
});
