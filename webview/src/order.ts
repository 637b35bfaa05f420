// Sibling order in the trace tree: by start time, then by arrival, so spans that start in the same
// millisecond keep one stable order wherever they are listed (children, kept children).

import type { TreeNode } from './model';

export function comesBefore(a: TreeNode, b: TreeNode): boolean {
  const sa = a.span.start_ms ?? Infinity;
  const sb = b.span.start_ms ?? Infinity;
  return sa < sb || (sa === sb && a.seq < b.seq);
}

/** Inserts into a list kept in sibling order; spans nearly always arrive in order, so check the end first. */
export function insertInOrder(list: TreeNode[], node: TreeNode): void {
  let hi = list.length;
  if (hi === 0 || comesBefore(list[hi - 1]!, node)) {
    list.push(node);
    return;
  }
  let lo = 0;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (comesBefore(list[mid]!, node)) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, node);
}
