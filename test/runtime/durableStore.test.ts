// The store's side of durable plays, without Python: the attempt lock (exclusive, a dead holder taken
// over, a planted link never followed), a resume's answer checked against the pause's fields, and the
// durable fields of a crafted play.json or index line read as untrusted data.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { AttemptLock, LOCK_FILE } from '../../runtime/src/attemptLock';
import { MAX_RESULT_BYTES } from '../../common/src/historyLimits';
import { checkPauseAnswer } from '../../runtime/src/pauseAnswer';
import { readIndexLine, readPlayMeta } from '../../runtime/src/storedRecords';
import { AttemptError, cancelPausedPlay, resumePlay, retryPlay } from '../../runtime/src/attempts';
import { emptyPlay } from '../../runtime/src/playOutcome';
import { newPlayId, PlayStore } from '../../runtime/src/store';
import { tempDir } from '../helpers/cli';

const deadPid = () => spawnSync('true').pid!;

test('the attempt lock: exclusive while held, free once released, a dead holder or a torn file taken over', () => {
  const dir = tempDir();
  const lock = AttemptLock.acquire(dir, 2);
  assert.ok(lock instanceof AttemptLock);
  assert.equal(lstatSync(join(dir, LOCK_FILE)).mode & 0o777, 0o600);
  assert.deepEqual(AttemptLock.acquire(dir, 3), { heldBy: { pid: process.pid, attempt: 2 } });
  lock.release();
  assert.equal(existsSync(join(dir, LOCK_FILE)), false);

  writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: deadPid(), attempt: 5 }));
  const taken = AttemptLock.acquire(dir, 6);
  assert.ok(taken instanceof AttemptLock, 'a dead holder is taken over');
  assert.match(readFileSync(join(dir, LOCK_FILE), 'utf8'), new RegExp(`"pid":${process.pid},"attempt":6`));
  taken.release();

  for (const torn of ['{"pid":', '[1]', '{"pid":"1","__proto__":{"pid":1}}', '']) {
    writeFileSync(join(dir, LOCK_FILE), torn);
    const again = AttemptLock.acquire(dir, 1);
    assert.ok(again instanceof AttemptLock, `taken over: ${torn}`);
    again.release();
  }
  assert.deepEqual(readdirSync(dir), [], 'nothing left beside it');
});

test('a lock planted as a link is moved aside, never followed or written through', () => {
  const dir = tempDir();
  const outside = join(tempDir(), 'precious');
  writeFileSync(outside, 'keep me');
  symlinkSync(outside, join(dir, LOCK_FILE));
  const lock = AttemptLock.acquire(dir, 1);
  assert.ok(lock instanceof AttemptLock);
  assert.equal(readFileSync(outside, 'utf8'), 'keep me');
  assert.equal(lstatSync(join(dir, LOCK_FILE)).isSymbolicLink(), false);
  lock.release();
});

test('a resume answer: typed and raw values by the field types, unknown, missing and wrong fields named; prototype names are data', () => {
  const fields = { approve: { type: 'bool', required: true }, count: { type: 'int', default: 1, required: false }, note: { type: 'str', default: '' }, tags: { type: 'list', required: false } };
  assert.deepEqual(checkPauseAnswer(fields, { raw: { approve: 'yes', count: '3' } }), { ok: true, answer: { approve: true, count: 3 } });
  assert.deepEqual(checkPauseAnswer(fields, { values: { approve: false, tags: ['a'] }, raw: { note: 'n' } }), { ok: true, answer: { approve: false, note: 'n', tags: ['a'] } });
  assert.deepEqual(checkPauseAnswer({}, {}), { ok: true, answer: {} });
  const problems: Array<[Parameters<typeof checkPauseAnswer>[1], RegExp]> = [
    [{}, /field 'approve' \(bool\) is required/],
    [{ raw: { approve: 'true', count: '1.5' } }, /field 'count' expects a whole number/],
    [{ values: { approve: 'true' } }, /field 'approve' expects bool, got string "true"/],
    [{ values: { approve: true, tags: { a: 1 } } }, /field 'tags' expects list, got an object/],
    [{ values: { approve: true, extra: 1 } }, /unknown field 'extra'; the pause asks for: 'approve', 'count', 'note', 'tags'/],
  ];
  for (const [answer, message] of problems) {
    const checked = checkPauseAnswer(fields, answer);
    assert.ok(!checked.ok && message.test(checked.problem), `${JSON.stringify(answer)}: ${JSON.stringify(checked)}`);
  }
  const limit = MAX_RESULT_BYTES;
  const fits = checkPauseAnswer({ note: { type: 'str' } }, { raw: { note: 'a'.repeat(limit - '{"note":""}'.length) } });
  assert.ok(fits.ok, 'an answer of exactly the limit is recorded');
  const over = checkPauseAnswer({ note: { type: 'str' } }, { raw: { note: 'é'.repeat(Math.ceil(limit / 6)) } });
  assert.ok(!over.ok && /over the 256 KiB a pause can record/.test(over.problem), JSON.stringify(over).slice(0, 200));
  const noFields = checkPauseAnswer({}, { values: { x: 1 } });
  assert.ok(!noFields.ok && /asks for no fields/.test(noFields.problem));
  const proto = JSON.parse('{"__proto__": {"type": "str"}}');
  const checked = checkPauseAnswer(proto, { raw: JSON.parse('{"__proto__": "x"}') });
  assert.ok(checked.ok);
  assert.deepEqual(Object.keys(checked.answer), ['__proto__']);
  assert.equal(Object.getPrototypeOf(checked.answer), Object.prototype);
});

test('a crafted play.json: durable fields of the wrong shape are dropped or read as none, never trusted', () => {
  const base = { status: 'paused', start_ms: 1, inputs: {} };
  const meta = readPlayMeta('20261203-000000-000000', JSON.stringify({
    ...base,
    attempt: 2,
    attempts: [
      { attempt: 1, mode: 'run', start_ms: 1, end_ms: 2, status: 'paused', error: null, exit_code: 75, replayed: 0, live: 1, diverged: null, version: 'v' },
      { attempt: 0, mode: 'run', start_ms: 1, status: 'ok' },
      { attempt: 3, mode: 'rm -rf', start_ms: 1, status: 'ok' },
      { attempt: 4, mode: 'retry', start_ms: 1, status: 'ok', replayed: -5, live: 'many' },
      'junk',
    ],
    pending_pause: { key: 'k', prompt: 'p', fields: { f: { type: 'str' } }, span_id: 's', attempt: 'one', since_ms: 1 },
    prefill_only: 'yes',
  }));
  assert.ok(meta.ok);
  assert.equal(meta.play.attempt, 2);
  assert.deepEqual(meta.play.attempts!.map((attempt) => [attempt.attempt, attempt.mode, attempt.replayed, attempt.live]), [[1, 'run', 0, 1], [4, 'retry', 0, 0]]);
  assert.equal(meta.play.pending_pause, null);
  assert.equal(meta.play.prefill_only, undefined);
  const old = readPlayMeta('20261203-000000-000000', JSON.stringify(base));
  assert.ok(old.ok && old.play.attempts === undefined && old.play.pending_pause === undefined, 'a play stored before durable plays reads as before');

  const line = readIndexLine(JSON.stringify({ id: '20261203-000000-000000', status: 'paused', start_ms: 1, pid: 5, attempt: -1, pending_prompt: 'x'.repeat(5000) }));
  assert.ok(line && !('deleted' in line));
  assert.equal(line.attempt, undefined);
  assert.equal(line.pending_prompt!.length, 301);
});

test('a later attempt never writes through a trace file planted as a link; cancel and resume of a play folder that is a link are refused', () => {
  const store = new PlayStore(tempDir());
  const play = emptyPlay(newPlayId(), Date.now());
  play.source_file = '/nonexistent/flow.py';
  play.attempt = 1;
  play.attempts = [{ attempt: 1, mode: 'run', start_ms: 1, end_ms: 2, status: 'paused', error: null, exit_code: 75, replayed: 0, live: 0, diverged: null, version: 'v' }];
  play.pending_pause = { key: 'k', prompt: 'p', fields: {}, span_id: 's', attempt: 1, since_ms: 1 };
  const recorder = store.begin(play);
  play.status = 'paused';
  recorder.finish(play);
  const outside = join(tempDir(), 'outside.jsonl');
  writeFileSync(outside, 'keep');
  symlinkSync(outside, join(store.playDir(play.id), 'trace.2.jsonl'));
  assert.throws(() => resumePlay(play.id, {}, { store }), (error: unknown) => error instanceof AttemptError && /cannot continue: cannot write .*trace\.2\.jsonl/.test(error.message));
  assert.equal(readFileSync(outside, 'utf8'), 'keep');
  assert.equal(existsSync(join(store.playDir(play.id), LOCK_FILE)), false, 'the lock was released');

  // A play folder replaced by a link elsewhere: refused before any lock is made there.
  const elsewhere = tempDir();
  const linked = newPlayId().replace(/.$/, '0');
  mkdirSync(join(elsewhere, 'x'));
  symlinkSync(join(elsewhere, 'x'), store.playDir(linked));
  store.appendIndex({ id: linked, flow_name: null, source_file: null, status: 'paused', start_ms: 1, end_ms: null, error: null, span_count: 0, pid: 1 });
  assert.throws(() => cancelPausedPlay(store, linked), AttemptError);
  assert.deepEqual(readdirSync(join(elsewhere, 'x')), []);
});

test('a play.json naming an attempt whose trace is missing loads with no spans, and --attempt of one it never had is a clear error', async () => {
  const store = new PlayStore(tempDir());
  const play = emptyPlay(newPlayId(), Date.now());
  const recorder = store.begin(play);
  play.status = 'failed';
  play.attempt = 7;
  play.attempts = [{ attempt: 7, mode: 'retry', start_ms: 1, end_ms: 2, status: 'failed', error: 'x', exit_code: 1, replayed: 0, live: 0, diverged: null, version: null }];
  recorder.finish(play);
  const loaded = await store.load(play.id);
  assert.equal(loaded.attempt, 7);
  assert.deepEqual(loaded.spans, []);
  await assert.rejects(store.load(play.id, { attempt: 3 }), /has no attempt 3/);
});

test('a play stored as running by a live runtime (no lock yet) is not continued, nor are its processes touched', () => {
  const store = new PlayStore(tempDir());
  const play = emptyPlay(newPlayId(), Date.now());
  play.source_file = '/nonexistent/flow.py';
  store.begin(play);
  store.rewrite(play, process.ppid); // a live process that is not this one
  assert.throws(() => retryPlay(play.id, { store }), (error: unknown) => error instanceof AttemptError && /is already running attempt 1 \(runtime pid \d+\)/.test(error.message));
  assert.throws(() => cancelPausedPlay(store, play.id), /is already running attempt 1/);
  assert.equal(existsSync(join(store.playDir(play.id), LOCK_FILE)), false);
});
