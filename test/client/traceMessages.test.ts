// The trace panel's message protocol outside the editor: the guards both sides narrow unknown
// payloads with, and the host's initial messages (client/src/trace/traceInitialMessages.ts) — one `play`
// for a small play, a `play` with the first chunk then `playChunk`s for a large one.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emptyStreamStats, type Play, type Span } from '../../common/src/play';
import { DEPTH_CUT_MARKER } from '../../common/src/jsonData';
import { isWebviewToHostMessage, type HostToWebviewMessage } from '../../common/src/traceMessages';
import { checkHostToWebviewMessage, isHostToWebviewMessage } from '../../common/src/traceMessageChecks';
import { initialMessages, SPANS_PER_CHUNK } from '../../client/src/trace/traceInitialMessages';

const T0 = 1_776_760_000_000;

function span(i: number): Span {
  return {
    span_id: `s${i}`, parent_id: i === 0 ? null : 's0', name: `step ${i}`, kind: i === 0 ? 'flow_root' : 'step', status: 'ok',
    start_ms: T0 + i, end_ms: T0 + i + 1, tags: {}, logs: [], error: null, source_file: null, source_line: null, replayed: false,
  };
}

function play(spans: Span[] = []): Play {
  return { id: 'p1', flow_name: 'f', source_file: null, status: 'ok', start_ms: T0, end_ms: T0 + 10, inputs: {}, output: null, error: null, exit_code: 0, exit_signal: null, stdout: '', stderr: '', spans, stats: emptyStreamStats(), workspace: null };
}

describe('host → webview guard', () => {
  it('accepts every message the host sends', () => {
    const messages: HostToWebviewMessage[] = [
      { type: 'play', play: play([span(0)]) },
      { type: 'play', play: play([span(0)]), totalSpans: 5 },
      { type: 'playChunk', playId: 'p1', spans: [span(1)], done: false },
      { type: 'playChunk', playId: 'p1', spans: [], done: true },
      { type: 'spans', playId: 'p1', spans: [span(2)] },
      { type: 'playStatus', playId: 'p1', status: 'ok', end_ms: T0, error: null },
    ];
    for (const m of messages) assert.equal(isHostToWebviewMessage(m), true, JSON.stringify(m).slice(0, 80));
  });

  it('rejects what is not one, or lacks a field the webview indexes by', () => {
    const bad: unknown[] = [
      null, 'play', 42, [], {}, { type: 'nope' },
      { type: 'play' }, { type: 'play', play: null }, { type: 'play', play: { id: 'p1' } }, { type: 'play', play: { spans: [] } },
      { type: 'play', play: play(), totalSpans: '5' },
      { type: 'playChunk', playId: 'p1', spans: [] }, { type: 'playChunk', playId: 'p1', spans: {}, done: true },
      { type: 'playChunk', spans: [], done: true },
      { type: 'spans', playId: 'p1' }, { type: 'spans', spans: [] },
      { type: 'playStatus', playId: 'p1' }, { type: 'playStatus', status: 'ok' },
      { type: 'ready' }, { type: 'openPlay', playId: 'x' },
    ];
    for (const m of bad) assert.equal(isHostToWebviewMessage(m), false, JSON.stringify(m));
  });
});

describe('host → webview checker', () => {
  it('drops a bad span or log alone, with a reason for each, and keeps the rest of the message', () => {
    const badLogs = { ...span(3), logs: [{ t_ms: T0, message: 'ok' }, { t_ms: T0, message: null }] };
    const { message, problems } = checkHostToWebviewMessage({ type: 'spans', playId: 'p1', spans: [null, span(1), { ...span(2), status: 'exploded' }, badLogs] });
    assert.ok(message?.type === 'spans');
    assert.deepEqual(message.spans.map((s) => s.span_id), ['s1', 's3']);
    assert.deepEqual(message.spans[1]!.logs, [{ t_ms: T0, message: 'ok' }]);
    assert.deepEqual(problems, [
      'spans: span 0 dropped: not an object (null)',
      'spans: span 2 dropped: status is the string "exploded"',
      'span s3: 1 bad log entries dropped',
    ]);
  });

  it('drops a message whose envelope or play is bad, saying which field', () => {
    const cases: [unknown, string][] = [
      [{ type: 'play', play: { ...play(), status: 'weird' } }, 'play: status is the string "weird"'],
      [{ type: 'play', play: { ...play(), inputs: [] } }, 'play: inputs is an array'],
      [{ type: 'play', play: play(), totalSpans: -1 }, 'play: totalSpans is the number -1'],
      [{ type: 'playStatus', playId: 'p1', status: 'ok', end_ms: '3', error: null }, 'playStatus: end_ms is the string "3"'],
      [{ type: 'spans', playId: 'p1', spans: null }, 'spans: spans is null'],
      [Object.create({ type: 'spans', playId: 'p1', spans: [] }), 'unknown message type missing'],
    ];
    for (const [raw, why] of cases) assert.deepEqual(checkHostToWebviewMessage(raw), { message: null, problems: [why] });
  });

  it('cuts deep tags, inputs and outputs to 64 levels; keys named __proto__ stay data', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 10_000; i++) deep = { d: deep };
    const tags = JSON.parse('{"__proto__":{"child_play_id":"X"}}');
    tags.deep = deep;
    const { message } = checkHostToWebviewMessage({ type: 'play', play: { ...play([{ ...span(0), tags }]), inputs: { deep }, output: deep } });
    assert.ok(message?.type === 'play');
    assert.ok(JSON.stringify(message.play.spans[0]!.tags).includes(DEPTH_CUT_MARKER));
    assert.ok(JSON.stringify(message.play.output).includes(DEPTH_CUT_MARKER));
    assert.deepEqual(Object.keys(message.play.spans[0]!.tags), ['__proto__', 'deep']);
    assert.equal(({} as Record<string, unknown>).child_play_id, undefined);
  });
});

describe('webview → host guard', () => {
  it('accepts copyText and openText with a known language', () => {
    assert.equal(isWebviewToHostMessage({ type: 'copyText', text: 'x'.repeat(70_000) }), true);
    assert.equal(isWebviewToHostMessage({ type: 'openText', text: '{}', language: 'json' }), true);
    assert.equal(isWebviewToHostMessage({ type: 'problem', reason: 'span 0 dropped' }), true);
    for (const m of [{ type: 'copyText' }, { type: 'copyText', text: 1 }, { type: 'openText', text: 'x' }, { type: 'openText', text: 'x', language: 'javascript' }, { type: 'problem', reason: null }]) {
      assert.equal(isWebviewToHostMessage(m), false, JSON.stringify(m));
    }
  });

  it('accepts ready, openSource and openPlay; rejects the rest', () => {
    assert.equal(isWebviewToHostMessage({ type: 'ready' }), true);
    assert.equal(isWebviewToHostMessage({ type: 'openSource', file: 'a.py', line: 3 }), true);
    assert.equal(isWebviewToHostMessage({ type: 'openSource', file: 'a.py', line: null }), true);
    assert.equal(isWebviewToHostMessage({ type: 'openPlay', playId: 'child' }), true);
    for (const m of [null, {}, { type: 'openSource' }, { type: 'openSource', file: 3 }, { type: 'openPlay' }, { type: 'openPlay', playId: 7 }, { type: 'play', play: play() }]) {
      assert.equal(isWebviewToHostMessage(m), false, JSON.stringify(m));
    }
  });
});

describe('initialMessages', () => {
  it('a play that fits in one chunk is one plain `play` message, as before chunking', () => {
    const spans = [span(0), span(1), span(2)];
    const original = play([span(9)]);
    const messages = initialMessages(original, spans, 3);
    assert.deepEqual(messages, [{ type: 'play', play: { ...original, spans } }]);
    assert.deepEqual(initialMessages(original, [], 3), [{ type: 'play', play: { ...original, spans: [] } }]);
    assert.deepEqual(original.spans, [span(9)], 'the play given is not changed');
  });

  it('a larger play: `play` with the first chunk and totalSpans, then chunks in order, done on the last only', () => {
    const spans = Array.from({ length: 23 }, (_, i) => span(i));
    const messages = initialMessages(play(), spans, 10);
    assert.equal(messages.length, 3);
    const [first, second, third] = messages;
    assert.ok(first?.type === 'play' && second?.type === 'playChunk' && third?.type === 'playChunk');
    assert.equal(first.totalSpans, 23);
    assert.deepEqual(first.play.spans, spans.slice(0, 10));
    assert.deepEqual([second.playId, second.done, second.spans], ['p1', false, spans.slice(10, 20)]);
    assert.deepEqual([third.playId, third.done, third.spans], ['p1', true, spans.slice(20)]);
    for (const m of messages) assert.ok(isHostToWebviewMessage(m));
  });

  it('an exact multiple of the chunk size ends with a full chunk marked done; any iterable of spans works', () => {
    const spans = Array.from({ length: 20 }, (_, i) => span(i));
    const byId = new Map(spans.map((s) => [s.span_id, s]));
    const messages = initialMessages(play(), byId.values(), 10);
    assert.deepEqual(messages.map((m) => [m.type, m.type === 'playChunk' ? m.done : null, m.type === 'play' ? m.play.spans.length : m.type === 'playChunk' ? m.spans.length : 0]), [
      ['play', null, 10],
      ['playChunk', true, 10],
    ]);
    const all = messages.flatMap((m) => (m.type === 'play' ? m.play.spans : m.type === 'playChunk' ? m.spans : []));
    assert.deepEqual(all, spans);
  });

  it('uses SPANS_PER_CHUNK by default and refuses a chunk size that is not a positive integer', () => {
    const spans = Array.from({ length: SPANS_PER_CHUNK + 1 }, (_, i) => span(i));
    const messages = initialMessages(play(), spans);
    assert.equal(messages.length, 2);
    assert.ok(messages[0]?.type === 'play' && messages[0].totalSpans === SPANS_PER_CHUNK + 1);
    for (const size of [0, -1, 1.5, Number.NaN]) assert.throws(() => initialMessages(play(), spans, size), RangeError);
  });
});
