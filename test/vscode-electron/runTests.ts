// `npm run test:vscode`: the real-editor scenarios in a desktop VS Code downloaded by
// @vscode/test-electron, for machines that can download VS Code (this project's CI machines cannot:
// the download fails with ENOTFOUND; there the code-server suite, `npm run test:editor`, is the proof).
//
// It bundles suite/index.ts (the part that runs inside VS Code's extension host) with esbuild into
// .vscode-test/suite/index.js, opens a fresh copy of examples/ with the extension loaded from this
// repo (dist/, what the .vsix packs: run `npm run build` or `npm run package` first), and exits
// non-zero when a scenario fails. VSCODE_VERSION picks the editor ('stable' by default; the minimum
// the manifest supports is engines.vscode).

import { runTests } from '@vscode/test-electron';
import { build } from 'esbuild';
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const SUITE = join(ROOT, '.vscode-test', 'suite', 'index.js');

async function main(): Promise<void> {
  if (!existsSync(join(ROOT, 'dist', 'server.js'))) throw new Error('dist/ is not built: run npm run build first');
  await build({
    entryPoints: [join(__dirname, 'suite', 'index.ts')],
    outfile: SUITE,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    logLevel: 'warning',
  });
  const workspace = join(mkdtempSync(join(tmpdir(), 'hero-electron-')), 'examples');
  cpSync(join(ROOT, 'examples'), workspace, { recursive: true, filter: (src) => !/[\\/](\.hero|__pycache__)([\\/]|$)/.test(src) });

  await runTests({
    version: process.env.VSCODE_VERSION ?? 'stable',
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: SUITE,
    extensionTestsEnv: { HERO_TEST_WORKSPACE: workspace },
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
