// The Plays view's entries, outside the editor: icons, labels, live plays over stored ones, what
// Clear Old Plays deletes; plus the log wrapper and the disposable holder. (The trace panel's pure
// parts are in tracePanel.test.ts.)

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DisposableStore } from '../../client/src/disposables';
import { Log, type LogChannel } from '../../client/src/log';
import { liveSummary, mergePlays, playForest, playNode, playsToClear, startTime, STATUS_ICONS } from '../../client/src/plays/playsTree';
import type { PlaySummary } from '../../runtime/src/store';

const summary = (id: string, start: number, status: PlaySummary['status'] = 'ok', extra: Partial<PlaySummary> = {}): PlaySummary => ({
  id, flow_name: `Flow ${id}`, source_file: '/w/f.py', status, start_ms: start, end_ms: status === 'running' ? null : start + 1500, error: null, span_count: 3, pid: 1, ...extra,
});

test('a play in the view: status icon, flow name, duration and start time; running plays say so and take the Cancel action', () => {
  const now = new Date(2026, 10, 23, 15, 0, 0).getTime();
  const ok = playNode(summary('a', now - 60_000), now);
  assert.equal(ok.label, 'Flow a');
  assert.equal(ok.description, `1.50 s · ${startTime(now - 60_000, now)}`);
  assert.match(ok.description, /14:59:00$/);
  assert.deepEqual(ok.icon, { id: 'pass', color: 'testing.iconPassed' });
  assert.equal(ok.contextValue, 'play.finished');
  const running = playNode(summary('b', now - 2000, 'running'), now);
  assert.equal(running.description, `running 2.00 s · ${startTime(now - 2000, now)}`);
  assert.equal(running.icon.id, 'loading~spin');
  assert.equal(running.contextValue, 'play.running');
  const failed = playNode(summary('c', now - 86_400_000 * 2, 'failed', { error: 'boom' }), now);
  assert.match(failed.description, /^1\.50 s · 2026-11-21 15:00:00$/, 'an earlier day shows its date');
  assert.match(failed.tooltip, /Flow c — failed\nplay c\n\/w\/f\.py\nboom/);
  assert.deepEqual(Object.fromEntries(Object.entries(STATUS_ICONS).map(([s, i]) => [s, i.id])), {
    ok: 'pass', failed: 'error', running: 'loading~spin', cancelled: 'circle-slash', timed_out: 'watch', interrupted: 'debug-disconnect', paused: 'debug-pause',
  });
});

test('newest first, live plays laid over the stored ones; Clear Old Plays keeps the N newest and never a running one', () => {
  const stored = [summary('old', 1), summary('mid', 2), summary('run', 3, 'running', { span_count: 0 }), summary('new', 4)];
  const live = liveSummary({ ...summary('run', 3, 'running'), error: null }, 7);
  const merged = mergePlays(stored, [live]);
  assert.deepEqual(merged.map((p) => p.id), ['new', 'run', 'mid', 'old']);
  assert.equal(merged[1]!.span_count, 7, 'the live state wins');
  assert.deepEqual(playsToClear(stored, 1).map((p) => p.id), ['mid', 'old'], 'the running play survives');
  assert.deepEqual(playsToClear(stored, 10), []);
});

test('child plays sit under their parent, oldest first, at any depth; an orphan (parent not listed) stays at the top', () => {
  const plays = mergePlays([
    summary('parent', 10),
    summary('child-b', 12, 'ok', { parent_play_id: 'parent' }),
    summary('child-a', 11, 'running', { parent_play_id: 'parent' }),
    summary('grandchild', 13, 'ok', { parent_play_id: 'child-a' }),
    summary('orphan', 14, 'failed', { parent_play_id: 'deleted' }),
    summary('plain', 15),
    summary('self', 16, 'ok', { parent_play_id: 'self' }),
  ], []);
  const forest = playForest(plays);
  assert.deepEqual(forest.roots.map((p) => p.id), ['self', 'plain', 'orphan', 'parent']);
  assert.deepEqual(forest.childrenOf.get('parent')!.map((p) => p.id), ['child-a', 'child-b']);
  assert.deepEqual(forest.childrenOf.get('child-a')!.map((p) => p.id), ['grandchild']);
  assert.equal(forest.childrenOf.has('deleted'), false);
  const node = playNode(plays.find((p) => p.id === 'parent')!, 20, forest.childrenOf.get('parent'));
  assert.deepEqual(node.children.map((p) => p.id), ['child-a', 'child-b']);
  assert.deepEqual(playNode(summary('x', 1), 20).children, []);
});

test('plays whose parent links form a cycle still show, each exactly once', () => {
  const plays = mergePlays([
    summary('a', 10, 'ok', { parent_play_id: 'c' }),
    summary('b', 11, 'ok', { parent_play_id: 'a' }),
    summary('c', 12, 'ok', { parent_play_id: 'b' }),
    summary('under-cycle', 13, 'ok', { parent_play_id: 'b' }),
    summary('pair-1', 14, 'ok', { parent_play_id: 'pair-2' }),
    summary('pair-2', 15, 'ok', { parent_play_id: 'pair-1' }),
    summary('plain', 16),
  ], []);
  const forest = playForest(plays);
  const shown: string[] = [];
  const pending = [...forest.roots];
  while (pending.length > 0) {
    const next = pending.shift()!;
    shown.push(next.id);
    pending.push(...(forest.childrenOf.get(next.id) ?? []));
  }
  assert.deepEqual([...shown].sort(), plays.map((p) => p.id).sort());
  assert.equal(new Set(shown).size, plays.length);
  assert.deepEqual(forest.roots.map((p) => p.id), ['plain', 'pair-2', 'b']);
  assert.deepEqual(forest.childrenOf.get('b')!.map((p) => p.id), ['c', 'under-cycle'], 'what hangs under a cycle stays there');
});

test('the log: errors go to the channel and reveal it, without taking the focus', () => {
  const calls: string[] = [];
  const channel: LogChannel = {
    trace: (m) => calls.push(`trace ${m}`), debug: (m) => calls.push(`debug ${m}`), info: (m) => calls.push(`info ${m}`), warn: (m) => calls.push(`warn ${m}`),
    error: (m) => calls.push(`error ${String(m)}`), show: (preserveFocus) => calls.push(`show ${preserveFocus}`), dispose: () => calls.push('dispose'),
  };
  const log = new Log(channel);
  log.info('hello');
  log.error('it broke', new Error('why'));
  assert.equal(calls[0], 'info hello');
  assert.match(calls[1]!, /^error it broke: Error: why\n\s+at /);
  assert.equal(calls[2], 'show true');
});

test('the disposable holder: newest first, every one even when one throws, and late additions at once', () => {
  const order: string[] = [];
  const store = new DisposableStore();
  store.add({ dispose: () => order.push('a') });
  store.add({ dispose: () => { throw new Error('b'); } });
  store.addCallback(() => order.push('c'));
  assert.throws(() => store.dispose(), /1 disposables failed/);
  assert.deepEqual(order, ['c', 'a']);
  store.add({ dispose: () => order.push('late') });
  assert.deepEqual(order, ['c', 'a', 'late']);
  store.dispose();
});
