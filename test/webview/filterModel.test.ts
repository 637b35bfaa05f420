// The webview's tree model (webview/src/model.ts with its filter index, filter.ts) against an
// oracle that recomputes everything from scratch: random live sequences of new spans, orphans whose
// parent arrives later, renames, status changes, moved starts (ties included), filter changes that
// narrow and widen, expand and collapse. After every step the visible rows and each row's visible
// children must be what the oracle computes. The model has no DOM, so this runs in Node; the
// browser tests drive the same code through the bundle.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Span, SpanStatus } from '../../common/src/play';
import { TraceModel, type Filter, type TreeNode } from '../../webview/src/model';

function rng(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

const WORDS = ['create', 'board', 'member', 'rpc', 'CALL', 'share'];
const FILTERS = ['', 'c', 'cr', 'cre', 'create', 'create b', 'b', 'bo', 'board', 'a', 'rp', 'rpc', 'all', 'call', 'xyz', ' Board '];

function matches(span: Span, f: Filter): boolean {
  const text = f.text.trim().toLowerCase();
  if (f.errorsOnly && span.status !== 'failed') return false;
  return text === '' || span.name.toLowerCase().includes(text) || span.kind.includes(text);
}

/** Siblings in order: by start, then by arrival (the first time the span was seen). */
function oracleOrder(list: TreeNode[], arrival: Map<string, number>): string[] {
  const start = (n: TreeNode) => n.span.start_ms ?? Infinity;
  return [...list].sort((a, b) => start(a) - start(b) || arrival.get(a.span.span_id)! - arrival.get(b.span.span_id)!).map((n) => n.span.span_id);
}

/** The rows from scratch: filtered, every match and its ancestors, all open; else expanded nodes. */
function oracleRows(model: TraceModel, f: Filter): { rows: TreeNode[]; kept: Set<TreeNode> | null } {
  const filtering = f.text.trim() !== '' || f.errorsOnly;
  let kept: Set<TreeNode> | null = null;
  if (filtering) {
    kept = new Set();
    for (const node of model.nodes.values()) {
      if (!matches(node.span, f)) continue;
      for (let n: TreeNode | null = node; n; n = n.parent) kept.add(n);
    }
  }
  const rows: TreeNode[] = [];
  const walk = (list: TreeNode[]) => {
    for (const node of list) {
      if (kept && !kept.has(node)) continue;
      rows.push(node);
      if (kept || model.expanded.has(node.span.span_id)) walk(node.children);
    }
  };
  walk(model.roots);
  return { rows, kept };
}

function makeSpan(id: string, parent: string | null, name: string, start: number, status: SpanStatus): Span {
  return {
    span_id: id, parent_id: parent, name, kind: name.includes('rpc') ? 'rpc' : 'step', status,
    start_ms: start, end_ms: status === 'running' ? null : start + 1, tags: {}, logs: [], error: null,
    source_file: null, source_line: null, replayed: false,
  };
}

function run(seed: number, steps: number): void {
  const rand = rng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const model = new TraceModel();
  let filter: Filter = { text: '', errorsOnly: false };
  const spans = new Map<string, Span>();
  const arrival = new Map<string, number>();
  let nextId = 0;
  for (let step = 0; step < steps; step++) {
    const r = rand();
    const ids = [...spans.keys()];
    if (r < 0.45 || ids.length < 3) {
      // A new span: under a known span, under one not seen yet (an orphan), or a root.
      const id = `s${nextId++}`;
      const q = rand();
      const parent = q < 0.1 ? null : q < 0.2 ? `s${nextId + Math.floor(rand() * 5)}` : ids.length ? pick(ids) : null;
      const name = `${pick(WORDS)} ${pick(WORDS)} ${id}`;
      const span = makeSpan(id, parent === id ? null : parent, name, Math.floor(rand() * 20), rand() < 0.2 ? 'failed' : 'ok');
      spans.set(id, span);
      arrival.set(id, arrival.size);
      model.upsert(span);
    } else if (r < 0.7) {
      // An update: a new name, status or start (starts collide often: ties are ordered by arrival).
      const old = spans.get(pick(ids))!;
      const q = rand();
      const span = { ...old };
      if (q < 0.4) span.name = `${pick(WORDS)} ${old.span_id}`;
      else if (q < 0.7) span.status = pick(['ok', 'failed', 'running', 'cancelled'] as const);
      else span.start_ms = Math.floor(rand() * 20);
      spans.set(span.span_id, span);
      model.upsert(span);
    } else if (r < 0.88) {
      filter = { text: pick(FILTERS), errorsOnly: rand() < 0.3 };
      model.setFilter(filter);
    } else {
      const node = model.nodes.get(pick(ids))!;
      const rows = model.rows();
      model.setExpanded(node, !model.expanded.has(node.span.span_id), rows.indexOf(node));
    }
    const { rows, kept } = oracleRows(model, filter);
    const got = model.rows();
    assert.deepEqual(got.map((n) => n.span.span_id), rows.map((n) => n.span.span_id), `seed ${seed} step ${step}: rows`);
    assert.deepEqual(model.roots.map((n) => n.span.span_id), oracleOrder(model.roots, arrival), `seed ${seed} step ${step}: root order`);
    for (const node of model.nodes.values()) {
      assert.deepEqual(node.children.map((n) => n.span.span_id), oracleOrder(node.children, arrival), `seed ${seed} step ${step}: order under ${node.span.span_id}`);
    }
    for (const node of got) {
      const want = kept ? node.children.filter((c) => kept.has(c)) : node.children;
      assert.deepEqual(model.visibleChildren(node).map((n) => n.span.span_id), want.map((n) => n.span.span_id), `seed ${seed} step ${step}: children of ${node.span.span_id}`);
      assert.equal(node.depth, node.parent ? node.parent.depth + 1 : 0);
    }
    assert.equal(model.failures, [...spans.values()].filter((s) => s.status === 'failed').length);
  }
}

describe('trace model with its filter index', () => {
  it('shows the rows an oracle recomputing from scratch shows, through random live sequences', () => {
    for (let seed = 1; seed <= 40; seed++) run(seed, 400);
  });

  it('a refinement tests only the previous matches; errors only tests only the failed spans; a live span is tested once', () => {
    const model = new TraceModel();
    const names = ['create board', 'create member', 'share board', 'rpc call'];
    for (let i = 0; i < 1000; i++) model.upsert(makeSpan(`s${i}`, i === 0 ? null : `s${Math.floor(i / 10)}`, `${names[i % 4]} ${i}`, i, i % 50 === 0 ? 'failed' : 'ok'));
    const tests = () => model.filterTests;
    model.setFilter({ text: 'create', errorsOnly: false }); // a new filter: every span
    assert.equal(tests(), 1000);
    const matched = model.rows().filter((n) => n.span.name.includes('create')).length;
    assert.equal(matched, 500);
    model.setFilter({ text: 'create b', errorsOnly: false }); // refines: the 500 previous matches only
    assert.equal(tests(), 1500);
    model.setFilter({ text: 'create bo', errorsOnly: false });
    assert.equal(tests(), 1500 + 250);
    model.setFilter({ text: 'create bo', errorsOnly: false }); // unchanged: nothing
    assert.equal(tests(), 1750);
    model.setFilter({ text: '', errorsOnly: true }); // errors only: the 20 failed spans
    assert.equal(tests(), 1770);
    model.rows();
    model.upsert(makeSpan('late', 's3', 'late failure', 5000, 'failed')); // one live span: one test
    assert.equal(tests(), 1771);
    assert.ok(model.rows().some((n) => n.span.span_id === 'late'));
    model.setFilter({ text: '', errorsOnly: false }); // off: nothing is tested
    assert.equal(tests(), 1771);
  });
});
