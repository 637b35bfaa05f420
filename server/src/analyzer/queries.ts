// The analyzer's tree-sitter queries (queries/*.scm), read and compiled once per grammar (once per
// process, unless a WASM module abort brought a fresh copy of the parser: pythonParser.ts). The .scm
// files sit next to the bundle (dist/queries/, copied by esbuild.mjs) or next to this file when run
// from source: `__dirname` is the one or the other.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Language, Query } from 'web-tree-sitter';
import { queryClassFor } from '../parser/pythonParser';

export interface AnalyzerQueries {
  /** imports.scm: the imports of hero_tracing. */
  sdkImports: Query;
  /** decorators.scm, attributes.scm and calls.scm as one query, so one walk of a statement finds every shape. */
  flowShapes: Query;
}

const compiled = new WeakMap<Language, AnalyzerQueries>();

/** `language` is the Python grammar (pythonParser.ts); a tree carries it as `tree.language`. */
export function analyzerQueries(language: Language): AnalyzerQueries {
  let queries = compiled.get(language);
  if (!queries) {
    queries = {
      sdkImports: compile(language, ['imports']),
      flowShapes: compile(language, ['decorators', 'attributes', 'calls']),
    };
    compiled.set(language, queries);
  }
  return queries;
}

function compile(language: Language, files: string[]): Query {
  const QueryOfItsCopy = queryClassFor(language);
  return new QueryOfItsCopy(language, files.map((file) => readFileSync(join(__dirname, 'queries', `${file}.scm`), 'utf8')).join('\n'));
}
