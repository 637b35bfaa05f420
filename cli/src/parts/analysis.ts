// The analyzer's commands (`check`, `flows`): their own bundle, dist/cli-analysis.js, loaded only when
// one of them runs (cli/src/main.ts), so `run` never loads tree-sitter or the analyzer.

export { checkCommand } from '../commands/check';
export { flowsCommand } from '../commands/flows';
