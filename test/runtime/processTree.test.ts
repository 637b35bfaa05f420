// The runtime as a library: PlayRun.cancel and timeoutMs end every process the flow started, the
// daemons that left its session included, and the play lists what had to be killed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Play } from '../../common/src/play';
import { startPlay, type PlayRun } from '../../runtime/src/executor';
import { PlayStore } from '../../runtime/src/store';
import { PROCESS_MARK_ENV, ProcessTree } from '../../runtime/src/processTree';
import { spawn } from 'node:child_process';
import { FLOWS, tempDir, waitFor } from '../helpers/cli';
import { isGone, killIfAlive } from '../helpers/processes';

const BOUND = { timeout: 60_000 };

/**
 * Starts daemonizes.py, and resolves with the daemon's pid once it is `sleep`: the daemon prints its
 * pid just before its exec, and a cancel in between would kill it while it is still `python3`.
 */
function startDaemonizing(inputs: Record<string, string>, options: { timeoutMs?: number; cancelGraceMs?: number } = {}) {
  const run = startPlay({ file: join(FLOWS, 'daemonizes.py'), inputs, store: new PlayStore(tempDir()), ...options });
  let stdout = '';
  const daemon = new Promise<number>((resolve) => {
    run.onEvent((event) => {
      if (event.type !== 'process_output' || event.stream !== 'stdout') return;
      stdout += event.text;
      const match = /daemon pid (\d+)/.exec(stdout);
      if (match) void execed(Number(match[1])).then(resolve);
    });
  });
  return { run, daemon };
}

async function execed(pid: number): Promise<number> {
  const command = () => { try { return readFileSync(`/proc/${pid}/comm`, 'utf8').trim(); } catch { return undefined; } };
  await waitFor('the daemon to become sleep', () => command() !== 'python3', 50_000).catch(() => undefined);
  return pid;
}

async function endsWithDaemon(run: PlayRun, daemon: number): Promise<Play> {
  try {
    const { play } = await run.done;
    assert.deepEqual(play.killed_processes?.filter((process) => process.pid === daemon), [{ pid: daemon, command: 'sleep' }], JSON.stringify(play.killed_processes));
    await waitFor('the daemon to be gone', () => isGone(daemon));
    return play;
  } finally {
    killIfAlive(daemon);
  }
}

test('cancel() ends the play and a daemon that keeps its stdout', BOUND, async () => {
  const { run, daemon } = startDaemonizing({ stdio: 'keep' });
  const pid = await daemon;
  run.cancel();
  const play = await endsWithDaemon(run, pid);
  assert.equal(play.status, 'cancelled');
});

test('cancel() ends a daemon that closed its stdio and ignores SIGTERM', BOUND, async () => {
  const { run, daemon } = startDaemonizing({ stdio: 'close', sigterm: 'ignore' }, { cancelGraceMs: 60_000 });
  const pid = await daemon;
  run.cancel();
  // The flow's own process obeys SIGTERM: the daemon is killed as soon as it is gone, not after the grace.
  const play = await endsWithDaemon(run, pid);
  assert.equal(play.status, 'cancelled');
});

test('a timeout ends a daemon that keeps its stdout and ignores SIGTERM', BOUND, async () => {
  for (let timeoutMs = 1000; ; timeoutMs *= 2) {
    const { run, daemon } = startDaemonizing({ stdio: 'keep', sigterm: 'ignore' }, { timeoutMs, cancelGraceMs: 60_000 });
    const pid = await Promise.race([daemon, run.done.then(() => undefined)]);
    if (pid === undefined && timeoutMs < 16_000) continue; // timed out before the daemon started: a longer timeout
    const play = await endsWithDaemon(run, pid!);
    assert.equal(play.status, 'timed_out');
    return;
  }
});

test('a daemon nothing links to the play any more (no environment, own session) cannot hold the play open by its stdout', BOUND, async () => {
  const { run, daemon } = startDaemonizing({ stdio: 'keep', then: 'return', environment: 'clear' });
  const pid = await daemon;
  try {
    const { play } = await run.done; // the output pipes it holds are given up after a short drain
    assert.equal(play.status, 'ok', play.error ?? '');
    assert.match(play.stdout, /daemon pid \d+/);
  } finally {
    killIfAlive(pid); // out of reach of the sweep: see processTree.ts
  }
});

test('a flow whose subprocess finished on its own has nothing killed', BOUND, async () => {
  const { play } = await startPlay({ file: join(FLOWS, 'runs_subprocess.py'), store: new PlayStore(tempDir()) }).done;
  assert.equal(play.status, 'ok', play.error ?? '');
  assert.deepEqual(play.killed_processes, []);
});

/** Processes that say they belong to the play (the runtime sets HERO_FLOW_PLAY_ID on the flow's process). */
function processesOfPlay(playId: string): number[] {
  const needle = `\0HERO_FLOW_PLAY_ID=${playId}\0`;
  return readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).map(Number).filter((pid) => {
    try {
      return `\0${readFileSync(`/proc/${pid}/environ`, 'latin1')}`.includes(needle) && !isGone(pid);
    } catch {
      return false;
    }
  });
}

test('a process that keeps forking into new sessions cannot outrun the cancel', { ...BOUND, skip: process.platform !== 'linux' && 'needs /proc' }, async () => {
  // The fleeing process changes pid every few milliseconds, faster than a loaded machine can scan
  // /proc: it leaves a heartbeat (a byte per hop) to show whether it is still flying.
  const heartbeat = join(tempDir(), 'beats');
  const beats = () => (existsSync(heartbeat) ? statSync(heartbeat).size : 0);
  const run = startPlay({ file: join(FLOWS, 'flees.py'), store: new PlayStore(tempDir()), env: { ...process.env, FLEE_HEARTBEAT: heartbeat } });
  await new Promise<void>((resolve) => run.onEvent((event) => event.type === 'process_output' && event.text.includes('fleeing') && resolve()));
  await waitFor('the flight to be under way', () => beats() >= 3);
  try {
    run.cancel();
    const { play } = await run.done;
    assert.equal(play.status, 'cancelled');
    assert.ok((play.killed_processes ?? []).length >= 1, JSON.stringify(play.killed_processes));
    await waitFor('every process of the play to be gone', () => processesOfPlay(run.id).length === 0);
    // A write already in the kernel when its process was killed may still land: let the count
    // settle (unchanged over 200 ms; a survivor writes every few ms, so it never would), then
    // nobody flies on: over a second of polls the heartbeat does not grow.
    let settled = false;
    for (let tries = 0; tries < 25 && !settled; tries++) {
      const before = beats();
      await new Promise((resolve) => setTimeout(resolve, 200));
      settled = beats() === before;
    }
    assert.ok(settled, 'a fleeing process outlived the cancel: its heartbeat kept growing');
    const after = beats();
    for (let poll = 0; poll < 40; poll++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      assert.equal(beats(), after, 'a fleeing process outlived the cancel');
    }
  } finally {
    // Whatever failed above, the play ends here (a flow left running would keep this test file's
    // process, and with it the whole suite, from ever exiting), then anything left is hunted down.
    run.cancel();
    await Promise.race([run.done, new Promise((resolve) => setTimeout(resolve, 30_000).unref())]);
    stopAndKill(() => processesOfPlay(run.id));
  }
});

/** Clean-up after a failure: stop whatever is found, round after round (a fleeing process changes pid), then kill it all. */
function stopAndKill(find: () => number[]): void {
  const stopped = new Set<number>();
  for (let round = 0; round < 100; round++) {
    for (const pid of find()) {
      try {
        process.kill(pid, 'SIGSTOP');
        stopped.add(pid);
      } catch {
        // Gone meanwhile.
      }
    }
  }
  for (const pid of stopped) killIfAlive(pid);
}

test('a sweep reads the marks of processes no older than the flow: an older one bearing the mark is not the play', BOUND, async () => {
  const id = `older-${process.pid}`;
  const env = { ...process.env, [PROCESS_MARK_ENV]: id };
  const older = spawn('sleep', ['60'], { env, detached: true, stdio: 'ignore' });
  const olderPid = older.pid!;
  try {
    // /proc's start times count clock ticks (10 ms): the flow's process starts ticks later.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const root = spawn('sleep', ['60'], { env, detached: true, stdio: 'ignore' });
    const newer = spawn('sleep', ['60'], { env, detached: true, stdio: 'ignore' }); // left the flow's session: found by its mark
    const tree = new ProcessTree(root.pid!, id);
    const killed = tree.killAll().map((process) => process.pid);
    assert.deepEqual(killed, [newer.pid]);
    await waitFor('the flow and its marked process to be gone', () => isGone(root.pid!) && isGone(newer.pid!));
    assert.ok(!isGone(olderPid), 'the older process was left alone');
  } finally {
    killIfAlive(olderPid);
  }
});
