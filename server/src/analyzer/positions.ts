// Ranges of syntax nodes in LSP's convention: 0-based lines, UTF-16 code-unit columns.
//
// web-tree-sitter parses a JavaScript string as UTF-16, so the rows, columns and indices of its
// nodes are already in UTF-16 code units (not UTF-8 bytes as in the C library): a column is an
// LSP `character` as is, and `startIndex` is an offset into the JS string. This file is the one
// place that relies on it; test/analyzer/positions.test.ts pins it down on non-ASCII lines.

import type { Node } from 'web-tree-sitter';
import type { Position, Range } from './facts';

export function rangeOf(node: Node): Range {
  const start = node.startPosition;
  const end = node.endPosition;
  return { start: { line: start.row, character: start.column }, end: { line: end.row, character: end.column } };
}

/** From the start of `first` to the end of `last`. */
export function rangeBetween(first: Node, last: Node): Range {
  return { start: rangeOf(first).start, end: rangeOf(last).end };
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

/** `inner` lies within `outer` (ends included). */
export function containsRange(outer: Range, inner: Range): boolean {
  return comparePositions(outer.start, inner.start) <= 0 && comparePositions(inner.end, outer.end) <= 0;
}
