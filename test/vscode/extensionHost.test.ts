// The @vscode/test-electron scenarios (test/vscode-electron/suite/) run in code-server's real
// extension host beside the packaged .vsix, so they are proven on machines that cannot download
// VS Code too: they are packed into a small runner extension (suite/hostRunner.ts) that runs them
// on startup and writes its report to a file this test waits for. Same switches as smoke.test.ts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { Editor, ROOT, copyExamples, waitUntil } from './harness';

const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const VSIX = process.env.HERO_VSIX ?? join(ROOT, `hero-flows-${version}.vsix`);
const enabled = process.env.HERO_EDITOR_TESTS === '1';

/** Packs suite/hostRunner.ts as an extension that activates on startup; returns its .vsix. */
async function packRunner(dir: string): Promise<string> {
  const extension = join(dir, 'runner');
  mkdirSync(extension, { recursive: true });
  writeFileSync(join(extension, 'package.json'), JSON.stringify({
    name: 'hero-flows-suite-runner', publisher: 'hero-test', version: '0.0.0', license: 'MIT',
    repository: 'https://github.com/hero-flows/hero-flows.git',
    engines: { vscode: '^1.90.0' }, activationEvents: ['onStartupFinished'], main: './runner.js',
  }));
  writeFileSync(join(extension, 'LICENSE'), 'MIT\n');
  await build({
    entryPoints: [join(ROOT, 'test', 'vscode-electron', 'suite', 'hostRunner.ts')],
    outfile: join(extension, 'runner.js'),
    bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], logLevel: 'warning',
  });
  const vsix = join(dir, 'runner.vsix');
  const pack = spawnSync(process.execPath, [join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--out', vsix], {
    cwd: extension, encoding: 'utf8', timeout: 60_000,
  });
  assert.equal(pack.status, 0, pack.stdout + pack.stderr);
  return vsix;
}

test('the test-electron scenarios pass in the real extension host', {
  skip: !enabled && 'real-editor suite: run `npm run test:editor` (or set HERO_EDITOR_TESTS=1)',
  timeout: 240_000,
}, async (t) => {
  assert.ok(existsSync(VSIX), `${VSIX} is missing: run npm run package`);
  const dir = mkdtempSync(join(tmpdir(), 'hero-host-suite-'));
  const workspace = copyExamples();
  const result = join(dir, 'result.txt');
  const runner = await packRunner(dir);
  const editor = await Editor.launch({
    vsix: [VSIX, runner], workspace, scenario: 'extension-host-scenarios',
    env: { HERO_TEST_WORKSPACE: workspace, HERO_SUITE_RESULT: result },
  });
  let passed = false;
  try {
    const report = await waitUntil('the scenarios to report', () => (existsSync(result) ? readFileSync(result, 'utf8') : ''), 180_000);
    for (const line of report.split('\n').slice(1)) t.diagnostic(line);
    t.diagnostic(`screenshot ${await editor.screenshot()}`);
    assert.equal(report.split('\n')[0], 'PASS', report);
    passed = true;
  } finally {
    if (!passed) t.diagnostic(`logs kept in ${editor.keepLogs()}`);
    await editor.close();
    rmSync(dirname(workspace), { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  }
});
