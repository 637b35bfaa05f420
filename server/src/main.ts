// The language server process (dist/server.js): `--stdio` speaks LSP over stdin/stdout, otherwise
// over node IPC (the extension forks it). The CLI's `hero-flows lsp --stdio` starts the same server.

import { startLanguageServer } from './lsp/start';

startLanguageServer();
