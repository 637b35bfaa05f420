// What flow name sits under the cursor: the name string of an `@flow(...)` or the target string of
// a `flow.invoke(...)`. Hover, definition, references and rename all start here.

import type { FileFacts, FlowFact, InvokeFact, Position, Range } from '../analyzer/facts';
import { contains } from './positions';

export type FlowNameAt =
  | { kind: 'declaration'; name: string; range: Range; flow: FlowFact }
  | { kind: 'invoke'; name: string; range: Range; invoke: InvokeFact };

export function flowNameAt(facts: FileFacts | undefined, position: Position): FlowNameAt | null {
  if (!facts) return null;
  for (const flow of facts.flows) {
    if (flow.name !== null && contains(flow.nameRange, position)) return { kind: 'declaration', name: flow.name, range: flow.nameRange, flow };
  }
  for (const invoke of facts.invokes) {
    if (invoke.target !== null && contains(invoke.targetRange, position)) return { kind: 'invoke', name: invoke.target, range: invoke.targetRange, invoke };
  }
  return null;
}
