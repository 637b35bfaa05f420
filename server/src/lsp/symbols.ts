// Document symbols (the flows of a file, their steps as children, and the step functions outside
// any flow) and workspace symbols (flows by name: exact, prefix, substring, then in-order letters,
// case-insensitive).

import { SymbolKind, type DocumentSymbol, type DocumentSymbolParams, type SymbolInformation, type WorkspaceSymbolParams } from 'vscode-languageserver';
import type { FlowFact, Range, StepFact } from '../analyzer/facts';
import type { ServerContext } from './context';
import { contains } from './positions';

export const MAX_WORKSPACE_SYMBOLS = 500;

/** Editors reject a selection range outside the full range; never send one. */
function selection(range: Range, selected: Range): Range {
  return contains(range, selected.start) && contains(range, selected.end) ? selected : { start: range.start, end: range.start };
}

function flowSymbol(flow: FlowFact): DocumentSymbol {
  return {
    name: flow.name ?? flow.functionName,
    detail: flow.signature,
    kind: SymbolKind.Function,
    range: flow.range,
    selectionRange: selection(flow.range, flow.nameRange),
    children: flow.steps.map(stepSymbol),
  };
}

function stepSymbol(step: StepFact): DocumentSymbol {
  return {
    name: step.name ?? '(step)',
    detail: step.kind === 'function' ? 'step function' : 'step',
    kind: SymbolKind.Event,
    range: step.range,
    selectionRange: selection(step.range, step.nameRange),
  };
}

export function documentSymbols(ctx: ServerContext, params: DocumentSymbolParams): DocumentSymbol[] {
  const facts = ctx.factsOf(params.textDocument.uri);
  if (!facts) return [];
  const symbols = [...facts.flows.map(flowSymbol), ...facts.stepFunctions.map(stepSymbol)];
  return symbols.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

/** Lower is better; null when `name` does not match `query` at all. */
export function matchScore(name: string, query: string): number | null {
  if (query === '') return 3;
  const n = name.toLowerCase();
  const q = query.toLowerCase();
  if (n === q) return 0;
  if (n.startsWith(q)) return 1;
  if (n.includes(q)) return 2;
  let i = 0;
  for (const c of n) if (c === q[i]) i++;
  return i === q.length ? 4 : null;
}

export function workspaceSymbols(ctx: ServerContext, params: WorkspaceSymbolParams): SymbolInformation[] {
  const scored: { score: number; symbol: SymbolInformation }[] = [];
  for (const { path, flow } of ctx.library.allFlows()) {
    if (flow.name === null) continue;
    const score = matchScore(flow.name, params.query);
    if (score === null) continue;
    scored.push({
      score,
      symbol: { name: flow.name, kind: SymbolKind.Function, location: { uri: ctx.uriFor(path), range: flow.nameRange }, containerName: ctx.displayPath(path) },
    });
  }
  scored.sort((a, b) => a.score - b.score || a.symbol.name.localeCompare(b.symbol.name));
  return scored.slice(0, MAX_WORKSPACE_SYMBOLS).map((s) => s.symbol);
}
