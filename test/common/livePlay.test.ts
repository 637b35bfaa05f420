// The live play reducer, row by row: a sequence of a running play's events (what the extension host
// applies) or of status updates (what the webview applies), and the state it must leave.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyPlayRunEvent, applyPlayStatus, livePlay, livePlaySnapshot, playStatusFields, type PlayStatusFields } from '../../common/src/livePlay';
import { emptyStreamStats, type Play, type Span } from '../../common/src/play';
import type { PlayRunEvent, RunningPlay } from '../../common/src/runtimeEvents';

const T0 = 1_776_760_000_000;

function span(id: string, more: Partial<Span> = {}): Span {
  return { span_id: id, parent_id: null, name: id, kind: 'step', start_ms: T0, end_ms: null, status: 'running', tags: {}, logs: [], error: null, source_file: null, source_line: null, replayed: false, ...more };
}
function play(more: Partial<Play> = {}): Play {
  return { id: 'p1', flow_name: null, source_file: '/w/f.py', status: 'running', start_ms: T0, end_ms: null, inputs: {}, output: null, error: null, exit_code: null, exit_signal: null, stdout: '', stderr: '', spans: [], stats: emptyStreamStats(), workspace: null, ...more };
}
const changed = (...spans: Span[]): PlayRunEvent => ({ type: 'spans_changed', playId: 'p1', spans });

/** What a row checks: the play's own fields it names, and each span as [id, status] in the state's order. */
interface Expected {
  play?: Partial<Play>;
  spans: [string, string][];
  /** Whether applyPlayRunEvent applied each event (returned it as applied). */
  changed?: boolean[];
}

const eventRows: [string, Play, PlayRunEvent[], Expected][] = [
  ['spans arrive in order', play(), [changed(span('root'), span('a', { parent_id: 'root' }))], { spans: [['root', 'running'], ['a', 'running']] }],
  ['a span\'s later state replaces it, in its place', play(), [changed(span('root'), span('a')), changed(span('root', { status: 'ok', end_ms: T0 + 5 }))],
    { spans: [['root', 'ok'], ['a', 'running']] }],
  ['a duplicate event changes nothing', play(), [changed(span('a', { status: 'ok' })), changed(span('a', { status: 'ok' }))], { spans: [['a', 'ok']] }],
  ['a span whose end came before its start, then its start: the latest state stands', play(),
    [changed(span('a', { status: 'ok', missing_start: true, start_ms: null })), changed(span('a', { status: 'ok' }))], { spans: [['a', 'ok']] }],
  ['a child before its parent: both are kept (the tree is the view\'s)', play(), [changed(span('child', { parent_id: 'root' })), changed(span('root'))],
    { spans: [['child', 'running'], ['root', 'running']] }],
  ['the latest arrival wins, even an older status (the runtime sends in order)', play(), [changed(span('a', { status: 'ok' })), changed(span('a'))], { spans: [['a', 'running']] }],
  ['play_started and play_updated replace the record and keep the spans', play({ spans: [span('root')] }),
    [{ type: 'play_started', play: play() }, { type: 'play_updated', play: play({ flow_name: 'Resolved', inputs: { n: 2 } }) }],
    { play: { flow_name: 'Resolved', inputs: { n: 2 }, status: 'running' }, spans: [['root', 'running']] }],
  ['the finished play replaces record and spans', play(), [changed(span('root'), span('a')), { type: 'play_finished', play: play({ status: 'ok', end_ms: T0 + 9, output: 3, spans: [span('root', { status: 'ok' })] }) }],
    { play: { status: 'ok', end_ms: T0 + 9, output: 3 }, spans: [['root', 'ok']] }],
  ['a big play\'s finish (span_count beyond its spans) keeps the ended spans the runtime let go of', play(),
    [changed(span('root'), span('a', { status: 'ok' }), span('b')), { type: 'play_finished', play: play({ status: 'ok', span_count: 3, spans: [span('root', { status: 'ok' }), span('b', { status: 'failed' })] }) }],
    { play: { status: 'ok', span_count: 3 }, spans: [['root', 'ok'], ['a', 'ok'], ['b', 'failed']] }],
  ['a finished play sent twice is the same state', play(), [{ type: 'play_finished', play: play({ status: 'failed', error: 'boom' }) }, { type: 'play_finished', play: play({ status: 'failed', error: 'boom' }) }],
    { play: { status: 'failed', error: 'boom' }, spans: [] }],
  ['spans after the finish still apply (latest arrival wins)', play(), [{ type: 'play_finished', play: play({ status: 'ok', spans: [span('root', { status: 'ok' })] }) }, changed(span('late'))],
    { play: { status: 'ok' }, spans: [['root', 'ok'], ['late', 'running']] }],
  ['a record after the finish replaces it (the runtime never sends one)', play(), [{ type: 'play_finished', play: play({ status: 'ok' }) }, { type: 'play_updated', play: play({ flow_name: 'X' }) }],
    { play: { status: 'running', flow_name: 'X' }, spans: [] }],
  ['output and child plays change nothing', play({ spans: [span('root')] }),
    [{ type: 'process_output', playId: 'p1', stream: 'stdout', text: 'hi' }, { type: 'child_play_started', playId: 'p1', child: {} as RunningPlay }],
    { play: { status: 'running' }, spans: [['root', 'running']], changed: [false, false] }],
];

for (const [name, initial, events, expected] of eventRows) {
  test(`live play, host: ${name}`, () => {
    const state = livePlay(initial);
    const returned = events.map((event) => applyPlayRunEvent(state, event));
    for (const [key, value] of Object.entries(expected.play ?? {})) assert.deepEqual(state.play[key as keyof Play], value, key);
    assert.deepEqual([...state.spans.values()].map((s) => [s.span_id, s.status]), expected.spans);
    assert.deepEqual(livePlaySnapshot(state).spans.map((s) => s.span_id), expected.spans.map(([id]) => id));
    assert.deepEqual(returned.map((applied) => applied !== undefined), expected.changed ?? events.map(() => true));
  });
}

test('live play, host: events carry live objects, the state keeps copies and hands them on as applied', () => {
  const state = livePlay(play());
  const live = span('a');
  const record = play({ flow_name: 'F' });
  const spans = applyPlayRunEvent(state, changed(live));
  const updated = applyPlayRunEvent(state, { type: 'play_updated', play: record });
  live.status = 'ok';
  record.flow_name = 'changed later';
  assert.equal(state.spans.get('a')!.status, 'running');
  assert.equal(state.play.flow_name, 'F');
  assert.ok(spans?.type === 'spans_changed' && spans.spans[0] === state.spans.get('a'), 'the applied spans are the state\'s copies');
  assert.ok(updated?.type === 'play_updated' && updated.play === state.play, 'the applied record is the state\'s');
  const finished = applyPlayRunEvent(state, { type: 'play_finished', play: play({ status: 'ok' }) });
  assert.ok(finished?.type === 'play_finished' && finished.play === state.play);
});

const statusRows: [string, Play, PlayStatusFields[], Partial<Play>][] = [
  ['sets status, end and error', play({ output: 1 }), [{ status: 'failed', end_ms: T0 + 3, error: 'boom' }], { status: 'failed', end_ms: T0 + 3, error: 'boom', output: 1 }],
  ['output and flow name only when carried', play({ output: 'kept', flow_name: 'kept' }), [{ status: 'running', end_ms: null, error: null }], { output: 'kept', flow_name: 'kept' }],
  ['a carried null output or flow name is set', play({ output: 'old', flow_name: 'old' }), [{ status: 'ok', end_ms: T0, error: null, output: null, flow_name: null }], { output: null, flow_name: null }],
  ['a duplicate update changes nothing', play(), [{ status: 'ok', end_ms: T0, error: null, output: 7 }, { status: 'ok', end_ms: T0, error: null, output: 7 }], { status: 'ok', output: 7 }],
  ['a status after the end replaces it (the host sends in order)', play(), [{ status: 'ok', end_ms: T0, error: null }, { status: 'running', end_ms: null, error: null }], { status: 'running', end_ms: null }],
  ['the spans are not the update\'s', play({ spans: [span('root')] }), [{ status: 'ok', end_ms: T0, error: null }], { spans: [span('root')] }],
  ['what the host sends of a play is what the webview applies', play(),
    [playStatusFields(play({ status: 'timed_out', end_ms: T0 + 1, error: 'timed out after 1 s', output: null, flow_name: 'F' }))],
    { status: 'timed_out', end_ms: T0 + 1, error: 'timed out after 1 s', output: null, flow_name: 'F' }],
];

for (const [name, initial, updates, expected] of statusRows) {
  test(`live play, webview status: ${name}`, () => {
    const before = structuredClone(initial);
    const after = updates.reduce(applyPlayStatus, initial);
    for (const [key, value] of Object.entries(expected)) assert.deepEqual(after[key as keyof Play], value, key);
    assert.deepEqual(initial, before, 'the play it was given is left as it was');
  });
}
