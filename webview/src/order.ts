// Sibling order in the trace tree: by start time, then by arrival, so spans that start in the same
// millisecond keep one stable order wherever they are listed (children, kept children).

import type { TreeNode } from './model';

export function comesBefore(a: TreeNode, b: TreeNode): boolean {
  const sa = a.span.start_ms ?? Infinity;
  const sb = b.span.start_ms ?? Infinity;
  return sa < sb || (sa === sb && a.seq < b.seq);
}
