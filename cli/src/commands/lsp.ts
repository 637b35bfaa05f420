// hero-flows lsp --stdio: the language server, for any LSP editor. The same server the extension
// runs (server/src/lsp/start.ts), bundled into the CLI's part dist/cli-lsp.js (cli/src/parts/lsp.ts).

import { parseArgs } from 'node:util';
import { startLanguageServer } from '../../../server/src/lsp/start';
import { UsageError } from '../usage';

export async function lspCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { stdio: { type: 'boolean', default: false } } });
  if (!values.stdio) throw new UsageError('lsp speaks over stdio only: hero-flows lsp --stdio');
  startLanguageServer(['--stdio']);
  await new Promise<never>(() => undefined); // the connection ends the process (exit notification, or stdin closed)
  return 0;
}
