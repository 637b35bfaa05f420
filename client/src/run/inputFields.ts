// One field of a flow's input form: what its prompt says, what leaving it empty means, and the
// value its text becomes. Reading text as a type is common/src/inputRules.ts's (the rules the SDK
// applies to `--input K=V`, spec §6); this module adds the form's own: empty and `""`. No `vscode` import.

import { convertText, isFieldType, type FieldType } from '../../../common/src/inputRules';
import type { FlowFieldSchema } from '../../../common/src/lspMessages';
import type { JsonValue } from '../../../common/src/play';

/** A malformed or unknown declared type is treated as `any`: the runtime has the last word. */
export function fieldType(field: FlowFieldSchema): FieldType {
  return isFieldType(field.type) ? field.type : 'any';
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

/**
 * A field's text as its value. Empty (blank, for a non-`str`) leaves an optional field out and is
 * refused for a required one; `""` is the empty string for a `str`; the rest is convertText's.
 */
export function parseFieldText(field: FlowFieldSchema, raw: string): FieldParse {
  const type = fieldType(field);
  if ((type === 'str' ? raw : raw.trim()) === '') {
    if (isOptional(field)) return { ok: true, value: undefined };
    return { ok: false, message: type === 'str' ? `'${field.name}' is required (type "" for an empty string)` : `'${field.name}' is required` };
  }
  if (type === 'str' && raw === '""') return { ok: true, value: '' };
  const converted = convertText(type, raw);
  return converted.ok ? converted : { ok: false, message: `'${field.name}' ${converted.problem}` };
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
  if (type === 'any' && typeof value === 'string') {
    const readBack = convertText('any', value); // plain text reads back as itself; JSON text would not
    if (readBack.ok && readBack.value === value) return value;
  }
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
