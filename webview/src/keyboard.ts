// The tree's keys, as the ARIA tree pattern has them: arrows move, expand and collapse; Home/End
// and PageUp/PageDown jump; Space toggles; Enter opens the source, Shift+Enter a subflow's child play.

import { childPlayId } from './childPlay';
import type { TraceModel, TreeNode } from './model';

export interface TreeKeyTarget {
  readonly model: TraceModel;
  selectedId(): string | null;
  pageSize(): number;
  select(node: TreeNode, index: number): void;
  toggle(node: TreeNode, index: number): void;
  openSource(node: TreeNode): void;
  openChildPlay(node: TreeNode): void;
}

/** Acts on a key pressed in the tree; true when it was one of the tree's (the caller stops it then). */
export function handleTreeKey(e: KeyboardEvent, target: TreeKeyTarget): boolean {
  const { model } = target;
  const rows = model.rows();
  if (rows.length === 0) return false;
  const selected = target.selectedId();
  let index = selected !== null ? rows.findIndex((n) => n.span.span_id === selected) : -1;
  const node = index >= 0 ? rows[index]! : null;
  const move = (to: number) => {
    const i = Math.max(0, Math.min(rows.length - 1, to));
    target.select(rows[i]!, i);
  };
  switch (e.key) {
    case 'ArrowDown':
      move(index + 1);
      break;
    case 'ArrowUp':
      move(index < 0 ? 0 : index - 1);
      break;
    case 'Home':
      move(0);
      break;
    case 'End':
      move(rows.length - 1);
      break;
    case 'PageDown':
      move(index + target.pageSize());
      break;
    case 'PageUp':
      move(index - target.pageSize());
      break;
    case 'ArrowRight':
      if (!node) move(0);
      else if (model.visibleChildren(node).length > 0) {
        if (!model.isOpen(node)) target.toggle(node, index);
        else move(index + 1);
      }
      break;
    case 'ArrowLeft':
      if (!node) move(0);
      else if (model.visibleChildren(node).length > 0 && model.isOpen(node) && !model.filtering) target.toggle(node, index);
      else if (node.parent) {
        while (index > 0 && rows[index] !== node.parent) index--;
        move(index);
      }
      break;
    case 'Enter':
      if (node && e.shiftKey && childPlayId(node.span)) target.openChildPlay(node);
      else if (node) target.openSource(node);
      break;
    case ' ':
      if (node) target.toggle(node, index);
      break;
    default:
      return false;
  }
  return true;
}
