// The language server process (dist/server.js): `--stdio` speaks LSP over stdin/stdout, otherwise
// over node IPC (the extension forks it). The CLI's `hero-flows lsp --stdio` starts the same server.

import { startLanguageServer } from './lsp/start';
import { PARSER_COPY_FLAG } from './parser/pythonParser';

/** What a second evaluation of this bundle hands back: a fresh web-tree-sitter (pythonParser.ts). */
export { webTreeSitter } from './parser/pythonParser';

if (!(globalThis as Record<string, unknown>)[PARSER_COPY_FLAG]) startLanguageServer();
