// Play start overhead: an empty flow through `hero-flows run` against a bare `python3 -c pass`,
// plus where the difference goes (Node's own start, the executor in-process), interleaved.

import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPlay } from '../runtime/src/executor';
import { PlayStore } from '../runtime/src/store';
import { fmt, median, table } from './lib/stats';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const root = join(__dirname, '..');
const flow = join(__dirname, 'flows', 'empty_flow.py');
const store = mkdtempSync(join(tmpdir(), 'hero-bench-start-'));

function timeSpawn(command: string, args: string[]): number {
  const start = performance.now();
  const result = spawnSync(command, args, { stdio: 'ignore' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}`);
  return performance.now() - start;
}

async function timeExecutor(): Promise<number> {
  const start = performance.now();
  const { play } = await startPlay({ file: flow, store: new PlayStore(store) }).done;
  if (play.status !== 'ok') throw new Error(play.error ?? 'empty flow failed');
  return performance.now() - start;
}

async function main() {
  const samples: Record<string, number[]> = { python: [], node: [], executor: [], cli: [] };
  for (let round = 0; round < ROUNDS; round++) {
    samples.python!.push(timeSpawn('python3', ['-c', 'pass']));
    samples.node!.push(timeSpawn(process.execPath, ['-e', '0']));
    samples.executor!.push(await timeExecutor());
    samples.cli!.push(timeSpawn(process.execPath, [join(root, 'dist', 'cli.js'), 'run', flow, '--json', '--store', store]));
  }
  const python = median(samples.python!);
  const rows = [
    ['what (median of ' + ROUNDS + ')', 'ms', 'vs python3 -c pass'],
    ['python3 -c pass', fmt(python, 1), '1.0×'],
    ['node -e 0 (Node start, for reference)', fmt(median(samples.node!), 1), `${fmt(median(samples.node!) / python, 1)}×`],
    ['empty flow via the executor, in-process', fmt(median(samples.executor!), 1), `${fmt(median(samples.executor!) / python, 1)}×`],
    ['empty flow via `hero-flows run --json`', fmt(median(samples.cli!), 1), `${fmt(median(samples.cli!) / python, 1)}×`],
  ];
  console.log('Play start overhead\n');
  console.log(table(rows));
}

main();
