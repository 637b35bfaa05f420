// The one way durations and statuses read (common/src/playFormat.ts), for the CLI, the extension
// and the webview alike.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PlayStatus } from '../../common/src/play';
import { formatDuration, statusIcon, statusWord, SPINNER_FRAMES } from '../../common/src/playFormat';

test('durations: each unit from where the one before would round up into it', () => {
  const cases: Array<[number | null, string]> = [
    [null, ''],
    [Number.NaN, ''],
    [-5, '?'],
    [0, '0.00 ms'],
    [0.4213, '0.42 ms'],
    [1, '1 ms'],
    [250.4, '250 ms'],
    [999.4, '999 ms'],
    [999.5, '1.00 s'],
    [1500, '1.50 s'],
    [9_994, '9.99 s'],
    [9_995, '10.0 s'],
    [12_345, '12.3 s'],
    [59_949, '59.9 s'],
    [59_950, '1m 00s'],
    [65_000, '1m 05s'],
    [119_600, '2m 00s'],
    [3_725_000, '62m 05s'],
  ];
  for (const [ms, text] of cases) assert.equal(formatDuration(ms), text, `${ms} ms`);
});

test('statuses: one icon each (cancelled is ⊘ everywhere), a spinner frame for a running one when asked, words without underscores', () => {
  const icons: Record<PlayStatus, string> = { running: '◌', ok: '✔', failed: '✖', cancelled: '⊘', timed_out: '⏱', interrupted: '⚡', paused: '⏸' };
  for (const [status, icon] of Object.entries(icons) as Array<[PlayStatus, string]>) assert.equal(statusIcon(status), icon, status);
  assert.equal(statusIcon('running', 3), SPINNER_FRAMES[3]);
  assert.equal(statusIcon('running', SPINNER_FRAMES.length + 1), SPINNER_FRAMES[1]);
  assert.equal(statusIcon('ok', 3), '✔', 'a frame only moves a running icon');
  assert.equal(statusWord('timed_out'), 'timed out');
  assert.equal(statusWord('ok'), 'ok');
});
