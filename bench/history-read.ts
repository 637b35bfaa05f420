// What the runtime pays to read a play's history (runtime/src/history.ts) — before every resume or
// retry, and once when a play pauses: a history of N recorded rpc effects (default 10,000), shaped
// as the SDK writes them, parsed whole. Prints figures; never passes or fails on time.
//
//   node --import tsx bench/history-read.ts            (BENCH_EFFECTS, BENCH_ROUNDS to change)

import { parseHistory } from '../runtime/src/history';
import { fmt, median, table } from './lib/stats';

const EFFECTS = Number(process.env.BENCH_EFFECTS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);

const lines = [JSON.stringify({ type: 'attempt', attempt: 1, mode: 'run', version: '5c0f1e2d3c4b5a69', t_ms: 1776760000123.4 })];
for (let i = 0; i < EFFECTS; i++) {
  const key = i.toString(16).padStart(32, '0');
  lines.push(JSON.stringify({ type: 'effect', key, site: key.split('').reverse().join(''), effect: 'rpc', name: 'Board.create', path: 'batch#0', index: i, attempt: 1, span_id: 'abcdef0123456789', ok: true, result: { id: i, name: `board ${i}` } }));
}
lines.push(JSON.stringify({ type: 'pause', key: 'f'.repeat(32), site: 'e'.repeat(32), pause_key: 'approve', prompt: 'Approve?', fields: { ok: { type: 'bool', required: true } }, attempt: 1, span_id: '0123456789abcdef', t_ms: 1776760000999.1 }));
const bytes = Buffer.from(`${lines.join('\n')}\n`);

for (let warm = 0; warm < 3; warm++) parseHistory(bytes);
const times: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  const start = process.hrtime.bigint();
  const reading = parseHistory(bytes);
  times.push(Number(process.hrtime.bigint() - start) / 1e6);
  if (reading.effects !== EFFECTS || !reading.pendingPause) throw new Error('the history did not read back');
}
const ms = median(times);
console.log(
  table([
    ['history read', 'effects', 'bytes', 'bytes/effect', 'median ms', 'µs/effect'],
    ['runtime parseHistory', fmt(EFFECTS), fmt(bytes.length), fmt(bytes.length / EFFECTS), fmt(ms, 1), fmt((ms * 1000) / EFFECTS, 2)],
  ]),
);
