// Durable plays through the built `hero-flows` CLI (real processes, the real SDK, a real counting
// JSON-RPC service): run/resume exit 75 with the question and the command to type, list and show
// say what a paused play waits on, retry/cancel, prefill, and a runtime killed with -9 mid-attempt.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Play } from '../../common/src/play';
import { CLI, ROOT, tempDir, waitFor } from '../helpers/cli';
import { DURABLE, withService } from '../fixtures/durable/rpcService';

const APPROVE = join(DURABLE, 'approve_twice.py');

function hero(args: string[], env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...env, NO_COLOR: '1' }, encoding: 'utf8', timeout: 120_000 });
}

function onlyPlayId(store: string): string {
  const [id] = readdirSync(join(store, 'plays'));
  return id!;
}

test('run and resume exit 75 with the prompt, the fields and the resume command; list and show say what it waits on; each call happens once', async () => {
  await withService(async (service, env) => {
    const store = tempDir();
    const run = hero(['run', APPROVE, '--store', store], env);
    assert.equal(run.status, 75, run.stderr);
    const id = onlyPlayId(store);
    assert.match(run.stdout, /⏸ paused {2}Approve twice/);
    assert.match(run.stdout, /⏸ waiting: Approve the first batch\? {2}\(pause 'first', attempt 1\)/);
    assert.match(run.stdout, /^ {2}ok \(bool, required\)$/m);
    assert.ok(run.stdout.includes(`resume with: hero-flows resume ${id} --input ok=<bool> --store ${store}`), run.stdout);

    const list = hero(['list', '--store', store], env);
    assert.match(list.stdout, /STATUS.*WAITING ON/);
    assert.match(list.stdout, new RegExp(`${id} +paused +Approve twice .*Approve the first batch\\?`));
    const listed = JSON.parse(hero(['list', '--store', store, '--json'], env).stdout) as Array<{ status: string; pending_prompt: string }>;
    assert.deepEqual([listed[0]!.status, listed[0]!.pending_prompt], ['paused', 'Approve the first batch?']);
    const show = hero(['show', id, '--store', store], env);
    assert.match(show.stdout, /⏸ waiting: Approve the first batch\?/);
    assert.match(show.stdout, /⏸ pause:first waiting for an answer/, 'the parked pause is not drawn done');
    assert.doesNotMatch(show.stdout, /✔ pause:first/);
    assert.match(show.stdout, /resume with: hero-flows resume/);

    const bad = hero(['resume', id, '--input', 'ok=maybe', '--store', store], env);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /field 'ok' expects true or false .*stays paused/);
    assert.equal((JSON.parse(hero(['show', id, '--store', store, '--json'], env).stdout) as Play).status, 'paused');

    const second = hero(['resume', id.slice(0, 18), '--input', 'ok=true', '--store', store], env);
    assert.equal(second.status, 75, second.stderr);
    assert.match(second.stdout, /⏸ waiting: Ship it\?/);
    assert.match(second.stdout, /^ {2}note \(str, default ""\)$/m);
    assert.ok(second.stdout.includes(`resume with: hero-flows resume ${id} --store`), 'no required field: nothing to pass');
    assert.match(second.stdout, /rpc:Board\.create replayed/);

    const third = hero(['resume', id, '--inputs', '{"note": "ship"}', '--store', store, '--json'], env);
    assert.equal(third.status, 0, third.stderr);
    const play = JSON.parse(third.stdout) as Play;
    assert.equal(play.status, 'ok');
    assert.equal(play.attempt, 3);
    assert.equal(play.spans.filter((span) => span.name === 'rpc:Board.create' && span.replayed).length, 3);
    assert.deepEqual(await service.calls(), { create: 3, finish: 1 });

    const first = hero(['show', id, '--attempt', '1', '--store', store], env);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /⏸ paused/);
    assert.match(first.stdout, /attempt 1 of 3/);
    assert.match(hero(['show', id, '--store', store], env).stdout, /attempts:\n +1 +run +paused[^\n]*\n +2 +resume +paused[^\n]*\n +3 +resume +ok .*replayed 4, live 2/);
    const notPaused = hero(['resume', id, '--store', store], env);
    assert.equal(notPaused.status, 2);
    assert.match(notPaused.stderr, /is ok, not paused/);
  });
});

test('run --prefill (a list: in order) runs through both pauses; --prefill-only with a missing answer fails fast; cancel ends a paused play', async () => {
  await withService(async (service, env) => {
    const store = tempDir();
    const through = hero(['run', APPROVE, '--prefill', '[{"ok": true}, {"note": "pre"}]', '--store', store, '--json'], env);
    assert.equal(through.status, 0, through.stderr);
    assert.equal((JSON.parse(through.stdout) as Play).attempts!.length, 1);
    const fast = hero(['run', APPROVE, '--prefill', '{"first": {"ok": true}}', '--prefill-only', '--store', store], env);
    assert.equal(fast.status, 1, fast.stderr);
    assert.match(fast.stdout, /pause 'ship' has no prefilled answer/);
    assert.deepEqual(await service.calls(), { create: 6, finish: 1 });
    const badPrefill = hero(['run', APPROVE, '--prefill', '[1]', '--store', store], env);
    assert.equal(badPrefill.status, 2);
    assert.match(badPrefill.stderr, /answer 1 is not an object/);

    const parked = hero(['run', APPROVE, '--store', store, '--json'], env);
    assert.equal(parked.status, 75);
    assert.match(parked.stderr, /⏸ waiting: Approve the first batch\?/, 'with --json the question goes to stderr');
    const id = (JSON.parse(parked.stdout) as Play).id;
    const cancel = hero(['cancel', id, '--store', store], env);
    assert.equal(cancel.status, 0, cancel.stderr);
    assert.match(cancel.stdout, /cancelled/);
    assert.match(hero(['list', '--store', store], env).stdout, new RegExp(`${id} +cancelled`));
    const again = hero(['cancel', id, '--store', store], env);
    assert.equal(again.status, 2);
    assert.match(again.stderr, /is cancelled, not paused/);
  });
});

test('kill -9 of the runtime (a CLI process) during an attempt: the play is interrupted, retry continues from the history', async () => {
  await withService(async (service, env) => {
    const store = tempDir();
    const release = join(tempDir(), 'release');
    const child = spawn(process.execPath, [CLI, 'run', join(DURABLE, 'waits_mid_attempt.py'), '--input', `release=${release}`, '--store', store], { env: { ...env, NO_COLOR: '1' }, stdio: 'ignore' });
    await waitFor('the recorded create', () => existsSync(join(store, 'plays')) && readdirSync(join(store, 'plays')).length === 1 && readFileSync(join(store, 'plays', onlyPlayId(store), 'history.jsonl'), 'utf8').includes('"name":"Board.create"'));
    const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
    child.kill('SIGKILL');
    await exited;
    const id = onlyPlayId(store);
    assert.match(hero(['list', '--store', store], env).stdout, new RegExp(`${id} +interrupted`));
    const resume = hero(['resume', id, '--store', store], env);
    assert.equal(resume.status, 2);
    assert.match(resume.stderr, /is interrupted, not paused: only a paused play can be resumed \(retry it with 'hero-flows retry/);
    writeFileSync(release, '');
    const retry = hero(['retry', id, '--store', store, '--json'], env);
    assert.equal(retry.status, 0, retry.stderr);
    const play = JSON.parse(retry.stdout) as Play;
    assert.equal(play.attempts![1]!.mode, 'retry');
    assert.equal(play.spans.find((span) => span.name === 'rpc:Board.create')!.replayed, true);
    assert.deepEqual(await service.calls(), { create: 1, finish: 1 });
  });
});

test('kill -9 of a resume mid-attempt, then retry; two concurrent resumes: one wins, the other is told which attempt runs', async () => {
  await withService(async (service, env) => {
    const store = tempDir();
    const release = join(tempDir(), 'release');
    assert.equal(hero(['run', APPROVE, '--input', `release=${release}`, '--store', store], env).status, 75);
    const id = onlyPlayId(store);
    const lock = join(store, 'plays', id, 'attempt.lock');

    // A resume held before its second pause, killed with -9: interrupted, its recorded calls kept.
    const doomed = spawn(process.execPath, [CLI, 'resume', id, '--input', 'ok=1', '--store', store], { env, stdio: 'ignore' });
    await waitFor('the resume to record its creates', () => readFileSync(join(store, 'plays', id, 'history.jsonl'), 'utf8').split('"name":"Board.create"').length === 4);
    const exited = new Promise((resolveExit) => doomed.once('exit', resolveExit));
    doomed.kill('SIGKILL');
    await exited;
    assert.match(hero(['list', '--store', store], env).stdout, new RegExp(`${id} +interrupted`));

    // The retry takes over the dead runtime's lock and ends that attempt's flow; it holds in turn.
    const winner = spawn(process.execPath, [CLI, 'retry', id, '--store', store], { env, stdio: 'ignore' });
    await waitFor('the retry to hold the lock', () => existsSync(lock) && readFileSync(lock, 'utf8').includes('"attempt":3'));
    const loser = hero(['resume', id, '--input', 'ok=true', '--store', store], env);
    assert.equal(loser.status, 2);
    assert.match(loser.stderr, new RegExp(`play ${id} is already running attempt 3`));
    writeFileSync(release, '');
    const code = await new Promise((resolveExit) => winner.once('exit', resolveExit));
    assert.equal(code, 75, 'the retry replays the answered pause and parks at the next one');
    assert.deepEqual(await service.calls(), { create: 3 });
    const done = hero(['resume', id, '--store', store], env);
    assert.equal(done.status, 0, done.stdout + done.stderr);
    assert.deepEqual(await service.calls(), { create: 3, finish: 1 });
  });
});

test('retry --reuse-results after fixing the file runs only the failed step; a corrupt history is refused naming its line', async () => {
  await withService(async (service, env) => {
    const dir = tempDir();
    const file = join(dir, 'fix_later.py');
    copyFileSync(join(DURABLE, 'fix_later.py'), file);
    copyFileSync(join(DURABLE, 'rpc_client.py'), join(dir, 'rpc_client.py'));
    const store = tempDir();
    assert.equal(hero(['run', file, '--store', store], env).status, 1);
    const id = onlyPlayId(store);
    writeFileSync(file, readFileSync(file, 'utf8').replace('BUG = True', 'BUG = False'));
    const history = join(store, 'plays', id, 'history.jsonl');
    const good = readFileSync(history, 'utf8');
    writeFileSync(history, good.replace('\n', '\n{"type":"effect"}\n'));
    const corrupt = hero(['retry', id, '--reuse-results', '--store', store], env);
    assert.equal(corrupt.status, 2);
    assert.match(corrupt.stderr, /history\.jsonl is corrupt at line 2: an effect record: "key" is not 32 hex digits/);
    writeFileSync(history, good);
    const fixed = hero(['retry', id, '--reuse-results', '--store', store], env);
    assert.equal(fixed.status, 0, fixed.stdout + fixed.stderr);
    assert.match(fixed.stdout, /2 +retry_reuse +ok .*replayed 2, live 1/);
    assert.deepEqual(await service.calls(), { create: 2, finish: 1 });
  });
});

/** The state letter of a process in /proc (Z: exited, waiting for its parent), or undefined once it is gone. */
function processState(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return undefined;
  }
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'latin1').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

test('kill -9 of the runtime after its flow parked but before it recorded the pause: the play reads as paused and resumes', async () => {
  await withService(async (service, env) => {
    const store = tempDir();
    const release = join(tempDir(), 'release');
    assert.equal(hero(['run', APPROVE, '--input', `release=${release}`, '--store', store], env).status, 75);
    const id = onlyPlayId(store);
    const history = () => readFileSync(join(store, 'plays', id, 'history.jsonl'), 'utf8');
    // The resume's flow waits for `release` before its second pause: freeze its runtime there, then
    // let the flow go on alone to the pause, park and exit; then kill the frozen runtime.
    const runtime = spawn(process.execPath, [CLI, 'resume', id, '--input', 'ok=true', '--store', store], { env: { ...env, NO_COLOR: '1' }, stdio: 'ignore' });
    await waitFor('the resume to record its creates', () => history().split('"name":"Board.create"').length === 4, 60_000);
    const flow = await waitFor('the flow process', () => childrenOf(runtime.pid!).find((pid) => readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes('hero_bootstrap')));
    runtime.kill('SIGSTOP');
    writeFileSync(release, '');
    await waitFor('the flow to park and exit', () => history().includes('"pause_key":"ship"') && [undefined, 'Z'].includes(processState(flow)), 60_000);
    const exited = new Promise((resolveExit) => runtime.once('exit', resolveExit));
    runtime.kill('SIGKILL');
    await exited;
    assert.equal((JSON.parse(readFileSync(join(store, 'plays', id, 'play.json'), 'utf8')) as Play).status, 'running', 'the runtime never recorded the pause');

    const listed = JSON.parse(hero(['list', '--store', store, '--json'], env).stdout) as Array<{ status: string; pending_prompt: string }>;
    assert.deepEqual([listed[0]!.status, listed[0]!.pending_prompt], ['paused', 'Ship it?']);
    const done = hero(['resume', id, '--store', store, '--json'], env);
    assert.equal(done.status, 0, done.stderr);
    assert.equal((JSON.parse(done.stdout) as Play).attempt, 3);
    assert.deepEqual(await service.calls(), { create: 3, finish: 1 });
  });
});
