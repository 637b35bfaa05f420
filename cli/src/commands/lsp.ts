// hero-flows lsp --stdio: the language server, for any LSP editor. Not a copy: the very bundle the
// extension forks, dist/server.js (from source, server/src/main.ts), required here once the
// arguments are checked; it starts on load and, seeing `--stdio` in the arguments, speaks over stdio.

import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from '../usage';

/** The language server's entry beside this bundle, or in the sources when run through tsx. */
function serverEntry(): string {
  return __filename.endsWith('.ts') ? join(__dirname, '..', '..', '..', 'server', 'src', 'main.ts') : join(__dirname, 'server.js');
}

export async function lspCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { stdio: { type: 'boolean', default: false } } });
  if (!values.stdio) throw new UsageError('lsp speaks over stdio only: hero-flows lsp --stdio');
  require(serverEntry()); // a computed path: esbuild leaves the server out of dist/cli.js
  await new Promise<never>(() => undefined); // the connection ends the process (exit notification, or stdin closed)
  return 0;
}
