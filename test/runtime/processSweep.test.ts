// The end-of-play sweep reads only the pids a play can have (runtime/src/processTree.ts,
// firstPidToScan): above the flow's own, while the kernel cannot have wrapped its pids since the
// spawn; every pid otherwise. And with that narrowing the sweep still finds a play's daemon.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { firstPidToScan, PROCESS_MARK_ENV, ProcessTree } from '../../runtime/src/processTree';
import { waitFor } from '../helpers/cli';
import { isGone, killIfAlive } from '../helpers/processes';

test('a scan starts at the flow pid while fewer processes were made than there are pids above it', () => {
  assert.equal(firstPidToScan(20_000, 1_000, 1_010, 32_768), 20_000);
  assert.equal(firstPidToScan(20_000, 1_000, 1_000 + 32_768 - 20_000, 32_768), 0, 'enough forks to wrap: everything');
  assert.equal(firstPidToScan(32_700, 1_000, 1_000, 32_768), 0, 'too close to pid_max to be sure');
  assert.equal(firstPidToScan(20_000, undefined, 1_010, 32_768), 0, 'no fork count: everything');
  assert.equal(firstPidToScan(20_000, 1_000, undefined, 32_768), 0);
  assert.equal(firstPidToScan(20_000, 1_000, 1_010, undefined), 0, 'no pid_max: everything');
  assert.equal(firstPidToScan(0, 1_000, 1_010, 32_768), 0);
});

test('the narrowed sweep still kills a marked daemon that left the flow session after the flow exited', { timeout: 60_000, skip: process.platform !== 'linux' && 'needs /proc' }, async () => {
  const playId = `sweep-${process.pid}-${Date.now()}`;
  // The flow: starts a daemon in its own session (setsid), prints its pid, and exits at once.
  const script = 'import os, subprocess, sys\np = subprocess.Popen(["sleep", "60"], start_new_session=True, stdout=subprocess.DEVNULL)\nprint(p.pid, flush=True)\n';
  const flow = spawn('python3', ['-c', script], { detached: true, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, [PROCESS_MARK_ENV]: playId } });
  const tree = new ProcessTree(flow.pid!, playId);
  let out = '';
  flow.stdout!.on('data', (chunk) => (out += chunk));
  await new Promise((resolve) => flow.on('close', resolve));
  const daemon = Number(out.trim());
  try {
    assert.ok(daemon > 0 && !isGone(daemon), `the daemon runs: ${out}`);
    const killed = tree.killAll();
    assert.deepEqual(killed.map((process) => process.pid), [daemon]);
    await waitFor('the daemon to be gone', () => isGone(daemon));
  } finally {
    killIfAlive(daemon);
  }
});
