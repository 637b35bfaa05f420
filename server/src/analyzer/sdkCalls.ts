// `flow.<attr>` uses: each one is an SdkUseFact; an attribute the SDK lacks is `flow-unknown-api`;
// `flow.step(...)` calls become steps (a `with` block, or a step function when it decorates a def),
// `flow.invoke(...)` calls invoke sites, and `flow.pause(...)` calls pauses, whose `inputs=` is
// checked with @flow's field-spec rules (fieldSpecs.ts).

import type { Node } from 'web-tree-sitter';
import { callArguments, keyword } from './callArguments';
import { diagnostic, shortText } from './diagnostics';
import type { DiagnosticFact, InvokeFact, Range, SdkUseFact, StepFact } from './facts';
import { readFields } from './fieldSpecs';
import { literalOf, stringValue, unwrap } from './literals';
import { rangeOf } from './positions';
import type { FlowReferences } from './references';
import { FLOW_ATTRIBUTES, isFlowAttribute } from './sdkSurface';
import { closestNames } from './suggest';

export interface SdkCalls {
  uses: SdkUseFact[];
  /** Every `flow.step(...)`, in source order (analyzeFile hands them to their flows). */
  steps: StepFact[];
  invokes: InvokeFact[];
  /** Every `flow.pause(...)` call's range, in source order. */
  pauses: Range[];
  diagnostics: DiagnosticFact[];
}

export function readSdkCalls(references: FlowReferences): SdkCalls {
  const out: SdkCalls = { uses: [], steps: [], invokes: [], pauses: [], diagnostics: [] };
  for (const use of references.uses) {
    const attribute = use.name.text;
    out.uses.push({ attribute, range: rangeOf(use.name) });
    if (isFlowAttribute(attribute)) continue;
    const written = shortText(use.object.text);
    const suggestions = closestNames(attribute, FLOW_ATTRIBUTES, 1);
    const hint = suggestions[0] ? `; did you mean ${written}.${suggestions[0]}?` : `; it has ${[...FLOW_ATTRIBUTES].map((name) => `${written}.${name}`).join(', ')}`;
    out.diagnostics.push(
      diagnostic('flow-unknown-api', rangeOf(use.name), `the SDK has no ${written}.${attribute}${hint}`, { data: { suggestions } }),
    );
  }
  for (const call of references.steps) out.steps.push(readStep(call));
  for (const call of references.invokes) out.invokes.push(readInvoke(call, out.diagnostics));
  for (const call of references.pauses) {
    out.pauses.push(rangeOf(call));
    // `inputs=` is keyword-only (`flow.pause(prompt, *, inputs=None, key=None)`); its answer is checked like play inputs.
    out.diagnostics.push(...readFields(keyword(callArguments(call.childForFieldName('arguments')), 'inputs')?.value, 'input').diagnostics);
  }
  return out;
}

function readStep(call: Node): StepFact {
  const first = callArguments(call.childForFieldName('arguments')).positional[0];
  const name = first && first.type !== 'list_splat' ? (stringValue(first) ?? null) : null;
  const nameRange = rangeOf(first ? unwrap(first) : call);
  const decorated = stepFunction(call);
  if (decorated) return { kind: 'function', name, nameRange, range: rangeOf(decorated) };
  return { kind: 'block', name, nameRange, range: rangeOf(enclosingWith(call) ?? call) };
}

/** The decorated function whose decorator is this call (`@flow.step("charge card")` on a def or async def), if any. */
export function stepFunction(call: Node): Node | null {
  const decorator = call.parent;
  const decorated = decorator?.type === 'decorator' ? decorator.parent : null;
  if (decorated?.type !== 'decorated_definition') return null;
  return decorated.childForFieldName('definition')?.type === 'function_definition' ? decorated : null;
}

/** The `with` statement whose item is this call (`with flow.step(…) [as s], …:`), if any. */
function enclosingWith(call: Node): Node | null {
  let item = call.parent;
  if (item?.type === 'as_pattern') item = item.parent;
  if (item?.type !== 'with_item') return null;
  const clause = item.parent;
  return clause?.type === 'with_clause' && clause.parent?.type === 'with_statement' ? clause.parent : null;
}

function readInvoke(call: Node, diagnostics: DiagnosticFact[]): InvokeFact {
  const argumentList = call.childForFieldName('arguments');
  const args = callArguments(argumentList);
  const first = args.positional[0];
  let target: string | null = null;
  if (!first) {
    diagnostics.push(
      diagnostic(
        'invoke-target-not-literal',
        rangeOf(argumentList ?? call),
        'flow.invoke needs the name of the flow to run as its first argument, e.g. flow.invoke("Create workspace", name="acme")',
      ),
    );
  } else if (!first.hasError) {
    target = first.type === 'list_splat' ? null : (stringValue(first) ?? null);
    if (target === null) {
      diagnostics.push(
        diagnostic(
          'invoke-target-not-literal',
          rangeOf(unwrap(first)),
          `the target '${shortText(first.text)}' is not a string literal, so this call cannot be checked; pass the flow's name as a literal, e.g. flow.invoke("Create workspace", …)`,
        ),
      );
    }
  }
  return {
    target,
    targetRange: rangeOf(first ? unwrap(first) : (argumentList ?? call)),
    range: rangeOf(call),
    arguments: args.keywords
      .filter((argument) => argument.name !== 'spawn')
      .map((argument) => ({ name: argument.name, nameRange: rangeOf(argument.nameNode), value: literalOf(argument.value) })),
    hasSpread: args.spreads.length > 0,
    inFlow: null,
  };
}
