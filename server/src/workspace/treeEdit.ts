// One LSP content change → the tree-sitter Edit that keeps an old tree in step with the new text.
// web-tree-sitter parses JavaScript strings as UTF-16, so its indices and columns are UTF-16 code
// units, exactly LSP's default position encoding. Rows differ in one case only: tree-sitter breaks
// lines at `\n` alone, LSP at a lone `\r` too; such (rare) text gets its points counted by hand.

import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range } from 'vscode-languageserver';
import { Edit, type Point } from 'web-tree-sitter';

/** The end of `text` inserted at `start`, counting rows as tree-sitter does (by `\n`). */
export function pointAfter(start: Point, text: string): Point {
  const lastNewline = text.lastIndexOf('\n');
  if (lastNewline === -1) return { row: start.row, column: start.column + text.length };
  let rows = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) rows++;
  return { row: start.row + rows, column: text.length - lastNewline - 1 };
}

/** tree-sitter's point for an offset of `text`, counting `\n` only. */
function pointAt(text: string, offset: number): Point {
  return pointAfter({ row: 0, column: 0 }, text.slice(0, offset));
}

const LONE_CR = /\r(?!\n)/;

/** The edit for replacing `range` of `before` (the document before the change) by `text`. */
export function treeEditFor(before: TextDocument, range: Range, text: string): Edit {
  const startIndex = before.offsetAt(range.start);
  const oldEndIndex = before.offsetAt(range.end);
  let start: Point;
  let oldEnd: Point;
  const source = before.getText();
  if (LONE_CR.test(source)) {
    start = pointAt(source, startIndex);
    oldEnd = pointAt(source, oldEndIndex);
  } else {
    const s = before.positionAt(startIndex);
    const e = before.positionAt(oldEndIndex);
    start = { row: s.line, column: s.character };
    oldEnd = { row: e.line, column: e.character };
  }
  return new Edit({
    startIndex,
    oldEndIndex,
    newEndIndex: startIndex + text.length,
    startPosition: start,
    oldEndPosition: oldEnd,
    newEndPosition: pointAfter(start, text),
  });
}
