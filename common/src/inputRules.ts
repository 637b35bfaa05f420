// The input rules of spec §6, the TypeScript source of them: the field types a flow may declare,
// how typed text becomes a value of each type (what `--input K=V` and the input form both accept),
// and which value types a field accepts. The analyzer and the input form use these; the Python SDK
// applies the same rules at run time, and test/sdk/inputRulesParity.test.ts holds the two together.

import type { JsonValue } from './play';

export type FieldType = 'str' | 'int' | 'float' | 'bool' | 'list' | 'dict' | 'any';
export const FIELD_TYPES: readonly FieldType[] = ['str', 'int', 'float', 'bool', 'list', 'dict', 'any'];

export function isFieldType(value: unknown): value is FieldType {
  return (FIELD_TYPES as readonly unknown[]).includes(value);
}

/** The type a value has, as Python sees it (`none` for None/null). */
export type ValueKind = Exclude<FieldType, 'any'> | 'none';

/** The words a bool field takes, compared after trimming and lower-casing. */
export const BOOL_WORDS: Readonly<Record<string, boolean>> = { true: true, false: false, yes: true, no: false, '1': true, '0': false };

/** Whole numbers as people type them: ASCII digits, an optional sign; no `1_000`, `1e3` or `0x10`. */
const INT_TEXT = /^[+-]?[0-9]+$/;
/** Decimal numbers: digits with an optional fraction and exponent; no `inf`, `nan` or `1_000.5`. */
const FLOAT_TEXT = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;

/** What reading a text as a type gave: the value, or the problem as it reads after the field's name. */
export type TextConversion = { ok: true; value: JsonValue } | { ok: false; problem: string };

/** JSON with only finite numbers: `NaN` and `1e400` are not values any type takes. */
function parseJson(text: string): { ok: true; value: JsonValue } | { ok: false; error: string } {
  try {
    const value = JSON.parse(text) as JsonValue;
    return hasNonFinite(value) ? { ok: false, error: 'a number out of range' } : { ok: true, value };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

function hasNonFinite(value: JsonValue): boolean {
  const pending: JsonValue[] = [value];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (typeof next === 'number' && !Number.isFinite(next)) return true;
    if (next !== null && typeof next === 'object') pending.push(...(Array.isArray(next) ? next : Object.values(next)));
  }
  return false;
}

/**
 * A text read as a field type (spec §6): `str` as it is; `int`, `float`, `bool` trimmed (whole
 * numbers, finite decimals, BOOL_WORDS in any case); `list`/`dict` JSON of that shape; `any` JSON
 * when it parses, else the text itself. An int beyond ±2^53 is refused here: a JavaScript number
 * cannot carry it exactly (the SDK, reading `--input` itself, takes it).
 */
export function convertText(type: FieldType, text: string): TextConversion {
  switch (type) {
    case 'str':
      return { ok: true, value: text };
    case 'int': {
      const trimmed = text.trim();
      if (!INT_TEXT.test(trimmed)) return { ok: false, problem: `expects a whole number (int), not '${trimmed}'` };
      const value = Number(trimmed);
      return Number.isSafeInteger(value) ? { ok: true, value } : { ok: false, problem: `is too large: ${trimmed} (at most ±${Number.MAX_SAFE_INTEGER})` };
    }
    case 'float': {
      const trimmed = text.trim();
      const value = Number(trimmed);
      return FLOAT_TEXT.test(trimmed) && Number.isFinite(value) ? { ok: true, value } : { ok: false, problem: `expects a number (float), not '${trimmed}'` };
    }
    case 'bool': {
      const value = BOOL_WORDS[text.trim().toLowerCase()];
      return value === undefined ? { ok: false, problem: 'expects true or false (or yes/no, 1/0)' } : { ok: true, value };
    }
    case 'list':
    case 'dict': {
      const parsed = parseJson(text);
      const shape = type === 'list' ? 'a JSON list, e.g. [1, 2]' : 'a JSON object, e.g. {"key": "value"}';
      if (!parsed.ok) return { ok: false, problem: `expects JSON (${shape}): ${parsed.error}` };
      return kindOf(parsed.value) === type ? parsed : { ok: false, problem: `expects ${shape}` };
    }
    case 'any': {
      const parsed = parseJson(text);
      return parsed.ok ? parsed : { ok: true, value: text };
    }
  }
}

/** A JSON value's type, as Python's json module makes it (a JavaScript number is an int when whole). */
export function kindOf(value: JsonValue): ValueKind {
  if (value === null) return 'none';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'boolean') return 'bool';
  return Array.isArray(value) ? 'list' : 'dict';
}

/**
 * Whether a field of type `declared` takes a value of type `actual` (null: not known, so yes): the
 * same type, or anything for `any`, and an int is a float; a bool is not an int, None only `any`.
 */
export function acceptsKind(declared: FieldType, actual: ValueKind | null): boolean {
  if (actual === null || declared === 'any' || declared === actual) return true;
  return declared === 'float' && actual === 'int';
}

/** A typed value (JSON, not text) checked against its field's type; a float must be finite. */
export function acceptsValue(declared: FieldType, value: JsonValue, kind: ValueKind = kindOf(value)): boolean {
  if (!acceptsKind(declared, kind)) return false;
  return declared !== 'float' || (typeof value === 'number' && Number.isFinite(value));
}
