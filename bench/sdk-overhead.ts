// SDK overhead: 100,000 empty `flow.step`s traced vs the same loop standalone, in µs per span.
// "Traced" runs twice, against a reader that only drains the socket and against the real
// collector writing the store, which shows whether the collector ever slows a running flow; and
// once more drained under a durable request (docs/durable.md: each step is a scope of the keys).

import { createServer } from 'node:net';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sink as readSocket } from './lib/sinks';
import { pythonRuntimeDir } from '../runtime/src/sdkPaths';
import { fmt, median, table } from './lib/stats';

const SPANS = Number(process.env.BENCH_SPANS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
type Sink = 'standalone' | 'drain' | 'collector' | 'durable';

async function loop(sink: Sink): Promise<{ usPerSpan: number; spans: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'hero-bench-sdk-'));
  const socketPath = join(dir, 's.sock');
  let spans = 0;
  let closed: Promise<void> = Promise.resolve();
  const server =
    sink === 'standalone'
      ? undefined
      : createServer((socket) => {
          closed = readSocket(sink === 'durable' ? 'drain' : sink, socket, dir).then((count) => {
            spans = count;
          });
        });
  if (server) await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  const env: NodeJS.ProcessEnv = { ...process.env, PYTHONPATH: pythonRuntimeDir() };
  delete env.HERO_FLOW_SPAN_SOCK;
  if (server) env.HERO_FLOW_SPAN_SOCK = socketPath;
  const args = [join(__dirname, 'flows', 'step_loop.py'), String(SPANS)];
  if (sink === 'durable') args.push(join(dir, 'history.jsonl'));
  const child = spawn('python3', args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  await new Promise((resolve) => child.on('close', resolve));
  await closed;
  server?.close();
  rmSync(dir, { recursive: true, force: true });
  return { usPerSpan: (JSON.parse(out).seconds / SPANS) * 1e6, spans };
}

async function main() {
  const samples: Record<Sink, number[]> = { standalone: [], drain: [], collector: [], durable: [] };
  let collected = 0;
  for (let round = 0; round < ROUNDS; round++) {
    for (const sink of ['standalone', 'drain', 'collector', 'durable'] as Sink[]) {
      const result = await loop(sink);
      samples[sink].push(result.usPerSpan);
      if (sink === 'collector') collected = result.spans;
    }
  }
  const standalone = median(samples.standalone);
  const drain = median(samples.drain);
  const collector = median(samples.collector);
  const durable = median(samples.durable);
  console.log(`SDK overhead: ${fmt(SPANS)} empty flow.step blocks, best of 3 loops per process, median of ${ROUNDS} processes\n`);
  console.log(
    table([
      ['loop', 'µs per span', 'vs standalone'],
      ['standalone (HERO_FLOW_SPAN_SOCK unset)', fmt(standalone, 3), '1×'],
      ['traced, socket drained by a bare reader', fmt(drain, 2), `${fmt(drain / standalone, 0)}×`],
      ['traced, real collector + store', fmt(collector, 2), `${fmt(collector / standalone, 0)}×`],
      ['traced under a durable request, socket drained', fmt(durable, 2), `${fmt(durable / standalone, 0)}×`],
    ]),
  );
  console.log(`\ndurable request vs none (both drained): ${fmt(durable / drain, 2)}× (target ≤ 1.10)`);
  console.log(`\ncollector vs bare reader: ${fmt(collector / drain, 2)}× (1.00 = the collector never slows the flow)`);
  console.log(`spans materialised by the collector in its last run: ${fmt(collected)}; target: ≤ 10 µs per traced span`);
}

main();
