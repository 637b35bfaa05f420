// The trace tree as data, with no DOM: spans indexed by id, ordered children, the expanded set, and
// the flat list of visible rows. A change only marks the rows dirty; `rows()` re-flattens at most
// once per render, walking expanded nodes only, so a burst of events costs one walk, not one per
// event. Expanding or collapsing one node splices its subtree in or out of the existing list.
// While a filter is on, the rows are the kept tree of filter.ts, which updates as spans arrive.

import type { Span } from '../../common/src/play';
import { FilterIndex, normalizeFilter, type Filter } from './filter';
import { insertInOrder } from './order';
import { SpanCompactor } from './compactSpan';

export type { Filter } from './filter';

export interface TreeNode {
  span: Span;
  parent: TreeNode | null;
  children: TreeNode[];
  depth: number;
  /** Arrival order: breaks ties between siblings that start in the same millisecond. */
  seq: number;
  // Kept by filter.ts: the node matches the filter; it is a match or an ancestor of one; its kept
  // children in tree order; its name in lower case (computed the first time a text filter reads it).
  matched: boolean;
  kept: boolean;
  keptChildren: TreeNode[] | null;
  lowerName: string | null;
}

const NO_CHILDREN: TreeNode[] = [];

export class TraceModel {
  readonly nodes = new Map<string, TreeNode>();
  readonly roots: TreeNode[] = [];
  readonly expanded = new Set<string>();
  /** Children that arrived before their parent, by the parent id they wait for. */
  private readonly waiting = new Map<string, TreeNode[]>();
  private flat: TreeNode[] = [];
  private dirty = true;
  private readonly filter = new FilterIndex();
  /** Failed spans: the only candidates of "errors only", and the error count. */
  private readonly failed = new Set<TreeNode>();
  private nextSeq = 0;
  /** Makes spans share what repeats (compactSpan.ts): the panel's memory per span. */
  private readonly compactor = new SpanCompactor();
  /** The time axis: earliest start and latest known time over all spans. */
  minMs = Infinity;
  maxMs = -Infinity;

  get size(): number {
    return this.nodes.size;
  }

  get failures(): number {
    return this.failed.size;
  }

  clear(): void {
    this.nodes.clear();
    this.roots.length = 0;
    this.expanded.clear();
    this.waiting.clear();
    this.flat = [];
    this.dirty = true;
    this.filter.clear();
    this.failed.clear();
    this.compactor.clear();
    this.minMs = Infinity;
    this.maxMs = -Infinity;
  }

  /** Adds a span, or replaces the one with its id. Returns the node. */
  upsert(span: Span): TreeNode {
    this.compactor.compact(span);
    const existing = this.nodes.get(span.span_id);
    if (existing) {
      const moved = existing.span.start_ms !== span.start_ms;
      if (existing.span.name !== span.name) existing.lowerName = null;
      existing.span = span;
      this.noteFailed(existing);
      this.widen(span);
      if (moved) {
        const siblings = existing.parent ? existing.parent.children : this.roots;
        const at = siblings.indexOf(existing);
        if (at >= 0) siblings.splice(at, 1);
        insertInOrder(siblings, existing);
        if (this.filter.active) this.dirty = this.filter.moved(existing, existing.parent) || this.dirty;
        else this.dirty ||= this.shown(existing);
      }
      if (this.filter.update(existing)) this.dirty = true;
      return existing;
    }
    const parent = span.parent_id !== null ? this.nodes.get(span.parent_id) ?? null : null;
    // The parent's own id string, not this span's copy of it.
    if (parent) span.parent_id = parent.span.span_id;
    const node: TreeNode = {
      span, parent, children: [], depth: parent ? parent.depth + 1 : 0, seq: this.nextSeq++,
      matched: false, kept: false, keptChildren: null, lowerName: null,
    };
    this.nodes.set(span.span_id, node);
    this.noteFailed(node);
    this.widen(span);
    if (parent) insertInOrder(parent.children, node);
    else {
      insertInOrder(this.roots, node);
      if (span.parent_id !== null) {
        const list = this.waiting.get(span.parent_id);
        if (list) list.push(node);
        else this.waiting.set(span.parent_id, [node]);
      }
    }
    const orphans = this.waiting.get(span.span_id);
    if (orphans) {
      this.waiting.delete(span.span_id);
      for (const child of orphans) {
        // A stream that names a span's own descendant (or itself) as its parent would make a
        // cycle: that span stays a root.
        if (isAncestorOrSelf(child, node)) continue;
        const at = this.roots.indexOf(child);
        if (at >= 0) this.roots.splice(at, 1);
        child.parent = node;
        insertInOrder(node.children, child);
        setDepth(child, node.depth + 1);
        this.filter.moved(child, null);
      }
    }
    // The rows change only when the new span is one: filtered, when the kept tree changed;
    // unfiltered, when every ancestor is expanded (a big play loads under collapsed steps).
    if (this.filter.active) this.dirty = this.filter.update(node) || node.kept || this.dirty;
    else this.dirty ||= orphans !== undefined || this.shown(node);
    return node;
  }

  /** Whether an unfiltered tree shows the node as a row: every ancestor is expanded. */
  private shown(node: TreeNode): boolean {
    for (let p = node.parent; p; p = p.parent) if (!this.expanded.has(p.span.span_id)) return false;
    return true;
  }

  private noteFailed(node: TreeNode): void {
    if (node.span.status === 'failed') this.failed.add(node);
    else this.failed.delete(node);
  }

  private widen(span: Span): void {
    this.widenTo(span.start_ms);
    this.widenTo(span.end_ms);
    for (const log of span.logs) this.widenTo(log.t_ms);
  }

  private widenTo(t: number | null): void {
    if (typeof t !== 'number' || !Number.isFinite(t)) return;
    if (t < this.minMs) this.minMs = t;
    if (t > this.maxMs) this.maxMs = t;
  }

  /** Applies a filter: tests only the spans that can still match (see filter.ts). */
  setFilter(filter: Filter): void {
    const changed = this.filter.set(normalizeFilter(filter), () => this.nodes.values(), () => this.failed);
    if (changed) this.dirty = true;
  }

  get filtering(): boolean {
    return this.filter.active;
  }

  /** How many spans the filter has tested since the page loaded (its cost, for tests). */
  get filterTests(): number {
    return this.filter.tests;
  }

  /** Whether a node shows children: expanded by the user, or (while filtering) always. */
  isOpen(node: TreeNode): boolean {
    return this.filter.active ? true : this.expanded.has(node.span.span_id);
  }

  /** Children a row can show under the current filter. */
  visibleChildren(node: TreeNode): TreeNode[] {
    if (!this.filter.active) return node.children;
    return node.keptChildren ?? NO_CHILDREN;
  }

  /** The flat list of visible rows, re-flattened only when something changed since the last call. */
  rows(): TreeNode[] {
    if (!this.dirty) return this.flat;
    const filtering = this.filter.active;
    const out: TreeNode[] = [];
    const stack: TreeNode[] = [];
    const roots = filtering ? this.filter.keptRoots : this.roots;
    for (let i = roots.length - 1; i >= 0; i--) stack.push(roots[i]!);
    while (stack.length > 0) {
      const node = stack.pop()!;
      out.push(node);
      const children = filtering ? node.keptChildren : this.expanded.has(node.span.span_id) ? node.children : null;
      if (children) for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    }
    this.flat = out;
    this.dirty = false;
    return out;
  }

  /** The visible rows under `node` when it is open (walks only what becomes visible). */
  private openDescendants(node: TreeNode): TreeNode[] {
    const out: TreeNode[] = [];
    const stack = [...node.children].reverse();
    while (stack.length > 0) {
      const n = stack.pop()!;
      out.push(n);
      if (this.expanded.has(n.span.span_id)) for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
    }
    return out;
  }

  /** Expands or collapses one node; `rowIndex` (its place in `rows()`) lets the list be spliced. */
  setExpanded(node: TreeNode, open: boolean, rowIndex = -1): void {
    const id = node.span.span_id;
    if (open === this.expanded.has(id)) return;
    const splice = !this.dirty && !this.filter.active && rowIndex >= 0 && this.flat[rowIndex] === node;
    if (splice && !open) {
      let end = rowIndex + 1;
      while (end < this.flat.length && this.flat[end]!.depth > node.depth) end++;
      this.flat.splice(rowIndex + 1, end - rowIndex - 1);
    }
    if (open) this.expanded.add(id);
    else this.expanded.delete(id);
    if (splice && open) {
      const add = this.openDescendants(node);
      // Chunked: spreading 100,000 arguments into one splice call overflows the stack.
      const tail = this.flat.splice(rowIndex + 1);
      for (const n of add) this.flat.push(n);
      for (const n of tail) this.flat.push(n);
    }
    if (!splice) this.dirty = true;
  }

  expandAll(): void {
    for (const node of this.nodes.values()) if (node.children.length > 0) this.expanded.add(node.span.span_id);
    this.dirty = true;
  }

  collapseAll(): void {
    this.expanded.clear();
    this.dirty = true;
  }

  /** Opens every ancestor of every failed span; returns the failed nodes in tree order. */
  expandToFailures(): TreeNode[] {
    for (const node of this.failed) {
      for (let p = node.parent; p; p = p.parent) this.expanded.add(p.span.span_id);
    }
    this.dirty = true;
    return this.failedInOrder();
  }

  /** Every failed span in depth-first tree order (regardless of what is expanded). */
  failedInOrder(): TreeNode[] {
    const out: TreeNode[] = [];
    if (this.failed.size === 0) return out;
    const stack: TreeNode[] = [...this.roots].reverse();
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.span.status === 'failed') out.push(node);
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
    }
    return out;
  }

  /** Opens the ancestors of `node` so it becomes a visible row. */
  reveal(node: TreeNode): void {
    for (let p = node.parent; p; p = p.parent) {
      if (!this.expanded.has(p.span.span_id)) {
        this.expanded.add(p.span.span_id);
        this.dirty = true;
      }
    }
  }
}

function isAncestorOrSelf(candidate: TreeNode, node: TreeNode): boolean {
  for (let n: TreeNode | null = node; n; n = n.parent) if (n === candidate) return true;
  return false;
}

function setDepth(node: TreeNode, depth: number): void {
  const stack: [TreeNode, number][] = [[node, depth]];
  while (stack.length > 0) {
    const [n, d] = stack.pop()!;
    n.depth = d;
    for (const c of n.children) stack.push([c, d + 1]);
  }
}
