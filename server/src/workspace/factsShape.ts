// Whether an untrusted JSON value (read back from the facts cache) has the exact shape of
// FileFacts (server/src/analyzer/facts.ts): every field of the right type, every list bounded,
// literal values nested no deeper than JSON allows elsewhere. The cache file is checksummed, but a
// checksum only catches accidents: a crafted file must still never hand the library a value its
// code does not expect. Keep in step with facts.ts (a facts change also changes the bundle, and
// with it the cache key, so an old cache is never read by new code).

import { FIELD_TYPES } from '../../../common/src/inputRules';
import { MAX_JSON_DEPTH } from '../../../common/src/jsonData';
import type { FileFacts } from '../analyzer/facts';

/** More of any one kind of fact than a 4 MB file can hold. */
const MAX_ITEMS = 1_000_000;

type Check = (value: unknown) => boolean;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str: Check = (v) => typeof v === 'string';
const bool: Check = (v) => typeof v === 'boolean';
const count: Check = (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const nullOr = (check: Check): Check => (v) => v === null || check(v);
const oneOf = (values: readonly unknown[]): Check => (v) => values.includes(v);
const list = (check: Check): Check => (v) => Array.isArray(v) && v.length <= MAX_ITEMS && v.every(check);

/** An object with exactly these own fields (optional ones may be absent), each passing its check. */
function shape(required: Record<string, Check>, optional: Record<string, Check> = {}): Check {
  return (v) => {
    if (!isRecord(v) || Object.getPrototypeOf(v) !== Object.prototype) return false;
    for (const key of Object.keys(v)) if (!Object.hasOwn(required, key) && !Object.hasOwn(optional, key)) return false;
    for (const [key, check] of Object.entries(required)) if (!Object.hasOwn(v, key) || !check(v[key])) return false;
    for (const [key, check] of Object.entries(optional)) if (Object.hasOwn(v, key) && !check(v[key])) return false;
    return true;
  };
}

function jsonValue(v: unknown, depth = 0): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (depth >= MAX_JSON_DEPTH) return false;
  if (Array.isArray(v)) return v.length <= MAX_ITEMS && v.every((item) => jsonValue(item, depth + 1));
  return isRecord(v) && Object.values(v).every((item) => jsonValue(item, depth + 1));
}

const position = shape({ line: count, character: count });
const range = shape({ start: position, end: position });
const literal = shape({ text: str, type: nullOr(oneOf(['str', 'int', 'float', 'bool', 'list', 'dict', 'none'])), range }, { value: (v) => jsonValue(v) });
const field = shape(
  { name: str, nameRange: range, type: nullOr(oneOf(FIELD_TYPES)), typeRange: range, required: bool },
  { default: literal, description: str },
);
const step = shape({ kind: oneOf(['block', 'function']), name: nullOr(str), nameRange: range, range });
const flow = shape({
  name: nullOr(str),
  nameRange: range,
  decoratorRange: range,
  functionName: str,
  functionNameRange: range,
  range,
  isAsync: bool,
  inputs: nullOr(list(field)),
  outputs: nullOr(list(field)),
  description: nullOr(str),
  signature: str,
  steps: list(step),
});
const invoke = shape({
  target: nullOr(str),
  targetRange: range,
  range,
  arguments: list(shape({ name: str, nameRange: range, value: literal })),
  hasSpread: bool,
  inFlow: nullOr(count),
});
const diagnostic = shape(
  { range, severity: oneOf(['error', 'warning', 'information', 'hint']), code: str, message: str },
  {
    related: list(shape({ path: str, range, message: str })),
    data: shape({}, { suggestions: list(str), missingInputs: list(str), flowName: str }),
  },
);

const fileFacts = shape({
  path: str,
  isFlowFile: bool,
  flowAlias: nullOr(str),
  flowAliases: list(str),
  moduleAliases: list(str),
  flows: list(flow),
  stepFunctions: list(step),
  invokes: list(invoke),
  sdkUses: list(shape({ attribute: str, range })),
  localDiagnostics: list(diagnostic),
  hasSyntaxErrors: bool,
});

/** Whether `value` is a FileFacts of the file at `path`, and nothing else. */
export function isFileFacts(value: unknown, path: string): value is FileFacts {
  return fileFacts(value) && (value as FileFacts).path === path;
}
