// On a terminal, `run` draws the span tree live. `script` gives the CLI a real pseudo-terminal.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { CLI, FLOWS, tempDir } from '../helpers/cli';

function onTerminal(args: string[], env: NodeJS.ProcessEnv = {}) {
  const command = [process.execPath, CLI, ...args].map((arg) => `'${arg}'`).join(' ');
  const { NO_COLOR: _noColor, ...inherited } = process.env;
  return spawnSync('script', ['-qfec', command, '/dev/null'], { encoding: 'utf8', env: { ...inherited, ...env }, timeout: 30_000 });
}

test('run on a terminal shows open spans with a spinner, then the final tree in colour', () => {
  const result = onTerminal(['run', join(FLOWS, 'hangs.py'), '--store', tempDir(), '--timeout', '5']);
  assert.equal(result.status, 124, result.stdout);
  assert.match(result.stdout, /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]\S* forever/, 'the open span is drawn while it runs');
  assert.match(result.stdout, /✔\S* before/);
  assert.match(result.stdout, /\x1b\[3\dm/, 'status colours');
  assert.match(result.stdout, /timed out/);
});

test('NO_COLOR turns colours off on a terminal', () => {
  const result = onTerminal(['run', join(FLOWS, 'empty_flow.py'), '--store', tempDir()], { NO_COLOR: '1' });
  assert.equal(result.status, 0, result.stdout);
  assert.doesNotMatch(result.stdout, /\x1b\[3\dm/);
  assert.match(result.stdout, /ok {2}Empty/);
});
