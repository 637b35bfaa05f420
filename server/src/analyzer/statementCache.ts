// The facts of the top-level statements of the files analysed last, by statement text, so that
// re-analysing an edited file only reads the statements that changed (edit-to-diagnostics on a
// 5,000-line file must stay within a few milliseconds). Bounded: the most recent files only, and
// per file only the statements of its latest text.

import type { StatementFacts } from './statementFacts';

const MAX_FILES = 32;
const byPath = new Map<string, Map<string, StatementFacts>>();

/** The statements of `path`'s previous analysis, for lookups while the next one is built. */
export function previousStatements(path: string): ReadonlyMap<string, StatementFacts> | undefined {
  return byPath.get(path);
}

/** Keeps `statements` as `path`'s latest analysis (the most recent file last). */
export function keepStatements(path: string, statements: Map<string, StatementFacts>): void {
  byPath.delete(path);
  if (statements.size === 0) return;
  byPath.set(path, statements);
  if (byPath.size > MAX_FILES) byPath.delete(byPath.keys().next().value!);
}

/** Forgets everything (tests compare a cold analysis with a warm one). */
export function clearStatementCache(): void {
  byPath.clear();
}
