// Fuzzing the runtime's pipeline (issue 10, class 13): random and mutated event streams, started
// from real recorded streams, go through the line framer → collector → builder in-process, then
// through the play store's trace file and the built `hero-flows show`. Whatever the bytes:
// nothing throws out, Object.prototype gains nothing, every valid event is kept, every line is
// accounted for in the stats, and the framer never holds more than its cap.
// Fixed seed, bounded runs: a failure prints the seed and the counterexample to replay it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Play, Span } from '../../common/src/play';
import { emptyStreamStats } from '../../common/src/play';
import { Collector } from '../../runtime/src/collector';
import { LineFramer } from '../../runtime/src/lineFramer';
import type { PlayBuilder } from '../../runtime/src/playBuilder';
import { emptyPlay } from '../../runtime/src/playOutcome';
import { newPlayId, PlayStore } from '../../runtime/src/store';
import { playFromTraceFile } from '../../runtime/src/traceFile';
import { fullReport } from '../../cli/src/render/playReport';
import { EXAMPLES, ROOT, cli, runJson, tempDir } from '../helpers/cli';

const SEED = Number(process.env.HERO_FUZZ_SEED ?? 20261002);
console.log(`fuzz seed ${SEED} (replay with HERO_FUZZ_SEED=${SEED})`);

/** Small enough that the fuzzer's own long lines reach it. */
const MAX_LINE = 64 * 1024;

// ---- real recorded streams to start from --------------------------------------------------------

function recordedStreams(): string[][] {
  const dir = join(ROOT, 'test', 'fixtures', 'traces');
  const files = readdirSync(dir).filter((name) => name.endsWith('.jsonl')).map((name) => readFileSync(join(dir, name), 'utf8'));
  // Two example flows, run once for real: a play that ends ok with child spans, one that fails.
  for (const [file, args] of [['create_workspace.py', ['--input', 'name=fuzz']], ['failing_flow.py', ['--input', 'email=ada@example.com']]] as const) {
    const { play, store } = runJson(join(EXAMPLES, file), [...args]);
    files.push(readFileSync(join(store, 'plays', play.id, 'trace.jsonl'), 'utf8'));
  }
  return files.map((text) => text.split('\n').filter((line) => line !== ''));
}

// ---- hostile lines, built as JSON text (so a `__proto__` key really is in the bytes) ------------

const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'child_play_id', 'toString', 'hasOwnProperty', 'tags', 'type'];
const key = fc.oneof(fc.constantFrom(...HOSTILE_KEYS), fc.string({ maxLength: 6 }));
const hugeNumber = fc.constantFrom('1e308', '-1e308', '1e309', '-1e400', '5e-324', '9007199254740993', '-0');
const leaf = fc.oneof(
  fc.integer().map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n)),
  hugeNumber,
  fc.string({ maxLength: 12 }).map((s) => JSON.stringify(s)),
  fc.constantFrom('true', 'false', 'null'),
);
const { value: jsonText } = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
    fc.array(fc.tuple(key, tie('value')), { maxLength: 4 }).map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
  ),
}));
/** Nesting far past the stored bound, as objects or arrays. */
const deepText = fc.tuple(fc.integer({ min: 60, max: 20_000 }), fc.boolean()).map(([depth, arrays]) =>
  arrays ? '['.repeat(depth) + '1' + ']'.repeat(depth) : '{"d":'.repeat(depth) + '1' + '}'.repeat(depth),
);
const anyValue = fc.oneof({ weight: 6, arbitrary: jsonText }, { weight: 1, arbitrary: deepText });

const SPAN_IDS = ['a1', 'a2', 'root', 's1', '__proto__', 'constructor', 'prototype', 'toString', ''];
const typed = {
  span_id: fc.constantFrom(...SPAN_IDS).map((s) => JSON.stringify(s)),
  parent_id: fc.oneof(fc.constantFrom(...SPAN_IDS, 'nowhere').map((s) => JSON.stringify(s)), fc.constant('null')),
  name: fc.string({ maxLength: 10 }).map((s) => JSON.stringify(s)),
  t_ms: fc.oneof(fc.integer({ min: 1_776_760_000_000, max: 1_776_760_100_000 }).map(String), hugeNumber),
  status: fc.constantFrom('"ok"', '"failed"', '"cancelled"', '"exploded"', '""', '1', 'null'),
  kind: fc.constantFrom('"flow_root"', '"step"', '"rpc"', '"subflow"', '"martian"', '7'),
  message: fc.string({ maxLength: 20 }).map((s) => JSON.stringify(s)),
  tags: anyValue,
  inputs: anyValue,
  output: anyValue,
  reason: fc.string({ maxLength: 10 }).map((s) => JSON.stringify(s)),
  error: fc.string({ maxLength: 10 }).map((s) => JSON.stringify(s)),
} as const;
const FIELDS = Object.keys(typed) as Array<keyof typeof typed>;
const TYPES = ['span_start', 'span_tag', 'span_log', 'span_end', 'play_flow', 'play_output', 'invoke_request', 'play_rejected', 'span_weird', '__proto__', 'constructor'];

/** One event line: a type, well-typed fields (sometimes of the wrong type) and stray hostile keys. */
const eventLine = fc
  .tuple(
    fc.constantFrom(...TYPES),
    fc.array(fc.tuple(fc.constantFrom(...FIELDS), fc.boolean(), anyValue), { maxLength: 8 }),
    fc.array(fc.tuple(key, anyValue), { maxLength: 2 }),
  )
  .chain(([type, fields, stray]) =>
    fc.tuple(...fields.map(([name, wellTyped, wrong]) => (wellTyped ? typed[name] : fc.constant(wrong)).map((value) => [name, value] as const))).map(
      (chosen) => `{"type":${JSON.stringify(type)},${[...chosen, ...stray].map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`.replace(',}', '}'),
    ),
  );

type Mutation =
  | { op: 'drop' | 'dup'; at: number }
  | { op: 'swap'; at: number; other: number }
  | { op: 'truncate'; at: number; keep: number }
  | { op: 'bytes'; at: number; offset: number; bytes: Uint8Array }
  | { op: 'insert'; at: number; line: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constantFrom('drop' as const, 'dup' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('swap' as const), at: fc.nat(), other: fc.nat() }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat(), keep: fc.nat() }),
  fc.record({ op: fc.constant('bytes' as const), at: fc.nat(), offset: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), line: eventLine }),
);

function mutate(lines: string[], mutations: Mutation[]): Buffer[] {
  const out = lines.map((line) => Buffer.from(line));
  for (const m of mutations) {
    const at = out.length === 0 ? 0 : m.at % out.length;
    if (m.op === 'insert') out.splice(at, 0, Buffer.from(m.line));
    if (out.length === 0) continue;
    if (m.op === 'drop') out.splice(at, 1);
    else if (m.op === 'dup') out.splice(at, 0, out[at]!);
    else if (m.op === 'swap') [out[at], out[m.other % out.length]] = [out[m.other % out.length]!, out[at]!];
    else if (m.op === 'truncate') out[at] = out[at]!.subarray(0, m.keep % (out[at]!.length + 1));
    else if (m.op === 'bytes') {
      const offset = m.offset % (out[at]!.length + 1);
      out[at] = Buffer.concat([out[at]!.subarray(0, offset), m.bytes, out[at]!.subarray(offset)]);
    }
  }
  return out;
}

/** The stream as bytes: lines joined by LF or CRLF, the last one maybe without its newline. */
function streamBytes(lines: Buffer[], crlf: boolean, trailingNewline: boolean): Buffer {
  const parts: Buffer[] = [];
  lines.forEach((line, index) => {
    parts.push(line);
    if (index < lines.length - 1 || trailingNewline) parts.push(Buffer.from(crlf ? '\r\n' : '\n'));
  });
  return Buffer.concat(parts);
}

function chunks(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let from = 0;
  for (const point of points) {
    out.push(bytes.subarray(from, point));
    from = point;
  }
  out.push(bytes.subarray(from));
  return out;
}

// ---- what the stream must come out as --------------------------------------------------------------

interface Expected {
  /** Lines the collector must count (non-blank). */
  lines: number;
  started: Set<string>;
  /** Top-level tag keys each span must end with, from valid span_tag / span_start / span_end lines. */
  tagKeys: Map<string, Set<string>>;
  logs: Map<string, number>;
}

function own(event: Record<string, unknown>, name: string): unknown {
  return Object.hasOwn(event, name) ? event[name] : undefined;
}

/** An independent reading of the bytes, line by line, by the spec's rules. */
function expectedFrom(bytes: Buffer): Expected {
  const expected: Expected = { lines: 0, started: new Set(), tagKeys: new Map(), logs: new Map() };
  for (let line of bytes.toString('utf8').split('\n')) {
    if (line.endsWith('\r')) line = line.slice(0, -1);
    let event: unknown;
    try {
      event = JSON.parse(line);
    } catch {
      if (line.trim() !== '') expected.lines++;
      continue;
    }
    expected.lines++;
    if (typeof event !== 'object' || event === null || Array.isArray(event)) continue;
    const e = event as Record<string, unknown>;
    const id = own(e, 'span_id');
    if (typeof id !== 'string' || id === '') continue;
    const type = own(e, 'type');
    const tags = own(e, 'tags');
    const validStart = type === 'span_start' && typeof own(e, 'name') === 'string' && typeof own(e, 't_ms') === 'number';
    const validEnd = type === 'span_end' && typeof own(e, 't_ms') === 'number' && typeof own(e, 'status') === 'string';
    if (validStart) expected.started.add(id);
    if ((validStart || validEnd || type === 'span_tag') && typeof tags === 'object' && tags !== null && !Array.isArray(tags)) {
      let keys = expected.tagKeys.get(id);
      if (!keys) expected.tagKeys.set(id, (keys = new Set()));
      for (const k of Object.keys(tags)) keys.add(k);
    }
    const time = own(e, 't_ms');
    const message = typeof own(e, 'message') === 'string' ? own(e, 'message') : own(e, 'text');
    if (type === 'span_log' && typeof time === 'number' && Math.abs(time) <= 8.64e15 && typeof message === 'string') {
      expected.logs.set(id, (expected.logs.get(id) ?? 0) + 1);
    }
  }
  return expected;
}

function prototypeSnapshot(): string[] {
  return [Object.prototype, Array.prototype, Function.prototype].flatMap((proto) => Object.getOwnPropertyNames(proto));
}

function assertKept(builder: PlayBuilder, expected: Expected): void {
  const s = builder.stats;
  assert.equal(s.lines, expected.lines, 'every non-blank line is counted');
  assert.equal(
    s.events + s.invalid_json + s.missing_fields + s.oversized_lines + s.unknown_types + (s.failed_events ?? 0),
    s.lines,
    'every line is an event or a counted skip',
  );
  assert.equal(s.failed_events ?? 0, 0, 'no event made the builder throw');
  for (const id of expected.started) {
    const span = builder.spans.get(id);
    assert.ok(span && !span.missing_start, `the span started by a valid span_start ${JSON.stringify(id)} is kept`);
  }
  for (const [id, keys] of expected.tagKeys) {
    const tags = builder.spans.get(id)?.tags;
    assert.ok(tags, `span ${JSON.stringify(id)} with tags is kept`);
    for (const k of keys) assert.ok(Object.hasOwn(tags, k), `tag ${JSON.stringify(k)} of span ${JSON.stringify(id)} is kept as an own key`);
  }
  for (const [id, count] of expected.logs) assert.equal(builder.spans.get(id)?.logs.length, count, `every log of ${JSON.stringify(id)} is kept`);
}

function collect(parts: Buffer[]): PlayBuilder {
  const collector = new Collector({ maxLineBytes: MAX_LINE });
  const feed = collector.openStream();
  for (const part of parts) feed.push(part);
  feed.end();
  return collector.builder;
}

const streamCase = (bases: string[][]) =>
  fc.record({
    base: fc.nat({ max: bases.length - 1 }),
    fromScratch: fc.boolean(),
    scratch: fc.array(eventLine, { maxLength: 30 }),
    mutations: fc.array(mutation, { maxLength: 25 }),
    crlf: fc.boolean(),
    trailingNewline: fc.boolean(),
    cuts: fc.array(fc.nat(), { maxLength: 12 }),
  });

function bytesOf(bases: string[][], c: { base: number; fromScratch: boolean; scratch: string[]; mutations: Mutation[]; crlf: boolean; trailingNewline: boolean }): Buffer {
  const lines = c.fromScratch ? c.scratch : bases[c.base]!;
  return streamBytes(mutate(lines, c.mutations), c.crlf, c.trailingNewline);
}

// ---- the properties ----------------------------------------------------------------------------

const bases = recordedStreams();

test('fuzz: mutated streams through framer → collector → builder → report keep every valid event and pollute nothing', async () => {
  const before = prototypeSnapshot();
  const dir = tempDir('hero-fuzz-');
  await fc.assert(
    fc.asyncProperty(streamCase(bases), async (c) => {
      const bytes = bytesOf(bases, c);
      const builder = collect(chunks(bytes, c.cuts));
      assertKept(builder, expectedFrom(bytes));
      assert.deepEqual(prototypeSnapshot(), before, 'Object.prototype, Array.prototype and Function.prototype gain nothing');
      assert.equal(({} as Record<string, unknown>).child_play_id, undefined);
      // The same bytes as a trace file: the play `show` prints, as text and as JSON.
      const path = join(dir, 'trace.jsonl');
      writeFileSync(path, bytes);
      const play = await playFromTraceFile(path);
      assert.equal(play.stats.lines, builder.stats.lines);
      JSON.stringify(play);
      const text = fullReport(play).join('\n');
      assert.doesNotMatch(text, /NaN/);
      for (const span of play.spans) assert.ok(text.includes(span.name), 'every span is in the report');
    }),
    { seed: SEED, numRuns: 400 },
  );
});

test('fuzz: the framer never holds more than its cap, whatever the line lengths and chunking', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.integer({ min: 0, max: 3 * MAX_LINE }), fc.boolean()), { minLength: 1, maxLength: 12 }),
      fc.integer({ min: 512, max: MAX_LINE }),
      (lines, chunkSize) => {
        let held = 0;
        let blocks = 0;
        let oversized = 0;
        const framer = new LineFramer(MAX_LINE, { block: (bytes) => (blocks += bytes.length), oversized: () => oversized++ });
        const bytes = Buffer.concat(lines.map(([length, newline]) => Buffer.alloc(length + (newline ? 1 : 0), 'x').fill(newline ? '\n' : 'x', length)));
        for (let at = 0; at < bytes.length; at += chunkSize) {
          framer.push(bytes.subarray(at, at + chunkSize));
          held = Math.max(held, (framer as unknown as { tailLength: number }).tailLength);
          assert.ok(held <= MAX_LINE, `the framer holds ${held} bytes, over its cap`);
        }
        framer.end();
      },
    ),
    { seed: SEED, numRuns: 100 },
  );
});

test('fuzz: a 50 MB line and a million-element array are cut off by the cap and counted; the next events are kept', () => {
  const collector = new Collector({ maxLineBytes: 1 << 20 });
  const feed = collector.openStream();
  feed.push(Buffer.from('{"type":"span_start","span_id":"a","parent_id":null,"name":"before","t_ms":1}\n'));
  const piece = Buffer.alloc(1 << 20, 'y');
  feed.push(Buffer.from('{"type":"span_tag","span_id":"a","tags":{"big":"'));
  for (let i = 0; i < 50; i++) feed.push(piece);
  feed.push(Buffer.from('"}}\n'));
  feed.push(Buffer.from(`{"type":"span_tag","span_id":"a","tags":{"many":[${'0,'.repeat(999_999)}0]}}\n`));
  feed.push(Buffer.from('{"type":"span_end","span_id":"a","t_ms":2,"status":"ok"}'));
  feed.end();
  const { stats, spans } = collector.builder;
  assert.equal(stats.oversized_lines, 2);
  assert.equal(spans.get('a')!.status, 'ok');
  assert.deepEqual(spans.get('a')!.tags, {});
});

test('fuzz: mutated streams recorded through the play store are shown by the built CLI', () => {
  const samples = fc.sample(streamCase(bases), { seed: SEED, numRuns: 4 });
  for (const c of samples) {
    const bytes = bytesOf(bases, c);
    const store = new PlayStore(tempDir('hero-fuzz-store-'));
    const play: Play = emptyPlay(newPlayId(), 1_776_760_000_000);
    const recorder = store.begin(play);
    const collector = new Collector({ maxLineBytes: MAX_LINE, onBlock: (block) => recorder.writeTrace(block) });
    const feed = collector.openStream();
    for (const part of chunks(bytes, c.cuts)) feed.push(part);
    feed.end();
    const spans: Span[] = [...collector.builder.spans.values()];
    recorder.finish({ ...play, status: 'failed', end_ms: play.start_ms, spans, stats: collector.builder.stats ?? emptyStreamStats() });
    const expected = expectedFrom(bytes);
    for (const args of [['show', play.id, '--store', store.root, '--json'], ['show', store.tracePath(play.id), '--json']]) {
      const shown = cli(args);
      assert.equal(shown.status, 0, `${args.join(' ')}: ${shown.stderr}`);
      assert.equal(shown.stderr, '');
      const ids = new Set((JSON.parse(shown.stdout) as Play).spans.map((span) => span.span_id));
      for (const id of expected.started) assert.ok(ids.has(id), `${args[0]} keeps span ${JSON.stringify(id)}`);
    }
    const text = cli(['show', play.id, '--store', store.root]);
    assert.equal(text.status, 0, text.stderr);
    assert.equal(text.stderr, '');
  }
});
