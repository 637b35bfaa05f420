// The socket directory: when the per-user folder's name is taken (another user's folder, a symlink,
// a file), plays still run, in a fresh folder that is just as private; every socket is 0600.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chownSync, lstatSync, mkdirSync, realpathSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { startPlay } from '../../runtime/src/executor';
import { privateRuntimeDir, socketPathFor } from '../../runtime/src/privateDir';
import { PlayStore } from '../../runtime/src/store';
import { FLOWS, tempDir, waitFor } from '../helpers/cli';

const uid = userInfo().uid;
const NOBODY = 65534;

/** A base folder where `hero-flows-<uid>` is already taken by what `take` puts there. */
function takenBase(take: (path: string) => void): { base: string; taken: string } {
  const base = tempDir('hero-sock-');
  const taken = join(base, `hero-flows-${uid}`);
  take(taken);
  return { base, taken };
}

function assertPrivate(dir: string, notAt: string): void {
  assert.notEqual(dir, notAt);
  const info = lstatSync(dir);
  assert.ok(info.isDirectory() && !info.isSymbolicLink(), `${dir} is a real directory`);
  assert.equal(info.uid, uid);
  assert.equal(info.mode & 0o777, 0o700);
}

/** Runs a play with XDG_RUNTIME_DIR = base, checks its socket while it runs, and that it ends ok. */
async function playRunsIn(base: string, taken: string): Promise<void> {
  const saved = process.env.XDG_RUNTIME_DIR;
  process.env.XDG_RUNTIME_DIR = base;
  const release = join(tempDir(), 'release');
  try {
    const run = startPlay({ file: join(FLOWS, 'waits_for_file.py'), inputs: { path: release }, store: new PlayStore(tempDir()) });
    try {
      const dir = privateRuntimeDir();
      assertPrivate(dir, taken);
      const socket = socketPathFor(dir, run.id);
      const info = await waitFor('the play to bind its socket', () => {
        try {
          return statSync(socket);
        } catch {
          return undefined;
        }
      });
      assert.ok(info.isSocket());
      assert.equal(info.mode & 0o777, 0o600);
    } finally {
      writeFileSync(release, ''); // the flow ends whatever failed above
    }
    const { play } = await run.done;
    assert.equal(play.status, 'ok', play.error ?? '');
  } finally {
    if (saved === undefined) delete process.env.XDG_RUNTIME_DIR;
    else process.env.XDG_RUNTIME_DIR = saved;
  }
}

test('the per-user folder, when free, is made private and used', async () => {
  const base = tempDir('hero-sock-');
  const dir = privateRuntimeDir(base);
  assert.equal(dir, join(base, `hero-flows-${uid}`));
  assertPrivate(dir, '');
  await playRunsIn(base, '');
});

test('a per-user folder another user made first: plays run in a private folder of their own', { skip: uid !== 0 && 'needs root to chown a folder to another user' }, async () => {
  const { base, taken } = takenBase((path) => {
    mkdirSync(path, { mode: 0o777 });
    chownSync(path, NOBODY, NOBODY);
  });
  assertPrivate(privateRuntimeDir(base), taken);
  await playRunsIn(base, taken);
});

test('a symlink in its place is not followed: plays run in a private folder of their own', async () => {
  const elsewhere = tempDir('hero-elsewhere-');
  const { base, taken } = takenBase((path) => symlinkSync(elsewhere, path));
  const dir = privateRuntimeDir(base);
  assertPrivate(dir, taken);
  assert.notEqual(realpathSync(dir), realpathSync(elsewhere));
  await playRunsIn(base, taken);
});

test('a file in its place: plays run in a private folder of their own', async () => {
  const { base, taken } = takenBase((path) => writeFileSync(path, 'not a folder'));
  assertPrivate(privateRuntimeDir(base), taken);
  await playRunsIn(base, taken);
});

test('the fallback folder is made once per process and re-used', () => {
  const { base } = takenBase((path) => writeFileSync(path, ''));
  assert.equal(privateRuntimeDir(base), privateRuntimeDir(base));
});
