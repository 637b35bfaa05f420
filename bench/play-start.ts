// Play start (issue 15, target 3): an empty flow through `hero-flows run` against its floor — a CLI
// play starts two interpreters, so the floor is `node -e 0` plus `python3 -c pass` of the same run —
// and the time broken down: Node's start, loading dist/cli.js (`--version`), Python's start, importing
// the SDK, and the rest (store, socket, spawn, bootstrap, the flow, the end). From the editor Node is
// already running: the executor in-process is set against `python3 -c pass` alone.
//
// Python is the interpreter itself (`sys.executable`), not a launcher in front of it: pyenv's
// `python3` is a shell script that adds ~150 ms to every start (a row shows what a play pays
// through it). Every row is the median of BENCH_ROUNDS fresh processes, the rows interleaved.
//
// BENCH_BASE=/path/to/another/checkout (built) adds its `--version` and `run` rows, interleaved with
// these: before/after on the same machine in the same minutes.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPlay } from '../runtime/src/executor';
import { PlayStore } from '../runtime/src/store';
import { ProcessTree } from '../runtime/src/processTree';
import { fmt, median, table } from './lib/stats';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const root = join(__dirname, '..');
const base = process.env.BENCH_BASE;
const flow = join(__dirname, 'flows', 'empty_flow.py');
const store = mkdtempSync(join(tmpdir(), 'hero-bench-start-'));
const PYTHON = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).stdout.trim() || 'python3';
const SHIM = spawnSync('sh', ['-c', 'command -v python3'], { encoding: 'utf8' }).stdout.trim();

if (base && !existsSync(join(base, 'dist', 'cli.js'))) throw new Error(`BENCH_BASE=${base} has no dist/cli.js: build it (node esbuild.mjs)`);

function timeSpawn(command: string, args: string[], env?: NodeJS.ProcessEnv): number {
  const start = performance.now();
  const result = spawnSync(command, args, { stdio: 'ignore', env: env ? { ...process.env, ...env } : undefined });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}`);
  return performance.now() - start;
}

// A stamped profile of the in-process play: the executor's own events, plus the end's sweep of the
// play's processes (ProcessTree.killAll, called as the flow's process exits), wrapped to stamp it.
type Stamp = 'setup' | 'python' | 'flowAndExit' | 'sweep' | 'end';
const stamps: Record<Stamp, number[]> = { setup: [], python: [], flowAndExit: [], sweep: [], end: [] };
let sweepStart = 0;
let sweepEnd = 0;
const killAll = ProcessTree.prototype.killAll;
ProcessTree.prototype.killAll = function (this: ProcessTree) {
  sweepStart = performance.now();
  try {
    return killAll.call(this);
  } finally {
    sweepEnd = performance.now();
  }
};

async function timeExecutor(): Promise<number> {
  const start = performance.now();
  let started = 0;
  let reported = 0;
  const run = startPlay({ file: flow, store: new PlayStore(store), python: PYTHON });
  run.onEvent((event) => {
    if (event.type === 'play_started') started = performance.now();
    if (event.type === 'play_updated' && !reported) reported = performance.now();
  });
  const { play } = await run.done;
  const end = performance.now();
  if (play.status !== 'ok') throw new Error(play.error ?? 'empty flow failed');
  stamps.setup.push(started - start);
  stamps.python.push(reported - started);
  stamps.flowAndExit.push(sweepStart - reported);
  stamps.sweep.push(sweepEnd - sweepStart);
  stamps.end.push(end - sweepEnd);
  return end - start;
}

const cliRun = (checkout: string, python?: string) =>
  timeSpawn(process.execPath, [join(checkout, 'dist', 'cli.js'), 'run', flow, '--json', '--store', store, ...(python ? ['--python', python] : [])]);

async function main() {
  const started = new Date().toISOString();
  const loadBefore = loadavg()[0]!;
  const samples: Record<string, number[]> = {};
  const add = (key: string, ms: number) => (samples[key] ??= []).push(ms);
  const sdkPath = join(root, 'dist', 'python');
  // The SDK's import as this environment runs it (PYTHONDONTWRITEBYTECODE set: compiled every
  // time), and with its bytecode cached once (a private pycache prefix, warmed first).
  const pycache = mkdtempSync(join(tmpdir(), 'hero-bench-pycache-'));
  const cachedEnv = { PYTHONPATH: sdkPath, PYTHONDONTWRITEBYTECODE: '', PYTHONPYCACHEPREFIX: pycache };
  timeSpawn(PYTHON, ['-c', 'import hero_tracing'], cachedEnv);
  for (let round = 0; round < ROUNDS; round++) {
    add('node', timeSpawn(process.execPath, ['-e', '0']));
    add('python', timeSpawn(PYTHON, ['-c', 'pass']));
    add('version', timeSpawn(process.execPath, [join(root, 'dist', 'cli.js'), '--version']));
    add('sdk', timeSpawn(PYTHON, ['-c', 'import hero_tracing'], { PYTHONPATH: sdkPath }));
    add('sdkCached', timeSpawn(PYTHON, ['-c', 'import hero_tracing'], cachedEnv));
    add('executor', await timeExecutor());
    add('run', cliRun(root, PYTHON));
    if (base) {
      add('baseVersion', timeSpawn(process.execPath, [join(base, 'dist', 'cli.js'), '--version']));
      add('baseRun', cliRun(base, PYTHON));
    }
    if (process.env.BENCH_SHIM && SHIM && SHIM !== PYTHON) add('shimRun', cliRun(root, SHIM));
  }
  const m = (key: string) => median(samples[key]!);
  const floor = m('node') + m('python');
  const vsFloor = (ms: number) => `${fmt(ms / floor, 2)}×`;
  const rows: string[][] = [
    [`what (median of ${ROUNDS} processes)`, 'ms', 'vs floor'],
    ['node -e 0', fmt(m('node'), 1), vsFloor(m('node'))],
    [`python -c pass (${PYTHON})`, fmt(m('python'), 1), vsFloor(m('python'))],
    ['floor: node -e 0 + python -c pass', fmt(floor, 1), '1.00×'],
    ['node dist/cli.js --version', fmt(m('version'), 1), vsFloor(m('version'))],
    ...(base ? [[`  before (${base})`, fmt(m('baseVersion'), 1), vsFloor(m('baseVersion'))]] : []),
    ['hero-flows run EMPTY --json', fmt(m('run'), 1), vsFloor(m('run'))],
    ...(base ? [[`  before (${base})`, fmt(m('baseRun'), 1), vsFloor(m('baseRun'))]] : []),
    ...(samples.shimRun ? [[`  through ${SHIM} (what a bare run pays here)`, fmt(m('shimRun'), 1), vsFloor(m('shimRun'))]] : []),
  ];
  const cliLoad = m('version') - m('node');
  // A play imports the SDK with its bytecode cached (hero_bootstrap.py's cache, warm after the
  // first play per interpreter version); the row below it is what it cost compiled every time.
  const sdkImport = m('sdkCached') - m('python');
  const rest = m('run') - m('version') - m('sdkCached');
  const share = (ms: number) => `${fmt((100 * ms) / m('run'))} %`;
  const breakdown: string[][] = [
    ['where `run` goes (differences of medians)', 'ms', 'share'],
    ['Node start (node -e 0)', fmt(m('node'), 1), share(m('node'))],
    ['loading dist/cli.js (--version − node -e 0)', fmt(cliLoad, 1), share(cliLoad)],
    ['Python start (python -c pass)', fmt(m('python'), 1), share(m('python'))],
    ['import hero_tracing, bytecode cached (− python -c pass)', fmt(sdkImport, 1), share(sdkImport)],
    ['the rest: store, socket, spawn, bootstrap, flow, end', fmt(rest, 1), share(rest)],
    [`  (import hero_tracing compiled every time, as before the cache: ${fmt(m('sdk') - m('python'), 1)} ms)`, '', ''],
  ];
  const editor: string[][] = [
    ['from the editor (Node running)', 'ms', 'vs python -c pass'],
    ['empty flow via the executor, in-process', fmt(m('executor'), 1), `${fmt(m('executor') / m('python'), 2)}×`],
  ];
  const stamp = (key: Stamp) => median(stamps[key]);
  const profile: string[][] = [
    ['the in-process play, stamped (medians)', 'ms', 'share'],
    ...([
      ['store + span socket, until the spawn', 'setup'],
      ['spawn → the flow reported (Python start, site, SDK import, bootstrap, the flow file)', 'python'],
      ['the flow, its report, Python exit', 'flowAndExit'],
      ["the end's sweep of the play's processes (processTree.ts)", 'sweep'],
      ['the rest of the end: output, socket drain, play.json', 'end'],
    ] as [string, Stamp][]).map(([label, key]) => [label, fmt(stamp(key), 1), `${fmt((100 * stamp(key)) / m('executor'))} %`]),
  ];
  const noBytecode = process.env.PYTHONDONTWRITEBYTECODE ? ', PYTHONDONTWRITEBYTECODE set (the SDK compiles on every start)' : '';
  console.log(`Play start — ${started}, ${ROUNDS} rounds, 1-minute load average ${fmt(loadBefore, 2)} at the start and ${fmt(loadavg()[0]!, 2)} at the end (${process.platform}, Node ${process.version})${noBytecode}\n`);
  console.log(table(rows));
  console.log(`\n${table(breakdown)}`);
  console.log(`\n${table(editor)}`);
  console.log(`\n${table(profile)}`);
}

main();
