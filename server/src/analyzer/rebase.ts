// Moving a statement's facts to where the statement is now: an edit above it shifts its lines (and
// its columns, on its first line), and flows added above it shift `inFlow`. Facts are never
// mutated: a moved statement gets copies, an unmoved one is reused as is.

import type { DiagnosticFact, FieldFact, FlowFact, InvokeFact, LiteralFact, Position, Range, SdkUseFact, StepFact } from './facts';
import { position as sharedPosition } from './positions';
import type { StatementFacts } from './statementFacts';

export function rebase(facts: StatementFacts, origin: Position, flowOffset: number): StatementFacts {
  const from = facts.origin;
  if (from.line === origin.line && from.character === origin.character) {
    if (facts.flowOffset === flowOffset) return facts;
    const delta = flowOffset - facts.flowOffset;
    return { ...facts, flowOffset, invokes: facts.invokes.map((invoke) => ({ ...invoke, inFlow: invoke.inFlow === null ? null : invoke.inFlow + delta })) };
  }
  const position = (p: Position): Position =>
    p.line === from.line
      ? sharedPosition(origin.line, p.character - from.character + origin.character)
      : sharedPosition(p.line - from.line + origin.line, p.character);
  const range = (r: Range): Range => ({ start: position(r.start), end: position(r.end) });
  const literal = (l: LiteralFact): LiteralFact => ({ ...l, range: range(l.range) });
  const field = (f: FieldFact): FieldFact => {
    const out: FieldFact = { ...f, nameRange: range(f.nameRange), typeRange: range(f.typeRange) };
    if (f.default) out.default = literal(f.default);
    return out;
  };
  const flow = (f: FlowFact): FlowFact => ({
    ...f,
    nameRange: range(f.nameRange),
    decoratorRange: range(f.decoratorRange),
    functionNameRange: range(f.functionNameRange),
    range: range(f.range),
    inputs: f.inputs && f.inputs.map(field),
    outputs: f.outputs && f.outputs.map(field),
    steps: f.steps.map(step),
  });
  const step = (s: StepFact): StepFact => ({ ...s, nameRange: range(s.nameRange), range: range(s.range) });
  const delta = flowOffset - facts.flowOffset;
  const invoke = (i: InvokeFact): InvokeFact => ({
    ...i,
    targetRange: range(i.targetRange),
    range: range(i.range),
    arguments: i.arguments.map((a) => ({ ...a, nameRange: range(a.nameRange), value: literal(a.value) })),
    inFlow: i.inFlow === null ? null : i.inFlow + delta,
  });
  const use = (u: SdkUseFact): SdkUseFact => ({ ...u, range: range(u.range) });
  const diagnostic = (d: DiagnosticFact): DiagnosticFact => {
    const out: DiagnosticFact = { ...d, range: range(d.range) };
    if (d.related) out.related = d.related.map((r) => ({ ...r, range: range(r.range) }));
    return out;
  };
  return {
    origin,
    flowOffset,
    flows: facts.flows.map(flow),
    stepFunctions: facts.stepFunctions.map(step),
    invokes: facts.invokes.map(invoke),
    sdkUses: facts.sdkUses.map(use),
    diagnostics: facts.diagnostics.map(diagnostic),
  };
}
