// The cross-file checks of one `flow.invoke(...)` site against the flow library: the target
// exists, every keyword is a declared input, every required input is passed, literal arguments
// have the declared type. Pure: the library hands in what it knows.

import { MAX_WORKSPACE_FILES_ENV, MAX_WORKSPACE_FILES_SETTING } from '../../../common/src/workspaceLimits';
import { didYouMean, diagnostic, quotedList } from './diagnostics';
import type { DiagnosticFact, FlowFact, InvokeFact, RelatedFact } from './facts';
import { closestNames } from './suggest';
import { acceptsKind } from '../../../common/src/inputRules';
import { typePhrase } from './typeRules';

export interface InvokeTarget {
  path: string;
  flow: FlowFact;
}

/**
 * `target` is the flow the call resolves to (the runtime's pick when the name is duplicated: invokeResolution.ts),
 * or undefined when none exists; `suggest` gives the library's flow names closest to an unknown
 * one (the library caches them: every invoker of a renamed flow asks the same question).
 */
export function checkInvoke(
  invoke: InvokeFact,
  target: InvokeTarget | undefined,
  suggest: (name: string) => string[],
  /** Set when the invoking file's folder was scanned only up to the cap: an unknown name may be further on. */
  unscanned?: { maxFiles: number },
): DiagnosticFact[] {
  if (invoke.target === null) return [];
  if (!target && unscanned) return [notScanned(invoke, invoke.target, unscanned.maxFiles, suggest(invoke.target))];
  if (!target) return [unknownFlow(invoke, invoke.target, suggest(invoke.target))];
  const { flow, path } = target;
  const inputs = flow.inputs;
  if (inputs === null) return []; // undeclared inputs: anything goes (spec §1)
  const out: DiagnosticFact[] = [];
  const declaredHere: RelatedFact[] = [{ path, range: flow.nameRange, message: `'${invoke.target}' is declared here` }];
  const data = { flowName: invoke.target };
  for (const argument of invoke.arguments) {
    const field = inputs.find((input) => input.name === argument.name);
    if (!field) {
      const suggestions = closestNames(argument.name, inputs.map((input) => input.name), 1);
      const declared = inputs.length > 0 ? `it declares ${quotedList(inputs.map((input) => input.name), 'and')}` : 'it declares no inputs';
      out.push(
        diagnostic(
          'invoke-unknown-input',
          argument.nameRange,
          `'${invoke.target}' has no input '${argument.name}'${didYouMean(suggestions)} (${declared})`,
          { related: declaredHere, data: { ...data, suggestions } },
        ),
      );
    } else if (field.type && !acceptsKind(field.type, argument.value.type)) {
      out.push(
        diagnostic(
          'invoke-input-type',
          argument.value.range,
          `input '${argument.name}' of '${invoke.target}' expects ${typePhrase(field.type)}, got ${typePhrase(argument.value.type)}`,
          { related: [{ path, range: field.typeRange, message: `'${argument.name}' is declared as ${field.type} here` }], data },
        ),
      );
    }
  }
  if (!invoke.hasSpread) {
    const passed = new Set(invoke.arguments.map((argument) => argument.name));
    const missing = inputs.filter((input) => input.required && input.default === undefined && !passed.has(input.name));
    if (missing.length > 0) {
      const list = missing.map((input) => `'${input.name}'${input.type ? ` (${input.type})` : ''}`).join(', ');
      out.push(
        diagnostic(
          'invoke-missing-input',
          invoke.targetRange,
          `missing required input${missing.length > 1 ? 's' : ''} of '${invoke.target}': ${list}; pass ${missing.length > 1 ? 'them as keyword arguments' : 'it as a keyword argument'}`,
          { related: declaredHere, data: { ...data, missingInputs: missing.map((input) => input.name) } },
        ),
      );
    }
  }
  return out;
}

function unknownFlow(invoke: InvokeFact, target: string, suggestions: string[]): DiagnosticFact {
  const message =
    suggestions.length > 0
      ? `no flow named '${target}'${didYouMean(suggestions)}`
      : `no flow named '${target}' in the flow library; check the name, or define it with @flow("${target}")`;
  return diagnostic('invoke-unknown-flow', invoke.targetRange, message, { data: { suggestions, flowName: target } });
}

function notScanned(invoke: InvokeFact, target: string, maxFiles: number, suggestions: string[]): DiagnosticFact {
  return diagnostic(
    'invoke-flow-not-scanned',
    invoke.targetRange,
    `no flow named '${target}' in the first ${maxFiles.toLocaleString('en-US')} Python files of this workspace folder, which has more: ` +
      `it may be defined further on (raise ${MAX_WORKSPACE_FILES_SETTING}, or ${MAX_WORKSPACE_FILES_ENV} for the command line, to check it)${didYouMean(suggestions)}`,
    { data: { suggestions, flowName: target } },
  );
}
