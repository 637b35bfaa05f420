// Collector ingest: a recorded stream of 1,000,000 events crosses a Unix socket into (a) a reader
// that only counts bytes (the raw rate) and (b) the real collector writing the store's trace file
// and materialising spans. Same bytes, same socket, same sender, side by side.

import { createServer } from 'node:net';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sink, type SinkKind } from './lib/sinks';
import { fmt, median, table } from './lib/stats';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const dataDir = join(__dirname, '.data');

/** A realistic stream: fan-out trees of steps and rpcs with tags, logs and source locations. */
function recordedStream(): string {
  const file = join(dataDir, `stream-${EVENTS}.jsonl`);
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
    lines.push(JSON.stringify({ type: 'span_start', span_id: step, parent_id: root, name: `step ${n}`, t_ms: (t += 0.4), kind: 'step', source_file: '/work/examples/bench_flow.py', source_line: 12, tags: { batch: n % 17 } }));
    for (let k = 0; k < 3 && lines.length < EVENTS - 3; k++) {
      const rpc = id();
      lines.push(JSON.stringify({ type: 'span_start', span_id: rpc, parent_id: step, name: 'rpc:whiteboard.board_create', t_ms: (t += 0.3), kind: 'rpc', source_file: '/work/examples/bench_flow.py', source_line: 14, tags: { args: '["board", 3]' } }));
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

async function ingest(file: string, receiver: SinkKind, mode: string): Promise<{ seconds: number; spans: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'hero-bench-'));
  const socketPath = join(dir, 's.sock');
  const result = await new Promise<{ seconds: number; spans: number }>((resolve) => {
    const server = createServer(async (socket) => {
      const started = performance.now();
      const spans = await sink(receiver, socket, dir);
      const seconds = (performance.now() - started) / 1000;
      server.close();
      resolve({ seconds, spans });
    });
    server.listen(socketPath, () => {
      spawn('python3', [join(__dirname, 'lib', 'send_stream.py'), socketPath, file, mode], { stdio: 'inherit' });
    });
  });
  rmSync(dir, { recursive: true, force: true });
  return result;
}

async function main() {
  const file = recordedStream();
  const megabytes = statSync(file).size / 1e6;
  console.log(`Collector ingest: ${fmt(EVENTS)} events, ${fmt(megabytes, 1)} MB, median of ${ROUNDS} rounds, interleaved\n`);
  const rows: (string | number)[][] = [['sender writes', 'raw events/s', 'collector events/s', 'collector/raw', 'spans']];
  const results: Record<string, number> = {};
  for (const mode of ['event', 'bulk']) {
    const raw: number[] = [];
    const real: number[] = [];
    let spans = 0;
    for (let round = 0; round < ROUNDS; round++) {
      raw.push((await ingest(file, 'drain', mode)).seconds);
      const result = await ingest(file, 'collector', mode);
      real.push(result.seconds);
      spans = result.spans;
    }
    const rawRate = EVENTS / median(raw);
    const realRate = EVENTS / median(real);
    results[mode] = realRate / rawRate;
    rows.push([mode === 'event' ? 'one write per event (as the SDK)' : '64 KiB writes (stress)', fmt(rawRate), fmt(realRate), `${fmt((100 * realRate) / rawRate)} %`, fmt(spans)]);
  }
  console.log(table(rows));
  console.log(`\ntarget: collector ≥ 50 % of the raw rate`);
}

main();
