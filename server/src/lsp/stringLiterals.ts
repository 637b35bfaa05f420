// Editing a flow name inside a Python string literal without changing how it is written: the
// prefix and quotes stay, only the characters between them are replaced (escaped for that quote).

import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range, TextEdit } from 'vscode-languageserver';

interface LiteralShape {
  prefix: string;
  quote: string;
  raw: boolean;
}

function shapeOf(literal: string): LiteralShape | null {
  const match = /^([rRuUbB]{0,2})("""|'''|"|')/.exec(literal);
  if (!match) return null;
  const [, prefix = '', quote = '"'] = match;
  if (literal.length < prefix.length + 2 * quote.length || !literal.endsWith(quote)) return null;
  return { prefix, quote, raw: /r/i.test(prefix) };
}

/** `value` written between `quote`s, or null when a raw literal cannot hold it. */
function escapeFor(value: string, shape: LiteralShape): string | null {
  if (shape.raw) return value.includes(shape.quote[0]!) || value.endsWith('\\') || /[\r\n]/.test(value) ? null : value;
  let escaped = value.replace(/\\/g, '\\\\').replace(/\r/g, '\\r').replace(/\n/g, '\\n');
  if (shape.quote.length === 1) escaped = escaped.split(shape.quote).join(`\\${shape.quote}`);
  else escaped = escaped.replace(new RegExp(shape.quote[0]!, 'g'), `\\${shape.quote[0]}`);
  return escaped;
}

/** A plain double-quoted literal, for when the original style cannot hold the value. */
export function pythonStringLiteral(value: string): string {
  return `"${escapeFor(value, { prefix: '', quote: '"', raw: false })}"`;
}

/**
 * The edit that makes the string literal at `range` (quotes included) read `value`, keeping its
 * prefix and quote style. Null when the text at `range` is not a string literal.
 */
export function replaceStringContent(document: TextDocument, range: Range, value: string): TextEdit | null {
  const start = document.offsetAt(range.start);
  const end = document.offsetAt(range.end);
  const literal = document.getText().slice(start, end);
  const shape = shapeOf(literal);
  if (!shape) return null;
  const escaped = escapeFor(value, shape);
  if (escaped === null) return { range, newText: pythonStringLiteral(value) };
  const contentStart = start + shape.prefix.length + shape.quote.length;
  const contentEnd = end - shape.quote.length;
  return { range: { start: document.positionAt(contentStart), end: document.positionAt(contentEnd) }, newText: escaped };
}

/** The range between the quotes of the string literal at `range`, or null if it is not one. */
export function stringContentRange(document: TextDocument, range: Range): Range | null {
  return replaceStringContent(document, range, '')?.range ?? null; // '' always fits the style
}
