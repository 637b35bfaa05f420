// heroFlows/documentFlows: the flows of one document with their ranges and input/output schemas,
// for the client's run buttons and input forms.

import type { DocumentFlow, DocumentFlowsParams, DocumentFlowsResult, FlowFieldSchema } from '../../../common/src/lspMessages';
import type { FieldFact, FlowFact } from '../analyzer/facts';
import { uriToPath } from '../workspace/uris';
import type { ServerContext } from './context';
import { contains } from './positions';

function schema(fields: FieldFact[] | null): FlowFieldSchema[] | null {
  return (
    fields?.map((field) => {
      const entry: FlowFieldSchema = { name: field.name, type: field.type, required: field.required };
      if (field.default) {
        entry.defaultText = field.default.text;
        if (field.default.value !== undefined) entry.default = field.default.value;
      }
      if (field.description !== undefined) entry.description = field.description;
      return entry;
    }) ?? null
  );
}

function documentFlow(flow: FlowFact, hasErrors: boolean): DocumentFlow {
  return {
    name: flow.name,
    functionName: flow.functionName,
    isAsync: flow.isAsync,
    description: flow.description,
    range: flow.range,
    decoratorRange: flow.decoratorRange,
    nameRange: flow.nameRange,
    inputs: schema(flow.inputs),
    outputs: schema(flow.outputs),
    hasErrors,
  };
}

/** Errors that stop a flow from being run at all: it cannot be found by name, or not called. */
const BLOCKING = new Set(['flow-name-missing', 'flow-duplicate-name', 'flow-fields-invalid', 'flow-signature']);

export function documentFlows(ctx: ServerContext, params: DocumentFlowsParams): DocumentFlowsResult {
  const record = ctx.workspace.documents.get(params.uri);
  const facts = ctx.factsOf(params.uri);
  const version = record?.document.version ?? null;
  if (!facts) return { uri: params.uri, version, isFlowFile: false, flows: [] };
  const blocking = ctx.library.diagnostics(record?.path ?? uriToPath(params.uri)).filter((d) => d.severity === 'error' && BLOCKING.has(d.code));
  const flows = facts.flows.map((flow) => documentFlow(flow, blocking.some((d) => contains(flow.range, d.range.start))));
  return { uri: params.uri, version, isFlowFile: facts.isFlowFile, flows };
}
