// What the pieces (units.ts) of the files analysed last yielded, by piece text, so that re-analysing
// an edited file only queries the pieces that changed (edit-to-diagnostics on a 5,000-line file
// must stay within a few milliseconds). Bounded: the most recent files only, and per file only the
// pieces of its latest text.

import type { SdkBindings } from './imports';
import type { StatementFacts } from './statementFacts';

export interface FileStatements {
  /** The SDK imports of each piece, by its text. */
  imports: Map<string, SdkBindings>;
  /** The facts of each piece, by the file's SDK aliases, the piece's scope and its text. */
  facts: Map<string, StatementFacts>;
}

const MAX_FILES = 32;
const byPath = new Map<string, FileStatements>();

/** The pieces of `path`'s previous analysis, for lookups while the next one is built. */
export function previousStatements(path: string): Readonly<FileStatements> | undefined {
  return byPath.get(path);
}

/** Keeps `statements` as `path`'s latest analysis (the most recent file last). */
export function keepStatements(path: string, statements: FileStatements): void {
  byPath.delete(path);
  if (statements.imports.size === 0 && statements.facts.size === 0) return;
  byPath.set(path, statements);
  if (byPath.size > MAX_FILES) byPath.delete(byPath.keys().next().value!);
}

/** Forgets everything (tests compare a cold analysis with a warm one). */
export function clearStatementCache(): void {
  byPath.clear();
}
