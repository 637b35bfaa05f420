// What the analyzer extracts from one Python file: plain data, no trees, no LSP types, so the
// flow library can keep it for every file of the workspace and the CLI can print it.
// Positions are 0-based lines and UTF-16 columns (LSP's convention); the CLI adds 1 when printing.
// Facts are immutable once returned: the analyzer shares the facts of unchanged statements between
// successive analyses of a file (analyzeFile.ts), so never mutate them.

import type { FieldType, ValueKind } from '../../../common/src/inputRules';
import type { JsonValue } from '../../../common/src/play';

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

// The field types and value kinds are the input rules' (common/src/inputRules.ts), shared with the input form.
export { FIELD_TYPES, type FieldType, type ValueKind } from '../../../common/src/inputRules';

/** A literal found in source, with the type it has as a Python value. */
export interface LiteralFact {
  /** The source text, as written. */
  text: string;
  /** Its value when it is a plain literal (str, number, bool, None, list/dict of those); else undefined. */
  value?: JsonValue;
  /** Its Python type when that is known statically (None → null). */
  type: ValueKind | null;
  range: Range;
}

/** One entry of `inputs=` / `outputs=`. */
export interface FieldFact {
  name: string;
  nameRange: Range;
  /** Declared type; null when the spec is malformed (then a `flow-fields-invalid` diagnostic exists). */
  type: FieldType | null;
  /** Range of the type expression (`int`, `"int"`, or the `"type"` value in a dict spec). */
  typeRange: Range;
  default?: LiteralFact;
  description?: string;
  required: boolean;
}

export interface StepFact {
  /**
   * `block`: `with flow.step(...)` (a span; its body re-runs on every attempt). `function`: a step
   * function, `@flow.step(...)` on a def (its result is recorded and replayed: docs/durable.md).
   */
  kind: 'block' | 'function';
  /** The literal step name, or null when it is not a string literal. */
  name: string | null;
  nameRange: Range;
  /** The whole `with` statement, or the whole decorated function (decorators included). */
  range: Range;
}

export interface FlowFact {
  /** Null when missing or not a string literal. */
  name: string | null;
  /** The name's string literal (quotes included); the decorator's range when there is no name. */
  nameRange: Range;
  /** The `@flow(...)` decorator. */
  decoratorRange: Range;
  /** The decorated function's name and its identifier's range. */
  functionName: string;
  functionNameRange: Range;
  /** The whole decorated definition, decorators included. */
  range: Range;
  isAsync: boolean;
  /** Null when `inputs=`/`outputs=` is absent (undeclared), [] when declared empty. */
  inputs: FieldFact[] | null;
  outputs: FieldFact[] | null;
  description: string | null;
  /** `def run(inputs)` as written. */
  signature: string;
  steps: StepFact[];
}

export interface InvokeArgumentFact {
  name: string;
  nameRange: Range;
  value: LiteralFact;
}

export interface InvokeFact {
  /** The target flow name, or null when it is not a string literal. */
  target: string | null;
  /** The target's string literal (quotes included), or the call's first argument. */
  targetRange: Range;
  /** The whole `flow.invoke(...)` call. */
  range: Range;
  /** Keyword arguments other than `spawn`. */
  arguments: InvokeArgumentFact[];
  /** `**kwargs` spread into the call: missing inputs cannot be known. */
  hasSpread: boolean;
  /** Index into FileFacts.flows of the flow this call sits in, if any. */
  inFlow: number | null;
}

/** A `flow.<attr>` use, checked against the SDK's surface. */
export interface SdkUseFact {
  attribute: string;
  range: Range;
}

export type DiagnosticCode =
  | 'flow-name-missing'
  | 'flow-name-not-literal'
  | 'flow-duplicate-name'
  | 'flow-fields-invalid'
  | 'flow-default-type-mismatch'
  | 'flow-signature'
  | 'flow-step-duplicate'
  | 'flow-unknown-api'
  | 'invoke-unknown-flow'
  | 'invoke-unknown-input'
  | 'invoke-missing-input'
  | 'invoke-input-type'
  | 'invoke-target-not-literal'
  | 'pause-nondeterministic'
  | 'invoke-flow-not-scanned'
  | 'file-too-large';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface RelatedFact {
  path: string;
  range: Range;
  message: string;
}

export interface DiagnosticFact {
  range: Range;
  severity: Severity;
  code: DiagnosticCode;
  message: string;
  related?: RelatedFact[];
  /** What a code action needs: suggested names, missing inputs… */
  data?: { suggestions?: string[]; missingInputs?: string[]; flowName?: string };
}

export interface FileFacts {
  path: string;
  /** Imports from `hero_tracing`: only such files are analysed (spec §5). */
  isFlowFile: boolean;
  /**
   * The local name `flow` is bound to (`from hero_tracing import flow as f` → "f"; plain import →
   * "flow"); null when no name is bound to it (only `import hero_tracing`, or not a flow file).
   */
  flowAlias: string | null;
  /**
   * Every local name bound to the SDK's `flow` (`from hero_tracing import flow, flow as f`, or
   * `*`); empty when the file only has `import hero_tracing`. `flowAlias` is the first of them.
   */
  flowAliases: string[];
  /** Local names bound to the module itself (`import hero_tracing [as ht]`): `ht.flow.step`. */
  moduleAliases: string[];
  flows: FlowFact[];
  /** Step functions (`@flow.step(...)` on a def) outside every flow, in source order. */
  stepFunctions: StepFact[];
  invokes: InvokeFact[];
  sdkUses: SdkUseFact[];
  /** Diagnostics that need nothing but this file. */
  localDiagnostics: DiagnosticFact[];
  /** The tree has ERROR/MISSING nodes; facts come from the parts that parsed (false when not parsed: no `hero_tracing` in the text). */
  hasSyntaxErrors: boolean;
}
