// Like for like (issue 15, target 1): the same generated flow files, read and parsed by each side.
// Per flow file: the analyzer's path in process (tree-sitter parse + facts, what the index runs on
// each file) and its parse alone; the built server's whole index of the same folder over real LSP;
// CPython's `ast.parse`, timed inside Python (bench/lib/ast_parse.py); ruff, when one is installed.
// Every row is a fresh process, rows interleaved round by round; medians over the rounds, ratios
// taken within each round. Then memory: a child indexes 20,000 flow files the server's way and
// prints its RSS and heap after GC.
//
//   node --import tsx bench/lsp-parse.ts          BENCH_ROUNDS=5 BENCH_FLOW_FILES=2000
//   BENCH_MEMORY_FILES=20000 (0 skips it)         RUFF=/path/to/ruff (else `ruff` on PATH, else skipped)

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeTree } from '../server/src/analyzer/analyzeFile';
import { createPythonParser } from '../server/src/parser/pythonParser';
import { SlicedParser } from '../server/src/parser/slicedParser';
import { WorkspaceScan } from '../server/src/workspace/indexer';
import { Workspace } from '../server/src/workspace/workspace';
import { LspClient } from '../test/helpers/lspClient';
import { writeFlowCorpus } from './lib/flowCorpus';
import { fmt, median, table } from './lib/stats';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const FLOW_FILES = Number(process.env.BENCH_FLOW_FILES ?? 2000);
const MEMORY_FILES = Number(process.env.BENCH_MEMORY_FILES ?? 20000);

interface Timing {
  seconds: number;
  files: number;
}

const load = () => loadavg()[0]!.toFixed(2);

// ---- children: each measures one thing in a fresh process and prints JSON ----

/** Reads and parses (and, unless `parseOnly`, analyses) every file, as ast_parse.py reads and parses them. */
async function analyzerChild(listFile: string, parseOnly: boolean): Promise<Timing> {
  const paths = readFileSync(listFile, 'utf8').split('\n').filter(Boolean);
  const parser = await createPythonParser(); // loaded before the clock starts, as Python's parser is
  const start = performance.now();
  for (const path of paths) {
    const text = readFileSync(path, 'utf8');
    const tree = parser.parse(text)!;
    if (!parseOnly) analyzeTree(path, text, tree);
    tree.delete();
  }
  return { seconds: (performance.now() - start) / 1000, files: paths.length };
}

/** Indexes `folder` the server's way (its scan, its workspace, its parser), then GC: what stays. */
async function memoryChild(folder: string): Promise<Record<string, number>> {
  const gc = (globalThis as { gc?: () => void }).gc!;
  const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;
  const workspace = new Workspace(await SlicedParser.create(undefined, true), () => {});
  gc();
  const before = process.memoryUsage();
  const result = await new WorkspaceScan(workspace, { folders: [folder], isExcluded: () => false, maxFiles: Number.MAX_SAFE_INTEGER }).done;
  gc();
  gc();
  const after = process.memoryUsage();
  return {
    files: result.files,
    flows: result.flows,
    rssBefore: mb(before.rss),
    rssAfter: mb(after.rss),
    heapBefore: mb(before.heapUsed),
    heapAfter: mb(after.heapUsed),
    external: mb(after.external),
    heapPerFileBytes: Math.round((after.heapUsed - before.heapUsed) / result.files),
  };
}

// ---- the parent: corpus, interleaved rounds, tables ----

function runChild(args: string[], nodeFlags: string[] = []): unknown {
  const result = spawnSync(process.execPath, [...nodeFlags, '--import', 'tsx', __filename, ...args], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (result.status !== 0) throw new Error(`child ${args.join(' ')} failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!);
}

function python(): string {
  return spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).stdout.trim(); // not pyenv's shim
}

function findRuff(): string | undefined {
  const candidate = process.env.RUFF ?? 'ruff';
  return spawnSync(candidate, ['--version'], { encoding: 'utf8' }).status === 0 ? candidate : undefined;
}

async function lspIndex(folder: string): Promise<Timing> {
  const client = await LspClient.start({ workspace: folder });
  const ready = await client.indexReady;
  await client.stop();
  return { seconds: ready.durationMs / 1000, files: ready.files };
}

async function main(): Promise<void> {
  console.log(`1-minute load average at start: ${load()}`);
  const root = mkdtempSync(join(tmpdir(), 'hero-bench-parse-'));
  try {
    const flows = join(root, 'flows');
    const paths = writeFlowCorpus(flows, FLOW_FILES);
    const listFile = join(root, 'files.txt');
    writeFileSync(listFile, paths.join('\n'));
    const bytes = paths.reduce((sum, path) => sum + readFileSync(path).length, 0);
    const py = python();
    const ruff = findRuff();

    const rows: Record<string, number[]> = {};
    const ratios: Record<string, number[]> = {};
    const add = (name: string, timing: Timing) => (rows[name] ??= []).push((timing.seconds / timing.files) * 1e6);
    for (let round = 0; round < ROUNDS; round++) {
      const ast = JSON.parse(spawnSync(py, [join(__dirname, 'lib', 'ast_parse.py'), listFile], { encoding: 'utf8' }).stdout) as Timing;
      add('ast', ast);
      const analyse = runChild(['--child', 'analyse', listFile]) as Timing;
      add('analyse', analyse);
      const parse = runChild(['--child', 'parse', listFile]) as Timing;
      add('parse', parse);
      const lsp = await lspIndex(flows);
      add('lsp', lsp);
      if (ruff) {
        const start = performance.now();
        spawnSync(ruff, ['check', '--no-cache', '--isolated', '--quiet', '--exit-zero', flows], { encoding: 'utf8' });
        add('ruff', { seconds: (performance.now() - start) / 1000, files: FLOW_FILES });
      }
      const perFile = (name: string) => rows[name]!.at(-1)!;
      for (const name of Object.keys(rows)) (ratios[name] ??= []).push(perFile(name) / perFile('ast'));
    }

    const line = (name: string, label: string) => [label, fmt(median(rows[name]!), 1), `${fmt(median(ratios[name]!), 2)}×`];
    console.log(`\n${fmt(FLOW_FILES)} generated flow files (${fmt(bytes / 1e6, 2)} MB, ${fmt(bytes / FLOW_FILES)} B each); median of ${ROUNDS} interleaved rounds, a fresh process per row\n`);
    const body = [
      ['per flow file (read + parse [+ analyse])', 'µs', 'vs ast.parse'],
      line('ast', `CPython ast.parse (${py}, timed inside Python)`),
      line('analyse', 'analyzer in process: tree-sitter parse + facts (the index path)'),
      line('parse', '… of which tree-sitter parse alone'),
      line('lsp', 'built server over LSP: cold index of the folder (walk, read, parse, facts, library)'),
    ];
    if (ruff) body.push(line('ruff', `ruff check, whole process (both cores; ${ruff})`));
    console.log(table(body));
    if (!ruff) console.log('\nruff: not found (set RUFF=/path/to/ruff or put it on PATH): row skipped');
    console.log(`\ntarget: analyzer / ast.parse ≤ 1.0 — measured ${fmt(median(ratios.analyse!), 2)}`);

    if (MEMORY_FILES > 0) {
      const memoryFlows = join(root, 'memory');
      writeFlowCorpus(memoryFlows, MEMORY_FILES);
      const memory = runChild(['--child', 'memory', memoryFlows], ['--expose-gc']) as Record<string, number>;
      console.log(`\nmemory after indexing ${fmt(memory.files!)} flow files the server's way (its scan, workspace, parser; in a child, after GC):`);
      console.log(
        table([
          ['', 'before', 'after'],
          ['RSS MB', fmt(memory.rssBefore!, 1), fmt(memory.rssAfter!, 1)],
          ['JS heap used MB', fmt(memory.heapBefore!, 1), fmt(memory.heapAfter!, 1)],
        ]),
      );
      console.log(`heap per flow file: ${fmt(memory.heapPerFileBytes!)} B; external (WASM heap and buffers): ${fmt(memory.external!, 1)} MB; target RSS ≤ 200 MB`);
      const client = await LspClient.start({ workspace: memoryFlows });
      await client.indexReady;
      const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${client.child.pid}/status`, 'utf8'))![1]) / 1024;
      await client.stop();
      console.log(`built server over LSP, RSS right after indexing the same ${fmt(MEMORY_FILES)} files (no forced GC): ${fmt(rss, 1)} MB`);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
    console.log(`\n1-minute load average at end: ${load()}`);
  }
}

async function child(mode: string, arg: string): Promise<void> {
  const out = mode === 'memory' ? await memoryChild(arg) : await analyzerChild(arg, mode === 'parse');
  console.log(JSON.stringify(out));
  process.exit(0);
}

if (process.argv[2] === '--child') void child(process.argv[3]!, process.argv[4]!);
else void main();
