// The analyzer's tree-sitter queries (queries/*.scm), read and compiled once per process. The .scm
// files sit next to the bundle (dist/queries/, copied by esbuild.mjs) or next to this file when run
// from source: `__dirname` is the one or the other.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Query, type Language } from 'web-tree-sitter';

export interface AnalyzerQueries {
  /** imports.scm: the imports of hero_tracing. */
  sdkImports: Query;
  /** decorators.scm, attributes.scm and calls.scm as one query, so one walk of a statement finds every shape. */
  flowShapes: Query;
}

let compiled: AnalyzerQueries | undefined;

/** `language` is the Python grammar (pythonParser.ts); a tree carries it as `tree.language`. */
export function analyzerQueries(language: Language): AnalyzerQueries {
  compiled ??= {
    sdkImports: compile(language, ['imports']),
    flowShapes: compile(language, ['decorators', 'attributes', 'calls']),
  };
  return compiled;
}

function compile(language: Language, files: string[]): Query {
  return new Query(language, files.map((file) => readFileSync(join(__dirname, 'queries', `${file}.scm`), 'utf8')).join('\n'));
}
