// Bounded memory (issue 15, target 4, the runtime's side): `hero-flows run` of a flow that emits
// BENCH_EVENTS events (10,000,000 by default: 5 M spans, batches of 1,000 steps), with the peak RSS
// of the CLI process (the runtime: socket, collector, store) — this branch's bundle beside a base
// bundle (BENCH_BASE=/path/to/worktree with dist/cli.js built), interleaved, one round each unless
// BENCH_ROUNDS says more. The stored trace stays complete: its line count is printed.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fmt, median, table } from './lib/stats';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
const BASE = process.env.BENCH_BASE;
const ROOT = join(__dirname, '..');
const PYTHON = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();

const FLOW = `from hero_tracing import flow


@flow("Many events", inputs={"spans": {"type": "int", "default": 1000}})
def many_events(inputs):
    batches = inputs["spans"] // 1000
    for b in range(batches):
        with flow.step("batch %d" % b):
            for i in range(999):
                with flow.step("item"):
                    pass
    return {"batches": batches}
`;

interface Round {
  peakMb: number;
  seconds: number;
  status: string;
  traceLines: number;
}

function run(cli: string, dir: string): Round {
  const store = join(dir, `store-${Math.random().toString(36).slice(2)}`);
  const started = performance.now();
  // GNU time's %M: the process's peak resident set, in KiB.
  const result = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, cli, 'run', join(dir, 'many_events.py'), '--input', `spans=${EVENTS / 2}`, '--python', PYTHON, '--store', store, '--json'], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const seconds = (performance.now() - started) / 1000;
  const peakKb = Number(result.stderr.trim().split('\n').at(-1));
  let status: string;
  try {
    status = (JSON.parse(result.stdout) as { status: string }).status;
  } catch {
    status = `no --json output (exit ${result.status}: ${result.stderr.split('\n').find((line) => /Error/.test(line)) ?? ''})`;
  }
  const [id] = readdirSync(join(store, 'plays'));
  const traceFile = join(store, 'plays', id!, 'trace.jsonl');
  const traceLines = Number(execFileSync('wc', ['-l', traceFile], { encoding: 'utf8' }).trim().split(/\s+/)[0]);
  rmSync(store, { recursive: true, force: true });
  return { peakMb: peakKb / 1024, seconds, status, traceLines };
}

function main() {
  const dir = mkdtempSync(join(tmpdir(), 'hero-memory-'));
  writeFileSync(join(dir, 'many_events.py'), FLOW);
  console.log(`hero-flows run of a flow emitting ${fmt(EVENTS)} events; peak RSS of the CLI process; 1-min load ${loadavg()[0]!.toFixed(2)} at start`);
  const builds = [{ name: 'this branch', cli: join(ROOT, 'dist', 'cli.js') }, ...(BASE ? [{ name: `base (${BASE})`, cli: join(BASE, 'dist', 'cli.js') }] : [])];
  const rounds = new Map<string, Round[]>(builds.map((build) => [build.name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const build of builds) rounds.get(build.name)!.push(run(build.cli, dir));
  }
  const rows: (string | number)[][] = [['runtime', 'peak RSS', 'seconds', 'status', 'trace lines']];
  for (const [name, list] of rounds) {
    rows.push([name, `${fmt(median(list.map((r) => r.peakMb)))} MB`, fmt(median(list.map((r) => r.seconds)), 1), list[0]!.status, fmt(list[0]!.traceLines)]);
  }
  console.log(table(rows));
  console.log(`\ntarget (issue 15): the runtime under 300 MB for a 10 M-event play; 1-min load ${loadavg()[0]!.toFixed(2)} at end`);
  rmSync(dir, { recursive: true, force: true });
}

main();
