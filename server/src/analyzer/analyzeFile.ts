// The analyzer's entry points: a Python file's text (and tree) → FileFacts. A plain library: no LSP,
// no vscode; the language server and the CLI both call it.
//
// A flow file is read piece by piece (its top-level statements, classes taken apart: units.ts), each
// piece queried on its own (queries.ts); what a piece whose text did not change since the file's
// previous analysis yielded is reused (moved if lines were added above it), so an edit costs what
// the edited piece costs.

import type { Node, Parser, Query, Tree } from 'web-tree-sitter';
import { createPythonParser } from '../parser/pythonParser';
import { compactInPlace, ownString } from './compactFacts';
import type { FileFacts } from './facts';
import { addBindings, mightBeFlowFile, mightUseFlow, noBindings, sdkImports, type SdkBindings } from './imports';
import { analyzerQueries } from './queries';
import { rebase } from './rebase';
import { hasFlowDecorator } from './references';
import { keepStatements, previousStatements, type FileStatements } from './statementCache';
import { addStdlibImports, stdlibKey } from './replayValues';
import { analyzeStatement, byRange, duplicateStepFunctions, type StatementFacts } from './statementFacts';
import { analysisUnits } from './units';

export { mightBeFlowFile } from './imports';
export { clearStatementCache } from './statementCache';

/** Facts of one file from its tree. Does not delete the tree: the caller owns it. */
export function analyzeTree(path: string, text: string, tree: Tree): FileFacts {
  const root = tree.rootNode;
  const facts = emptyFacts(path, root.hasError);
  if (!mightBeFlowFile(text)) return facts;
  const queries = analyzerQueries(tree.language);
  const previous = previousStatements(path);
  const kept: FileStatements = { imports: new Map(), facts: new Map() };
  const stdlib = new Map<string, string>();
  const bindings = fileBindings(root, text, queries.sdkImports, previous?.imports, kept.imports, stdlib);
  if (!bindings.importsSdk) {
    keepStatements(path, kept);
    return facts;
  }
  facts.isFlowFile = true;
  facts.flowAliases = bindings.flowAliases;
  facts.moduleAliases = bindings.moduleAliases;
  facts.flowAlias = bindings.flowAliases[0] ?? null;

  const keyPrefix = `${bindings.flowAliases.join(',')}|${bindings.moduleAliases.join(',')}|${stdlibKey(stdlib)}\u0000`;
  const isFlowClass = (decorated: Node) => hasFlowDecorator(decorated, queries.flowShapes, bindings);
  for (const { node: statement, scope } of analysisUnits(root, isFlowClass)) {
    const source = text.slice(statement.startIndex, statement.endIndex);
    if (!mightUseFlow(source, bindings)) continue;
    const key = `${keyPrefix}${scope}\u0000${source}`;
    const start = statement.startPosition;
    const origin = { line: start.row, character: start.column };
    const known = kept.facts.get(key) ?? previous?.facts.get(key);
    const part = known
      ? rebase(known, origin, facts.flows.length)
      : analyzeStatement(statement, queries.flowShapes, bindings, stdlib, path, facts.flows.length);
    kept.facts.set(key, part);
    facts.flows.push(...part.flows);
    facts.stepFunctions.push(...part.stepFunctions);
    facts.invokes.push(...part.invokes);
    facts.sdkUses.push(...part.sdkUses);
    facts.localDiagnostics.push(...part.diagnostics);
  }
  keepStatements(path, kept);
  const stepFunctions = [...facts.stepFunctions, ...facts.flows.flatMap((flow) => flow.steps.filter((step) => step.kind === 'function'))];
  facts.localDiagnostics.push(...compactInPlace(duplicateStepFunctions(path, stepFunctions)));
  facts.localDiagnostics.sort(byRange);
  return exactArrays(facts);
}

/** The file's lists at their exact length (the pieces' facts in them are compact already: compactFacts.ts). */
function exactArrays(facts: FileFacts): FileFacts {
  facts.flowAliases = facts.flowAliases.map(ownString);
  facts.moduleAliases = facts.moduleAliases.map(ownString);
  facts.flowAlias = facts.flowAliases[0] ?? null;
  facts.flows = facts.flows.slice();
  facts.stepFunctions = facts.stepFunctions.slice();
  facts.invokes = facts.invokes.slice();
  facts.sdkUses = facts.sdkUses.slice();
  facts.localDiagnostics = facts.localDiagnostics.slice();
  return facts;
}

/**
 * The SDK names the file binds: the imports of each piece that mentions the module, reused from
 * `previous` (by piece text) when the piece did not change. Each piece's imports go into `kept`.
 * The names its module-level imports bind to the standard modules replayValues.ts watches go into `stdlib`.
 */
function fileBindings(
  root: Node,
  text: string,
  query: Query,
  previous: ReadonlyMap<string, SdkBindings> | undefined,
  kept: Map<string, SdkBindings>,
  stdlib: Map<string, string>,
): SdkBindings {
  const bindings = noBindings();
  for (const { node: unit } of analysisUnits(root)) {
    const key = text.slice(unit.startIndex, unit.endIndex);
    if (key.includes('import')) addStdlibImports(unit, stdlib);
    if (!mightBeFlowFile(key)) continue;
    const found = kept.get(key) ?? previous?.get(key) ?? sdkImports(unit, query);
    kept.set(key, found);
    addBindings(bindings, found);
  }
  return bindings;
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
    stepFunctions: [],
    invokes: [],
    sdkUses: [],
    localDiagnostics: [],
    hasSyntaxErrors,
  };
}
