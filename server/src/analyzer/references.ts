// Where a piece of a flow file uses the SDK's `flow`, found by the flow-shape queries
// (queries/decorators.scm, attributes.scm, calls.scm): the `@flow` decorators, the `flow.<attr>`
// accesses and the `flow.step(...)` / `flow.invoke(...)` / `flow.pause(...)` calls, through any alias (`flow as f`) or
// the module (`hero_tracing.flow`). The queries match the shapes; the aliases are checked here.

import type { Node, Query, QueryMatch } from 'web-tree-sitter';
import type { SdkBindings } from './imports';

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
  /** `flow.step(...)` calls, in source order. */
  steps: Node[];
  /** `flow.invoke(...)` calls, in source order. */
  invokes: Node[];
  /** `flow.pause(...)` calls, in source order. */
  pauses: Node[];
}

/** The references inside `scope`; `query` is the flow-shape query (queries.ts). */
export function flowReferences(scope: Node, query: Query, bindings: SdkBindings): FlowReferences {
  const out: FlowReferences = { decorators: [], uses: [], steps: [], invokes: [], pauses: [] };
  for (const match of query.matches(scope)) {
    if (!denotesFlow(match, bindings)) continue;
    const decorator = captured(match, 'decorator');
    const use = captured(match, 'use');
    const call = captured(match, 'call');
    if (decorator) out.decorators.push(decorator);
    if (use) {
      const name = captured(match, 'attribute')!;
      if (!name.isMissing) out.uses.push({ attribute: use, object: captured(match, 'flow')!, name });
    }
    if (call) {
      const method = captured(match, 'method')!.text;
      (method === 'step' ? out.steps : method === 'pause' ? out.pauses : out.invokes).push(call);
    }
  }
  out.decorators.sort(bySource);
  out.uses.sort((a, b) => bySource(a.attribute, b.attribute));
  out.steps.sort(bySource);
  out.invokes.sort(bySource);
  out.pauses.sort(bySource);
  return out;
}

/** A decorated definition (a class, say) with a `@flow` or `@flow(...)` among its decorators. */
export function hasFlowDecorator(decorated: Node, query: Query, bindings: SdkBindings): boolean {
  return decorated.namedChildren.some((child) => child.type === 'decorator' && flowReferences(child, query, bindings).decorators.length > 0);
}

/** The match's @flow is the SDK's flow: an alias of it, or its member of a module alias. */
function denotesFlow(match: QueryMatch, bindings: SdkBindings): boolean {
  const module = captured(match, 'module');
  if (module) return bindings.moduleAliases.includes(module.text);
  return bindings.flowAliases.includes(captured(match, 'flow')!.text);
}

function captured(match: QueryMatch, name: string): Node | undefined {
  return match.captures.find((capture) => capture.name === name)?.node;
}

/** Source order; a shorter node first when two start together (`f.flow` before `f.flow.step`). */
function bySource(a: Node, b: Node): number {
  return a.startIndex - b.startIndex || a.endIndex - b.endIndex;
}
