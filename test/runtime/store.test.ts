// The play store: durable plays, fast listing, interrupted plays settled after a real crash.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { PlayStore, StoreError, newPlayId } from '../../runtime/src/store';
import { emptyPlay } from '../../runtime/src/playOutcome';

function tempStore(): PlayStore {
  return new PlayStore(join(mkdtempSync(join(tmpdir(), 'hero-store-')), '.hero'));
}

function recordPlay(store: PlayStore, startMs: number, status: 'ok' | 'failed' = 'ok') {
  const play = emptyPlay(newPlayId(new Date(startMs)), startMs);
  play.flow_name = `flow at ${startMs}`;
  const recorder = store.begin(play);
  recorder.writeTrace(Buffer.from(`{"type":"span_start","span_id":"r","parent_id":null,"name":"x","t_ms":${startMs}}\n`));
  recorder.writeTrace(Buffer.from(`{"type":"span_end","span_id":"r","t_ms":${startMs + 10},"status":"${status}"}\n`));
  play.status = status;
  play.end_ms = startMs + 10;
  recorder.finish(play);
  return play;
}

test('a new store ignores itself in git', () => {
  const store = tempStore();
  store.ensureWritable();
  assert.match(readFileSync(join(store.root, '.gitignore'), 'utf8'), /^\*$/m);
});

test('plays list newest first and load with their spans from the trace', async () => {
  const store = tempStore();
  const older = recordPlay(store, Date.UTC(2026, 0, 1));
  const newer = recordPlay(store, Date.UTC(2026, 0, 2), 'failed');
  const list = await store.list();
  assert.deepEqual(list.map((p) => p.id), [newer.id, older.id]);
  assert.equal(list[0]!.status, 'failed');
  const loaded = await store.load(older.id);
  assert.equal(loaded.status, 'ok');
  assert.equal(loaded.spans.length, 1);
  assert.equal(loaded.spans[0]!.status, 'ok');
});

test('a play id prefix resolves when unambiguous', async () => {
  const store = tempStore();
  const play = recordPlay(store, Date.UTC(2026, 1, 1));
  recordPlay(store, Date.UTC(2026, 1, 1, 0, 0, 1));
  assert.equal(store.resolveId(play.id.slice(0, 17)), play.id);
  assert.throws(() => store.resolveId('20260201-0000'), /matches 2 plays/);
  assert.throws(() => store.resolveId('nope'), StoreError);
});

test('deleted plays leave the list', async () => {
  const store = tempStore();
  const play = recordPlay(store, Date.UTC(2026, 2, 1));
  store.delete(play.id);
  assert.deepEqual(await store.list(), []);
  assert.equal(existsSync(store.playDir(play.id)), false);
});

test('a torn last line in the index (a crash while appending) is ignored', async () => {
  const store = tempStore();
  const play = recordPlay(store, Date.UTC(2026, 3, 1));
  writeFileSync(join(store.root, 'index.jsonl'), readFileSync(join(store.root, 'index.jsonl'), 'utf8') + '{"id":"torn","sta');
  assert.deepEqual((await store.list()).map((p) => p.id), [play.id]);
});

test('after a runtime is killed mid-play, the play shows as interrupted with every whole line kept', async () => {
  const store = tempStore();
  const child = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, '..', 'fixtures', 'record-then-crash.ts'), store.root], { encoding: 'utf8' });
  assert.equal(child.signal, 'SIGKILL', child.stderr);
  const id = child.stdout.trim();
  const [summary] = await store.list();
  assert.equal(summary!.id, id);
  assert.equal(summary!.status, 'interrupted');
  const play = await store.load(id);
  assert.equal(play.status, 'interrupted');
  assert.match(play.error!, /interrupted/);
  assert.deepEqual(play.spans.map((s) => [s.name, s.status]), [['Doomed', 'failed'], ['step one', 'ok']]);
  assert.equal(play.stats.invalid_json, 1, 'only the half-written last line is lost');
  // Settled once, stays settled.
  assert.equal((await store.list())[0]!.status, 'interrupted');
});

test('a store that cannot be written gives a clear error', () => {
  const base = mkdtempSync(join(tmpdir(), 'hero-store-'));
  writeFileSync(join(base, 'blocker'), 'a file where the store should be');
  const store = new PlayStore(join(base, 'blocker', '.hero'));
  assert.throws(() => store.ensureWritable(), (error: Error) => error instanceof StoreError && /cannot write to the play store/.test(error.message));
});

test('listing thousands of plays reads one index file', async () => {
  const store = tempStore();
  for (let i = 0; i < 2000; i++) recordPlay(store, Date.UTC(2026, 4, 1) + i * 1000);
  const list = await store.list();
  assert.equal(list.length, 2000);
  assert.ok(list[0]!.start_ms > list[1999]!.start_ms);
});
