// Whether a process is still there, for tests that check a play left nothing behind.

import { readFileSync } from 'node:fs';

/** Gone, or a zombie: dead, only waiting for a parent (often init) to collect its exit status. */
export function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

/** Clean-up after a failed test: a daemon it started must not live on. */
export function killIfAlive(pid: number | undefined): void {
  if (pid === undefined || isGone(pid)) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Gone meanwhile.
  }
}
