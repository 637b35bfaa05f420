// One `@flow(...)` decorator → a FlowFact and its local diagnostics: the name (first positional or
// `name=`), inputs/outputs, description, and the decorated function's signature. Steps are added
// by analyzeFile once every `flow.step` of the file is known.

import type { Node } from 'web-tree-sitter';
import { isBlankFlowName } from '../../../common/src/flowNames';
import { callArguments, keyword, type CallArguments } from './callArguments';
import { diagnostic, shortText } from './diagnostics';
import type { DiagnosticFact, FlowFact, Range } from './facts';
import { readFields } from './fieldSpecs';
import { stringValue, unwrap } from './literals';
import { rangeBetween, rangeOf } from './positions';
import { readSignature } from './signature';

export interface FlowResult {
  flow: FlowFact | null;
  diagnostics: DiagnosticFact[];
}

/** `decorator` is a `decorator` node whose expression is `flow` or `flow(...)` (see references.ts). */
export function readFlow(decorator: Node): FlowResult {
  const diagnostics: DiagnosticFact[] = [];
  const decorated = decorator.parent;
  const definition = decorated?.type === 'decorated_definition' ? decorated.childForFieldName('definition') : null;
  const signature = decorated && definition ? readSignature(definition, decorated) : null;
  if (!decorated || !signature) return { flow: null, diagnostics };

  const expression = decorator.namedChildren.find((child) => child.type !== 'comment')!;
  const call = expression.type === 'call' ? expression : null;
  const callee = call?.childForFieldName('function') ?? expression;
  const args = callArguments(call?.childForFieldName('arguments') ?? null);
  const decoratorRange = rangeOf(decorator);
  const at = rangeBetween(decorator.firstChild ?? decorator, callee); // `@flow`

  const name = readName(args, at, diagnostics);
  const inputs = readFields(args.positional[1] ?? keyword(args, 'inputs')?.value, 'input');
  const outputs = readFields(args.positional[2] ?? keyword(args, 'outputs')?.value, 'output');
  const descriptionNode = args.positional[3] ?? keyword(args, 'description')?.value;
  diagnostics.push(...inputs.diagnostics, ...outputs.diagnostics);
  if (signature.problem) diagnostics.push(diagnostic('flow-signature', signature.problem.range, signature.problem.message));

  const flow: FlowFact = {
    name: name.value,
    nameRange: name.range ?? decoratorRange,
    decoratorRange,
    functionName: signature.functionName,
    functionNameRange: signature.functionNameRange,
    range: rangeOf(decorated),
    isAsync: signature.isAsync,
    inputs: inputs.fields,
    outputs: outputs.fields,
    description: descriptionNode ? (stringValue(descriptionNode) ?? null) : null,
    signature: signature.signature,
    steps: [],
  };
  return { flow, diagnostics };
}

function readName(args: CallArguments, at: Range, diagnostics: DiagnosticFact[]): { value: string | null; range?: Range } {
  const node = args.positional[0] ?? keyword(args, 'name')?.value;
  if (!node) {
    const spread = args.spreads[0];
    if (spread) {
      diagnostics.push(diagnostic('flow-name-not-literal', rangeOf(spread), notLiteral(`'${shortText(spread.text)}'`)));
      return { value: null };
    }
    diagnostics.push(
      diagnostic('flow-name-missing', at, '@flow needs a name: write @flow("My flow", inputs={...}) — invoke and the flow library refer to flows by it'),
    );
    return { value: null };
  }
  const range = rangeOf(unwrap(node));
  if (node.hasError) return { value: null, range };
  const value = node.type === 'list_splat' ? undefined : stringValue(node);
  if (value === undefined) {
    diagnostics.push(diagnostic('flow-name-not-literal', range, notLiteral(`'${shortText(node.text)}'`)));
    return { value: null, range };
  }
  if (isBlankFlowName(value)) {
    diagnostics.push(diagnostic('flow-name-missing', range, 'the flow name is empty; give the flow a name, e.g. @flow("Create workspace")'));
    return { value: null, range };
  }
  return { value, range };
}

function notLiteral(what: string): string {
  return `the flow name ${what} is not a string literal, so the flow cannot be indexed or invoked by name; write it as a literal, e.g. @flow("Create workspace")`;
}
