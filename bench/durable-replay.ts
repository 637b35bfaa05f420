// Durable plays (docs/durable.md): what replay costs per recorded effect, how many history bytes an
// effect takes, and what recording costs a live call — all measured side by side in one run.
// A flow of N instrumented RPC calls: recorded (attempt 1), replayed (a resume: no call runs),
// the same loop with the calls stubbed out (a direct method call), and traced without a durable request.

import { createServer } from 'node:net';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sink as readSocket } from './lib/sinks';
import { pythonRuntimeDir } from '../runtime/src/sdkPaths';
import { fmt, median, table } from './lib/stats';

const CALLS = Number(process.env.BENCH_EFFECTS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
type Mode = 'record' | 'replay' | 'stub' | 'live';

async function loop(mode: Mode, history: string): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'hero-bench-durable-'));
  const socketPath = join(dir, 's.sock');
  let closed: Promise<unknown> = Promise.resolve();
  const server = createServer((socket) => {
    closed = readSocket('drain', socket, dir);
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  const env: NodeJS.ProcessEnv = { ...process.env, PYTHONPATH: pythonRuntimeDir(), HERO_FLOW_SPAN_SOCK: socketPath };
  delete env.HERO_FLOW_VERSION_SID;
  const child = spawn('python3', [join(__dirname, 'flows', 'durable_rpc.py'), mode, String(CALLS), history], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  const code = await new Promise((resolve) => child.on('close', resolve));
  await closed;
  server.close();
  rmSync(dir, { recursive: true, force: true });
  if (code !== 0) throw new Error(`durable_rpc.py ${mode} exited ${code}`);
  return (JSON.parse(out).seconds / CALLS) * 1e6;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'hero-bench-history-'));
  const samples: Record<Mode, number[]> = { record: [], replay: [], stub: [], live: [] };
  let bytesPerEffect = 0;
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const recorded = join(dir, `recorded-${round}.jsonl`);
      samples.record.push(await loop('record', recorded));
      bytesPerEffect = statSync(recorded).size / CALLS;
      const resumed = join(dir, `resumed-${round}.jsonl`);
      copyFileSync(recorded, resumed); // each resume replays a history of its own
      samples.replay.push(await loop('replay', resumed));
      samples.stub.push(await loop('stub', join(dir, `stub-${round}.jsonl`)));
      samples.live.push(await loop('live', join(dir, 'unused.jsonl')));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const [record, replay, stub, live] = [median(samples.record), median(samples.replay), median(samples.stub), median(samples.live)];
  const replayCost = replay - stub;
  console.log(`Durable plays: ${fmt(CALLS)} instrumented RPC calls per flow, median of ${ROUNDS} processes each, socket drained\n`);
  console.log(
    table([
      ['loop', 'µs per call', 'vs stubbed'],
      ['calls stubbed out (a direct method call)', fmt(stub, 3), '1×'],
      ['resumed: every call replayed from the history', fmt(replay, 2), `${fmt(replay / stub, 0)}×`],
      ['traced live calls, no durable request', fmt(live, 2), `${fmt(live / stub, 0)}×`],
      ['recorded live calls (attempt 1)', fmt(record, 2), `${fmt(record / stub, 0)}×`],
    ]),
  );
  console.log(`\nreplay cost per recorded effect: ${fmt(replayCost, 2)} µs (target ≤ 20 µs)`);
  console.log(`recording a live call: ${fmt(record / live, 2)}× a traced call without a durable request (+${fmt(record - live, 2)} µs)`);
  console.log(`history bytes per effect: ${fmt(bytesPerEffect, 0)}`);
}

main();
