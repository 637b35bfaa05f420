// The text / errors-only filter as an index that is kept up to date, so filtering costs what
// changed rather than a pass over every span per render. A filter change tests only the spans that
// can still match: a refinement (a key typed at the end or in the middle) re-tests the previous
// matches and prunes those that fail; errors only tests the failed spans; only a wider filter scans
// every span. A live span is tested when it arrives or changes. Each kept node (a match or an
// ancestor of one) lists its kept children in tree order: the filtered rows are a walk over kept
// nodes only, and a row knows its visible children without scanning all of its children.

import type { TreeNode } from './model';
import { insertInOrder } from './order';

export interface Filter {
  text: string;
  errorsOnly: boolean;
}

export const NO_FILTER: Filter = { text: '', errorsOnly: false };

/** Case-insensitive text, trimmed: what the user typed, as the index compares it. */
export function normalizeFilter(filter: Filter): Filter {
  return { text: filter.text.trim().toLowerCase(), errorsOnly: filter.errorsOnly };
}

export function isActive(filter: Filter): boolean {
  return filter.text !== '' || filter.errorsOnly;
}

/** True when every span `next` keeps is kept by `prev` too, so `next` need only test `prev`'s matches. */
export function narrows(next: Filter, prev: Filter): boolean {
  return isActive(prev) && next.text.includes(prev.text) && (next.errorsOnly || !prev.errorsOnly);
}

function sameFilter(a: Filter, b: Filter): boolean {
  return a.text === b.text && a.errorsOnly === b.errorsOnly;
}

export class FilterIndex {
  private filter: Filter = NO_FILTER;
  /** Kept nodes without a parent, in tree order. */
  readonly keptRoots: TreeNode[] = [];
  /** The nodes that match the filter themselves (in arrival order, so rebuilding mostly appends). */
  private matches = new Set<TreeNode>();
  /** Set by `refresh` when a node entered or left the kept tree. */
  private changed = false;
  /** Spans tested so far: what filtering has cost (shown as data-filter-tests for the tests). */
  tests = 0;

  get active(): boolean {
    return isActive(this.filter);
  }

  get current(): Filter {
    return this.filter;
  }

  /**
   * Applies a new (normalised) filter. `all` and `failed` are only iterated when the new filter
   * does not narrow the current one. Returns whether the filtered rows changed.
   */
  set(next: Filter, all: () => Iterable<TreeNode>, failed: () => Iterable<TreeNode>): boolean {
    if (sameFilter(next, this.filter)) return false;
    if (narrows(next, this.filter)) return this.narrow(next);
    const pool = next.errorsOnly ? failed() : all();
    const previous = this.matches;
    this.reset();
    this.filter = next;
    this.matches = new Set();
    if (this.active) for (const node of pool) if (this.test(node)) this.matches.add(node);
    // The pool may be the previous match set: clear its flags only once it has been read.
    for (const node of previous) node.matched = false;
    for (const node of this.matches) {
      node.matched = true;
      this.refresh(node);
    }
    return true;
  }

  /** A narrower filter: the previous matches that fail it leave, nothing else is looked at. */
  private narrow(next: Filter): boolean {
    this.filter = next;
    const lost: TreeNode[] = [];
    for (const node of this.matches) if (!this.test(node)) lost.push(node);
    for (const node of lost) {
      node.matched = false;
      this.matches.delete(node);
    }
    if (lost.length > 0) this.prune(lost);
    return lost.length > 0;
  }

  /**
   * Takes out of the kept tree the nodes that no longer match and every ancestor left without a
   * kept child: deepest first, so each kept-children list is compacted once, not once per removal.
   */
  private prune(lost: TreeNode[]): void {
    const byDepth: TreeNode[][] = [];
    const queued = new Set<TreeNode>();
    const queue = (node: TreeNode) => {
      if (queued.has(node)) return;
      queued.add(node);
      (byDepth[node.depth] ??= []).push(node);
    };
    for (const node of lost) queue(node);
    let rootsChanged = false;
    for (let depth = byDepth.length - 1; depth >= 0; depth--) {
      for (const node of byDepth[depth] ?? []) {
        if (node.keptChildren) node.keptChildren = node.keptChildren.filter((c) => c.kept);
        const kept = node.matched || (node.keptChildren !== null && node.keptChildren.length > 0);
        if (kept || !node.kept) continue;
        node.kept = false;
        node.keptChildren = null;
        if (node.parent) queue(node.parent);
        else rootsChanged = true;
      }
    }
    if (rootsChanged) {
      const roots = this.keptRoots.filter((n) => n.kept);
      this.keptRoots.length = 0;
      for (const n of roots) this.keptRoots.push(n);
    }
  }

  /** Forgets every kept node (the spans are being replaced); the filter itself stays. */
  clear(): void {
    this.reset();
    for (const node of this.matches) node.matched = false;
    this.matches = new Set();
  }

  /** Re-tests a node that arrived or whose span changed. Returns whether the filtered rows changed. */
  update(node: TreeNode): boolean {
    if (!this.active) return false;
    const matched = this.test(node);
    if (matched === node.matched) return false;
    node.matched = matched;
    if (matched) this.matches.add(node);
    else this.matches.delete(node);
    this.changed = false;
    this.refresh(node);
    return this.changed;
  }

  /**
   * A node moved: among its siblings (its start changed) or under a new parent (an orphan adopted).
   * Returns whether the filtered rows changed.
   */
  moved(node: TreeNode, oldParent: TreeNode | null): boolean {
    if (!this.active || !node.kept) return false;
    const from = oldParent ? oldParent.keptChildren! : this.keptRoots;
    removeFrom(from, node);
    if (oldParent && oldParent !== node.parent) this.refresh(oldParent);
    insertInOrder(node.parent ? (node.parent.keptChildren ??= []) : this.keptRoots, node);
    if (node.parent) this.refresh(node.parent);
    return true;
  }

  private test(node: TreeNode): boolean {
    this.tests++;
    const { text, errorsOnly } = this.filter;
    const span = node.span;
    if (errorsOnly && span.status !== 'failed') return false;
    if (text === '') return true;
    node.lowerName ??= span.name.toLowerCase();
    return node.lowerName.includes(text) || span.kind.includes(text);
  }

  /** Recomputes whether `node` is kept and, when that changed, walks up: a parent is kept while a child is. */
  private refresh(node: TreeNode): void {
    for (let n: TreeNode | null = node; n; n = n.parent) {
      const kept = n.matched || (n.keptChildren !== null && n.keptChildren.length > 0);
      if (kept === n.kept) return;
      n.kept = kept;
      this.changed = true;
      const list = n.parent ? (n.parent.keptChildren ??= []) : this.keptRoots;
      if (kept) insertInOrder(list, n);
      else removeFrom(list, n);
    }
  }

  /** Walks the kept tree once, clearing it (costs the kept nodes, not the whole trace). */
  private reset(): void {
    const stack = this.keptRoots.splice(0);
    while (stack.length > 0) {
      const node = stack.pop()!;
      node.kept = false;
      if (node.keptChildren) for (const child of node.keptChildren) stack.push(child);
      node.keptChildren = null;
    }
  }
}

function removeFrom(list: TreeNode[], node: TreeNode): void {
  const at = list.lastIndexOf(node);
  if (at >= 0) list.splice(at, 1);
}
