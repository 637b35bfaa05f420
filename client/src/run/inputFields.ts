// One field of a flow's input form: what its prompt says, what the user may type, and the value it
// becomes — the same rules as the runtime's bootstrap applies to `--input K=V` (spec §6): `int`,
// `float`, `bool`, JSON for `list`/`dict`, JSON-or-text for `any`. No `vscode` import.

import type { FlowFieldSchema } from '../../../common/src/lspMessages';
import type { JsonValue } from '../../../common/src/play';

export type FieldType = 'str' | 'int' | 'float' | 'bool' | 'list' | 'dict' | 'any';
const TYPES: readonly FieldType[] = ['str', 'int', 'float', 'bool', 'list', 'dict', 'any'];

/** A malformed or unknown declared type is treated as `any`: the runtime has the last word. */
export function fieldType(field: FlowFieldSchema): FieldType {
  return TYPES.includes(field.type as FieldType) ? (field.type as FieldType) : 'any';
}

export function hasDefault(field: FlowFieldSchema): boolean {
  return field.default !== undefined || field.defaultText !== undefined;
}

/** The field may be left empty: it has a default, or it is not required. */
export function isOptional(field: FlowFieldSchema): boolean {
  return hasDefault(field) || !field.required;
}

/** What leaving a field empty means, for its prompt. */
function emptyMeaning(field: FlowFieldSchema): string {
  if (hasDefault(field)) return `empty: the default ${field.defaultText ?? JSON.stringify(field.default)}`;
  return field.required ? 'required' : 'optional: empty leaves it unset';
}

const TYPE_HINT: Record<FieldType, string> = {
  str: 'text',
  int: 'a whole number',
  float: 'a number',
  bool: 'true or false',
  list: 'a JSON list, e.g. [1, 2]',
  dict: 'a JSON object, e.g. {"key": "value"}',
  any: 'JSON, or plain text',
};

/** The line under the input box: type, default, description. */
export function fieldPrompt(field: FlowFieldSchema): string {
  const parts = [`${fieldType(field)}: ${TYPE_HINT[fieldType(field)]}`, emptyMeaning(field)];
  if (field.description) parts.push(field.description);
  return parts.join(' · ');
}

/** The outcome of reading a field's text: a value, "leave it out" (`value` undefined), or why not. */
export type FieldParse = { ok: true; value: JsonValue | undefined } | { ok: false; message: string };

const INT = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const BOOL_WORDS: Record<string, boolean> = { true: true, false: false, yes: true, no: false, '1': true, '0': false, on: true, off: false };

function parseJson(text: string): { ok: true; value: JsonValue } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as JsonValue };
  } catch {
    return { ok: false };
  }
}

export function parseFieldText(field: FlowFieldSchema, raw: string): FieldParse {
  const type = fieldType(field);
  const text = type === 'str' ? raw : raw.trim();
  if (text === '') {
    if (isOptional(field)) return { ok: true, value: undefined };
    return { ok: false, message: type === 'str' ? `'${field.name}' is required (type "" for an empty string)` : `'${field.name}' is required` };
  }
  switch (type) {
    case 'str':
      return { ok: true, value: text === '""' ? '' : text };
    case 'int': {
      const value = Number(text);
      if (!INT.test(text)) return { ok: false, message: `'${field.name}' expects a whole number (int), not '${text}'` };
      if (!Number.isSafeInteger(value)) return { ok: false, message: `'${field.name}': ${text} is too large` };
      return { ok: true, value };
    }
    case 'float': {
      const value = Number(text);
      if (!FLOAT.test(text) || !Number.isFinite(value)) return { ok: false, message: `'${field.name}' expects a number (float), not '${text}'` };
      return { ok: true, value };
    }
    case 'bool': {
      const value = BOOL_WORDS[text.toLowerCase()];
      return value === undefined ? { ok: false, message: `'${field.name}' expects true or false` } : { ok: true, value };
    }
    case 'list':
    case 'dict': {
      const parsed = parseJson(text);
      if (!parsed.ok) return { ok: false, message: `'${field.name}' expects JSON (${TYPE_HINT[type]}): ${jsonProblem(text)}` };
      const isList = Array.isArray(parsed.value);
      const isDict = parsed.value !== null && typeof parsed.value === 'object' && !isList;
      if (type === 'list' ? !isList : !isDict) return { ok: false, message: `'${field.name}' expects ${TYPE_HINT[type]}` };
      return { ok: true, value: parsed.value };
    }
    case 'any': {
      const parsed = parseJson(text);
      return { ok: true, value: parsed.ok ? parsed.value : text };
    }
  }
}

function jsonProblem(text: string): string {
  try {
    JSON.parse(text);
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}

/** For an input box's validation: the message, or undefined when the text is fine. */
export function validateFieldText(field: FlowFieldSchema, text: string): string | undefined {
  const parsed = parseFieldText(field, text);
  return parsed.ok ? undefined : parsed.message;
}

/** A value as the text that reads back to it. */
export function valueToText(field: FlowFieldSchema, value: JsonValue | undefined): string {
  if (value === undefined) return '';
  const type = fieldType(field);
  if (type === 'str' && typeof value === 'string') return value === '' ? '""' : value;
  if (type === 'any' && typeof value === 'string' && !parseJson(value).ok) return value;
  return JSON.stringify(value);
}

/**
 * What the box shows at first: the value last used for this flow when it still fits the field,
 * else empty (the default then applies; the prompt says which).
 */
export function initialText(field: FlowFieldSchema, last: JsonValue | undefined): string {
  if (last === undefined) return '';
  const text = valueToText(field, last);
  return parseFieldText(field, text).ok ? text : '';
}

/** A bool field is a pick: true, false, and — when it may be left out — its default or "unset". */
export interface BoolChoice {
  label: string;
  description?: string;
  value: boolean | undefined;
}

export function boolChoices(field: FlowFieldSchema): BoolChoice[] {
  const choices: BoolChoice[] = [
    { label: 'true', value: true },
    { label: 'false', value: false },
  ];
  if (hasDefault(field)) choices.push({ label: 'default', description: field.defaultText ?? JSON.stringify(field.default), value: undefined });
  else if (!field.required) choices.push({ label: 'unset', description: 'leave the input out', value: undefined });
  return choices;
}

/** Which choice starts selected: the last value, else the default entry, else `true`. */
export function initialBoolChoice(field: FlowFieldSchema, last: JsonValue | undefined): BoolChoice {
  const choices = boolChoices(field);
  if (typeof last === 'boolean') return choices.find((c) => c.value === last)!;
  return choices.find((c) => c.value === undefined) ?? choices[0]!;
}
