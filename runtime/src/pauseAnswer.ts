// A resume's answer checked against the pending pause's fields (docs/durable.md, "Pause and resume"),
// by the input rules of spec §6 (common/src/inputRules.ts) — as the SDK checks a play's inputs:
// unknown fields, required fields left out and values of the wrong type are refused, each naming
// the field. Raw texts (`--input K=V`, a form's fields) are converted by the field's type and win
// over typed values of the same name. Defaults are left to the SDK, which applies them.

import type { JsonObject, JsonValue } from '../../common/src/play';
import { acceptsValue, convertText, isFieldType, type FieldType } from '../../common/src/inputRules';
import { MAX_RESULT_BYTES } from '../../common/src/historyLimits';
import { isJsonRecord, ownValue, setOwn } from '../../common/src/jsonData';

export interface PauseAnswer {
  values?: JsonObject;
  raw?: Record<string, string>;
}

export type AnswerCheck = { ok: true; answer: JsonObject } | { ok: false; problem: string };

interface Field {
  type: FieldType;
  required: boolean;
}

function fieldsOf(fields: JsonObject): Map<string, Field> {
  const out = new Map<string, Field>();
  for (const name of Object.keys(fields)) {
    const spec = fields[name];
    if (!isJsonRecord(spec)) continue;
    const type = ownValue(spec, 'type');
    const required = ownValue(spec, 'required');
    out.set(name, {
      type: isFieldType(type) ? type : 'any',
      required: typeof required === 'boolean' ? required && !Object.hasOwn(spec, 'default') : !Object.hasOwn(spec, 'default'),
    });
  }
  return out;
}

function shownName(name: string): string {
  return `'${name.length > 60 ? `${name.slice(0, 60)}…` : name}'`;
}

/** The answer as the pause gets it, or the first problem (naming its field). */
export function checkPauseAnswer(fieldSpecs: JsonObject, given: PauseAnswer): AnswerCheck {
  const fields = fieldsOf(fieldSpecs);
  const values = given.values ?? {};
  const raw = given.raw ?? {};
  const answer: JsonObject = {};
  const declared = [...fields.keys()].map(shownName).join(', ');
  for (const name of [...Object.keys(values), ...Object.keys(raw)]) {
    if (!fields.has(name)) {
      return { ok: false, problem: fields.size > 0 ? `unknown field ${shownName(name)}; the pause asks for: ${declared}` : `unknown field ${shownName(name)}; the pause asks for no fields` };
    }
  }
  for (const [name, field] of fields) {
    if (Object.hasOwn(raw, name)) {
      const text = raw[name];
      if (typeof text !== 'string') return { ok: false, problem: `field ${shownName(name)} expects text` };
      const converted = convertText(field.type, text);
      if (!converted.ok) return { ok: false, problem: `field ${shownName(name)} ${converted.problem}` };
      setOwn(answer, name, converted.value);
    } else if (Object.hasOwn(values, name)) {
      const value = values[name] as JsonValue;
      if (!acceptsValue(field.type, value)) return { ok: false, problem: `field ${shownName(name)} expects ${field.type}, got ${describe(value)}` };
      setOwn(answer, name, value);
    } else if (field.required) {
      return { ok: false, problem: `field ${shownName(name)} (${field.type}) is required` };
    }
  }
  const size = recordedSize(answer);
  if (size > MAX_RESULT_BYTES) {
    return { ok: false, problem: `the answer is ${Math.floor(size / 1024)} KiB of JSON, over the ${MAX_RESULT_BYTES / 1024} KiB a pause can record (it would ask again)` };
  }
  return { ok: true, answer };
}

/** The length of the JSON the SDK records for `value`: compact, every non-ASCII UTF-16 unit as `\uXXXX`. */
export function recordedSize(value: JsonValue): number {
  const text = JSON.stringify(value);
  let wide = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) wide++;
  return text.length + 5 * wide;
}

function describe(value: JsonValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return `${typeof value} ${text.length > 40 ? `${text.slice(0, 40)}…` : text}`;
}
