// Ranges of syntax nodes in LSP's convention: 0-based lines, UTF-16 code-unit columns.
//
// web-tree-sitter parses a JavaScript string as UTF-16, so the rows, columns and indices of its
// nodes are already in UTF-16 code units (not UTF-8 bytes as in the C library): a column is an
// LSP `character` as is, and `startIndex` is an offset into the JS string. This file is the one
// place that relies on it; test/analyzer/positions.test.ts pins it down on non-ASCII lines.

import type { Node } from 'web-tree-sitter';
import type { Position, Range } from './facts';

// Positions are shared: facts are immutable, and a workspace's facts hold tens of positions per
// file, most of them the same few thousand (line, column) pairs. One frozen object per pair keeps
// the library's memory at a fraction (a mutation throws instead of corrupting other files).
const INTERNED_COLUMNS = 1024;
const INTERNED_LINES = 1 << 20;
/** Past this many pairs the table starts afresh (positions already handed out stay valid). */
const MAX_INTERNED = 1 << 17;
let interned = new Map<number, Position>();

/** The shared, frozen position (line, character); a fresh one past the table's bounds. */
export function position(line: number, character: number): Position {
  if (character >= INTERNED_COLUMNS || line >= INTERNED_LINES || line < 0 || character < 0) return Object.freeze({ line, character });
  const key = line * INTERNED_COLUMNS + character;
  let shared = interned.get(key);
  if (!shared) {
    if (interned.size >= MAX_INTERNED) interned = new Map();
    shared = Object.freeze({ line, character });
    interned.set(key, shared);
  }
  return shared;
}

export function rangeOf(node: Node): Range {
  const start = node.startPosition;
  const end = node.endPosition;
  return { start: position(start.row, start.column), end: position(end.row, end.column) };
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
