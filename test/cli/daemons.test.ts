// Timeout and cancel hold against any process tree: a daemon that leaves the flow's session (fork,
// setsid, fork) and keeps or closes the flow's stdout ends with the play, promptly, and the play
// says it had to be killed. Each test's own timeout is the bound on "promptly".

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Play } from '../../common/src/play';
import type { PlaySummary } from '../../runtime/src/store';
import { FLOWS, cli, cliAsync, tempDir, waitFor } from '../helpers/cli';
import { isGone, killIfAlive } from '../helpers/processes';

const DAEMONIZES = join(FLOWS, 'daemonizes.py');
const BOUND = { timeout: 60_000 };

/** The daemon's pid, once the flow has printed it to the play's stdout.log. */
function daemonPid(store: string): number | undefined {
  const listed = JSON.parse(cli(['list', '--store', store, '--json']).stdout || '[]') as PlaySummary[];
  const log = listed[0] && join(store, 'plays', listed[0].id, 'stdout.log');
  if (!log || !existsSync(log)) return undefined;
  const match = /daemon pid (\d+)/.exec(readFileSync(log, 'utf8'));
  return match ? Number(match[1]) : undefined;
}

/** Runs the CLI to its end; the daemon is killed afterwards whatever happened, so a failure leaves nothing behind. */
async function run(args: string[], whileRunning?: (store: string, child: ReturnType<typeof cliAsync>) => Promise<void>) {
  const store = tempDir();
  const child = cliAsync(['run', DAEMONIZES, '--store', store, '--json', ...args]);
  let stdout = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  const code = new Promise<number | null>((resolve) => child.once('close', (status) => resolve(status)));
  try {
    await whileRunning?.(store, child);
    const status = await code;
    return { code: status, play: JSON.parse(stdout) as Play, daemon: daemonPid(store), store };
  } finally {
    killIfAlive(daemonPid(store));
    child.kill('SIGKILL');
  }
}

function assertKilled(play: Play, daemon: number | undefined): asserts daemon is number {
  assert.ok(Number.isInteger(daemon), `the flow printed the daemon's pid: ${play.stdout}`);
  assert.deepEqual(
    play.killed_processes?.filter((process) => process.pid === daemon),
    [{ pid: daemon, command: 'sleep' }],
    `killed: ${JSON.stringify(play.killed_processes)}`,
  );
}

/**
 * A run with `--timeout`, long enough for the flow to have started its daemon: on a busy machine
 * the first timeout may fire before it did, so each retry doubles it (a condition, not a threshold).
 */
async function runWithTimeout(args: string[]) {
  for (let seconds = 2; ; seconds *= 2) {
    const result = await run(['--timeout', String(seconds), ...args]);
    if (result.daemon !== undefined || seconds >= 16) return result;
  }
}

test('--timeout ends the play although a daemon keeps its stdout, and the daemon goes with it', BOUND, async () => {
  const { code, play, daemon, store } = await runWithTimeout([]);
  assert.equal(code, 124);
  assert.equal(play.status, 'timed_out');
  assertKilled(play, daemon);
  await waitFor('the daemon to be gone', () => isGone(daemon));
  // The store keeps the list, and `show` says what had to be killed.
  const stored = JSON.parse(cli(['show', play.id, '--store', store, '--json']).stdout) as Play;
  assert.deepEqual(stored.killed_processes, play.killed_processes);
  assert.match(cli(['show', play.id, '--store', store]).stdout, new RegExp(`killed \\d+ leftover process(es)?: .*sleep \\(${daemon}\\)`));
});

test('--timeout ends a daemon that closed its stdio', BOUND, async () => {
  const { code, play, daemon } = await runWithTimeout(['--input', 'stdio=close']);
  assert.equal(code, 124);
  assertKilled(play, daemon);
  await waitFor('the daemon to be gone', () => isGone(daemon));
});

test('Ctrl-C cancels the play although a daemon keeps its stdout', BOUND, async () => {
  const { code, play, daemon } = await run([], async (store, child) => {
    await waitFor('the daemon to start', () => daemonPid(store));
    child.kill('SIGINT');
  });
  assert.equal(code, 130);
  assert.equal(play.status, 'cancelled');
  assertKilled(play, daemon);
  await waitFor('the daemon to be gone', () => isGone(daemon));
});

test('a flow that returns leaving a daemon behind: the play is ok, the daemon is killed and reported', BOUND, async () => {
  for (const stdio of ['keep', 'close']) {
    const { code, play, daemon } = await run(['--input', 'then=return', '--input', `stdio=${stdio}`]);
    assert.equal(code, 0, `${stdio}: ${play.error}`);
    assert.equal(play.status, 'ok');
    assert.equal(play.output, daemon);
    assertKilled(play, daemon);
    await waitFor(`the ${stdio}-stdio daemon to be gone`, () => isGone(daemon));
  }
});

test('when the runtime itself is killed, a daemon that left the session goes too', BOUND, async () => {
  const store = tempDir();
  const child = cliAsync(['run', DAEMONIZES, '--store', store, '--input', 'stdio=close']);
  let daemon: number | undefined;
  try {
    daemon = await waitFor('the daemon to start', () => daemonPid(store));
    child.kill('SIGKILL');
    // The flow's parent-death watchdog ends every process of the play, not just its group.
    await waitFor('the daemon to be gone', () => isGone(daemon!));
  } finally {
    killIfAlive(daemon ?? daemonPid(store));
    child.kill('SIGKILL');
  }
});

test('a flow whose subprocess finished on its own reports nothing killed', BOUND, () => {
  const store = tempDir();
  const result = cli(['run', join(FLOWS, 'runs_subprocess.py'), '--store', store, '--json']);
  assert.equal(result.status, 0, result.stderr);
  const play = JSON.parse(result.stdout) as Play;
  assert.equal(play.status, 'ok');
  assert.deepEqual(play.killed_processes, []);
});
