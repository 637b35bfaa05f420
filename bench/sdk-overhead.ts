// SDK overhead (issue 15, target 6): 100,000 empty `flow.step`s, in µs per span, against the floor —
// the two lines each step writes (captured from the SDK) sent by two bare `sendall` calls into the
// same kind of reader. Rows: the floor, the SDK traced into a bare reader (the ratio to the floor is
// the target), into the real collector and store (does the collector ever slow a flow?), under a
// durable request (docs/durable.md), standalone (no socket: a no-op), BENCH_BASE's SDK (before/after
// in the same minutes), and the OpenTelemetry Python SDK when it can be installed into a private
// venv from this machine's package mirror (skipped, saying why, when it cannot).
//
// Every figure is the median over BENCH_ROUNDS fresh processes (each the median of 5 loops, in the
// process's CPU time: on shared cores wall time counts other processes' turns); the rows run
// interleaved, round by round. The interpreter is `sys.executable`, not pyenv's shim.

import { createServer } from 'node:net';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sink as readSocket } from './lib/sinks';
import { pythonRuntimeDir } from '../runtime/src/sdkPaths';
import { fmt, median, table } from './lib/stats';

const SPANS = Number(process.env.BENCH_SPANS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const base = process.env.BENCH_BASE;
const PYTHON = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).stdout.trim() || 'python3';

type Row = 'floor' | 'drain' | 'collector' | 'durable' | 'standalone' | 'base' | 'otel' | 'parts';
interface Run {
  python: string;
  script: string;
  args: string[];
  sdk?: string;
  reader?: 'drain' | 'collector';
}

async function loop(run: Run): Promise<{ usPerSpan: number; spans: number; parts?: Record<string, number> }> {
  const dir = mkdtempSync(join(tmpdir(), 'hero-bench-sdk-'));
  const socketPath = join(dir, 's.sock');
  let spans = 0;
  let closed: Promise<void> = Promise.resolve();
  const reader = run.reader;
  const server = reader
    ? createServer((socket) => {
        closed = readSocket(reader, socket, dir).then((count) => {
          spans = count;
        });
      })
    : undefined;
  if (server) await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  const env: NodeJS.ProcessEnv = { ...process.env, PYTHONPATH: run.sdk ?? pythonRuntimeDir() };
  delete env.HERO_FLOW_SPAN_SOCK;
  if (server) env.HERO_FLOW_SPAN_SOCK = socketPath;
  const args = run.args.map((arg) => arg.replace('{dir}', dir));
  const child = spawn(run.python, [join(__dirname, 'flows', run.script), String(SPANS), ...args], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  const code = await new Promise((resolve) => child.on('close', resolve));
  await closed;
  server?.close();
  rmSync(dir, { recursive: true, force: true });
  if (code !== 0) throw new Error(`${run.script} ${args.join(' ')} exited ${code}`);
  const result = JSON.parse(out);
  return { usPerSpan: (result.seconds / SPANS) * 1e6, spans, parts: result.parts };
}

/** A private venv with opentelemetry-sdk from the machine's package mirror, or why there is none. */
function otelPython(): { python?: string; why?: string } {
  const venv = join(tmpdir(), 'hero-bench-otel-venv');
  const python = join(venv, 'bin', 'python');
  const has = () => spawnSync(python, ['-c', 'import opentelemetry.sdk.trace'], { stdio: 'ignore' }).status === 0;
  if (existsSync(python) && has()) return { python };
  const made = spawnSync(PYTHON, ['-m', 'venv', '--clear', venv], { encoding: 'utf8' });
  if (made.status !== 0) return { why: `python -m venv failed: ${made.stderr.trim().split('\n').pop()}` };
  const pip = spawnSync(python, ['-m', 'pip', 'install', '--quiet', '--retries', '0', '--timeout', '5', 'opentelemetry-sdk'], { encoding: 'utf8' });
  if (pip.status === 0 && has()) return { python };
  const lastError = (pip.stderr || pip.stdout).trim().split('\n').filter((line) => line.startsWith('ERROR')).pop() ?? `pip exited ${pip.status}`;
  return { why: `pip could not install opentelemetry-sdk into a private venv from this machine's package mirror (${lastError})` };
}

async function main() {
  if (base && !existsSync(join(base, 'runtime', 'python', 'hero_tracing'))) throw new Error(`BENCH_BASE=${base} has no runtime/python/hero_tracing`);
  const started = new Date().toISOString();
  const loadBefore = loadavg()[0]!;
  const otel = process.env.BENCH_OTEL === '0' ? { why: 'BENCH_OTEL=0' } : otelPython();
  const runs: Partial<Record<Row, Run>> = {
    floor: { python: PYTHON, script: 'step_loop.py', args: ['--floor'], reader: 'drain' },
    drain: { python: PYTHON, script: 'step_loop.py', args: [], reader: 'drain' },
    collector: { python: PYTHON, script: 'step_loop.py', args: [], reader: 'collector' },
    durable: { python: PYTHON, script: 'step_loop.py', args: ['{dir}/history.jsonl'], reader: 'drain' },
    standalone: { python: PYTHON, script: 'step_loop.py', args: [] },
  };
  runs.parts = { python: PYTHON, script: 'sdk_parts.py', args: [], reader: 'drain' };
  if (base) runs.base = { python: PYTHON, script: 'step_loop.py', args: [], reader: 'drain', sdk: join(base, 'runtime', 'python') };
  if (otel.python) runs.otel = { python: otel.python, script: 'otel_loop.py', args: [], reader: 'drain' };
  const samples: Partial<Record<Row, number[]>> = {};
  let collected = 0;
  const parts: Record<string, number[]> = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const [row, run] of Object.entries(runs) as [Row, Run][]) {
      const result = await loop(run);
      (samples[row] ??= []).push(result.usPerSpan);
      if (row === 'collector') collected = result.spans;
      for (const [part, seconds] of Object.entries(result.parts ?? {})) (parts[part] ??= []).push(seconds * 1e6);
    }
  }
  const m = (row: Row) => median(samples[row]!);
  const floor = m('floor');
  const line = (label: string, row: Row, digits = 2): string[] => [label, fmt(m(row), digits), `${fmt(m(row) / floor, 2)}×`];
  const rows: string[][] = [
    ['loop (µs per span)', 'µs', 'vs floor'],
    line('floor: the same two lines, two bare sendall calls, bare reader', 'floor'),
    line('SDK traced, bare reader (target ≤ 2× the floor)', 'drain'),
    ...(base ? [line(`  before (${base})`, 'base')] : []),
    line('SDK traced, real collector + store', 'collector'),
    line('SDK traced under a durable request, bare reader', 'durable'),
    line('standalone (HERO_FLOW_SPAN_SOCK unset: a no-op)', 'standalone', 3),
    ...(otel.python ? [line('OpenTelemetry SDK, SimpleSpanProcessor, one line per span, bare reader', 'otel')] : []),
  ];
  console.log(
    `SDK overhead — ${started}, ${fmt(SPANS)} empty flow.step blocks per loop, median of ${ROUNDS} processes (each the median of 5 loops, CPU time), ` +
      `rows interleaved; 1-minute load average ${fmt(loadBefore, 2)} at the start and ${fmt(loadavg()[0]!, 2)} at the end (${PYTHON})\n`,
  );
  console.log(table(rows));
  if (!otel.python) console.log(`\nOpenTelemetry column skipped: ${otel.why}`);
  const part = (name: string) => median(parts[name]!);
  console.log(`\nWithin one process (sdk_parts.py: the variants interleaved 9 times, CPU time; medians of ${ROUNDS} processes):\n`);
  console.log(
    table([
      ['part', 'µs per span', 'vs its floor'],
      ['floor: the two lines, two bare sendall', fmt(part('floor'), 2), '1.00×'],
      ['the same two lines through the SDK transport (lock, checks, os.write)', fmt(part('transport'), 2), `${fmt(part('transport') / part('floor'), 2)}×`],
      ['the SDK with its writes made no-ops (the Python side)', fmt(part('python_side'), 2), `${fmt(part('python_side') / part('floor'), 2)}×`],
      ['the SDK', fmt(part('sdk'), 2), `${fmt(part('sdk') / part('floor'), 2)}×`],
      ['  its two writes amid the Python work (SDK − Python side)', fmt(part('sdk') - part('python_side'), 2), `${fmt((part('sdk') - part('python_side')) / part('floor'), 2)}×`],
    ]),
  );
  console.log(`\nSDK over the floor (the wrapper, formatting, ids, clocks, context): ${fmt(m('drain') - floor, 2)} µs per span`);
  console.log(`durable request vs none (both drained): ${fmt(m('durable') / m('drain'), 2)}× (target ≤ 1.10)`);
  console.log(`collector vs bare reader: ${fmt(m('collector') / m('drain'), 2)}× (1.00 = the collector never slows the flow)`);
  console.log(`spans materialised by the collector in its last run: ${fmt(collected)}`);
}

main();
