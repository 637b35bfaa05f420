// Hostile and odd traces through the built CLI (issue 10, classes 1, 6, 10 and 12): trace data
// stays data, deep values are cut and counted, any shape is drawn (every span once, bounded width),
// absurd times and missing roots are shown as what they are, and a closed stdout ends quietly.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Play } from '../../common/src/play';
import type { PlaySummary } from '../../runtime/src/store';
import { CLI, FLOWS, cli, isAlive, runJson, tempDir, waitFor } from '../helpers/cli';

const T0 = 1_776_760_000_000;

/** A trace file of these events in a fresh folder. */
function traceFile(events: Array<object | string>, name = 'trace.jsonl'): string {
  const path = join(tempDir('hero-hostile-'), name);
  writeFileSync(path, events.map((event) => (typeof event === 'string' ? event : JSON.stringify(event))).join('\n') + '\n');
  return path;
}

const start = (id: string, parent: string | null, t = T0, extra: object = {}) => ({ type: 'span_start', span_id: id, parent_id: parent, name: `n-${id}`, t_ms: t, ...extra });
const end = (id: string, t = T0 + 10, status = 'ok') => ({ type: 'span_end', span_id: id, t_ms: t, status });
const deepJson = (depth: number) => '{"d":'.repeat(depth) + '1' + '}'.repeat(depth);

function show(path: string, json: boolean) {
  const result = cli(['show', path, ...(json ? ['--json'] : [])]);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stderr, '');
  return result;
}

function showJson(path: string): Play {
  return JSON.parse(show(path, true).stdout) as Play;
}

test('class 1: a __proto__ tag is stored and shown as data, and links no other span to a child play', () => {
  const path = traceFile([
    start('root', null, T0, { kind: 'flow_root' }),
    start('a', 'root'),
    { type: 'span_tag', span_id: 'a', tags: { first: 1 } },
    '{"type":"span_tag","span_id":"a","tags":{"__proto__":{"child_play_id":"X"},"constructor":{"prototype":{"x":1}}}}',
    '{"type":"span_end","span_id":"a","t_ms":1776760000005,"status":"ok","tags":{"__proto__":{"more":2}}}',
    end('root'),
  ]);
  const text = show(path, false).stdout;
  assert.doesNotMatch(text, /child play/, 'no span links to a child play it never named');
  const play = showJson(path);
  const a = play.spans.find((span) => span.span_id === 'a')!;
  assert.deepEqual(JSON.parse(JSON.stringify(a.tags)), JSON.parse('{"first":1,"__proto__":{"child_play_id":"X","more":2},"constructor":{"prototype":{"x":1}}}'));
  assert.equal(Object.hasOwn(play.spans.find((span) => span.span_id === 'root')!.tags, '__proto__'), false);
});

test('class 1 and 6, live: a flow sending 10,000-deep tags and prototype keys ends ok; list, show and show --json of its store work', () => {
  const { play, code, stderr, store } = runJson(join(FLOWS, 'hostile_data.py'));
  assert.equal(code, 0, stderr);
  assert.equal(play.status, 'ok');
  assert.equal(play.output, 'survived');
  assert.ok((play.stats.cut_values ?? 0) >= 1, 'the cut is counted');
  assert.equal(play.stats.failed_events ?? 0, 0);
  const step = play.spans.find((span) => span.name === 'receives hostile data')!;
  assert.ok(Object.hasOwn(step.tags, '__proto__'), 'a tag named __proto__ is an ordinary tag');
  assert.ok(Object.hasOwn(step.tags, 'constructor'));
  assert.match(JSON.stringify(step.tags.deep), /\[cut: nested deeper than 64 levels\]/);
  // Class 12, live: the times it sent are shown as what they are, and counted.
  assert.equal(play.stats.bad_times, 3);
  assert.equal(play.spans.find((span) => span.span_id === 'late')!.time_error, 'ends 5 ms before it starts');
  assert.equal(play.spans.find((span) => span.span_id === 'far')!.end_ms, null);

  const listed = cli(['list', '--store', store, '--json']);
  assert.equal(listed.status, 0, listed.stderr);
  assert.deepEqual((JSON.parse(listed.stdout) as PlaySummary[]).map((p) => p.status), ['ok']);
  assert.equal(cli(['list', '--store', store]).status, 0);
  const shownText = cli(['show', play.id, '--store', store]);
  assert.equal(shownText.status, 0, shownText.stderr);
  assert.match(shownText.stdout, /values? nested deeper than 64 levels cut/);
  assert.doesNotMatch(shownText.stdout, /child play/);
  const shown = cli(['show', play.id, '--store', store, '--json']);
  assert.equal(shown.status, 0, shown.stderr);
  assert.equal((JSON.parse(shown.stdout) as Play).status, 'ok');
  // The raw trace keeps the original bytes; re-reading it tells the same story.
  const raw = showJson(join(store, 'plays', play.id, 'trace.jsonl'));
  assert.deepEqual(raw.spans, play.spans);
  assert.equal(raw.stats.cut_values, play.stats.cut_values);
});

test('class 6: a 100,000-deep output and inputs in a trace file are cut and counted, show --json works', () => {
  const path = traceFile([
    `{"type":"play_flow","name":"deep","inputs":{"x":${deepJson(100_000)}}}`,
    start('root', null, T0, { kind: 'flow_root' }),
    `{"type":"play_output","output":${deepJson(100_000)}}`,
    `{"type":"span_tag","span_id":"root","tags":{"t":${deepJson(100_000)}}}`,
    end('root'),
  ]);
  const play = showJson(path);
  assert.equal(play.status, 'ok');
  assert.equal(play.stats.cut_values, 3);
  assert.match(show(path, false).stdout, /3 values nested deeper than 64 levels cut/);
});

test('class 10: 200,000 sibling spans are shown, each once', () => {
  const count = 200_000;
  const events: object[] = [start('root', null, T0, { kind: 'flow_root' })];
  for (let i = 0; i < count; i++) events.push(start(`s${i}`, 'root', T0 + i));
  const path = traceFile(events);
  const lines = show(path, false).stdout.split('\n');
  assert.equal(lines.filter((line) => /[├└]─ ✖ n-s\d+ /.test(line)).length, count);
  assert.equal(showJson(path).spans.length, count + 1);
});

test('class 10: a 5,000-deep chain is drawn with a bounded indent that says the depth', () => {
  const depth = 5_000;
  const events: object[] = [start('c0', null)];
  for (let i = 1; i <= depth; i++) events.push(start(`c${i}`, `c${i - 1}`, T0 + i));
  for (let i = depth; i >= 0; i--) events.push(end(`c${i}`, T0 + 2 * depth - i));
  const path = traceFile(events);
  const lines = show(path, false).stdout.split('\n').slice(1); // after the verdict line
  const spanLines = lines.filter((line) => / n-c\d+ /.test(line));
  assert.equal(spanLines.length, depth + 1);
  assert.ok(spanLines.every((line) => line.length < 200), 'the indent stops growing');
  assert.match(spanLines.at(-1)!, /\[depth 5000\] ✔ n-c5000 /);
  assert.equal(showJson(path).spans.length, depth + 1);
});

test('class 10: members of a parent cycle are shown once each, marked', () => {
  const path = traceFile([start('root', null, T0, { kind: 'flow_root' }), start('a', 'b', T0 + 1), start('b', 'a', T0 + 2), start('c', 'a', T0 + 3), start('self', 'self', T0 + 4), end('root')]);
  const text = show(path, false).stdout.split('\n').slice(1).join('\n'); // after the verdict line
  for (const id of ['root', 'a', 'b', 'c', 'self']) assert.equal(text.split(`n-${id} `).length - 1, 1, `n-${id} appears once:\n${text}`);
  assert.match(text, /parent cycle/);
});

function writeIndex(count: number): string {
  const store = tempDir('hero-store-');
  mkdirSync(join(store, 'plays'));
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const summary: PlaySummary = { id: `20260101-000000-${i.toString(16).padStart(6, '0')}`, flow_name: 'f', source_file: null, status: 'ok', start_ms: T0 + i, end_ms: T0 + i + 5, error: null, span_count: 1, pid: 1, parent_play_id: null };
    lines.push(JSON.stringify(summary));
  }
  writeFileSync(join(store, 'index.jsonl'), lines.join('\n') + '\n');
  return store;
}

test('class 10: list of 200,000 plays prints them all; list --json | head ends quietly', () => {
  const store = writeIndex(200_000);
  const listed = cli(['list', '--store', store]);
  assert.equal(listed.status, 0, listed.stderr);
  assert.equal(listed.stdout.split('\n').filter((line) => line.startsWith('✔ ')).length, 200_000);
  const piped = spawnSync('bash', ['-c', `"${process.execPath}" "${CLI}" list --json --store "${store}" | head -c 100 >/dev/null; echo "exit=\${PIPESTATUS[0]}"`], { encoding: 'utf8' });
  assert.equal(piped.stdout.trim(), 'exit=0');
  assert.equal(piped.stderr, '', 'no EPIPE stack');
});

test('class 10: run … | head stops the play quietly: exit 0, no stack, the flow is not left running', async () => {
  const store = tempDir('hero-store-');
  const piped = spawnSync('bash', ['-c', `"${process.execPath}" "${CLI}" run "${join(FLOWS, 'prints_forever.py')}" --store "${store}" | head -c 20; echo "exit=\${PIPESTATUS[0]}"`], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  const pid = Number(/pid (\d+)/.exec(piped.stdout)?.[1]);
  assert.match(piped.stdout, /exit=0\s*$/);
  assert.equal(piped.stderr, '', 'no EPIPE stack');
  await waitFor('the flow process to be gone', () => !isAlive(pid));
  const [play] = JSON.parse(cli(['list', '--store', store, '--json']).stdout) as PlaySummary[];
  assert.equal(play!.status, 'cancelled');
});

test('class 12: a trace holding only a span_end for an unknown span is failed: no flow root span', () => {
  const path = traceFile([end('ghost')]);
  const play = showJson(path);
  assert.equal(play.status, 'failed');
  assert.match(play.error ?? '', /^no flow root span: none of its 1 span was ever started/);
  assert.equal(play.stats.spans_without_start, 1);
  const text = show(path, false).stdout;
  assert.match(text, /✖ failed/);
  assert.match(text, /no span_start/);
  assert.match(text, /no flow root span/);
  const empty = showJson(traceFile(['not an event']));
  assert.equal(empty.status, 'failed');
  assert.match(empty.error ?? '', /no flow root span: the stream holds no span_start/);
});

test('class 12: an end before the start and ±1e308 times are shown as unknown durations, with the reason, and counted', () => {
  const path = traceFile([
    start('root', null, T0, { kind: 'flow_root' }),
    start('early', 'root', T0 + 50),
    end('early', T0 + 20),
    start('far', 'root', T0 + 1),
    '{"type":"span_end","span_id":"far","t_ms":1e308,"status":"ok"}',
    '{"type":"span_start","span_id":"past","parent_id":"root","name":"n-past","t_ms":-1e308}',
    end('past', T0 + 2),
    '{"type":"span_log","span_id":"root","t_ms":1e309,"message":"never"}',
    end('root', T0 + 100),
  ]);
  const play = showJson(path);
  assert.equal(play.status, 'ok');
  assert.equal(play.stats.bad_times, 3);
  assert.equal(play.stats.missing_fields, 1, 'a log whose time is no time is skipped and counted');
  const byId = new Map(play.spans.map((span) => [span.span_id, span]));
  assert.equal(byId.get('early')!.time_error, 'ends 30 ms before it starts');
  assert.equal(byId.get('far')!.end_ms, null);
  assert.match(byId.get('far')!.time_error!, /span_end time 1e\+308 is not a plausible time/);
  assert.equal(byId.get('past')!.start_ms, null);
  assert.equal(play.end_ms, T0 + 100, 'the play ends at its last plausible time');
  const text = show(path, false).stdout;
  assert.match(text, /n-early duration unknown: ends 30 ms before it starts/);
  assert.match(text, /n-far duration unknown: span_end time 1e\+308/);
  assert.match(text, /3 spans with unusable times/);
  assert.doesNotMatch(text, /NaN|Infinity ms|-\d+(\.\d+)? ms/);
});
