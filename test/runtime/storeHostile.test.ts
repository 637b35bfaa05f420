// A play store is untrusted input (it can come with a cloned repository): ids read from it never
// become paths outside it, links planted in it are refused with a clear message, bad records are
// skipped and counted without losing a valid neighbour, and no record makes a reader throw or recurse.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { PlayStore, StoreError, newPlayId, summaryOf } from '../../runtime/src/store';
import { emptyPlay } from '../../runtime/src/playOutcome';
import { isPlayId, isPlayIdPrefix } from '../../runtime/src/playId';
import { DEPTH_CUT_MARKER } from '../../common/src/jsonData';
import { cli, FLOWS, tempDir } from '../helpers/cli';

/** A pid that was a process a moment ago: a runtime that died. */
const DEAD_PID = spawnSync(process.execPath, ['-e', '']).pid!;

/** A folder outside the store with a file in it: every test asserts it survives untouched. */
function victim(base: string): { dir: string; file: string; check: () => void } {
  const dir = join(base, 'victim');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'precious.txt');
  writeFileSync(file, 'keep me\n');
  // What the store would read and rewrite if it settled this folder as an interrupted play.
  writeFileSync(join(dir, 'play.json'), JSON.stringify({ ...emptyPlay('20260101-000000-aaaaaa', 1), runtime_pid: DEAD_PID }));
  writeFileSync(join(dir, 'trace.jsonl'), '');
  const before = readdirSync(dir).sort().map((name) => [name, readFileSync(join(dir, name), 'utf8')]);
  return {
    dir,
    file,
    check: () => assert.deepEqual(readdirSync(dir).sort().map((name) => [name, readFileSync(join(dir, name), 'utf8')]), before, `${dir} was touched`),
  };
}

function recordPlay(store: PlayStore, startMs: number) {
  const play = emptyPlay(newPlayId(new Date(startMs)), startMs);
  play.flow_name = 'good';
  const recorder = store.begin(play);
  recorder.writeTrace(Buffer.from(`{"type":"span_start","span_id":"r","parent_id":null,"name":"x","t_ms":${startMs}}\n`));
  play.status = 'ok';
  play.end_ms = startMs + 10;
  recorder.finish(play);
  return play;
}

function indexLine(id: unknown, more: Record<string, unknown> = {}): string {
  return `${JSON.stringify({ ...summaryOf({ ...emptyPlay('x', 1000), flow_name: 'crafted' }, 0, DEAD_PID), id, ...more })}\n`;
}

function setup() {
  const base = tempDir('hero-hostile-');
  const store = new PlayStore(join(base, 'ws', '.hero'));
  const good = recordPlay(store, Date.UTC(2026, 0, 1));
  return { base, store, good, target: victim(base) };
}

test('the play id format: what newPlayId makes, and nothing that could be a path', () => {
  for (let i = 0; i < 50; i++) assert.ok(isPlayId(newPlayId(new Date(Date.UTC(2026, 0, 1) + i * 86_400_013))));
  for (const bad of ['../../../victim', '/tmp/victim', '20260101-000000-aaaaaa/..', '20260101-000000-aaaaa\0', '20260101-000000-AAAAAA', '', '..', 42, null, '20260101-000000-aaaaaa\n']) {
    assert.equal(isPlayId(bad), false, JSON.stringify(bad));
  }
  assert.ok(isPlayIdPrefix('2026'));
  assert.ok(isPlayIdPrefix('20260101-00'));
  assert.equal(isPlayIdPrefix('../2026'), false);
  assert.equal(isPlayIdPrefix(''), false);
  assert.equal(isPlayIdPrefix('20260101-000000-aaaaaa0'), false);
});

test('index lines whose ids are paths (../, absolute, with / or NUL) are skipped and counted; delete refuses them; nothing outside is touched', async () => {
  const { base, store, good, target } = setup();
  const crafted = ['../../victim', `${target.dir}`, '../../../../../../../../..' + target.dir, 'a/../../../victim', `20260101-000000-aaaaaa\0/../../../victim`, '..'];
  // Running with a dead runtime: the store would settle each, writing play.json into its folder.
  for (const id of crafted) appendFileSync(join(store.root, 'index.jsonl'), indexLine(id, { status: 'running', end_ms: null }));
  const list = await store.list();
  assert.deepEqual(list.map((p) => p.id), [good.id], 'only the valid play lists');
  assert.equal(store.skippedIndexLines, crafted.length);
  for (const id of crafted) assert.throws(() => store.delete(id), (error: Error) => error instanceof StoreError && /not a play id/.test(error.message));
  for (const id of crafted) await assert.rejects(store.load(id), StoreError);
  target.check();
  assert.ok(existsSync(join(base, 'victim')));
  assert.deepEqual((await store.list()).map((p) => p.id), [good.id]);
});

test('a play folder that is a link out of the store is refused for settling, loading and deleting', async () => {
  const { store, good, target } = setup();
  const id = '20260102-000000-bbbbbb';
  symlinkSync(target.dir, join(store.root, 'plays', id));
  appendFileSync(join(store.root, 'index.jsonl'), indexLine(id, { status: 'running', end_ms: null, start_ms: Date.UTC(2026, 0, 2) }));
  const list = await store.list(); // settles the dead runtime's play: must not write through the link
  assert.deepEqual(list.map((p) => [p.id, p.status]), [[id, 'interrupted'], [good.id, 'ok']]);
  await assert.rejects(store.load(id), /is a symbolic link to .*victim, outside the play store/);
  assert.throws(() => store.delete(id), /is a symbolic link to .*victim, outside the play store/);
  target.check();
  assert.equal((await store.load(good.id)).status, 'ok', 'its neighbours still load');
});

test('a play file that is a link (trace.jsonl → a file outside) is refused, not read', async () => {
  const { store, good, target } = setup();
  const trace = join(store.playDir(good.id), 'trace.jsonl');
  const { rmSync } = await import('node:fs');
  rmSync(trace);
  symlinkSync(target.file, trace);
  await assert.rejects(store.load(good.id), /refusing .*trace\.jsonl: it is a symbolic link/);
  target.check();
});

test('a store whose plays/ or index.jsonl is a link elsewhere is refused with a message naming it, for reading and writing', async () => {
  for (const part of ['plays', 'index.jsonl'] as const) {
    const base = tempDir('hero-hostile-');
    const target = victim(base);
    const store = new PlayStore(join(base, 'ws', '.hero'));
    mkdirSync(store.root, { recursive: true });
    const elsewhere = part === 'plays' ? target.dir : target.file;
    symlinkSync(elsewhere, join(store.root, part));
    const refused = (error: Error) => error instanceof StoreError && error.message.includes(join(store.root, part)) && /is a symbolic link/.test(error.message);
    await assert.rejects(store.list(), refused);
    assert.throws(() => store.ensureWritable(), refused);
    assert.throws(() => store.begin(emptyPlay(newPlayId(), Date.now())), refused);
    assert.throws(() => store.resolveId('2026'), refused);
    assert.throws(() => store.delete('20260101-000000-aaaaaa'), refused);
    for (const args of [['list'], ['show', '2026'], ['run', join(FLOWS, 'empty_flow.py')]]) {
      const result = cli([...args, '--store', store.root]);
      assert.equal(result.status, 2, `${args[0]}: ${result.stderr}`);
      const expected = `hero-flows: refusing the play store ${store.root}: ${join(store.root, part)} is a symbolic link (to ${elsewhere}); a store's ${part} must be a ${part === 'plays' ? 'folder' : 'regular file'} of its own`;
      assert.ok(result.stderr.startsWith(expected), `${args[0]}: ${result.stderr}`);
    }
    target.check();
  }
});

test('a crafted play.json: deep inputs and output are cut, wrong types are a clear "damaged" error, prototype keys stay data', async () => {
  const { store, good } = setup();
  const metaPath = join(store.playDir(good.id), 'play.json');
  const meta = JSON.parse(readFileSync(metaPath, 'utf8'));
  const deep = '{"d":'.repeat(10_000) + '1' + '}'.repeat(10_000);
  writeFileSync(metaPath, JSON.stringify({ ...meta, inputs: '@INPUTS@', output: '@OUTPUT@' }).replace('"@INPUTS@"', `{"__proto__":{"polluted":true},"deep":${deep}}`).replace('"@OUTPUT@"', deep));
  const play = await store.load(good.id);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.deepEqual(Object.keys(play.inputs), ['__proto__', 'deep']);
  let level: unknown = play.output;
  let depth = 0;
  while (typeof level === 'object' && level !== null) {
    level = (level as Record<string, unknown>).d;
    depth++;
  }
  assert.equal(level, DEPTH_CUT_MARKER);
  assert.ok(depth <= 64, `output nests ${depth} levels`);
  assert.doesNotThrow(() => JSON.stringify(play));

  for (const damage of [{ status: 'pwned' }, { start_ms: 'yesterday' }, { flow_name: { toString: 1 } }, { inputs: [1] }, { stdout: 7 }]) {
    writeFileSync(metaPath, JSON.stringify({ ...meta, ...damage }));
    await assert.rejects(store.load(good.id), (error: Error) => error instanceof StoreError && /is damaged/.test(error.message), JSON.stringify(damage));
  }
  writeFileSync(metaPath, '[]');
  await assert.rejects(store.load(good.id), /is damaged .*not a JSON object/);
});

test('index lines of the wrong shape are skipped and counted: wrong types, prototype keys, a parent id that is a path', async () => {
  const { store, good } = setup();
  const id = (n: number) => `20260103-00000${n}-cccccc`;
  const lines = [
    indexLine(id(1), { status: 'exploded' }),
    indexLine(id(2), { start_ms: '0' }),
    indexLine(id(3), { pid: -1 }),
    indexLine(id(4), { flow_name: ['x'] }),
    '{"__proto__":{"id":"20260103-000005-cccccc"}}\n',
    'null\n', '[]\n', '"20260103-000006-cccccc"\n',
    indexLine(id(7), { parent_play_id: '../../x' }),
  ];
  appendFileSync(join(store.root, 'index.jsonl'), lines.join(''));
  const list = await store.list();
  assert.deepEqual(list.map((p) => p.id).sort(), [good.id, id(7)].sort());
  assert.equal(list.find((p) => p.id === id(7))!.parent_play_id, null, 'a bad parent id is dropped, the play kept');
  assert.equal(store.skippedIndexLines, 8);
});

test('fuzz: random and mutated index lines never throw and never lose a valid play', async () => {
  const { store, good } = setup();
  const index = join(store.root, 'index.jsonl');
  const valid = readFileSync(index, 'utf8');
  const line = fc.oneof(
    fc.string({ maxLength: 60 }),
    fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
    fc.record({ id: fc.oneof(fc.string(), fc.constantFrom('../../victim', '/etc', '..', 'a/b')), status: fc.constantFrom('ok', 'running', 'x'), pid: fc.integer(), start_ms: fc.double() }).map((value) => JSON.stringify(value)),
    fc.constant(valid.trim()).map((text) => text.slice(0, text.length >> 1)),
  );
  await fc.assert(
    fc.asyncProperty(fc.array(line.map((text) => text.replace(/\n/g, ' ')), { maxLength: 20 }), async (noise) => {
      writeFileSync(index, `${noise.slice(0, 10).join('\n')}\n${valid}${noise.slice(10).join('\n')}\n`);
      const ids = (await store.list()).map((p) => p.id);
      assert.ok(ids.includes(good.id));
      assert.ok(ids.every(isPlayId));
    }),
    { seed: 20261202, numRuns: 300 },
  );
});

test('the CLI: show of a path-like id is a usage error; list and show --json of a crafted store do not crash', () => {
  const { base, store, good, target } = setup();
  appendFileSync(join(store.root, 'index.jsonl'), indexLine('../../victim') + 'not json\n');
  const show = cli(['show', '../../victim', '--store', store.root], { cwd: base });
  assert.equal(show.status, 2, show.stderr);
  assert.match(show.stderr, /no play .*not a play id/);
  const list = cli(['list', '--json', '--store', store.root]);
  assert.equal(list.status, 0, list.stderr);
  assert.deepEqual(JSON.parse(list.stdout).map((p: { id: string }) => p.id), [good.id]);
  assert.match(list.stderr, /skipped 2 bad lines of .*index\.jsonl/, 'the user hears that lines were skipped');
  const metaPath = join(store.playDir(good.id), 'play.json');
  const deep = '['.repeat(20_000) + ']'.repeat(20_000);
  writeFileSync(metaPath, readFileSync(metaPath, 'utf8').replace(/"output":null/, `"output":${deep}`));
  const shown = cli(['show', good.id, '--json', '--store', store.root]);
  assert.equal(shown.status, 0, shown.stderr);
  assert.equal(JSON.parse(shown.stdout).id, good.id);
  target.check();
});
