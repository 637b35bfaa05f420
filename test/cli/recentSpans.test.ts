// The live tree's hold on a running play (cli/src/render/recentSpans.ts): every open span, the latest
// ended ones, a kept span's ancestors with it; a million spans cost it what a few thousand do.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Span } from '../../common/src/play';
import { RecentSpans } from '../../cli/src/render/recentSpans';

const T0 = 1_776_760_000_000;
function span(id: string, parent: string | null, status: Span['status'] = 'running'): Span {
  return { span_id: id, parent_id: parent, name: id, kind: 'step', start_ms: T0, end_ms: status === 'running' ? null : T0 + 1, status, tags: {}, logs: [], error: null, source_file: null, source_line: null, replayed: false };
}

test('a million ended steps under an open root: the root and the latest 5,000 stay, the rest are counted', () => {
  const held = new RecentSpans();
  held.apply([span('root', null)]);
  for (let batch = 0; batch < 1_000; batch++) {
    const spans: Span[] = [];
    for (let i = 0; i < 1_000; i++) spans.push(span(`s${batch * 1_000 + i}`, 'root', 'ok'));
    held.apply(spans);
  }
  assert.equal(held.size, 5_001);
  assert.equal(held.dropped, 995_000);
  const ids = new Set([...held.values()].map((s) => s.span_id));
  assert.ok(ids.has('root') && ids.has('s999999') && ids.has('s995000') && !ids.has('s994999'));
  assert.equal(held.hasRunning(), true);
});

test('ended spans leave oldest-end first, so a kept span keeps its ancestors; an open span never leaves', () => {
  const held = new RecentSpans(3);
  const parentOf = new Map<string, string | null>();
  const apply = (...spans: Span[]) => {
    for (const s of spans) parentOf.set(s.span_id, s.parent_id);
    held.apply(spans);
    const kept = new Set([...held.values()].map((s) => s.span_id));
    for (const id of kept) {
      const parent = parentOf.get(id);
      if (parent) assert.ok(kept.has(parent), `${id} is held without its parent ${parent}`);
    }
  };
  apply(span('root', null), span('old-open', 'root'));
  for (let i = 0; i < 20; i++) {
    apply(span(`p${i}`, 'root'), span(`c${i}a`, `p${i}`), span(`c${i}b`, `p${i}`));
    apply(span(`c${i}a`, `p${i}`, 'ok'), span(`c${i}b`, `p${i}`, 'failed'));
    apply(span(`p${i}`, 'root', 'ok'));
  }
  const kept = [...held.values()].map((s) => s.span_id).sort();
  assert.deepEqual(kept, ['c19a', 'c19b', 'old-open', 'p19', 'root']);
  assert.equal(held.dropped, 57);
  // A span that ends after it was already ended (a late event) is not queued twice.
  apply(span('p19', 'root', 'failed'));
  assert.equal(held.size, 5);
});
