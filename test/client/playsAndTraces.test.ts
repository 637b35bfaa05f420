// The Plays view's entries and the read-only trace document, outside the editor: icons, labels,
// live plays over stored ones, what Clear Old Plays deletes, the trace text (no ANSI escapes; the
// CLI keeps its colours) and the trace addresses; plus the log wrapper and the disposable holder.

import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Play } from '../../common/src/play';
import { DisposableStore } from '../../client/src/disposables';
import { Log, type LogChannel } from '../../client/src/log';
import { liveSummary, mergePlays, playNode, playsToClear, startTime, STATUS_ICONS } from '../../client/src/playsTree';
import { traceText } from '../../client/src/traceText';
import { traceAddress, traceSourceOf } from '../../client/src/traceUri';
import { treeLines } from '../../cli/src/render/spanTree';
import type { PlaySummary } from '../../runtime/src/store';
import { PlayStore } from '../../runtime/src/store';
import { playFromTraceFile } from '../../runtime/src/traceFile';
import { startPlay } from '../../runtime/src/executor';
import { EXAMPLES, ROOT, tempDir } from '../helpers/cli';

const ANSI = /\u001b\[/;
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
    ok: 'pass', failed: 'error', running: 'loading~spin', cancelled: 'circle-slash', timed_out: 'watch', interrupted: 'debug-disconnect',
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

test('the trace document of a real play: verdict, facts, the span tree — and not one ANSI escape', async () => {
  const store = new PlayStore(tempDir());
  const { play } = await startPlay({ file: join(EXAMPLES, 'create_workspace.py'), inputs: { name: 'acme', seats: 2 }, store, cwd: EXAMPLES }).done;
  const text = traceText(await store.load(play.id));
  assert.doesNotMatch(text, ANSI);
  const lines = text.split('\n');
  assert.match(lines[0]!, /^✔ ok  Create workspace  \d+ ms · 10 spans$/);
  assert.ok(lines.includes(`play     ${play.id}`));
  assert.ok(lines.some((l) => l === 'inputs   {"name":"acme","seats":2}'));
  assert.ok(lines.some((l) => /^✔ Create workspace flow \d+ ms$/.test(l)), text);
  assert.ok(lines.some((l) => /^│  ├─ ✔ rpc:WhiteboardClient\.workspace_create \d+ ms$/.test(l)), text);
  // Without colours the lines are the CLI's, escape codes aside (whether the CLI colours depends on the terminal).
  const strip = (line: string) => line.replace(/\u001b\[[0-9;]*m/g, '');
  const now = Date.now();
  assert.deepEqual(treeLines(play.spans, { colour: false, now }), treeLines(play.spans, { now }).map(strip));
});

test('the trace document of a failed play and of a raw trace file', async () => {
  const store = new PlayStore(tempDir());
  const { play } = await startPlay({ file: join(EXAMPLES, 'failing_flow.py'), inputs: { email: 'a@b.c', seats: 1 }, store, cwd: EXAMPLES }).done;
  const text = traceText(play);
  assert.match(text, /^✖ failed  Onboard member/);
  assert.match(text, /\nerror:\n  workspace 'onboarding' has no free seat/);
  assert.doesNotMatch(text, ANSI);
  const traceFile = readdirSync(join(ROOT, 'test', 'fixtures', 'traces')).find((f) => f.endsWith('.jsonl'))!;
  const fromFile = traceText(await playFromTraceFile(join(ROOT, 'test', 'fixtures', 'traces', traceFile)));
  assert.doesNotMatch(fromFile, ANSI);
  assert.match(fromFile, /span/);
});

test('a running play renders its spans so far', () => {
  const running: Play = { id: 'p', flow_name: 'F', source_file: null, status: 'running', start_ms: 0, end_ms: null, inputs: {}, output: null, error: null, exit_code: null, exit_signal: null, stdout: 'hello\n', stderr: '', stats: { lines: 0, events: 0, invalid_json: 0, missing_fields: 0, oversized_lines: 0, unknown_types: 0, unknown_statuses: 0, spans_without_start: 0 }, workspace: null,
    spans: [{ span_id: 'r', parent_id: null, name: 'F', kind: 'flow_root', status: 'running', start_ms: 0, end_ms: null, tags: {}, logs: [], error: null, source_file: null, source_line: null, replayed: false }] };
  const text = traceText(running, 2500);
  assert.match(text, /^⠋ running  F  2\.50 s · 1 span\n/);
  assert.match(text, /\n⠋ F flow 2\.50 s\n/);
  assert.match(text, /\nstdout:\n  hello\n$/);
});

test('trace addresses: a stored play or a trace file, read back from the query; the tab is named after the flow', () => {
  const play = traceAddress({ kind: 'play', store: '/w/.hero', playId: '20261123-1' }, 'Create workspace');
  assert.equal(play.path, '/Create workspace.trace');
  assert.deepEqual(traceSourceOf(play.query), { kind: 'play', store: '/w/.hero', playId: '20261123-1' });
  const file = traceAddress({ kind: 'file', path: '/tmp/a b&c.jsonl' }, 'a/b?.jsonl');
  assert.equal(file.path, '/a_b_.jsonl.trace');
  assert.deepEqual(traceSourceOf(file.query), { kind: 'file', path: '/tmp/a b&c.jsonl' });
  assert.equal(traceSourceOf('nothing=1'), undefined);
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
