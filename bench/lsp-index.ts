// Cold index: the language server scans a workspace holding this machine's CPython standard
// library plus 2,000 generated flow files that invoke each other, over real LSP. In the same run,
// python3 `ast.parse`s the same files. Then the server's memory after the index.

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pythonFiles } from '../server/src/analyzer/pythonFiles';
import { LspClient } from '../test/helpers/lspClient';
import { stdlibDir, writeFlowCorpus } from './lib/flowCorpus';
import { fmt, table } from './lib/stats';

const FLOW_FILES = Number(process.env.BENCH_FLOW_FILES ?? 2000);

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

async function main() {
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

main();
