// One build script, one bundle per process. Entries that do not exist yet are skipped,
// so later pillars (client, server, webview) plug in without changing the others.
import { build } from 'esbuild';
import { chmodSync, existsSync, mkdirSync, cpSync } from 'node:fs';

const entries = [
  { in: 'cli/src/main.ts', out: 'dist/cli.js', banner: '#!/usr/bin/env node' },
  { in: 'server/src/main.ts', out: 'dist/server.js' },
];

const production = process.argv.includes('--production');

mkdirSync('dist', { recursive: true });
for (const entry of entries.filter((e) => existsSync(e.in))) {
  await build({
    entryPoints: [entry.in],
    outfile: entry.out,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: production ? false : 'linked',
    minify: production,
    external: ['vscode'],
    banner: entry.banner ? { js: entry.banner } : undefined,
    logLevel: 'warning',
  });
  if (entry.banner) chmodSync(entry.out, 0o755);
}

// The WASM parser and grammar sit next to the bundles that load them (server/src/parser/pythonParser.ts).
cpSync('node_modules/web-tree-sitter/web-tree-sitter.wasm', 'dist/web-tree-sitter.wasm');
cpSync('node_modules/tree-sitter-python/tree-sitter-python.wasm', 'dist/tree-sitter-python.wasm');

// The Python side of the runtime ships next to the bundles: dist/python/hero_tracing.py etc.
cpSync('runtime/python', 'dist/python', {
  recursive: true,
  filter: (src) => !src.includes('__pycache__') && !src.includes('/tests'),
});

