// Which local names a file binds to the SDK: `from hero_tracing import flow [as f]` (or `*`) binds
// `flow`; `import hero_tracing [as ht]` binds the module. Found by queries/imports.scm, one piece of
// the file at a time (analysisUnits), so that analyzeFile can reuse the imports of unchanged pieces.

import type { Node, Query } from 'web-tree-sitter';

export const SDK_MODULE = 'hero_tracing';

export interface SdkBindings {
  /** The file imports the SDK (spec §5: only such files are flow files). */
  importsSdk: boolean;
  /** Local names bound to `flow`, in source order. */
  flowAliases: string[];
  /** Local names bound to the module. */
  moduleAliases: string[];
}

/** A cheap pre-filter: a file (or a piece of one) that never mentions the module cannot import it. */
export function mightBeFlowFile(text: string): boolean {
  return text.includes(SDK_MODULE);
}

/** A cheap pre-filter: a piece of a flow file that never spells a name bound to `flow` cannot use it. */
export function mightUseFlow(text: string, bindings: SdkBindings): boolean {
  return bindings.flowAliases.some((alias) => text.includes(alias)) || (bindings.moduleAliases.length > 0 && text.includes('flow'));
}

export function noBindings(): SdkBindings {
  return { importsSdk: false, flowAliases: [], moduleAliases: [] };
}

/** The SDK imports inside `scope`; `query` is imports.scm. */
export function sdkImports(scope: Node, query: Query): SdkBindings {
  const bindings = noBindings();
  const names: { capture: string; node: Node }[] = [];
  for (const match of query.matches(scope)) {
    bindings.importsSdk = true;
    for (const { name, node } of match.captures) {
      if (name === 'flow.alias' || name === 'flow.wildcard' || name === 'module.alias') names.push({ capture: name, node });
    }
  }
  names.sort((a, b) => a.node.startIndex - b.node.startIndex);
  for (const { capture, node } of names) {
    if (capture === 'module.alias') add(bindings.moduleAliases, node.text);
    else add(bindings.flowAliases, capture === 'flow.wildcard' ? 'flow' : node.text);
  }
  return bindings;
}

/** Adds the bindings of a later piece of the file to `into`. */
export function addBindings(into: SdkBindings, part: SdkBindings): void {
  into.importsSdk ||= part.importsSdk;
  for (const name of part.flowAliases) add(into.flowAliases, name);
  for (const name of part.moduleAliases) add(into.moduleAliases, name);
}

function add(list: string[], name: string): void {
  if (!list.includes(name)) list.push(name);
}
