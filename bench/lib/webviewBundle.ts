// The webview bundle of another commit, for benches that set the current bundle beside an earlier
// one in the same run (A, B, A, B…): `git archive` of the webview's sources at `ref` into a temp
// folder, built as esbuild.mjs builds dist/webview.js. Returns the folder holding webview.js/.css.

import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';

const ROOT = join(__dirname, '..', '..');

/** The source folders the webview bundle is built from. */
const SOURCES = ['webview', 'common'];

export function buildWebviewAt(ref: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'hero-webview-base-'));
  const tar = execFileSync('git', ['-C', ROOT, 'archive', ref, ...SOURCES], { maxBuffer: 256 * 1024 * 1024 });
  execFileSync('tar', ['-x', '-C', dir], { input: tar });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  const dist = join(dir, 'dist');
  buildSync({ entryPoints: [join(dir, 'webview', 'src', 'main.ts')], outfile: join(dist, 'webview.js'), bundle: true, platform: 'browser', format: 'iife', target: 'es2022', logLevel: 'warning' });
  cpSync(join(dir, 'webview', 'src', 'styles.css'), join(dist, 'webview.css'));
  cpSync(join(ROOT, 'dist', 'codicon.ttf'), join(dist, 'codicon.ttf'));
  return dist;
}
