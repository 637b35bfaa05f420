// Where a flow file uses the SDK's `flow`: the `@flow` decorators and the `flow.<attr>` accesses,
// through any alias (`flow as f`) or the module (`hero_tracing.flow`).

import type { Node } from 'web-tree-sitter';
import type { SdkBindings } from './imports';
import { identifierAt, occurrences } from './textScan';

export interface FlowAttributeUse {
  /** The whole `flow.<attr>` attribute node. */
  attribute: Node;
  /** The `flow` part as written (`f`, `hero_tracing.flow`). */
  object: Node;
  /** The `<attr>` identifier. */
  name: Node;
}

export interface FlowReferences {
  /** `@flow`, `@flow(...)` decorators, in source order. */
  decorators: Node[];
  /** `flow.<attr>` accesses, in source order. */
  uses: FlowAttributeUse[];
}

/** The references inside `scope` (a node of the tree of `text`). */
export function flowReferences(scope: Node, text: string, bindings: SdkBindings): FlowReferences {
  const words = new Set(bindings.flowAliases);
  if (bindings.moduleAliases.length > 0) words.add('flow');
  const decorators: Node[] = [];
  const uses: FlowAttributeUse[] = [];
  for (const word of words) {
    for (const index of occurrences(text, word, scope.startIndex, scope.endIndex)) {
      const identifier = identifierAt(scope, index, word);
      const reference = identifier && flowReference(identifier, word, bindings);
      if (reference) classify(reference, decorators, uses);
    }
  }
  decorators.sort((a, b) => a.startIndex - b.startIndex);
  uses.sort((a, b) => a.attribute.startIndex - b.attribute.startIndex);
  return { decorators, uses };
}

interface Reference {
  /** The expression that denotes `flow`: the identifier, or the `hero_tracing.flow` attribute. */
  node: Node;
  parent: Node;
}

/**
 * The expression that denotes the SDK's `flow` at this identifier (whose text is `word`), if it
 * does. A node is the first field of its parent (`object` of an attribute, `function` of a call)
 * exactly when both start at the same index, which saves a lookup per field.
 */
function flowReference(identifier: Node, word: string, bindings: SdkBindings): Reference | null {
  const parent = identifier.parent;
  if (!parent) return null;
  if (parent.type === 'attribute' && parent.startIndex !== identifier.startIndex) {
    if (word !== 'flow') return null;
    const object = parent.firstChild;
    if (object?.type !== 'identifier' || !bindings.moduleAliases.includes(object.text)) return null;
    const grandparent = parent.parent;
    return grandparent ? { node: parent, parent: grandparent } : null;
  }
  return bindings.flowAliases.includes(word) ? { node: identifier, parent } : null;
}

function classify({ node, parent }: Reference, decorators: Node[], uses: FlowAttributeUse[]): void {
  const type = parent.type;
  const first = parent.startIndex === node.startIndex;
  if (type === 'decorator') {
    decorators.push(parent);
  } else if (type === 'call' && first) {
    const decorator = parent.parent;
    if (decorator?.type === 'decorator') decorators.push(decorator);
  } else if (type === 'attribute' && first) {
    const name = parent.lastChild;
    if (name?.type === 'identifier' && !name.isMissing) uses.push({ attribute: parent, object: node, name });
  }
}
