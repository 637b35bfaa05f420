// What the test tree shows for the flows of one file: a file item (its path relative to the
// workspace) holding one item per flow, each with the flow's decorator as its range so VS Code puts
// the ▶ beside `@flow`. Pure data: testController.ts turns these into TestItems.

import type { DocumentFlow, LspRange } from '../../../common/src/lspMessages';

/** How the runtime finds a flow in its file: by name, or by function name when it has none. */
export function flowSelector(flow: DocumentFlow): string {
  return flow.name ?? flow.functionName;
}

/** The test controller's id (the `controllerId` of its items in menus' `when` clauses). */
export const CONTROLLER_ID = 'heroFlows';

/** A `when`-clause regex that matches a flow item's id (built by flowKey and flowItemSpecs), not a file item's. */
export const FLOW_ITEM_ID_WHEN = '/::(flow|function):/';

/** Stable across edits that keep the name: a flow item keeps its results while its file changes. */
export function flowKey(flow: DocumentFlow): string {
  return flow.name !== null ? `flow:${flow.name}` : `function:${flow.functionName}`;
}

export interface FlowItemSpec {
  id: string;
  label: string;
  description: string;
  /** The `@flow(...)` decorator: where the ▶ goes. */
  range: LspRange;
  /** Source order within the file. */
  sortText: string;
  flow: DocumentFlow;
}

export interface FileItemSpec {
  id: string;
  uri: string;
  label: string;
  children: FlowItemSpec[];
}

export function fileItemId(uri: string): string {
  return uri;
}

function describe(flow: DocumentFlow): string {
  const parts = [`${flow.functionName}()`];
  const inputs = flow.inputs?.length ?? 0;
  if (inputs > 0) parts.push(`${inputs} input${inputs === 1 ? '' : 's'}`);
  if (flow.hasErrors) parts.push('⚠ has errors');
  return parts.join(' · ');
}

export function flowItemSpecs(uri: string, flows: DocumentFlow[]): FlowItemSpec[] {
  const seen = new Set<string>();
  return flows.map((flow) => {
    let id = `${uri}::${flowKey(flow)}`;
    // Two flows with one name in one file (an error the server reports): both stay visible.
    if (seen.has(id)) id = `${id}@${flow.decoratorRange.start.line + 1}`;
    seen.add(id);
    const spec: FlowItemSpec = {
      id,
      label: flow.name ?? `${flow.functionName} (unnamed flow)`,
      description: describe(flow),
      range: flow.decoratorRange,
      sortText: String(flow.decoratorRange.start.line).padStart(8, '0'),
      flow,
    };
    return spec;
  });
}

/** `relativePath` gives the path a person reads (relative to its workspace folder). */
export function fileItemSpec(uri: string, flows: DocumentFlow[], relativePath: (uri: string) => string): FileItemSpec {
  return { id: fileItemId(uri), uri, label: relativePath(uri), children: flowItemSpecs(uri, flows) };
}
