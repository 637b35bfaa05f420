// A paused play's question as the input form's fields: its pending pause's `fields` (spec §1's field
// specs, as the SDK recorded them: a type word, or a dict with type, default, description, required)
// become the FlowFieldSchema the form draws. The fields come from the store, so they are untrusted:
// read by own keys, at most MAX_PAUSE_FIELDS of them, a malformed spec asked as text ('any').
// No `vscode` import.

import type { FlowFieldSchema } from '../../../common/src/lspMessages';
import type { JsonObject, JsonValue } from '../../../common/src/play';
import { isFieldType } from '../../../common/src/inputRules';
import { isJsonRecord, ownValue } from '../../../common/src/jsonData';

/** A form asks this many fields at most: a pause of more is answered from the CLI (`hero-flows resume`). */
export const MAX_PAUSE_FIELDS = 50;

/** The form's fields for a pending pause's field specs, in their order. */
export function pauseFields(specs: JsonObject): FlowFieldSchema[] {
  const fields: FlowFieldSchema[] = [];
  for (const name of Object.keys(specs).slice(0, MAX_PAUSE_FIELDS)) {
    const spec = ownValue(specs, name);
    if (typeof spec === 'string') {
      fields.push({ name, type: isFieldType(spec) ? spec : 'any', required: true });
      continue;
    }
    if (!isJsonRecord(spec)) {
      fields.push({ name, type: 'any', required: true });
      continue;
    }
    const type = ownValue(spec, 'type');
    const required = ownValue(spec, 'required');
    const description = ownValue(spec, 'description');
    const hasDefault = Object.hasOwn(spec, 'default');
    const field: FlowFieldSchema = {
      name,
      type: isFieldType(type) ? type : 'any',
      required: typeof required === 'boolean' ? required && !hasDefault : !hasDefault,
    };
    if (hasDefault) field.default = ownValue(spec, 'default') as JsonValue;
    if (typeof description === 'string') field.description = description;
    fields.push(field);
  }
  return fields;
}
