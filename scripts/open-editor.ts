// Opens examples/ (or the folder given) in a real VS Code workbench with the packaged extension:
// code-server on http://127.0.0.1:$PORT (8080 by default), the same isolated setup as the
// real-editor suite (test/vscode/codeServer.ts), a profile kept in .vscode-test-env/profile so
// settings survive. `npm run editor` installs the editor, packages, then runs this; Ctrl+C stops it.

import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CodeServer, ENV_DIR, ROOT, editorTools } from '../test/vscode/codeServer';

async function main(): Promise<void> {
  const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const vsix = process.env.HERO_VSIX ?? join(ROOT, `hero-flows-${version}.vsix`);
  if (!existsSync(vsix)) throw new Error(`${vsix} is missing: run npm run package`);
  const folder = resolve(process.argv[2] ?? join(ROOT, 'examples'));
  const server = await CodeServer.start({
    tools: editorTools(),
    dir: join(ENV_DIR, 'profile'),
    vsix,
    port: Number(process.env.PORT ?? 8080),
    settings: { 'workbench.startupEditor': 'readme' },
  });
  console.log(`\nHero Flows in VS Code: ${server.folderUrl(folder)}\n(open it in a browser; Ctrl+C stops the editor)`);
  const stop = () => void server.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
