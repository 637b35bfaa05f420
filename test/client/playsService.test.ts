// The plays service (client/src/plays/playsService.ts) is the client's one door to plays: the only
// file that opens a PlayStore, and the only room that imports the store, so no command, view, runner
// or panel reads or writes a store around it (and past its trust gate). Then the door itself, with
// a real store and a real play: nothing read before trust, a live play as it runs, then as stored.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { PlaysService } from '../../client/src/plays/playsService';
import { PLAYS_AWAIT_TRUST } from '../../client/src/trust';
import { EXAMPLES, ROOT, tempDir, waitFor } from '../helpers/cli';
import { editorTrust } from '../helpers/editorTrust';

const CLIENT = join(ROOT, 'client', 'src');
const PLAYS_ROOM = join(CLIENT, 'plays');
const STORE_MODULE = join(ROOT, 'runtime', 'src', 'store');

function clientSources(): { path: string; text: string }[] {
  return readdirSync(CLIENT, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => ({ path: join(CLIENT, name), text: readFileSync(join(CLIENT, name), 'utf8') }));
}

/** The relative modules a file imports (`import … from '…'`, `export … from '…'`, `import('…')`), resolved. */
function importedModules(path: string, text: string): string[] {
  const specifiers = [...text.matchAll(/\b(?:from|import)\s*\(?\s*['"](\.[^'"]*)['"]/g)].map((match) => match[1]!);
  return specifiers.map((specifier) => resolve(dirname(path), specifier).replace(/\.ts$/, ''));
}

test('exactly one client file opens a PlayStore: the plays service', () => {
  const sources = clientSources();
  assert.ok(sources.length > 30, `read the client's sources (${sources.length})`);
  const opening = sources.filter(({ text }) => text.includes('new PlayStore(')).map(({ path }) => relative(ROOT, path));
  assert.deepEqual(opening, [join('client', 'src', 'plays', 'playsService.ts')]);
});

test('no client file outside client/src/plays/ imports the store module (they ask the plays service)', () => {
  const outside = clientSources()
    .filter(({ path }) => !path.startsWith(PLAYS_ROOM + '/'))
    .filter(({ path, text }) => importedModules(path, text).includes(STORE_MODULE))
    .map(({ path }) => relative(ROOT, path));
  assert.deepEqual(outside, []);
  const inside = clientSources().filter(({ path, text }) => path.startsWith(PLAYS_ROOM + '/') && importedModules(path, text).includes(STORE_MODULE));
  assert.ok(inside.length > 0, 'the scan recognises an import of the store (the plays room has some)');
});

test('the service: nothing read before trust; a play run through it is live while it runs, then stored where the location says', async () => {
  const ws = tempDir('hero-plays-service-');
  let location = join(ws, '.hero');
  const trust = editorTrust();
  const plays = new PlaysService(() => location, trust);
  try {
    assert.deepEqual(await plays.stored(), { plays: [], skippedLines: 0 });
    assert.throws(() => plays.store(), (error: Error) => error.message === PLAYS_AWAIT_TRUST);
    assert.equal(existsSync(location), false, 'the store was not touched before trust');

    let trusted = 0;
    plays.onDidBecomeTrusted(() => trusted++);
    trust.grant();
    assert.equal(trusted, 1);

    const changed = new Set<string>();
    plays.onDidChange((id) => changed.add(id));
    const run = plays.run({ file: join(EXAMPLES, 'create_workspace.py'), flow: 'Create workspace', inputs: { name: 'acme', seats: 2 }, python: 'python3', timeoutMs: null, cwd: EXAMPLES, workspace: EXAMPLES });
    assert.equal(plays.runningCount, 1);
    assert.equal(plays.running(run.id), run);
    assert.deepEqual(plays.runningSummaries().map((summary) => [summary.id, summary.status]), [[run.id, 'running']]);
    const live = await plays.load(location, run.id);
    assert.equal(live.status, 'running', 'a play this window runs loads live');

    const outcome = await run.done;
    assert.equal(outcome.play.status, 'ok', outcome.play.error ?? '');
    await waitFor('the play to leave the running list', () => plays.runningCount === 0);
    assert.ok(changed.has(run.id));
    assert.equal(plays.running(run.id), undefined);
    assert.deepEqual(plays.runningSummaries(), []);

    const stored = await plays.load(location, run.id);
    assert.equal(stored.status, 'ok', 'a finished play loads from the store');
    assert.deepEqual((await plays.stored()).plays.map((summary) => summary.id), [run.id]);
    assert.equal(plays.store().root, location);

    location = join(ws, 'elsewhere');
    assert.equal(plays.storeDir, location, 'the location is asked each time (a setting can move the store)');
    assert.deepEqual((await plays.stored()).plays, []);
  } finally {
    plays.dispose();
  }
});
