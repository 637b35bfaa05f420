// Collector ingest (issue 15, target 5): a recorded stream of 1,000,000 events crosses a Unix socket
// into (a) a reader that only counts bytes (the raw rate) and (b) the real collector writing the
// store's trace file and materialising spans. Same bytes, same socket, same sender, side by side,
// in two settings:
// - fresh: a new Node process per round (bench/lib/ingestProcess.ts), cold heap and JIT, the way
//   `hero-flows run` meets a play's stream — the figure the target is about;
// - warm: inside this long-lived process, as the extension host meets its second play.
// Rounds interleave every row (fresh raw, fresh collector, warm raw, warm collector, …); medians.

import { createServer } from 'node:net';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { sink, type SinkKind } from './lib/sinks';
import { fmt, median, table } from './lib/stats';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const dataDir = join(__dirname, '.data');
/** The interpreter itself, not pyenv's shell shim. */
const PYTHON = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();

/**
 * A realistic stream: fan-out trees of steps and rpcs with tags, logs and source locations, each
 * line in the SDK's byte shape (its key order: tags before the source location).
 */
function recordedStream(): string {
  const file = join(dataDir, `sdk-stream-${EVENTS}.jsonl`);
  if (existsSync(file)) return file;
  mkdirSync(dataDir, { recursive: true });
  const lines: string[] = [];
  let t = 1776760000000;
  let n = 0;
  const id = () => (n++).toString(16).padStart(16, '0');
  const root = id();
  lines.push(JSON.stringify({ type: 'span_start', span_id: root, parent_id: null, name: 'Bench flow', t_ms: t, kind: 'flow_root', source_file: '/work/examples/bench_flow.py', source_line: 10 }));
  while (lines.length < EVENTS - 1) {
    const step = id();
    lines.push(JSON.stringify({ type: 'span_start', span_id: step, parent_id: root, name: `step ${n}`, t_ms: (t += 0.4), kind: 'step', tags: { batch: n % 17 }, source_file: '/work/examples/bench_flow.py', source_line: 12 }));
    for (let k = 0; k < 3 && lines.length < EVENTS - 3; k++) {
      const rpc = id();
      lines.push(JSON.stringify({ type: 'span_start', span_id: rpc, parent_id: step, name: 'rpc:whiteboard.board_create', t_ms: (t += 0.3), kind: 'rpc', tags: { args: '["board", 3]' }, source_file: '/work/examples/bench_flow.py', source_line: 14 }));
      if (k === 1) lines.push(JSON.stringify({ type: 'span_log', span_id: rpc, t_ms: (t += 0.1), message: 'retrying after 429' }));
      lines.push(JSON.stringify({ type: 'span_end', span_id: rpc, t_ms: (t += 1.2), status: 'ok', tags: { result: '{"id": 42}' } }));
    }
    lines.push(JSON.stringify({ type: 'span_end', span_id: step, t_ms: (t += 0.2), status: 'ok' }));
  }
  lines.length = Math.min(lines.length, EVENTS - 1);
  lines.push(JSON.stringify({ type: 'span_end', span_id: root, t_ms: (t += 1), status: 'ok' }));
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

interface Round {
  seconds: number;
  spans: number;
  peakRssMb?: number;
}

function sendStream(socketPath: string, file: string, mode: string): void {
  spawn(PYTHON, [join(__dirname, 'lib', 'send_stream.py'), socketPath, file, mode], { stdio: 'inherit' });
}

/** One round in this process. */
async function warmRound(file: string, receiver: SinkKind, mode: string): Promise<Round> {
  const dir = mkdtempSync(join(tmpdir(), 'hero-bench-'));
  const socketPath = join(dir, 's.sock');
  const result = await new Promise<Round>((resolve) => {
    const server = createServer(async (socket) => {
      server.close();
      const started = performance.now();
      const spans = await sink(receiver, socket, dir);
      resolve({ seconds: (performance.now() - started) / 1000, spans });
    });
    server.listen(socketPath, () => sendStream(socketPath, file, mode));
  });
  rmSync(dir, { recursive: true, force: true });
  return result;
}

/** One round in a new Node process (timed inside it, from the connection to its end). */
async function freshRound(file: string, receiver: SinkKind, mode: string): Promise<Round> {
  const dir = mkdtempSync(join(tmpdir(), 'hero-bench-'));
  const socketPath = join(dir, 's.sock');
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'lib', 'ingestProcess.ts'), receiver, socketPath, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const result = await new Promise<Round>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line === 'ready') sendStream(socketPath, file, mode);
      else resolve(JSON.parse(line) as Round);
    });
    child.on('exit', (code) => code !== 0 && reject(new Error(`ingest process exited ${code}`)));
  });
  await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
  rmSync(dir, { recursive: true, force: true });
  return result;
}

const load = () => loadavg()[0]!.toFixed(2);

async function main() {
  const file = recordedStream();
  const megabytes = statSync(file).size / 1e6;
  console.log(`Collector ingest: ${fmt(EVENTS)} events, ${fmt(megabytes, 1)} MB, median of ${ROUNDS} interleaved rounds; 1-min load ${load()} at start`);
  const rows: (string | number)[][] = [['sender writes', 'process', 'raw events/s', 'collector events/s', 'collector/raw', 'spans', 'collector peak RSS']];
  for (const mode of ['event', 'bulk']) {
    const times = { fresh: { raw: [] as number[], real: [] as number[] }, warm: { raw: [] as number[], real: [] as number[] } };
    let spans = 0;
    let rss: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      times.fresh.raw.push((await freshRound(file, 'drain', mode)).seconds);
      const fresh = await freshRound(file, 'collector', mode);
      times.fresh.real.push(fresh.seconds);
      rss.push(fresh.peakRssMb ?? 0);
      times.warm.raw.push((await warmRound(file, 'drain', mode)).seconds);
      const warm = await warmRound(file, 'collector', mode);
      times.warm.real.push(warm.seconds);
      spans = warm.spans;
    }
    for (const where of ['fresh', 'warm'] as const) {
      const rawRate = EVENTS / median(times[where].raw);
      const realRate = EVENTS / median(times[where].real);
      rows.push([
        mode === 'event' ? 'one write per event (as the SDK)' : '64 KiB writes (stress)',
        where === 'fresh' ? 'fresh (as `run`)' : 'warm',
        fmt(rawRate),
        fmt(realRate),
        `${fmt((100 * realRate) / rawRate)} %`,
        fmt(spans),
        where === 'fresh' ? `${fmt(median(rss))} MB` : '',
      ]);
    }
    rss = [];
  }
  console.log(table(rows));
  console.log(`\ntarget (issue 15): fresh collector ≥ 80 % of raw for the SDK-shaped stream, ≥ 25 % for the 64 KiB stream; 1-min load ${load()} at end`);
}

main();
