// Runs the built `hero-flows` CLI (dist/cli.js, what `bin` installs) as a real process.

import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Play } from '../../common/src/play';

export const ROOT = resolve(__dirname, '..', '..');
export const CLI = join(ROOT, 'dist', 'cli.js');
export const EXAMPLES = join(ROOT, 'examples');
export const FLOWS = join(ROOT, 'test', 'fixtures', 'flows');

export function tempDir(prefix = 'hero-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function cli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: options.timeoutMs ?? 60_000,
  });
}

export function cliAsync(args: string[], options: { cwd?: string } = {}): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], { cwd: options.cwd ?? ROOT, env: { ...process.env, NO_COLOR: '1' }, stdio: 'pipe' });
}

/** `hero-flows run … --json` in a fresh store: the play, the exit code and stderr. */
export function runJson(file: string, args: string[] = [], store = tempDir()) {
  const result = cli(['run', file, '--json', '--store', store, ...args]);
  let play: Play | undefined;
  if (result.stdout.trim()) play = JSON.parse(result.stdout) as Play;
  return { play: play!, code: result.status, stderr: result.stderr, stdout: result.stdout, store };
}

/** Polls a condition (no fixed sleeps); fails with `what` if it never holds. */
export async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The 1-based lines of a file that contain `needle`. */
export function linesContaining(text: string, needle: string): number[] {
  return text.split('\n').flatMap((line, index) => (line.includes(needle) ? [index + 1] : []));
}
