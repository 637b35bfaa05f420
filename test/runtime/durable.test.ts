// Durable plays end to end through the runtime as a library (runtime/src/attempts.ts): real Python,
// the real SDK, and a real JSON-RPC service that counts every call it receives, so "each side effect
// exactly once across attempts" is checked where the effect lands.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Play } from '../../common/src/play';
import { AttemptError, cancelPausedPlay, resumePlay, retryPlay } from '../../runtime/src/attempts';
import { startPlay } from '../../runtime/src/executor';
import { PlayStore } from '../../runtime/src/store';
import { tempDir } from '../helpers/cli';
import { DURABLE, withService } from '../fixtures/durable/rpcService';

const APPROVE = join(DURABLE, 'approve_twice.py');

function spanNamed(play: Play, name: string) {
  return play.spans.filter((span) => span.name === name);
}

function rejects(run: () => unknown, message: RegExp): void {
  assert.throws(run, (error: unknown) => error instanceof AttemptError && message.test(error.message));
}

test('a flow that creates, pauses, creates more, pauses again and finishes, resumed twice, makes each call exactly once; the final trace marks the replayed spans', async () => {
  await withService(async (service, env) => {
    const store = new PlayStore(tempDir());
    const first = await startPlay({ file: APPROVE, store, env }).done;
    assert.equal(first.play.status, 'paused', first.play.error ?? '');
    assert.equal(first.play.pending_pause?.key, 'first');
    assert.equal(first.play.pending_pause?.prompt, 'Approve the first batch?');
    assert.deepEqual(first.play.pending_pause?.fields, { ok: { type: 'bool', required: true } });
    assert.equal(first.play.exit_code, 75);
    assert.deepEqual(await service.calls(), { create: 1 });
    const id = first.play.id;

    const second = await resumePlay(id, { raw: { ok: 'yes' } }, { store, env }).done;
    assert.equal(second.play.id, id);
    assert.equal(second.play.status, 'paused', second.play.error ?? '');
    assert.equal(second.play.pending_pause?.key, 'ship');
    assert.equal(second.play.attempt, 2);
    assert.deepEqual(await service.calls(), { create: 3 });

    const third = await resumePlay(id, { values: { note: 'go' } }, { store, env }).done;
    assert.equal(third.play.status, 'ok', third.play.error ?? '');
    assert.deepEqual(third.play.output, { ids: [1, 2, 3], done: { finished: 3, note: 'go' } });
    assert.deepEqual(await service.calls(), { create: 3, finish: 1 });

    // The final trace: the three creates and the first pause replayed, the last pause and finish live.
    const creates = spanNamed(third.play, 'rpc:Board.create');
    assert.equal(creates.length, 3);
    assert.ok(creates.every((span) => span.replayed), 'every create replayed');
    assert.equal(spanNamed(third.play, 'rpc:Board.finish')[0]!.replayed, false);
    assert.equal(spanNamed(third.play, 'pause:first')[0]!.replayed, true);
    assert.equal(spanNamed(third.play, 'pause:first')[0]!.kind, 'pause');
    assert.deepEqual(
      third.play.attempts!.map(({ attempt, mode, status, replayed, live }) => ({ attempt, mode, status, replayed, live })),
      [
        { attempt: 1, mode: 'run', status: 'paused', replayed: 0, live: 1 },
        { attempt: 2, mode: 'resume', status: 'paused', replayed: 1, live: 3 },
        { attempt: 3, mode: 'resume', status: 'ok', replayed: 4, live: 2 },
      ],
    );
    assert.ok(third.play.attempts!.every((attempt) => typeof attempt.version === 'string' && attempt.diverged === null));

    // The store keeps each attempt's trace; play.json is the latest.
    const dir = store.playDir(id);
    for (const name of ['trace.jsonl', 'trace.2.jsonl', 'trace.3.jsonl', 'history.jsonl']) assert.ok(existsSync(join(dir, name)), name);
    assert.equal(existsSync(join(dir, 'attempt.lock')), false, 'the lock is released');
    const latest = await store.load(id);
    assert.equal(latest.status, 'ok');
    assert.equal(latest.attempt, 3);
    assert.equal(spanNamed(latest, 'rpc:Board.create').filter((span) => span.replayed).length, 3);
    const one = await store.load(id, { attempt: 1 });
    assert.equal(one.status, 'paused');
    assert.equal(spanNamed(one, 'rpc:Board.create').length, 1);
    assert.equal(spanNamed(one, 'rpc:Board.create')[0]!.replayed, false);
    await assert.rejects(store.load(id, { attempt: 4 }), /has no attempt 4/);
    const [summary] = await store.list();
    assert.equal(summary!.status, 'ok');
    assert.equal(summary!.attempt, 3);
  });
});

test('a version change (HERO_FLOW_VERSION_SID) makes a resume execute fresh, still answering the pause', async () => {
  await withService(async (service, env) => {
    const store = new PlayStore(tempDir());
    const first = await startPlay({ file: APPROVE, store, env: { ...env, HERO_FLOW_VERSION_SID: 'v1' } }).done;
    assert.equal(first.play.status, 'paused');
    const second = await resumePlay(first.play.id, { values: { ok: true } }, { store, env: { ...env, HERO_FLOW_VERSION_SID: 'v2' } }).done;
    assert.equal(second.play.status, 'paused', second.play.error ?? '');
    assert.equal(second.play.pending_pause?.key, 'ship');
    assert.deepEqual(await service.calls(), { create: 4 }, 'the first create ran again under the new version');
    const attempt = second.play.attempts![1]!;
    assert.equal(attempt.version, 'v2');
    assert.equal(attempt.replayed, 0);
    assert.ok(attempt.diverged, 'the attempt says why it left the history');
    assert.equal(spanNamed(second.play, 'rpc:Board.create').some((span) => span.replayed), false);
  });
});

test('retry reusing results after a fix executes only from the failed step on', async () => {
  await withService(async (service, env) => {
    const dir = tempDir();
    const file = join(dir, 'fix_later.py');
    copyFileSync(join(DURABLE, 'fix_later.py'), file);
    copyFileSync(join(DURABLE, 'rpc_client.py'), join(dir, 'rpc_client.py'));
    const store = new PlayStore(tempDir());
    const failed = await startPlay({ file, store, env }).done;
    assert.equal(failed.play.status, 'failed');
    assert.match(failed.play.error ?? '', /a bug in step three/);
    assert.deepEqual(await service.calls(), { create: 2 });

    rejects(() => resumePlay(failed.play.id, {}, { store, env }), /is failed, not paused/);
    writeFileSync(file, readFileSync(file, 'utf8').replace('BUG = True', 'BUG = False'));
    const fixed = await retryPlay(failed.play.id, { store, env, reuseResults: true }).done;
    assert.equal(fixed.play.status, 'ok', fixed.play.error ?? '');
    assert.deepEqual(fixed.play.output, { a: 1, done: { finished: 2, note: 'fixed' } });
    assert.deepEqual(await service.calls(), { create: 2, finish: 1 }, 'steps one and two were not repeated');
    const attempt = fixed.play.attempts![1]!;
    assert.equal(attempt.mode, 'retry_reuse');
    assert.equal(attempt.replayed, 2);
    assert.equal(attempt.live, 1);
    rejects(() => retryPlay(failed.play.id, { store, env }), /is ok: only a failed, timed-out, interrupted or cancelled play can be retried/);
  });
});

test('prefill answers both pauses without parking; prefill-only with a missing answer fails fast', async () => {
  await withService(async (service, env) => {
    const store = new PlayStore(tempDir());
    const through = await startPlay({ file: APPROVE, store, env, prefill: { by_key: { ship: { note: 'by key' } }, in_order: [{ ok: true }] } }).done;
    assert.equal(through.play.status, 'ok', through.play.error ?? '');
    assert.equal(through.play.attempts!.length, 1);
    assert.deepEqual((through.play.output as { done: unknown }).done, { finished: 3, note: 'by key' });
    for (const name of ['pause:first', 'pause:ship']) assert.equal(spanNamed(through.play, name)[0]!.tags.prefilled, true, name);
    assert.deepEqual(await service.calls(), { create: 3, finish: 1 });

    const failing = await startPlay({ file: APPROVE, store, env, prefill: { by_key: { first: { ok: true } }, in_order: [] }, prefillOnly: true }).done;
    assert.equal(failing.play.status, 'failed');
    assert.equal(failing.play.prefill_only, true);
    assert.match(failing.play.error ?? '', /pause 'ship' has no prefilled answer/);
    assert.equal(failing.play.pending_pause, null);
    assert.deepEqual(await service.calls(), { create: 6, finish: 1 }, 'it stopped at the pause: no finish');
  });
});

test('two resumes at once: one runs, the other gets "already running attempt 2"; a retry of a paused play is refused', async () => {
  await withService(async (service, env) => {
    const store = new PlayStore(tempDir());
    const release = join(tempDir(), 'release');
    const first = await startPlay({ file: APPROVE, store, env, inputs: { release } }).done;
    assert.equal(first.play.status, 'paused');
    rejects(() => retryPlay(first.play.id, { store, env }), /is paused, waiting on 'Approve the first batch\?': resume it/);
    const winner = resumePlay(first.play.id, { values: { ok: true } }, { store, env });
    rejects(() => resumePlay(first.play.id, { values: { ok: true } }, { store, env }), new RegExp(`play ${first.play.id} is already running attempt 2`));
    rejects(() => cancelPausedPlay(store, first.play.id), /already running attempt 2/);
    writeFileSync(release, '');
    const { play } = await winner.done;
    assert.equal(play.status, 'paused', play.error ?? '');
    assert.equal(play.attempts!.length, 2);
    assert.deepEqual(await service.calls(), { create: 3 });
  });
});

test('a bad answer names the field and keeps the play paused; a resume of a play that is not paused names its status', async () => {
  await withService(async (_service, env) => {
    const store = new PlayStore(tempDir());
    const { play } = await startPlay({ file: APPROVE, store, env }).done;
    rejects(() => resumePlay(play.id, { raw: { ok: 'maybe' } }, { store, env }), /field 'ok' expects true or false.*stays paused/);
    rejects(() => resumePlay(play.id, {}, { store, env }), /field 'ok' \(bool\) is required/);
    rejects(() => resumePlay(play.id, { values: { ok: 1 } }, { store, env }), /field 'ok' expects bool, got number 1/);
    rejects(() => resumePlay(play.id, { values: { ok: true, extra: 1 } }, { store, env }), /unknown field 'extra'; the pause asks for: 'ok'/);
    const stored = await store.load(play.id);
    assert.equal(stored.status, 'paused');
    assert.equal(stored.attempt, 1);
    assert.equal(existsSync(join(store.playDir(play.id), 'attempt.lock')), false);
    rejects(() => resumePlay('20990101-000000-000000', {}, { store, env }), /no play '20990101-000000-000000'/);

    const done = await startPlay({ file: APPROVE, store, env, prefill: { by_key: {}, in_order: [{ ok: true }, {}] } }).done;
    assert.equal(done.play.status, 'ok');
    rejects(() => resumePlay(done.play.id, {}, { store, env }), /is ok, not paused/);
  });
});

test('a paused play cancelled: status cancelled, pending pause cleared, and it is no longer resumable', async () => {
  await withService(async (_service, env) => {
    const store = new PlayStore(tempDir());
    const { play } = await startPlay({ file: APPROVE, store, env }).done;
    const cancelled = cancelPausedPlay(store, play.id);
    assert.equal(cancelled.status, 'cancelled');
    assert.equal(cancelled.pending_pause, null);
    const stored = await store.load(play.id);
    assert.equal(stored.status, 'cancelled');
    assert.equal(stored.pending_pause, null);
    assert.equal(stored.attempts![0]!.status, 'cancelled');
    assert.equal((await store.list())[0]!.status, 'cancelled');
    rejects(() => cancelPausedPlay(store, play.id), /is cancelled, not paused/);
    rejects(() => resumePlay(play.id, { values: { ok: true } }, { store, env }), /is cancelled, not paused/);
  });
});

test('a corrupt history refuses the resume naming the line and keeps the play; a truncated last line is ignored', async () => {
  await withService(async (service, env) => {
    const store = new PlayStore(tempDir());
    const { play } = await startPlay({ file: APPROVE, store, env }).done;
    const path = store.historyPath(play.id);
    const good = readFileSync(path, 'utf8');
    const lines = good.split('\n');
    writeFileSync(path, [lines[0], '{"type":"effect","key":', ...lines.slice(1)].join('\n'));
    rejects(() => resumePlay(play.id, { values: { ok: true } }, { store, env }), /cannot continue: .*history\.jsonl is corrupt at line 2: not JSON.*kept as it was/);
    assert.equal((await store.load(play.id)).status, 'paused');
    assert.equal(existsSync(join(store.playDir(play.id), 'attempt.lock')), false);

    writeFileSync(path, `${good}{"type":"effect","key":"ab`);
    const resumed = await resumePlay(play.id, { values: { ok: true } }, { store, env }).done;
    assert.equal(resumed.play.status, 'paused', resumed.play.error ?? '');
    assert.deepEqual(await service.calls(), { create: 3 });
  });
});

test('a runtime killed while its play was parked: the play reads as paused (the pause line is in the history) and resumes; a stale lock is taken over', async () => {
  await withService(async (service, env) => {
    const store = new PlayStore(tempDir());
    const { play } = await startPlay({ file: APPROVE, store, env }).done;
    // What a kill -9 between the flow's exit 75 and the runtime's record leaves: play.json and the
    // index still say running, owned by a runtime that is gone, and its lock.
    const dead = spawnSync('true').pid!;
    store.rewrite({ ...play, status: 'running', pending_pause: null, end_ms: null }, dead);
    writeFileSync(join(store.playDir(play.id), 'attempt.lock'), JSON.stringify({ pid: dead, attempt: 1 }));
    const [summary] = await store.list();
    assert.equal(summary!.status, 'paused');
    assert.equal(summary!.pending_prompt, 'Approve the first batch?');
    const loaded = await store.load(play.id);
    assert.equal(loaded.pending_pause?.key, 'first');
    const resumed = await resumePlay(play.id, { values: { ok: true } }, { store, env }).done;
    assert.equal(resumed.play.status, 'paused', resumed.play.error ?? '');
    assert.equal(resumed.play.pending_pause?.key, 'ship');
    assert.deepEqual(await service.calls(), { create: 3 });
  });
});

test('a child play (flow.invoke spawn=True) cannot park: its pause without an answer fails it, and the parent with it', async () => {
  const store = new PlayStore(tempDir());
  const { play } = await startPlay({ file: join(DURABLE, 'child_pauses.py'), flow: 'Parent of a pausing child', store }).done;
  assert.equal(play.status, 'failed');
  assert.match(play.error ?? '', /no prefilled answer/);
  const child = (await store.list()).find((summary) => summary.parent_play_id === play.id);
  assert.equal(child?.status, 'failed');
});

test('a timeout applies to each attempt: a resume that times out is retried from the history', async () => {
  await withService(async (_service, env) => {
    const store = new PlayStore(tempDir());
    const release = join(tempDir(), 'release');
    const { play } = await startPlay({ file: APPROVE, store, env, inputs: { release }, timeoutMs: 120_000 }).done;
    assert.equal(play.status, 'paused');
    // The flow waits for `release`, which never comes during this attempt: its own timeout ends it
    // (long enough that the attempt has answered the first pause and made its calls by then).
    const timedOut = await resumePlay(play.id, { values: { ok: true } }, { store, env, timeoutMs: 10_000 }).done;
    assert.equal(timedOut.play.status, 'timed_out');
    assert.deepEqual(timedOut.play.attempts!.map((attempt) => attempt.status), ['paused', 'timed_out']);
    writeFileSync(release, '');
    const retried = await retryPlay(play.id, { store, env }).done;
    assert.equal(retried.play.status, 'paused', retried.play.error ?? '');
    assert.equal(retried.play.pending_pause?.key, 'ship', 'the first answer replayed from the history');
    assert.equal(spanNamed(retried.play, 'pause:first')[0]!.replayed, true);
  });
});
