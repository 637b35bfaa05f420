// One build script, one bundle per process — the CLI's heavy parts apart. Every entry must exist: a
// moved or missing entry fails the build rather than shipping a package without it.
import { build } from 'esbuild';
import { buildSdkWheel } from './scripts/build-sdk-wheel.mjs';
import { chmodSync, existsSync, mkdirSync, cpSync, rmSync } from 'node:fs';

const entries = [
  { in: 'cli/src/main.ts', out: 'dist/cli.js', banner: '#!/usr/bin/env node' },
  // The CLI's parts that a play does not need, each required by dist/cli.js only when its command runs
  // (cli/src/main.ts, `part`): esbuild cannot split a CommonJS bundle, so each is a bundle of its own.
  { in: 'cli/src/parts/analysis.ts', out: 'dist/cli-analysis.js' }, // check, flows: the analyzer, tree-sitter
  { in: 'cli/src/parts/client.ts', out: 'dist/cli-client.js' }, // client generate: the OpenRPC generator, ajv, yaml
  { in: 'server/src/main.ts', out: 'dist/server.js' },
  { in: 'server/src/workspace/parseWorker.ts', out: 'dist/parse-worker.js' }, // the server's scan parses in this worker thread
  { in: 'client/src/extension.ts', out: 'dist/extension.js' },
];

// The trace panel's webview runs in a browser, not in Node: its own bundle and stylesheet.
const webEntries = [{ in: 'webview/src/main.ts', out: 'dist/webview.js', css: { in: 'webview/src/styles.css', out: 'dist/webview.css' } }];

const production = process.argv.includes('--production');

const missing = [...entries, ...webEntries, ...webEntries.map((e) => e.css)].map((e) => e.in).filter((path) => !existsSync(path));
if (missing.length > 0) {
  console.error(`esbuild.mjs: missing entry ${missing.join(', ')}`);
  process.exit(1);
}

mkdirSync('dist', { recursive: true });
for (const entry of entries) {
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
    // jsonc-parser's UMD build requires its parts at run time, which a bundle cannot: its ESM build.
    alias: { 'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js' },
    // web-tree-sitter's ESM build reads import.meta.url, which a CommonJS bundle does not have.
    define: { 'import.meta.url': '__bundleUrl' },
    banner: { js: [entry.banner, 'var __bundleUrl = require("url").pathToFileURL(__filename).href;'].filter(Boolean).join('\n') },
    logLevel: 'warning',
  });
  if (entry.banner) chmodSync(entry.out, 0o755);
}

for (const entry of webEntries) {
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
mkdirSync('dist/openrpc', { recursive: true });
cpSync('openrpc/python/client_runtime.py', 'dist/openrpc/client_runtime.py'); // the generated clients' runtime (openrpc/src/template.ts)

// The Python side of the runtime ships next to the bundles: dist/python/hero_tracing/ (the SDK
// package) and dist/python/hero_bootstrap.py. Copied afresh, so a file the source no longer has
// (the SDK's old single-file hero_tracing.py) never ships.
rmSync('dist/python', { recursive: true, force: true });
cpSync('runtime/python', 'dist/python', {
  recursive: true,
  filter: (src) => !src.includes('__pycache__') && !src.includes('/tests') && !src.endsWith('pyproject.toml'),
});

// The SDK as a wheel, for `Hero Flows: Install SDK into Interpreter` and `pip install` by hand:
// dist/sdk/hero_tracing-<version>-py3-none-any.whl, built offline (skipped when up to date).
try {
  buildSdkWheel();
} catch (error) {
  console.error(`esbuild.mjs: ${error.message}`);
  process.exit(1);
}

