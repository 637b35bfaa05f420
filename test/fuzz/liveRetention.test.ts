// A live collector lets ended spans go (runtime/src/playBuilder.ts, SpanRetention): with a tiny
// retention, so spans are let go all the time, fuzzed span streams — the SDK's span lines with
// their ids drawn from a small pool (lines meet spans started, ended and let go), then mutated
// byte by byte — never make it throw, and every line is accounted for. Fixed seed, bounded runs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Collector } from '../../runtime/src/collector';

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
