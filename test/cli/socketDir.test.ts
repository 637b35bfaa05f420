// `hero-flows run` still runs plays when the per-user socket folder's name is taken by something
// that is not this user's private folder (the detailed cases: test/runtime/privateDir.test.ts).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, symlinkSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import type { Play } from '../../common/src/play';
import { FLOWS, cli, tempDir } from '../helpers/cli';

test('a symlink where the socket folder goes does not stop plays, and the fallback folder is removed afterwards', () => {
  const base = tempDir('hero-sock-');
  const elsewhere = tempDir('hero-elsewhere-');
  symlinkSync(elsewhere, join(base, `hero-flows-${userInfo().uid}`));
  const result = cli(['run', join(FLOWS, 'runs_subprocess.py'), '--json', '--store', tempDir()], { env: { XDG_RUNTIME_DIR: base } });
  assert.equal(result.status, 0, result.stderr);
  assert.equal((JSON.parse(result.stdout) as Play).status, 'ok');
  assert.deepEqual(readdirSync(elsewhere), [], 'nothing was put behind the symlink');
  assert.deepEqual(readdirSync(base), [`hero-flows-${userInfo().uid}`], 'only the symlink is left');
});
