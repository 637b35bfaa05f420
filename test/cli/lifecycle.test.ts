// Cancel, timeouts and crashes end every process of a play, and the store tells what happened.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Play } from '../../common/src/play';
import type { PlaySummary } from '../../runtime/src/store';
import { FLOWS, cli, cliAsync, isAlive, runJson, tempDir, waitFor } from '../helpers/cli';

function pidFromStdout(store: string, pattern: RegExp): number | undefined {
  const listed = JSON.parse(cli(['list', '--store', store, '--json']).stdout || '[]') as PlaySummary[];
  const play = listed[0];
  if (!play) return undefined;
  const log = join(store, 'plays', play.id, 'stdout.log');
  if (!existsSync(log)) return undefined;
  const match = pattern.exec(readFileSync(log, 'utf8'));
  return match ? Number(match[1]) : undefined;
}

function exited(child: ReturnType<typeof cliAsync>): Promise<number | null> {
  return new Promise((resolve) => child.once('close', (code) => resolve(code)));
}

test('Ctrl-C cancels the play: exit 130, spans cancelled, no process left', async () => {
  const store = tempDir();
  const child = cliAsync(['run', join(FLOWS, 'hangs.py'), '--store', store, '--json']);
  let stdout = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  const done = exited(child);
  const pythonPid = await waitFor('the flow to start', () => pidFromStdout(store, /pid (\d+)/));
  child.kill('SIGINT');
  assert.equal(await done, 130);
  const play = JSON.parse(stdout) as Play;
  assert.equal(play.status, 'cancelled');
  assert.equal(play.spans.find((span) => span.name === 'forever')!.status, 'cancelled');
  await waitFor('the flow process to be gone', () => !isAlive(pythonPid));
});

test('a timeout ends the flow\'s own child processes too', async () => {
  const store = tempDir();
  const { play, code } = runJson(join(FLOWS, 'spawns_child.py'), ['--timeout', '5'], store);
  assert.equal(code, 124);
  const childPid = Number(/child pid (\d+)/.exec(play.stdout)![1]);
  await waitFor('the grandchild to be gone', () => !isAlive(childPid));
});

test('when the runtime itself is killed, the flow goes with it and the play shows as interrupted', async () => {
  const store = tempDir();
  const child = cliAsync(['run', join(FLOWS, 'hangs.py'), '--store', store]);
  const done = exited(child);
  const pythonPid = await waitFor('the flow to start', () => pidFromStdout(store, /pid (\d+)/));
  await waitFor('the step to be recorded', () => {
    const listed = JSON.parse(cli(['list', '--store', store, '--json']).stdout) as PlaySummary[];
    return readFileSync(join(store, 'plays', listed[0]!.id, 'trace.jsonl'), 'utf8').includes('"forever"');
  });
  child.kill('SIGKILL');
  await done;
  await waitFor('the orphaned flow to end itself', () => !isAlive(pythonPid));
  const listed = JSON.parse(cli(['list', '--store', store, '--json']).stdout) as PlaySummary[];
  assert.equal(listed[0]!.status, 'interrupted');
  const play = JSON.parse(cli(['show', listed[0]!.id, '--store', store, '--json']).stdout) as Play;
  assert.equal(play.spans.find((span) => span.name === 'before')!.status, 'ok');
  assert.equal(play.spans.find((span) => span.name === 'forever')!.status, 'failed');
});
