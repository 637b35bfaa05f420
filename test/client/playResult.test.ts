// Plays to test results, outside the editor: real plays run through ActivePlays (the bundled
// runtime the extension uses) on the examples, and hand-made span trees for the edge cases.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { emptyStreamStats, type Play, type Span } from '../../common/src/play';
import { ActivePlays } from '../../client/src/plays/activePlays';
import { failureLocation, playVerdict, toTerminalText, traceOpensOnRun } from '../../client/src/run/playResult';
import { PlayStore } from '../../runtime/src/store';
import { EXAMPLES, FLOWS, tempDir, waitFor } from '../helpers/cli';

function request(file: string, flow: string, inputs: Play['inputs'], extra: Partial<Parameters<ActivePlays['run']>[0]> = {}) {
  return { file, flow, inputs, store: new PlayStore(tempDir()), python: 'python3', timeoutMs: null, cwd: EXAMPLES, workspace: EXAMPLES, ...extra };
}

const lineOf = (file: string, needle: string) => readFileSync(file, 'utf8').split('\n').findIndex((line) => line.includes(needle));

test('a play that passes: passed, with its duration; the window knew it while it ran', async () => {
  const active = new ActivePlays();
  const seen = new Set<string>();
  active.onDidChange((change) => seen.add(change.playId));
  const run = active.run(request(join(EXAMPLES, 'create_workspace.py'), 'Create workspace', { name: 'acme', seats: 2 }));
  assert.equal(active.count, 1);
  assert.equal(active.snapshot(run.id)!.status, 'running');
  const outcome = await run.done;
  await waitFor('the run to leave the active list', () => active.count === 0);
  const verdict = playVerdict(outcome.play, outcome.rejected);
  assert.equal(verdict.kind, 'passed');
  assert.ok(verdict.kind === 'passed' && verdict.durationMs! >= 0);
  assert.ok(seen.has(run.id));
});

test('a child play (flow.invoke spawn=True) is followed live: active while it runs, its spans snapshotted, gone when it ends', async () => {
  const parentFile = join(FLOWS, 'child_plays', 'parent.py');
  const store = new PlayStore(tempDir());
  const active = new ActivePlays();
  const seen = new Set<string>();
  active.onDidChange((change) => seen.add(change.playId));
  const run = active.run(request(parentFile, 'Parent of a child play', { mode: 'ok' }, { store, cwd: join(FLOWS, 'child_plays'), workspace: join(FLOWS, 'child_plays') }));
  let childId: string | undefined;
  run.onEvent((event) => {
    if (event.type === 'child_play_started') childId = event.child.id;
  });
  await waitFor('the child play to be tracked', () => childId !== undefined && active.get(childId) !== undefined);
  assert.equal(active.count, 2);
  assert.equal(active.snapshot(childId!)!.parent_play_id, run.id);
  const outcome = await run.done;
  assert.equal(outcome.play.status, 'ok', outcome.play.error ?? '');
  await waitFor('both plays to leave the active list', () => active.count === 0);
  assert.ok(seen.has(childId!), 'the child play changed the view');
  const child = await store.load(childId!);
  assert.equal(child.parent_play_id, run.id);
  assert.equal(child.status, 'ok');
});

test('a flow.Failed: failed, the message is the reason, located at the failing step\'s line', async () => {
  const file = join(EXAMPLES, 'failing_flow.py');
  const run = new ActivePlays().run(request(file, 'Onboard member', { email: 'ada@example.com', seats: 1 }));
  const { play, rejected } = await run.done;
  const verdict = playVerdict(play, rejected);
  assert.equal(verdict.kind, 'failed');
  assert.ok(verdict.kind === 'failed');
  assert.match(verdict.message, /has no free seat for ada@example.com/);
  assert.deepEqual(verdict.location, { file, line: lineOf(file, 'with flow.step("check seats"') });
});

test('a crash (KeyError): failed at the step it crashed in, with the traceback', async () => {
  const file = join(EXAMPLES, 'crashing_flow.py');
  const { play, rejected } = await new ActivePlays().run(request(file, 'Quote plan', { plan: 'platinum' })).done;
  const verdict = playVerdict(play, rejected);
  assert.equal(verdict.kind, 'failed', play.error ?? '');
  assert.ok(verdict.kind === 'failed');
  assert.match(verdict.message, /KeyError/);
  assert.equal(verdict.location?.file, file);
  assert.match(readFileSync(file, 'utf8').split('\n')[verdict.location!.line]!, /flow\.step\(/);
});

test('bad inputs and a missing interpreter: errored (the flow never ran)', async () => {
  const bad = await new ActivePlays().run(request(join(FLOWS, 'typed_inputs.py'), 'Typed', { n: 'three' })).done;
  const verdict = playVerdict(bad.play, bad.rejected);
  assert.equal(verdict.kind, 'errored');
  assert.ok(verdict.kind === 'errored');
  assert.match(verdict.message, /input 'n' expects int/);
  assert.equal(verdict.location, undefined);

  const none = await new ActivePlays().run(request(join(FLOWS, 'typed_inputs.py'), 'Typed', { n: 1 }, { python: '/nonexistent/python3' })).done;
  assert.equal(playVerdict(none.play, none.rejected).kind, 'errored');
  assert.match(none.play.error!, /^could not start the Python interpreter/);
});

test('cancelling through ActivePlays cancels the play: skipped', async () => {
  const active = new ActivePlays();
  const run = active.run(request(join(FLOWS, 'hangs.py'), '', {}, { cwd: FLOWS }));
  await waitFor('the flow to start', () => (active.get(run.id)?.spans.size ?? 0) > 0);
  assert.equal(active.cancel(run.id), true);
  const { play, rejected } = await run.done;
  assert.equal(play.status, 'cancelled');
  assert.deepEqual(playVerdict(play, rejected), { kind: 'skipped', message: 'cancelled' });
  assert.equal(active.cancel(run.id), false, 'no longer this window\'s');
});

const span = (id: string, parent: string | null, status: Span['status'], extra: Partial<Span> = {}): Span => ({
  span_id: id, parent_id: parent, name: id, kind: parent === null ? 'flow_root' : 'step', status, start_ms: 1, end_ms: 2, tags: {}, logs: [], error: null, source_file: 'flows/f.py', source_line: 10, replayed: false, ...extra,
});

function play(status: Play['status'], spans: Span[], extra: Partial<Play> = {}): Play {
  return { id: 'p', flow_name: 'F', source_file: '/w/flows/f.py', status, start_ms: 1000, end_ms: 1250, inputs: {}, output: null, error: 'boom', exit_code: 1, exit_signal: null, stdout: '', stderr: '', spans, stats: emptyStreamStats(), workspace: '/w', ...extra };
}

test('the location: the deepest failed span, else its nearest ancestor with a source; relative paths from the play\'s workspace', () => {
  const tree = [
    span('root', null, 'failed', { source_line: 3 }),
    span('ok', 'root', 'ok', { source_line: 5 }),
    span('step', 'root', 'failed', { source_line: 8 }),
    span('rpc', 'step', 'failed', { kind: 'rpc', source_file: null, source_line: null }),
  ];
  assert.deepEqual(failureLocation(play('failed', tree)), { file: '/w/flows/f.py', line: 7 });
  assert.deepEqual(failureLocation(play('failed', [span('root', null, 'failed', { source_file: '/abs/x.py', source_line: 1 })])), { file: '/abs/x.py', line: 0 });
  assert.equal(failureLocation(play('failed', [span('root', null, 'failed', { source_file: null, source_line: null })])), undefined);
  assert.deepEqual(playVerdict(play('failed', []), false), { kind: 'failed', message: 'boom', durationMs: 250 }, 'no spans: no location');
});

test('timed out fails (nothing failed: no location); interrupted is an error; the trace policy', () => {
  const timedOut = playVerdict(play('timed_out', [span('root', null, 'cancelled')], { error: 'timed out after 1 s' }), false);
  assert.deepEqual(timedOut, { kind: 'failed', message: 'timed out after 1 s', durationMs: 250 });
  assert.equal(playVerdict(play('interrupted', []), false).kind, 'errored');
});

test('the trace opens on run: `always` as the play starts (it streams in), `onFailure` when it ends other than ok or cancelled, `never` not', () => {
  const ended = (status: Play['status']) => ({ ended: { status } });
  assert.equal(traceOpensOnRun('always', { started: true }), true);
  assert.equal(traceOpensOnRun('always', ended('ok')), false, 'opened at the start already: not again at the end');
  assert.equal(traceOpensOnRun('always', ended('failed')), false);
  assert.equal(traceOpensOnRun('onFailure', { started: true }), false);
  assert.equal(traceOpensOnRun('onFailure', ended('failed')), true);
  assert.equal(traceOpensOnRun('onFailure', ended('timed_out')), true);
  assert.equal(traceOpensOnRun('onFailure', ended('interrupted')), true);
  assert.equal(traceOpensOnRun('onFailure', ended('ok')), false);
  assert.equal(traceOpensOnRun('onFailure', ended('cancelled')), false);
  assert.equal(traceOpensOnRun('never', { started: true }), false);
  assert.equal(traceOpensOnRun('never', ended('failed')), false);
});

test('output for the test run\'s terminal: CRLF line ends', () => {
  assert.equal(toTerminalText('a\nb\r\nc'), 'a\r\nb\r\nc');
});
