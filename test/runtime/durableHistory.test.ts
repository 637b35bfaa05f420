// What the runtime reads of a play's history (runtime/src/history.ts): the pending pause, a truncated
// last line ignored, a corrupt line named — and, since a history is untrusted, crafted and random
// bytes never throw anything but a HistoryError, never hang, never reach a prototype.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HistoryError, MAX_LINE_BYTES, MAX_NESTING, parseHistory, readHistory } from '../../runtime/src/history';
import { tempDir } from '../helpers/cli';

/** A key of the history's form (32 hex digits) named by a short text. */
const hex = (name: string) => Buffer.from(name).toString('hex').padEnd(32, '0').slice(0, 32);
const attempt = (n: number, mode = n === 1 ? 'run' : 'resume') => JSON.stringify({ type: 'attempt', attempt: n, mode, version: '5c0f', t_ms: 1776760000123 + n });
const effect = (key: string, n = 1, extra: object = { ok: true, result: { id: 3 } }) =>
  JSON.stringify({ type: 'effect', key: hex(key), site: hex(`s${key}`), effect: 'rpc', name: 'Whiteboard.create', path: 'approve#0', index: 0, attempt: n, span_id: 'ab12', ...extra });
const pause = (n: number, pauseKey = 'approve') =>
  JSON.stringify({ type: 'pause', key: hex(`p${n}`), site: hex('sp'), pause_key: pauseKey, prompt: 'Approve?', fields: { ok: { type: 'bool', required: true } }, attempt: n, span_id: 'cd34', t_ms: 1776760000999 });
const drop = (keys: string[], n: number) => JSON.stringify({ type: 'drop', keys: keys.map(hex), attempt: n, reason: 'the code took another path' });
const text = (...lines: string[]) => Buffer.from(lines.map((line) => `${line}\n`).join(''));

test('the pending pause is the last pause line after the last attempt line; effects count what is recorded and not dropped', () => {
  const paused = parseHistory(text(attempt(1), effect('a'), effect('b', 1, { ok: false, error: { type: 'TimeoutError', builtin: true, message: 'timed out' } }), pause(1)));
  assert.equal(paused.pendingPause?.pause_key, 'approve');
  assert.deepEqual(paused.pendingPause?.fields, { ok: { type: 'bool', required: true } });
  assert.equal(paused.pendingPause?.attempt, 1);
  assert.equal(paused.effects, 2);
  assert.equal(paused.lastAttempt, 1);

  // Attempt 2 answered it (an effect line for the pause), went on, dropped a record, and finished.
  const answered = parseHistory(text(attempt(1), effect('a'), pause(1), attempt(2), effect('p1', 2, { ok: true, result: { ok: true } }), drop(['a'], 2), effect('c', 2, { unrecorded: 'result is not JSON: datetime' })));
  assert.equal(answered.pendingPause, null);
  assert.equal(answered.lastAttempt, 2);
  assert.equal(answered.lastMode, 'resume');
  assert.equal(answered.effects, 2);

  assert.deepEqual(parseHistory(Buffer.alloc(0)), { lines: 0, effects: 0, lastAttempt: 0, lastMode: null, pendingPause: null, truncatedTail: false });
});

test('a truncated last line (a crash mid-write) is ignored; the same bytes anywhere else make the history corrupt, naming the line', () => {
  const whole = text(attempt(1), effect('a'), pause(1));
  const cut = Buffer.concat([whole, Buffer.from(effect('b').slice(0, 40))]);
  const reading = parseHistory(cut);
  assert.equal(reading.truncatedTail, true);
  assert.equal(reading.pendingPause?.pause_key, 'approve');
  assert.equal(reading.effects, 1);

  const inside = Buffer.concat([text(attempt(1)), Buffer.from(`${effect('b').slice(0, 40)}\n`), text(pause(1))]);
  assert.throws(() => parseHistory(inside, 'history.jsonl'), (error: unknown) => {
    assert.ok(error instanceof HistoryError);
    assert.equal(error.line, 2);
    assert.match(error.message, /history\.jsonl is corrupt at line 2: not JSON/);
    return true;
  });
});

test('each record type is checked field by field: wrong types, unknown types and missing fields name the line and the field', () => {
  const cases: Array<[string, RegExp]> = [
    [JSON.stringify({ type: 'attempt', attempt: 0, mode: 'run', version: 'v', t_ms: 1 }), /"attempt" is not an attempt number/],
    [JSON.stringify({ type: 'attempt', attempt: 1, mode: 'rerun', version: 'v', t_ms: 1 }), /"mode" is not one of run, resume, retry, retry_reuse/],
    [effect('a', 1, { ok: true, result: 1, effect: 'shell' }), /"effect" is not one of pause, rpc, invoke, step/],
    [effect('a', 1, { ok: 'yes' }), /neither "ok" nor "unrecorded"/],
    [effect('a', 1, { ok: false, error: 'boom' }), /"error" is not \{type, message, builtin\}/],
    [JSON.stringify({ type: 'effect', key: hex('a'), ok: true, result: 1 }), /"site" is not 32 hex digits/],
    [JSON.stringify({ type: 'effect', key: 'a', site: hex('s'), ok: true, result: 1 }), /"key" is not 32 hex digits/],
    [JSON.stringify({ type: 'pause', key: hex('k'), site: hex('s'), pause_key: 'p', prompt: '?', fields: { ok: 'bool' }, attempt: 1, span_id: 'x', t_ms: 1 }), /field "ok" has no "type"/],
    [JSON.stringify({ type: 'drop', keys: 'a', attempt: 1, reason: '' }), /"keys" is not a list of keys/],
    [JSON.stringify({ type: 'shell', command: 'rm -rf /' }), /unknown record type "shell"/],
    [JSON.stringify([1, 2]), /not a JSON object/],
    ['', /an empty line/],
  ];
  for (const [line, message] of cases) {
    assert.throws(() => parseHistory(text(attempt(1), line, pause(1))), (error: unknown) => error instanceof HistoryError && error.line === 2 && message.test(error.message), line);
  }
});

test('only own keys count: a polluted Object.prototype does not complete a record, and prototype keys stay data', () => {
  const proto = Object.prototype as Record<string, unknown>;
  proto.site = 'planted';
  proto.result = 'planted';
  try {
    assert.throws(() => parseHistory(text(JSON.stringify({ type: 'effect', key: hex('a'), effect: 'rpc', name: 'n', path: '', index: 0, attempt: 1, span_id: 's', ok: true, result: 1 }), pause(1))), /"site" is not/);
    assert.throws(() => parseHistory(text(JSON.stringify({ type: 'effect', key: hex('a'), site: hex('s'), effect: 'rpc', name: 'n', path: '', index: 0, attempt: 1, span_id: 's', ok: true }), pause(1))), /ok without a "result"/);
  } finally {
    delete proto.site;
    delete proto.result;
  }
  const crafted = `{"type":"pause","key":"${hex('k')}","site":"${hex('s')}","pause_key":"p","prompt":"?","fields":{"__proto__":{"type":"str"},"constructor":{"type":"int"}},"attempt":1,"span_id":"x","t_ms":1,"__proto__":{"polluted":true}}`;
  const reading = parseHistory(text(crafted));
  assert.deepEqual(Object.keys(reading.pendingPause!.fields), ['__proto__', 'constructor']);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(Object.getPrototypeOf(reading.pendingPause!.fields), Object.prototype);
});

test('bounds: an over-long line and brackets nested past the limit are corrupt lines, found without recursion; field defaults are cut deep', () => {
  const deep = `{"type":"effect","result":${'['.repeat(MAX_NESTING + 1)}${']'.repeat(MAX_NESTING + 1)}}`;
  assert.throws(() => parseHistory(text(deep, pause(1))), new RegExp(`line 1: nested deeper than ${MAX_NESTING} levels`));
  // Brackets inside strings are text, not nesting.
  const inString = effect('a', 1, { ok: true, result: '['.repeat(MAX_NESTING + 10) });
  assert.equal(parseHistory(text(inString)).effects, 1);
  const long = effect('a', 1, { ok: true, result: 'x'.repeat(MAX_LINE_BYTES) });
  assert.throws(() => parseHistory(text(long, pause(1))), new RegExp(`line 1: the line is \\d+ bytes, over ${MAX_LINE_BYTES}`));
  // A field's default nests like any value: to the bound it is kept whole, past it the line is corrupt.
  const pauseWithDefault = (depth: number) =>
    JSON.stringify({ type: 'pause', key: hex('k'), site: hex('s'), pause_key: 'p', prompt: '?', fields: { f: { type: 'any', default: JSON.parse('['.repeat(depth) + ']'.repeat(depth)) } }, attempt: 1, span_id: 'x', t_ms: 1 });
  const kept = parseHistory(text(pauseWithDefault(MAX_NESTING - 3))).pendingPause!.fields;
  assert.equal(JSON.stringify(kept).split('[').length - 1, MAX_NESTING - 3);
  assert.throws(() => parseHistory(text(pauseWithDefault(MAX_NESTING))), /nested deeper than/);
});

test('readHistory: a missing file is empty; a link, a FIFO or a folder is refused (never followed, never waited on)', () => {
  const dir = tempDir();
  assert.equal(readHistory(join(dir, 'history.jsonl')).lines, 0);
  const outside = join(dir, 'outside.jsonl');
  writeFileSync(outside, text(attempt(1), pause(1)));
  const link = join(dir, 'link.jsonl');
  symlinkSync(outside, link);
  assert.throws(() => readHistory(link), HistoryError);
  const fifo = join(dir, 'fifo.jsonl');
  execFileSync('mkfifo', [fifo]);
  assert.throws(() => readHistory(fifo), /not a regular file/);
  assert.throws(() => readHistory(dir), /not a regular file|cannot read/);
  assert.equal(readHistory(outside).pendingPause?.pause_key, 'approve');
});

/** A small deterministic generator, so a failing case can be replayed from its seed. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

test('fuzz: random bytes and mutated histories either read or throw a HistoryError, nothing else, and quickly', () => {
  const valid = text(attempt(1), effect('a'), effect('b', 1, { ok: false, error: { type: 'E', message: 'm' } }), pause(1), attempt(2), effect('p1', 2), drop(['a'], 2), pause(2, 'again'));
  const pieces = ['{', '}', '[', ']', '"', '\\', ':', ',', '\n', '\r', 'null', '__proto__', '"type":"pause"', '"type":"effect"', '"attempt":1', '1e999', '-0', '\u0000', '\uffff', '"fields":{}'];
  const next = random(20261203);
  let read = 0;
  let refused = 0;
  for (let round = 0; round < 3000; round++) {
    let bytes: Buffer;
    const kind = round % 3;
    if (kind === 0) {
      bytes = Buffer.alloc(Math.floor(next() * 400));
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(next() * 256);
    } else if (kind === 1) {
      bytes = Buffer.from(valid);
      for (let flips = 1 + Math.floor(next() * 4); flips > 0; flips--) bytes[Math.floor(next() * bytes.length)] = Math.floor(next() * 256);
    } else {
      const s = valid.toString('utf8');
      const at = Math.floor(next() * s.length);
      const cut = Math.floor(next() * 20);
      bytes = Buffer.from(s.slice(0, at) + pieces[Math.floor(next() * pieces.length)] + s.slice(at + cut));
    }
    try {
      const reading = parseHistory(bytes);
      assert.ok(reading.lines >= 0 && reading.effects >= 0);
      read++;
    } catch (error) {
      if (!(error instanceof HistoryError)) throw new Error(`round ${round}: ${String(error)} for ${JSON.stringify(bytes.toString('latin1'))}`);
      refused++;
    }
  }
  assert.ok(read > 0 && refused > 0, `${read} read, ${refused} refused`);
});
