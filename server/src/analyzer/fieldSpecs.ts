// `inputs=` / `outputs=` of `@flow`: a dict literal of field name → field spec, read with the
// rules of the SDK's _norm_fields (spec §1). Malformed parts become `flow-fields-invalid` on the
// offending token; a literal default of the wrong type becomes `flow-default-type-mismatch`.

import type { Node } from 'web-tree-sitter';
import { didYouMean, diagnostic, shortText } from './diagnostics';
import { FIELD_TYPES, type DiagnosticFact, type FieldFact, type FieldType, type LiteralFact } from './facts';
import { literalOf, stringValue, unwrap } from './literals';
import { rangeOf } from './positions';
import { closestNames } from './suggest';
import { acceptsKind } from '../../../common/src/inputRules';
import { typePhrase } from './typeRules';

export type FieldKind = 'input' | 'output';

const BUILTIN_TYPES: ReadonlySet<string> = new Set(['str', 'int', 'float', 'bool', 'list', 'dict']);
const SPEC_KEYS = ['type', 'default', 'description', 'required'];
const TYPE_LIST = FIELD_TYPES.join(', ');

export interface FieldsResult {
  /** Null when not declared (absent or None) or not knowable (not a dict literal, `**` spread). */
  fields: FieldFact[] | null;
  diagnostics: DiagnosticFact[];
}

export function readFields(node: Node | undefined, kind: FieldKind): FieldsResult {
  const diagnostics: DiagnosticFact[] = [];
  if (!node) return { fields: null, diagnostics };
  const value = unwrap(node);
  if (value.type === 'none' || (value.hasError && value.type !== 'dictionary')) return { fields: null, diagnostics };
  if (value.type !== 'dictionary') {
    diagnostics.push(
      diagnostic(
        'flow-fields-invalid',
        rangeOf(value),
        `${kind}s must be a dict literal of field name → type, e.g. ${kind}s={"name": str, "seats": {"type": "int", "default": 3}}`,
      ),
    );
    return { fields: null, diagnostics };
  }
  const fields: FieldFact[] = [];
  let complete = true;
  for (const entry of value.namedChildren) {
    const entryType = entry.type; // each accessor is a call into the parser's WASM module: read it once
    if (entryType === 'comment' || entry.hasError) continue;
    if (entryType === 'dictionary_splat') {
      complete = false;
      diagnostics.push(
        diagnostic('flow-fields-invalid', rangeOf(entry), `${kind}s must be a dict literal: '${shortText(entry.text)}' cannot be checked; write its fields out`),
      );
      continue;
    }
    if (entryType !== 'pair') continue;
    const key = entry.childForFieldName('key');
    const spec = entry.childForFieldName('value');
    if (!key || !spec) continue;
    const name = stringValue(key);
    if (name === undefined || name === '') {
      diagnostics.push(
        diagnostic('flow-fields-invalid', rangeOf(key), `${kind} names must be non-empty string literals, e.g. {"name": str}`),
      );
      continue;
    }
    fields.push(readField(name, key, spec, kind, diagnostics));
  }
  return { fields: complete ? fields : null, diagnostics };
}

function readField(name: string, key: Node, specNode: Node, kind: FieldKind, diagnostics: DiagnosticFact[]): FieldFact {
  const spec = unwrap(specNode);
  const where = `${kind} '${name}'`;
  if (spec.type !== 'dictionary') {
    const type = readType(spec, where, diagnostics);
    return { name, nameRange: rangeOf(key), type, typeRange: rangeOf(spec), required: true };
  }
  const field: FieldFact = { name, nameRange: rangeOf(key), type: null, typeRange: rangeOf(spec), required: true };
  let hasType = false;
  let required: boolean | undefined;
  for (const entry of spec.namedChildren) {
    const entryType = entry.type;
    if (entryType === 'comment' || entry.hasError) continue;
    if (entryType === 'dictionary_splat') {
      hasType = true; // unknown: do not also say "needs a 'type'"
      diagnostics.push(diagnostic('flow-fields-invalid', rangeOf(entry), `the spec of ${where} must be a dict literal: '${shortText(entry.text)}' cannot be checked`));
      continue;
    }
    if (entryType !== 'pair') continue;
    const keyNode = entry.childForFieldName('key');
    const valueNode = entry.childForFieldName('value');
    if (!keyNode || !valueNode) continue;
    const specKey = stringValue(keyNode);
    if (specKey === undefined || !SPEC_KEYS.includes(specKey)) {
      const shown = specKey === undefined ? shortText(keyNode.text) : `'${specKey}'`;
      diagnostics.push(
        diagnostic(
          'flow-fields-invalid',
          rangeOf(keyNode),
          `unknown key ${shown} in the spec of ${where}${didYouMean(closestNames(specKey ?? keyNode.text, SPEC_KEYS, 1))} (allowed: ${SPEC_KEYS.join(', ')})`,
        ),
      );
      continue;
    }
    if (specKey === 'type') {
      hasType = true;
      const typeNode = unwrap(valueNode);
      field.type = readType(typeNode, where, diagnostics);
      field.typeRange = rangeOf(typeNode);
    } else if (specKey === 'default') {
      field.default = literalOf(valueNode);
    } else if (specKey === 'description') {
      const text = stringValue(valueNode);
      if (text !== undefined) field.description = text;
      else if (literalOf(valueNode).type !== null) {
        diagnostics.push(diagnostic('flow-fields-invalid', rangeOf(valueNode), `'description' of ${where} must be a string`));
      }
    } else {
      const flag = literalOf(valueNode);
      if (flag.type === 'bool') required = flag.value === true;
      else if (flag.type !== null) {
        diagnostics.push(diagnostic('flow-fields-invalid', rangeOf(valueNode), `'required' of ${where} must be True or False`));
      }
    }
  }
  if (!hasType) {
    diagnostics.push(
      diagnostic('flow-fields-invalid', rangeOf(spec), `the spec of ${where} needs a "type", e.g. {"type": "str"} (types: ${TYPE_LIST})`),
    );
  }
  field.required = required ?? field.default === undefined;
  if (field.type && field.default) checkDefault(field.type, field.default, where, diagnostics);
  return field;
}

/** A type written as `int`, `"int"`, `"any"` or `typing.Any`; null (and a diagnostic) otherwise. */
function readType(node: Node, where: string, diagnostics: DiagnosticFact[]): FieldType | null {
  if (node.hasError) return null;
  let written: string;
  if (node.type === 'identifier') {
    if (BUILTIN_TYPES.has(node.text)) return node.text as FieldType;
    if (node.text === 'Any') return 'any';
    written = node.text;
    if (written === 'any') {
      diagnostics.push(diagnostic('flow-fields-invalid', rangeOf(node), `${where}: the builtin any() is not a type; write "any"`));
      return null;
    }
  } else if (node.type === 'attribute' && node.childForFieldName('attribute')?.text === 'Any') {
    return 'any';
  } else if (node.type === 'string' || node.type === 'concatenated_string') {
    const value = stringValue(node);
    if (value !== undefined && (FIELD_TYPES as readonly string[]).includes(value)) return value as FieldType;
    written = value ?? shortText(node.text);
  } else {
    diagnostics.push(
      diagnostic(
        'flow-fields-invalid',
        rangeOf(node),
        `the spec of ${where} must be a type (${TYPE_LIST}), its name as a string, or a dict with a "type"`,
      ),
    );
    return null;
  }
  diagnostics.push(
    diagnostic(
      'flow-fields-invalid',
      rangeOf(node),
      `unknown type '${written}' for ${where}${didYouMean(closestNames(written, FIELD_TYPES, 1))} (types: ${TYPE_LIST})`,
    ),
  );
  return null;
}

function checkDefault(type: FieldType, value: LiteralFact, where: string, diagnostics: DiagnosticFact[]): void {
  if (acceptsKind(type, value.type)) return;
  diagnostics.push(
    diagnostic(
      'flow-default-type-mismatch',
      value.range,
      `the default of ${where} is ${typePhrase(value.type)}, but its type is ${type}; change the default or the type` +
        (value.type === 'none' ? ` (for an optional ${where.split(' ')[0]}, use "required": False without a default)` : ''),
    ),
  );
}
