// The analyzer behind a guard: whatever a file contains, the server gets facts back (empty ones when
// the analyzer trips over something), and the failure is logged once instead of ending a handler.

import type { Parser, Tree } from 'web-tree-sitter';
import { analyzeTree, emptyFacts as noFacts, mightBeFlowFile } from '../analyzer/analyzeFile';
import type { FileFacts } from '../analyzer/facts';

export type Log = (message: string) => void;

function emptyFacts(path: string): FileFacts {
  return noFacts(path, false);
}

export function factsOfTree(path: string, text: string, tree: Tree, log: Log): FileFacts {
  try {
    return analyzeTree(path, text, tree);
  } catch (error) {
    log(`analyzer failed on ${path}: ${(error as Error)?.stack ?? String(error)}`);
    return emptyFacts(path);
  }
}

/** Parse, analyse, free the tree. Null when the pre-filter says no flow can be in the text. */
export function factsOfText(path: string, text: string, parser: Parser, log: Log): FileFacts | null {
  if (!mightBeFlowFile(text)) return null;
  let tree: Tree | null = null;
  try {
    tree = parser.parse(text);
    if (!tree) return emptyFacts(path);
    return factsOfTree(path, text, tree, log);
  } catch (error) {
    log(`parser failed on ${path}: ${(error as Error)?.stack ?? String(error)}`);
    return emptyFacts(path);
  } finally {
    tree?.delete();
  }
}
