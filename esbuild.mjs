// One build script, one bundle per process. Entries that do not exist yet are skipped,
// so later pillars (client, server, webview) plug in without changing the others.
import { build } from 'esbuild';
import { chmodSync, existsSync, mkdirSync, cpSync } from 'node:fs';

const entries = [
  { in: 'cli/src/main.ts', out: 'dist/cli.js', banner: '#!/usr/bin/env node' },
  { in: 'server/src/main.ts', out: 'dist/server.js' },
  { in: 'client/src/extension.ts', out: 'dist/extension.js' },
];

// The trace panel's webview runs in a browser, not in Node: its own bundle and stylesheet.
const webEntries = [{ in: 'webview/src/main.ts', out: 'dist/webview.js', css: { in: 'webview/src/styles.css', out: 'dist/webview.css' } }];

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
    // web-tree-sitter's ESM build reads import.meta.url, which a CommonJS bundle does not have.
    define: { 'import.meta.url': '__bundleUrl' },
    banner: { js: [entry.banner, 'var __bundleUrl = require("url").pathToFileURL(__filename).href;'].filter(Boolean).join('\n') },
    logLevel: 'warning',
  });
  if (entry.banner) chmodSync(entry.out, 0o755);
}

for (const entry of webEntries.filter((e) => existsSync(e.in))) {
  await build({
    entryPoints: [entry.in],
    outfile: entry.out,
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    sourcemap: production ? false : 'linked',
    minify: production,
    logLevel: 'warning',
  });
  cpSync(entry.css.in, entry.css.out);
}

// The WASM parser and grammar sit next to the bundles that load them (server/src/parser/pythonParser.ts).
cpSync('node_modules/web-tree-sitter/web-tree-sitter.wasm', 'dist/web-tree-sitter.wasm');
cpSync('node_modules/tree-sitter-python/tree-sitter-python.wasm', 'dist/tree-sitter-python.wasm');
cpSync('node_modules/@vscode/codicons/dist/codicon.ttf', 'dist/codicon.ttf'); // the trace panel's kind icons (webview/src/styles.css)
cpSync('server/src/analyzer/queries', 'dist/queries', { recursive: true }); // the analyzer's queries (server/src/analyzer/queries.ts)

// The Python side of the runtime ships next to the bundles: dist/python/hero_tracing.py etc.
cpSync('runtime/python', 'dist/python', {
  recursive: true,
  filter: (src) => !src.includes('__pycache__') && !src.includes('/tests'),
});

