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
type Mode = 'record' | 'replay' | 'stub' | 'live' | 'replay_unsent';

/** µs per call: wall clock, and the flow process's CPU time (what a shared machine's load inflates least). */
async function loop(mode: Mode, history: string): Promise<{ wall: number; cpu: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'hero-bench-durable-'));
  const socketPath = join(dir, 's.sock');
  let closed: Promise<unknown> = Promise.resolve();
  const server = createServer((socket) => {
    closed = readSocket('drain', socket, dir);
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  const env: NodeJS.ProcessEnv = { ...process.env, PYTHONPATH: pythonRuntimeDir(), HERO_FLOW_SPAN_SOCK: socketPath };
  delete env.HERO_FLOW_VERSION_SID;
  if (mode === 'replay_unsent') delete env.HERO_FLOW_SPAN_SOCK; // the replay's own work, without the wire
  const pyMode = mode === 'replay_unsent' ? 'replay' : mode;
  const child = spawn('python3', [join(__dirname, 'flows', 'durable_rpc.py'), pyMode, String(CALLS), history], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  const code = await new Promise((resolve) => child.on('close', resolve));
  await closed;
  server.close();
  rmSync(dir, { recursive: true, force: true });
  if (code !== 0) throw new Error(`durable_rpc.py ${mode} exited ${code}`);
  const { seconds, cpu } = JSON.parse(out) as { seconds: number; cpu: number };
  return { wall: (seconds / CALLS) * 1e6, cpu: (cpu / CALLS) * 1e6 };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'hero-bench-history-'));
  const samples: Record<Mode, { wall: number; cpu: number }[]> = { record: [], replay: [], stub: [], live: [], replay_unsent: [] };
  let bytesPerEffect = 0;
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const recorded = join(dir, `recorded-${round}.jsonl`);
      samples.record.push(await loop('record', recorded));
      bytesPerEffect = statSync(recorded).size / CALLS;
      const resumed = join(dir, `resumed-${round}.jsonl`);
      copyFileSync(recorded, resumed); // each resume replays a history of its own
      samples.replay.push(await loop('replay', resumed));
      const unsent = join(dir, `unsent-${round}.jsonl`);
      copyFileSync(recorded, unsent);
      samples.replay_unsent.push(await loop('replay_unsent', unsent));
      samples.stub.push(await loop('stub', join(dir, `stub-${round}.jsonl`)));
      samples.live.push(await loop('live', join(dir, 'unused.jsonl')));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const wall = (mode: Mode) => median(samples[mode].map((s) => s.wall));
  const cpu = (mode: Mode) => median(samples[mode].map((s) => s.cpu));
  console.log(`Durable plays: ${fmt(CALLS)} instrumented RPC calls per flow, median of ${ROUNDS} processes each, socket drained\n`);
  const row = (label: string, mode: Mode) => [label, fmt(wall(mode), 2), fmt(cpu(mode), 2), `${fmt(wall(mode) / wall('stub'), 0)}×`];
  console.log(
    table([
      ['loop', 'µs per call (wall)', 'µs per call (CPU)', 'vs stubbed (wall)'],
      row('calls stubbed out (a direct method call)', 'stub'),
      row('resumed: every call replayed from the history', 'replay'),
      row('resumed, span socket unset (the replay without the wire)', 'replay_unsent'),
      row('traced live calls, no durable request', 'live'),
      row('recorded live calls (attempt 1)', 'record'),
    ]),
  );
  const replayCost = wall('replay') - wall('stub');
  console.log(`\nreplay cost per recorded effect: ${fmt(replayCost, 2)} µs wall, ${fmt(cpu('replay') - cpu('stub'), 2)} µs CPU (target ≤ 20 µs)`);
  console.log(`replay without the wire: ${fmt(wall('replay_unsent') - wall('stub'), 2)} µs wall, ${fmt(cpu('replay_unsent') - cpu('stub'), 2)} µs CPU per effect`);
  console.log(`replayed vs traced live call: ${fmt(wall('replay') / wall('live'), 2)}× wall, ${fmt(cpu('replay') / cpu('live'), 2)}× CPU`);
  console.log(`recording a live call: ${fmt(wall('record') / wall('live'), 2)}× a traced call without a durable request (+${fmt(wall('record') - wall('live'), 2)} µs wall, +${fmt(cpu('record') - cpu('live'), 2)} µs CPU)`);
  console.log(`history bytes per effect: ${fmt(bytesPerEffect, 0)}`);
}

main();
