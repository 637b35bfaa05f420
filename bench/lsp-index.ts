// The language server's index over real LSP (the built server, `hero-flows lsp --stdio`):
// 1. Cold index of this machine's CPython standard library plus 2,000 generated flow files that
//    invoke each other; python3 `ast.parse`s the same files in the same run (the whole-workspace
//    figure: the server skips files that cannot hold a flow; bench/lsp-parse.ts has the like-for-like
//    per-flow-file one). Then the server's memory after the index.
// 2. Warm start (issue 15): a 20,000-file workspace (the stdlib + flow files), cold without the facts
//    cache, cold writing it, and warm (editor reopened, nothing changed), interleaved, fresh
//    processes, medians.
// 3. No file cap: a 100,000-file workspace, 1 % flow files, in one streamed scan: time, files/s, RSS.
// 4. The parse worker (issue 15): the cold scan with the worker thread and without it
//    (initializationOptions.parseWorker: false), interleaved, fresh processes, medians; the server's
//    CPU time beside its wall time shows the second core at work.
// BENCH_PARTS=whole,warm,big,worker picks parts; BENCH_WARM_FILES, BENCH_BIG_FILES, BENCH_WORKER_FILES,
// BENCH_REPEATS sizes.

import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IndexReadyParams } from '../common/src/lspMessages';
import { pythonFiles } from '../server/src/analyzer/pythonFiles';
import { RACY_MS } from '../server/src/workspace/scanFile';
import { LspClient } from '../test/helpers/lspClient';
import { stdlibDir, writeFlowCorpus } from './lib/flowCorpus';
import { fmt, median, table } from './lib/stats';

const FLOW_FILES = Number(process.env.BENCH_FLOW_FILES ?? 2000);
const WARM_FILES = Number(process.env.BENCH_WARM_FILES ?? 20_000);
const BIG_FILES = Number(process.env.BENCH_BIG_FILES ?? 100_000);
const WORKER_FILES = Number(process.env.BENCH_WORKER_FILES ?? 4000);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);

function procStatusMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)![1]) / 1024;
}
const rssMb = (pid: number) => procStatusMb(pid, 'VmRSS');

const load = () => loadavg()[0]!.toFixed(2);

/** Every file and folder an hour old: a warm start long after the last one, as when an editor is reopened. */
function age(dir: string, when = new Date(Date.now() - 3600_000)): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) age(path, when);
    utimesSync(path, when, when);
  }
}

interface Indexed {
  ready: IndexReadyParams;
  /** Wall time from spawning the server to indexReady (the scan's own durationMs is inside it). */
  wallMs: number;
  rssMb: number;
  peakMb: number;
  /** The server's CPU time (user + system, every thread) up to indexReady. */
  cpuMs: number;
}

/** User + system CPU time of a process, every thread (/proc/<pid>/stat, in clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function index(workspace: string, factsCacheDir?: string, parseWorker = true): Promise<Indexed> {
  const started = performance.now();
  const client = await LspClient.start({ workspace, initializationOptions: { indexWaitMs: 600_000, parseWorker, ...(factsCacheDir ? { factsCacheDir } : {}) } });
  const ready = await client.indexReady;
  const wallMs = performance.now() - started;
  const pid = client.child.pid!;
  const result = { ready, wallMs, rssMb: rssMb(pid), peakMb: procStatusMb(pid, 'VmHWM'), cpuMs: cpuMs(pid) };
  await client.stop();
  return result;
}

async function wholeWorkspace(): Promise<void> {

  const workspace = mkdtempSync(join(tmpdir(), 'hero-bench-index-'));
  const stdlib = stdlibDir();
  cpSync(stdlib, join(workspace, 'stdlib'), { recursive: true, filter: (src) => !/site-packages|dist-packages|__pycache__/.test(src) });
  writeFlowCorpus(join(workspace, 'flows'), FLOW_FILES);

  // The exact files the server will look at, for ast.parse to read and parse too.
  const files: string[] = [];
  for await (const path of pythonFiles(workspace)) files.push(path);
  const listFile = join(workspace, 'files.txt');
  writeFileSync(listFile, files.join('\n'));
  let bytes = 0;
  for (const path of files) bytes += readFileSync(path).length;

  const client = await LspClient.start({ workspace });
  const ready = await client.indexReady;
  const rss = rssMb(client.child.pid!);
  await client.stop();

  const ast = JSON.parse(spawnSync('python3', [join(__dirname, 'lib', 'ast_parse.py'), listFile], { encoding: 'utf8' }).stdout);
  rmSync(workspace, { recursive: true, force: true });

  const seconds = ready.durationMs / 1000;
  console.log(`Cold index: ${stdlib} (${fmt(files.length - FLOW_FILES)} files) + ${fmt(FLOW_FILES)} generated flow files, ${fmt(bytes / 1e6, 1)} MB\n`);
  console.log(
    table([
      ['', 'seconds', 'files/s', 'MB/s'],
      [`hero-flows index (${fmt(ready.files)} files read, ${fmt(ready.parsed)} parsed, ${fmt(ready.flows)} flows)`, fmt(seconds, 2), fmt(ready.files / seconds), fmt(bytes / 1e6 / seconds, 1)],
      [`python3 ast.parse of the same files (${ast.failed} failed to parse)`, fmt(ast.seconds, 2), fmt(ast.files / ast.seconds), fmt(ast.bytes / 1e6 / ast.seconds, 1)],
    ]),
  );
  console.log(`\nindex / ast.parse time: ${fmt(seconds / ast.seconds, 2)} (target < 1)`);
  console.log(`server RSS after the cold index: ${fmt(rss)} MB (target ≤ 300 MB)`);
}

/** The stdlib plus flow files up to `total` Python files, aged; returns the folder and its counts. */
function warmWorkspace(total: number): { workspace: string; flows: number; files: number } {
  const workspace = mkdtempSync(join(tmpdir(), 'hero-bench-warm-'));
  cpSync(stdlibDir(), join(workspace, 'stdlib'), { recursive: true, filter: (src) => !/site-packages|dist-packages|__pycache__/.test(src) });
  let stdlibFiles = 0;
  const count = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) count(join(dir, entry.name));
      else if (entry.name.endsWith('.py')) stdlibFiles++;
    }
  };
  count(join(workspace, 'stdlib'));
  const flows = Math.max(0, total - stdlibFiles);
  writeFlowCorpus(join(workspace, 'flows'), flows);
  age(workspace);
  return { workspace, flows, files: stdlibFiles + flows };
}

async function warmStart(): Promise<void> {
  const { workspace, flows, files } = warmWorkspace(WARM_FILES);
  const rows: Record<'none' | 'cold' | 'warm', Indexed[]> = { none: [], cold: [], warm: [] };
  for (let i = 0; i < REPEATS; i++) {
    rows.none.push(await index(workspace));
    const cacheDir = mkdtempSync(join(tmpdir(), 'hero-bench-cache-'));
    rows.cold.push(await index(workspace, cacheDir));
    rows.warm.push(await index(workspace, cacheDir));
    rmSync(cacheDir, { recursive: true, force: true });
  }
  rmSync(workspace, { recursive: true, force: true });
  const scan = (runs: Indexed[]) => median(runs.map((r) => r.ready.durationMs));
  const wall = (runs: Indexed[]) => median(runs.map((r) => r.wallMs));
  const label = { none: 'cold, no facts cache', cold: 'cold, writing the facts cache', warm: 'warm (nothing changed)' };
  console.log(`\nWarm start: ${fmt(files)} Python files (${fmt(files - flows)} stdlib + ${fmt(flows)} generated flow files), median of ${REPEATS} fresh servers each, interleaved\n`);
  console.log(
    table([
      ['', 'scan ms', 'spawn → indexReady ms', 'parsed', 'from cache', 'flows', 'RSS MB'],
      ...(['none', 'cold', 'warm'] as const).map((kind) => {
        const last = rows[kind].at(-1)!.ready;
        return [label[kind], fmt(scan(rows[kind])), fmt(wall(rows[kind])), fmt(last.parsed), fmt(last.fromCache ?? 0), fmt(last.flows), fmt(median(rows[kind].map((r) => r.rssMb)))];
      }),
    ]),
  );
  console.log(`\nwarm / cold scan: ${fmt(scan(rows.warm) / scan(rows.cold), 3)} (target ≤ 0.10); warm / cold-without-cache scan: ${fmt(scan(rows.warm) / scan(rows.none), 3)}`);
  console.log(`warm / cold spawn → indexReady: ${fmt(wall(rows.warm) / wall(rows.cold), 3)}; writing the cache: cold ${fmt(scan(rows.cold) / scan(rows.none), 2)}× the cold scan without it`);
}

async function workerScan(): Promise<void> {
  const { workspace, flows, files } = warmWorkspace(WORKER_FILES);
  const rows: Record<'worker' | 'main', Indexed[]> = { worker: [], main: [] };
  for (let i = 0; i < REPEATS; i++) {
    rows.worker.push(await index(workspace, undefined, true));
    rows.main.push(await index(workspace, undefined, false));
  }
  rmSync(workspace, { recursive: true, force: true });
  const scan = (runs: Indexed[]) => median(runs.map((r) => r.ready.durationMs));
  const label = { worker: 'cold, parse worker (default)', main: 'cold, parsing on the main thread (parseWorker: false)' };
  console.log(`\nParse worker: ${fmt(files)} Python files (${fmt(files - flows)} stdlib + ${fmt(flows)} generated flow files), cold, no facts cache, median of ${REPEATS} fresh servers each, interleaved\n`);
  console.log(
    table([
      ['', 'scan ms', 'spawn → indexReady ms', 'server CPU ms', 'CPU / wall', 'parsed', 'flows', 'RSS MB'],
      ...(['worker', 'main'] as const).map((kind) => {
        const last = rows[kind].at(-1)!.ready;
        const cpu = median(rows[kind].map((r) => r.cpuMs));
        const wall = median(rows[kind].map((r) => r.wallMs));
        return [label[kind], fmt(scan(rows[kind])), fmt(wall), fmt(cpu), fmt(cpu / wall, 2), fmt(last.parsed), fmt(last.flows), fmt(median(rows[kind].map((r) => r.rssMb)))];
      }),
    ]),
  );
  console.log(`\nworker / main-thread scan: ${fmt(scan(rows.worker) / scan(rows.main), 3)} (< 1: the worker is faster)`);
}

async function bigScan(): Promise<void> {
  const workspace = mkdtempSync(join(tmpdir(), 'hero-bench-big-'));
  const flows = Math.round(BIG_FILES / 100);
  writeFlowCorpus(join(workspace, 'flows'), flows);
  const filler = BIG_FILES - flows;
  const module = (i: number) => `# Module ${i}.\nimport os\n\n\ndef helper_${i}(path):\n    return os.path.join(path, "${i}")\n`;
  for (let i = 0; i < filler; i++) {
    const dir = join(workspace, 'pkg', `p${Math.floor(i / 1000)}`, `m${Math.floor(i / 100) % 10}`);
    if (i % 100 === 0) mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `mod_${i}.py`), module(i));
  }
  // Older than the cold scan by more than the racy window (scanFile.ts), without 100,000 utimes calls.
  await new Promise((resolve) => setTimeout(resolve, RACY_MS + 100));
  const cacheDir = mkdtempSync(join(tmpdir(), 'hero-bench-cache-'));
  const cold = await index(workspace, cacheDir);
  const warm = await index(workspace, cacheDir);
  rmSync(cacheDir, { recursive: true, force: true });
  rmSync(workspace, { recursive: true, force: true });
  console.log(`\nNo file cap: ${fmt(BIG_FILES)} Python files (${fmt(flows)} flow files, 1 %), one streamed scan, single runs\n`);
  console.log(
    table([
      ['', 'files read', 'capped', 'flows', 'scan s', 'files/s', 'RSS MB', 'peak RSS MB'],
      ...([['cold (writing the cache)', cold], ['warm', warm]] as const).map(([what, r]) => [
        what,
        fmt(r.ready.files),
        String(r.ready.capped),
        fmt(r.ready.flows),
        fmt(r.ready.durationMs / 1000, 2),
        fmt(r.ready.files / (r.ready.durationMs / 1000)),
        fmt(r.rssMb),
        fmt(r.peakMb),
      ]),
    ]),
  );
}

async function main() {
  console.log(`load average (1 min) at start: ${load()}`);
  const parts = (process.env.BENCH_PARTS ?? 'whole,warm,big').split(',');
  if (parts.includes('whole')) await wholeWorkspace();
  if (parts.includes('warm')) await warmStart();
  if (parts.includes('big')) await bigScan();
  if (parts.includes('worker')) await workerScan();
  console.log(`\nload average (1 min) at end: ${load()}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
