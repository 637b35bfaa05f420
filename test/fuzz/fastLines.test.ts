// The collector's fast path (runtime/src/fastLines.ts) against JSON.parse, differentially: for any
// line, the fast path either declines or returns exactly what JSON.parse returns. Lines are the
// SDK's span_start and span_end in all their forms, then mutated byte by byte, and arbitrary text. A live collector
// (tiny retention, so spans are let go all the time) takes fuzzed span streams without throwing and
// accounts for every line. Fixed seed, bounded runs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Collector } from '../../runtime/src/collector';
import { fastEvent } from '../../runtime/src/fastLines';

const SEED = Number(process.env.HERO_FUZZ_SEED ?? 20261203);

const hexId = fc.array(fc.constantFrom(...'0123456789abcdef'), { minLength: 16, maxLength: 16 }).map((chars) => chars.join(''));
const number = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n)),
  fc.constantFrom('1776760000123.456', '-0', '0', '1e308', '1e400', '-1E-400', '5e-324', '9007199254740993', '01', '1.', '.5', '+1', '1e', 'NaN', 'Infinity'),
);
const status = fc.constantFrom('ok', 'failed', 'cancelled', 'OK', 'exploded', '');
const tagsText = fc.oneof(
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.constantFrom('{"result":"{\\"id\\": 42}"}', '{"__proto__":{"x":1}}', '{"a":1},"status":"failed"', '{"a":1}}', '{}', '{"a":"\\ud800"}', '{ "a" : 1 }'),
);
/** The SDK's span_end, maybe with tags, an error or extra keys. */
const sdkEnd = fc
  .tuple(hexId, number, status, fc.option(tagsText, { nil: undefined }), fc.option(fc.string({ maxLength: 8 }), { nil: undefined }))
  .map(([id, t, st, tags, error]) => `{"type":"span_end","span_id":"${id}","t_ms":${t},"status":"${st}"${error === undefined ? '' : `,"error":${JSON.stringify(error)}`}${tags === undefined ? '' : `,"tags":${tags}`}}`);
const text = fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('rpc:whiteboard.board_create', 'a"b', 'a\\b', '\u0001', '\ud800', 'é ✓'));
/** The SDK's span_start: ids, a parent or null, name and kind as any text, maybe tags, a file or null. */
const sdkStart = fc
  .tuple(hexId, fc.option(hexId, { nil: null }), text, number, fc.oneof(fc.constantFrom('flow_root', 'step', 'rpc', 'martian'), text), fc.option(tagsText, { nil: undefined }), fc.option(text, { nil: null }), number)
  .map(
    ([id, parent, name, t, kind, tags, file, line]) =>
      `{"type":"span_start","span_id":"${id}","parent_id":${JSON.stringify(parent)},"name":${JSON.stringify(name)},"t_ms":${t},"kind":${JSON.stringify(kind)}${tags === undefined ? '' : `,"tags":${tags}`},"source_file":${JSON.stringify(file)},"source_line":${line}}`,
  );
/** A line changed at a few places: a character replaced, inserted or removed. */
const mutated = fc
  .tuple(fc.oneof(sdkEnd, sdkStart), fc.array(fc.tuple(fc.nat(), fc.constantFrom('replace', 'insert', 'remove'), fc.constantFrom(...'{}[]":,\\ \t0a-e.x\u0000\u00e9')), { maxLength: 3 }))
  .map(([line, edits]) => {
    let out = line;
    for (const [at, op, char] of edits) {
      const i = at % (out.length + 1);
      out = op === 'insert' ? out.slice(0, i) + char + out.slice(i) : out.slice(0, i) + (op === 'replace' ? char : '') + out.slice(i + 1);
    }
    return out;
  });
const anyLine = fc.oneof(sdkEnd, sdkStart, mutated, fc.string({ maxLength: 120 }), fc.constant('{"type":"span_end","span_id":"0123456789abcdef","t_ms":1,"status":"ok","status":"failed"}'));

function parsed(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

test('fuzz: the fast path returns what JSON.parse returns, or declines', () => {
  let taken = 0;
  fc.assert(
    fc.property(anyLine, (line) => {
      const fast = fastEvent(line);
      if (fast === undefined) return;
      taken++;
      assert.deepEqual(fast, parsed(line), line);
      assert.ok(Object.is(fast.t_ms, (parsed(line) as { t_ms: unknown }).t_ms), `t_ms of ${line}`);
    }),
    { seed: SEED, numRuns: 20_000 },
  );
  assert.ok(taken > 200, `the fast path took ${taken} lines: the SDK's span_end must take it`);
});

test('the SDK’s span_end lines take the fast path; others take JSON.parse', () => {
  assert.ok(fastEvent('{"type":"span_end","span_id":"0123456789abcdef","t_ms":1776760000123.456,"status":"ok"}'));
  assert.ok(fastEvent('{"type":"span_end","span_id":"0123456789abcdef","t_ms":1776760000123.456,"status":"ok","tags":{"result":"{\\"id\\": 42}"}}'));
  assert.equal(fastEvent('{"type":"span_end","span_id":"0123456789abcdef","t_ms":1,"status":"failed","error":"x"}'), undefined);
  assert.equal(fastEvent('{"type":"span_end","span_id":"0123456789abcdef","t_ms":1,"status":"ok","tags":{"a":1},"status":"failed"}'), undefined);
  const start = '{"type":"span_start","span_id":"0123456789abcdef","parent_id":null,"name":"Bench","t_ms":1776760000000.5,"kind":"flow_root","tags":{"args":"[\\"board\\", 3]"},"source_file":"/w/b.py","source_line":10}';
  assert.deepEqual(fastEvent(start), JSON.parse(start));
  assert.equal(fastEvent(start.replace('"Bench"', '"Be\\nch"')), undefined, 'an escape in a string: JSON.parse decodes it');
  assert.equal(fastEvent(start.replace('"tags":{"args"', '"tags":{"a":1},"source_file":"x","source_line":1,"tags":{"args"')), undefined, 'a line that splits two ways');
});

const spanLine = fc.oneof(
  sdkEnd,
  sdkStart,
  mutated,
  fc.tuple(hexId, fc.option(hexId, { nil: null }), number).map(([id, parent, t]) => `{"type":"span_start","span_id":"${id}","parent_id":${parent === null ? 'null' : `"${parent}"`},"name":"s","t_ms":${t}}`),
  fc.tuple(hexId, number).map(([id, t]) => `{"type":"span_log","span_id":"${id}","t_ms":${t},"message":"m"}`),
);
const ids = fc.array(hexId, { minLength: 1, maxLength: 6 });

test('fuzz: a live collector letting spans go takes any span stream, throws nothing and counts every line', () => {
  fc.assert(
    fc.property(ids, fc.array(fc.tuple(fc.nat(), spanLine), { maxLength: 60 }), (pool, lines) => {
      // Ids drawn from a small pool, so lines meet spans that were started, ended and let go.
      const text = lines.map(([pick, line]) => line.replace(/"span_id":"[0-9a-f]{16}"/, `"span_id":"${pool[pick % pool.length]}"`)).join('\n');
      const collector = new Collector({ onBlock: () => undefined, retention: { firstSpans: 1, failedSpans: 1, rootCandidates: 1 } });
      const feed = collector.openStream();
      feed.push(Buffer.from(`${text}\n`));
      feed.end();
      const s = collector.builder.stats;
      assert.equal(s.failed_events ?? 0, 0);
      assert.equal(s.events + s.invalid_json + s.missing_fields + s.oversized_lines + s.unknown_types, s.lines);
      assert.ok(collector.builder.spanCount >= collector.builder.spans.size);
      assert.ok(collector.builder.spanCount <= lines.length);
    }),
    { seed: SEED, numRuns: 500 },
  );
});
