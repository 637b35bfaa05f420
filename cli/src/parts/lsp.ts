// `hero-flows lsp --stdio`: the language server (vscode-languageserver, tree-sitter, the analyzer) in
// its own bundle, dist/cli-lsp.js, loaded only when `lsp` runs (cli/src/main.ts).

export { lspCommand } from '../commands/lsp';
