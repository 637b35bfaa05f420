// The facts of one piece of a flow file (a top-level statement, or a part of a class: units.ts). A
// flow, its steps and its invokes all lie inside one piece (a decorated def, or the `@flow` class
// holding them), so a file's facts are the concatenation of its pieces' — which lets analyzeFile
// reuse the unchanged ones.

import type { Node, Query } from 'web-tree-sitter';
import { compactInPlace } from './compactFacts';
import { diagnostic } from './diagnostics';
import type { DiagnosticFact, FlowFact, InvokeFact, Position, Range, SdkUseFact, StepFact } from './facts';
import { readFlow } from './flowDecorator';
import type { SdkBindings } from './imports';
import { comparePositions, containsRange } from './positions';
import { flowReferences } from './references';
import { changingReads, type StdlibNames } from './replayValues';
import { readSdkCalls } from './sdkCalls';

export interface StatementFacts {
  /** Where the statement started when it was analysed (its ranges are absolute from there). */
  origin: Position;
  /** The index its first flow had in the file's flows (`InvokeFact.inFlow` counts from it). */
  flowOffset: number;
  flows: FlowFact[];
  /** Step functions outside every flow of the statement. */
  stepFunctions: StepFact[];
  invokes: InvokeFact[];
  sdkUses: SdkUseFact[];
  diagnostics: DiagnosticFact[];
}

/** `query` is the flow-shape query (queries.ts); `stdlib` the file's imports of the standard modules (replayValues.ts). */
export function analyzeStatement(
  statement: Node,
  query: Query,
  bindings: SdkBindings,
  stdlib: StdlibNames,
  path: string,
  flowOffset: number,
): StatementFacts {
  const references = flowReferences(statement, query, bindings);
  const flows: FlowFact[] = [];
  const flowNodes: Node[] = [];
  const diagnostics: DiagnosticFact[] = [];
  for (const decorator of references.decorators) {
    const result = readFlow(decorator);
    if (result.flow) {
      flows.push(result.flow);
      flowNodes.push(decorator.parent!);
    }
    diagnostics.push(...result.diagnostics);
  }
  const calls = readSdkCalls(references);
  diagnostics.push(...calls.diagnostics);
  const owner = innermostFlows(flows);
  const stepFunctions: StepFact[] = [];
  for (const step of calls.steps) {
    const index = owner(step.range);
    if (index !== undefined) flows[index]!.steps.push(step);
    else if (step.kind === 'function') stepFunctions.push(step);
  }
  for (const invoke of calls.invokes) {
    const index = owner(invoke.range);
    invoke.inFlow = index === undefined ? null : index + flowOffset;
  }
  for (const flow of flows) diagnostics.push(...duplicateSteps(path, flow));
  const recorded = calls.steps.filter((step) => step.kind === 'function').map((step) => step.range);
  const pausing = new Set(calls.pauses.map(owner));
  flows.forEach((_, index) => {
    if (!pausing.has(index)) return;
    const skip = (range: Range) => owner(range) !== index || recorded.some((step) => containsRange(step, range));
    diagnostics.push(...changingReads(flowNodes[index]!, stdlib, skip));
  });
  const start = statement.startPosition;
  return {
    origin: { line: start.row, character: start.column },
    flowOffset,
    ...compactInPlace({ flows, stepFunctions, invokes: calls.invokes, sdkUses: calls.uses, diagnostics: diagnostics.sort(byRange) }),
  };
}

/**
 * A lookup of the innermost flow containing a range. Flows are in source order, so the candidate
 * is the last one starting before the range, else one of the flows that contain that one.
 */
function innermostFlows(flows: readonly FlowFact[]): (range: Range) => number | undefined {
  const parent: (number | undefined)[] = [];
  const open: number[] = [];
  flows.forEach((flow, index) => {
    while (open.length > 0 && !containsRange(flows[open.at(-1)!]!.range, flow.range)) open.pop();
    parent.push(open.at(-1));
    open.push(index);
  });
  return (range) => {
    let low = 0;
    let high = flows.length - 1;
    let candidate: number | undefined;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (comparePositions(flows[middle]!.range.start, range.start) <= 0) {
        candidate = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    while (candidate !== undefined && !containsRange(flows[candidate]!.range, range)) candidate = parent[candidate];
    return candidate;
  };
}

/**
 * `with flow.step` blocks with the same literal name in one flow: the trace, and the keys of the
 * effects recorded inside them (docs/durable.md), tell them apart only by their order. Step
 * functions are compared file-wide (duplicateStepFunctions).
 */
function duplicateSteps(path: string, flow: FlowFact): DiagnosticFact[] {
  return duplicateStepNames(path, flow.steps, 'block', (name) => [
    `another step of this flow is named '${name}'; the trace and the recorded effects inside them tell the two apart only by their order — give each step a distinct name`,
    `the first step named '${name}'`,
  ]);
}

/**
 * Step functions of one file with the same literal name: a recorded result is found by the step's
 * name and its place among equal names, so after a code change (a retry reusing results) one
 * function's result could replay as the other's. `steps` is every step function of the file.
 */
export function duplicateStepFunctions(path: string, steps: readonly StepFact[]): DiagnosticFact[] {
  return duplicateStepNames(path, [...steps].sort(byRange), 'function', (name) => [
    `another step function of this file is named '${name}'; recorded results are matched by step name and order, so one's result could replay as the other's — give each step function a distinct name`,
    `the first step function named '${name}'`,
  ]);
}

/** `flow-step-duplicate` on each step of `kind` whose literal name an earlier one (in `steps`' order) has; words: [message, related]. */
function duplicateStepNames(path: string, steps: readonly StepFact[], kind: StepFact['kind'], words: (name: string) => [string, string]): DiagnosticFact[] {
  const first = new Map<string, StepFact>();
  const out: DiagnosticFact[] = [];
  for (const step of steps) {
    if (step.name === null || step.kind !== kind) continue;
    const earlier = first.get(step.name);
    if (!earlier) {
      first.set(step.name, step);
      continue;
    }
    const [message, related] = words(step.name);
    out.push(diagnostic('flow-step-duplicate', step.nameRange, message, { related: [{ path, range: earlier.nameRange, message: related }] }));
  }
  return out;
}

export function byRange(a: { range: Range }, b: { range: Range }): number {
  return comparePositions(a.range.start, b.range.start) || comparePositions(a.range.end, b.range.end);
}
