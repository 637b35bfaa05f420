// The analyzer's entry points: a Python file's text (and tree) → FileFacts. A plain library: no LSP,
// no vscode; the language server and the CLI both call it.
//
// A flow file is read statement by statement (top-level statements that mention the SDK's names);
// the facts of a statement whose text did not change since the file's previous analysis are reused
// (moved if lines were added above it), so an edit costs what the edited statement costs.

import type { Node, Parser, Tree } from 'web-tree-sitter';
import { createPythonParser } from '../parser/pythonParser';
import type { FileFacts } from './facts';
import { mightBeFlowFile, sdkBindings, type SdkBindings } from './imports';
import { rebase } from './rebase';
import { keepStatements, previousStatements } from './statementCache';
import { analyzeStatement, byRange, type StatementFacts } from './statementFacts';
import { occurrences } from './textScan';

export { mightBeFlowFile } from './imports';
export { clearStatementCache } from './statementCache';

/** Facts of one file from its tree. Does not delete the tree: the caller owns it. */
export function analyzeTree(path: string, text: string, tree: Tree): FileFacts {
  const root = tree.rootNode;
  const facts = emptyFacts(path, root.hasError);
  if (!mightBeFlowFile(text)) return facts;
  const bindings = sdkBindings(root, text);
  if (!bindings.importsSdk) {
    keepStatements(path, new Map());
    return facts;
  }
  facts.isFlowFile = true;
  facts.flowAliases = bindings.flowAliases;
  facts.moduleAliases = bindings.moduleAliases;
  facts.flowAlias = bindings.flowAliases[0] ?? null;

  const previous = previousStatements(path);
  const kept = new Map<string, StatementFacts>();
  const keyPrefix = `${bindings.flowAliases.join(',')}|${bindings.moduleAliases.join(',')}\u0000`;
  for (const statement of statementsWithReferences(root, text, bindings)) {
    const key = keyPrefix + text.slice(statement.startIndex, statement.endIndex);
    const start = statement.startPosition;
    const origin = { line: start.row, character: start.column };
    const known = kept.get(key) ?? previous?.get(key);
    const part = known ? rebase(known, origin, facts.flows.length) : analyzeStatement(statement, text, bindings, path, facts.flows.length);
    kept.set(key, part);
    facts.flows.push(...part.flows);
    facts.invokes.push(...part.invokes);
    facts.sdkUses.push(...part.sdkUses);
    facts.localDiagnostics.push(...part.diagnostics);
  }
  keepStatements(path, kept);
  facts.localDiagnostics.sort(byRange);
  return facts;
}

/** Parses, analyses and deletes the tree. A file that cannot hold a flow is not even parsed. */
export async function analyzeText(path: string, text: string, parser?: Parser): Promise<FileFacts> {
  if (!mightBeFlowFile(text)) return emptyFacts(path, false);
  const own = parser ?? (await sharedParser());
  const tree = own.parse(text);
  if (!tree) return emptyFacts(path, false);
  try {
    return analyzeTree(path, text, tree);
  } finally {
    tree.delete();
  }
}

let parserPromise: Promise<Parser> | undefined;
function sharedParser(): Promise<Parser> {
  parserPromise ??= createPythonParser();
  return parserPromise;
}

/** What a file that is not a flow file yields (and the start of every analysis). */
export function emptyFacts(path: string, hasSyntaxErrors: boolean): FileFacts {
  return {
    path,
    isFlowFile: false,
    flowAlias: null,
    flowAliases: [],
    moduleAliases: [],
    flows: [],
    invokes: [],
    sdkUses: [],
    localDiagnostics: [],
    hasSyntaxErrors,
  };
}

/** The top-level statements whose text holds a whole-word occurrence of a name bound to the SDK. */
function statementsWithReferences(root: Node, text: string, bindings: SdkBindings): Node[] {
  const words = new Set(bindings.flowAliases);
  if (bindings.moduleAliases.length > 0) words.add('flow');
  const hits = [...words].flatMap((word) => occurrences(text, word)).sort((a, b) => a - b);
  if (hits.length === 0) return [];
  const out: Node[] = [];
  let next = 0;
  for (const statement of root.namedChildren) {
    const end = statement.endIndex;
    while (next < hits.length && hits[next]! < statement.startIndex) next++;
    if (next >= hits.length) break;
    if (hits[next]! < end && statement.type !== 'comment') out.push(statement);
  }
  return out;
}
