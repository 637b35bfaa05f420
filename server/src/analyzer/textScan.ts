// Finding the few nodes worth reading from the text instead of walking the tree: the analyzer looks
// up each whole-word occurrence of a name ("hero_tracing", the `flow` aliases) and asks the tree
// which node is there. Occurrences in strings and comments are not identifiers and drop out.
//
// Why not tree-sitter queries: on a 5,000-line flow file a query that matches nothing costs ~17 ms
// in WASM (it visits every node), more than the whole edit-to-diagnostics budget, while the
// occurrences of the aliases are a few hundred at most and each costs a few node lookups.

import type { Node } from 'web-tree-sitter';

const WORD_CHAR = /[A-Za-z0-9_]/;

/** Start indices (UTF-16) of `word` in `text[from, to)` where it is not part of a longer ASCII word. */
export function occurrences(text: string, word: string, from = 0, to = text.length): number[] {
  const found: number[] = [];
  for (let index = text.indexOf(word, from); index !== -1 && index + word.length <= to; index = text.indexOf(word, index + word.length)) {
    const before = index > 0 ? text[index - 1]! : '';
    const after = text[index + word.length] ?? '';
    if (!WORD_CHAR.test(before) && !WORD_CHAR.test(after)) found.push(index);
  }
  return found;
}

/** The identifier that spans exactly `[index, index + word.length)`, if there is one. */
export function identifierAt(root: Node, index: number, word: string): Node | null {
  const node = root.descendantForIndex(index, index + word.length);
  if (!node || node.type !== 'identifier' || node.startIndex !== index || node.endIndex !== index + word.length) return null;
  return node;
}
