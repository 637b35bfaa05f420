// `npm run bench`: every benchmark in turn, each in its own process so none warms another.
// collector-memory.ts (a 10 M-event play, many minutes) runs only on its own.

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const benches = ['sdk-overhead.ts', 'durable-replay.ts', 'collector-ingest.ts', 'play-start.ts', 'lsp-parse.ts', 'lsp-index.ts', 'lsp-edits.ts', 'webview.ts', 'webview-filter.ts', 'webview-load.ts', 'webview-bigtext.ts', 'openrpc-generate.ts'];
for (const bench of benches) {
  console.log(`\n=== ${bench} ===`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, bench)], { stdio: 'inherit' });
  if (result.status !== 0) process.exitCode = 1;
}
