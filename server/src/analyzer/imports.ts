// Which local names a file binds to the SDK: `from hero_tracing import flow [as f]` (or `*`) binds
// `flow`; `import hero_tracing [as ht]` binds the module. Found from the text's occurrences of
// "hero_tracing", so the cost does not grow with the file.

import type { Node } from 'web-tree-sitter';
import { identifierAt, occurrences } from './textScan';

export const SDK_MODULE = 'hero_tracing';

export interface SdkBindings {
  /** The file imports the SDK (spec §5: only such files are flow files). */
  importsSdk: boolean;
  /** Local names bound to `flow`, in source order. */
  flowAliases: string[];
  /** Local names bound to the module. */
  moduleAliases: string[];
}

/** A cheap pre-filter: a file that never mentions the module cannot import it. */
export function mightBeFlowFile(text: string): boolean {
  return text.includes(SDK_MODULE);
}

export function sdkBindings(root: Node, text: string): SdkBindings {
  const bindings: SdkBindings = { importsSdk: false, flowAliases: [], moduleAliases: [] };
  for (const index of occurrences(text, SDK_MODULE)) {
    const identifier = identifierAt(root, index, SDK_MODULE);
    const dotted = identifier?.parent;
    if (!dotted || dotted.type !== 'dotted_name' || dotted.text !== SDK_MODULE) continue;
    const holder = dotted.parent;
    if (holder?.type === 'import_from_statement' && holder.childForFieldName('module_name')?.id === dotted.id) {
      bindings.importsSdk = true;
      readFromImport(holder, bindings.flowAliases);
    } else if (holder?.type === 'import_statement') {
      bindings.importsSdk = true;
      add(bindings.moduleAliases, SDK_MODULE);
    } else if (holder?.type === 'aliased_import' && holder.parent?.type === 'import_statement') {
      bindings.importsSdk = true;
      const alias = holder.childForFieldName('alias')?.text;
      if (alias) add(bindings.moduleAliases, alias);
    }
  }
  return bindings;
}

function readFromImport(statement: Node, flowAliases: string[]): void {
  for (const child of statement.namedChildren) {
    if (child.type === 'wildcard_import') add(flowAliases, 'flow');
    if (child.type === 'dotted_name' && child.text === 'flow') add(flowAliases, 'flow');
    if (child.type === 'aliased_import' && child.childForFieldName('name')?.text === 'flow') {
      const alias = child.childForFieldName('alias')?.text;
      if (alias) add(flowAliases, alias);
    }
  }
}

function add(list: string[], name: string): void {
  if (!list.includes(name)) list.push(name);
}
