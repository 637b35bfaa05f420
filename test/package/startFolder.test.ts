// `npm start` opens examples/ by default and `npm start -- FOLDER` the user's own folder, taken
// from where npm was run (scripts/start-folder.mjs); a wrong folder stops it before any build.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
// @ts-expect-error: a plain .mjs script without types
import { startFolder } from '../../scripts/start-folder.mjs';
import { ROOT, tempDir } from '../helpers/cli';

test('npm start opens examples/, or the folder given relative to where npm ran', () => {
  const here = tempDir();
  mkdirSync(join(here, 'my flows'));
  assert.deepEqual(startFolder([], here, ROOT), { folder: join(ROOT, 'examples') });
  assert.deepEqual(startFolder(['my flows'], here, ROOT), { folder: join(here, 'my flows') });
  assert.deepEqual(startFolder([join(here, 'my flows')], '/', ROOT), { folder: join(here, 'my flows') });
  assert.match(startFolder(['a', 'b'], here, ROOT).error, /usage: npm start \[-- FOLDER\]/);
});

test('npm start -- MISSING, run from another folder, names that folder\'s MISSING and stops with exit 2', () => {
  const here = tempDir();
  const result = spawnSync('npm', ['start', '--silent', '--prefix', ROOT, '--', 'missing'], { cwd: here, encoding: 'utf8', timeout: 60_000 });
  assert.equal(result.status, 2, result.stdout + result.stderr);
  assert.match(result.stderr, new RegExp(`${join(here, 'missing').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not a folder`));
});
