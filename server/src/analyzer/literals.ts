// Python literals read statically: string literals (prefixes, escapes, implicit concatenation),
// numbers, True/False/None, and list/dict displays, with the Python type each one has.

import type { Node } from 'web-tree-sitter';
import type { JsonValue } from '../../../common/src/play';
import type { LiteralFact } from './facts';
import { rangeOf } from './positions';

type Evaluated = { value?: JsonValue; type: LiteralFact['type'] };

/** The literal fact of an expression: its text, its value when plain, its type when known. */
export function literalOf(node: Node): LiteralFact {
  const { value, type } = evaluate(node);
  const fact: LiteralFact = { text: node.text, type, range: rangeOf(node) };
  if (value !== undefined) fact.value = value;
  return fact;
}

/** The value of a `str` literal (implicit concatenation included); undefined for anything else. */
export function stringValue(node: Node): string | undefined {
  const inner = unwrap(node);
  if (inner.type === 'string') {
    const decoded = decodeString(inner);
    return decoded.bytes ? undefined : decoded.value;
  }
  if (inner.type === 'concatenated_string') {
    let out = '';
    for (const part of inner.namedChildren) {
      if (part.type === 'comment') continue;
      if (part.type !== 'string') return undefined;
      const decoded = decodeString(part);
      if (decoded.bytes || decoded.value === undefined) return undefined;
      out += decoded.value;
    }
    return out;
  }
  return undefined;
}

/** `(x)` → `x`. */
export function unwrap(node: Node): Node {
  let current = node;
  while (current.type === 'parenthesized_expression') {
    const inner = current.namedChildren.find((child) => child.type !== 'comment');
    if (!inner) break;
    current = inner;
  }
  return current;
}

function evaluate(node: Node): Evaluated {
  const inner = unwrap(node);
  if (inner.hasError) return { type: null };
  switch (inner.type) {
    case 'string':
    case 'concatenated_string': {
      if (isBytes(inner)) return { type: null };
      const value = stringValue(inner);
      return value === undefined ? { type: 'str' } : { value, type: 'str' };
    }
    case 'integer':
      return number(inner.text, 'int');
    case 'float':
      return number(inner.text, 'float');
    case 'true':
      return { value: true, type: 'bool' };
    case 'false':
      return { value: false, type: 'bool' };
    case 'none':
      return { value: null, type: 'none' };
    case 'unary_operator':
      return signed(inner);
    case 'list':
      return { ...elements(inner), type: 'list' };
    case 'dictionary':
      return { ...entries(inner), type: 'dict' };
    case 'list_comprehension':
      return { type: 'list' };
    case 'dictionary_comprehension':
      return { type: 'dict' };
    default:
      return { type: null };
  }
}

function number(text: string, type: 'int' | 'float'): Evaluated {
  if (/[jJ]$/.test(text)) return { type: null }; // complex
  const value = Number(text.replace(/_/g, ''));
  return Number.isFinite(value) ? { value, type } : { type };
}

function signed(node: Node): Evaluated {
  const operator = node.childForFieldName('operator')?.text;
  const argument = node.childForFieldName('argument');
  if (!argument) return { type: null };
  const inner = evaluate(argument);
  if (inner.type !== 'int' && inner.type !== 'float' && inner.type !== 'bool') return { type: null };
  const type = inner.type === 'bool' ? 'int' : inner.type;
  if (typeof inner.value !== 'number' && typeof inner.value !== 'boolean') return { type };
  const value = Number(inner.value);
  if (operator === '-') return { value: -value, type };
  if (operator === '+') return { value, type };
  if (operator === '~' && type === 'int') return { value: ~value, type };
  return { type };
}

function elements(node: Node): { value?: JsonValue } {
  const values: JsonValue[] = [];
  for (const child of node.namedChildren) {
    if (child.type === 'comment') continue;
    const item = evaluate(child);
    if (item.value === undefined) return {};
    values.push(item.value);
  }
  return { value: values };
}

function entries(node: Node): { value?: JsonValue } {
  const out: { [key: string]: JsonValue } = {};
  for (const child of node.namedChildren) {
    if (child.type === 'comment') continue;
    if (child.type !== 'pair') return {};
    const key = child.childForFieldName('key');
    const valueNode = child.childForFieldName('value');
    const name = key ? stringValue(key) : undefined;
    if (name === undefined || !valueNode) return {};
    const item = evaluate(valueNode);
    if (item.value === undefined) return {};
    // `{"__proto__": …}` in a file is a key like any other, never the object's prototype
    Object.defineProperty(out, name, { value: item.value, enumerable: true, writable: true, configurable: true });
  }
  return { value: out };
}

function isBytes(node: Node): boolean {
  const parts = node.type === 'concatenated_string' ? node.namedChildren : [node];
  return parts.some((part) => {
    const start = part.firstChild;
    return start?.type === 'string_start' && /b/i.test(start.text.replace(/['"]+$/, ''));
  });
}

/** One `string` node: bytes or not, and its value (undefined: an f-string with `{…}`, or broken). */
function decodeString(node: Node): { bytes: boolean; value?: string } {
  const start = node.firstChild;
  const end = node.lastChild;
  if (!start || start.type !== 'string_start' || !end || end.type !== 'string_end' || end.isMissing || node.childCount < 2) {
    return { bytes: false };
  }
  const text = node.text;
  const opening = start.endIndex - node.startIndex;
  const prefix = text.slice(0, opening).replace(/['"]+$/, '').toLowerCase();
  const bytes = prefix.includes('b');
  // Only a formatted string (f'…', t'…') can hold a `{…}` field: others need no look at their parts.
  if (/[ft]/.test(prefix)) {
    for (let i = 1; i < node.childCount - 1; i++) {
      if (node.child(i)?.type === 'interpolation') return { bytes };
    }
  }
  const content = text.slice(opening, end.startIndex - node.startIndex).replace(/\r\n?/g, '\n');
  return { bytes, value: decodeContent(content, prefix.includes('r'), prefix.includes('f')) };
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\n': '',
};

const ESCAPE = /\\(\n|[\\'"abfnrtv]|[0-7]{1,3}|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})/g;
const ESCAPE_OR_BRACES = /\\(\n|[\\'"abfnrtv]|[0-7]{1,3}|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})|\{\{|\}\}/g;

function decodeContent(content: string, raw: boolean, formatted: boolean): string {
  if (raw) return formatted ? content.replace(/\{\{|\}\}/g, (pair) => pair[0]!) : content;
  return content.replace(formatted ? ESCAPE_OR_BRACES : ESCAPE, (match, escape: string | undefined) => {
    if (escape === undefined) return match[0]!; // {{ or }}
    const simple = SIMPLE_ESCAPES[escape];
    if (simple !== undefined) return simple;
    const code = /^[0-7]/.test(escape) ? parseInt(escape, 8) : parseInt(escape.slice(1), 16);
    return code <= 0x10ffff ? String.fromCodePoint(code) : match;
  });
}
