// Fuzzing the facts cache's reader (issue 15): a real cache file (written by the server's own
// writer, with the real facts of the LSP fixture's flow files) is cut, bit-flipped, and rewritten
// with hostile JSON in place of any value — with its checksum made right again, so the checks past
// the checksum are what stands. Whatever the bytes: nothing throws, Object.prototype gains nothing,
// and what is accepted has every path inside its folder and every facts value of the exact shape.
// Fixed seed, bounded runs: a failure prints the seed and the counterexample to replay it.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { isInside } from '../../common/src/pathInside';
import { analyzeText } from '../../server/src/analyzer/analyzeFile';
import { contentHash, FactsCacheWriter, parseFactsCache } from '../../server/src/workspace/factsCache';
import { isFileFacts } from '../../server/src/workspace/factsShape';
import { tempDir } from '../helpers/cli';
import { LSP_WORKSPACE } from '../helpers/lspClient';

const SEED = Number(process.env.HERO_FUZZ_SEED ?? 20261015);
console.log(`fuzz seed ${SEED} (replay with HERO_FUZZ_SEED=${SEED})`);
const KEY = 'fuzz-key';

async function realCache(folder: string): Promise<Buffer> {
  const file = join(tempDir('hero-fuzz-cache-'), 'cache.facts');
  const writer = await FactsCacheWriter.create(file, folder, KEY, Date.now());
  const flows = join(LSP_WORKSPACE, 'flows');
  for (const name of readdirSync(flows).sort()) {
    const bytes = readFileSync(join(flows, name));
    const path = join(folder, 'flows', name);
    const facts = await analyzeText(path, bytes.toString('utf8'));
    writer.add(path, { size: bytes.length, mtimeMs: 1_700_000_000_000.5, hash: contentHash(bytes), facts: facts.isFlowFile ? facts : null });
  }
  await writer.commit();
  return readFileSync(file);
}

function reseal(lines: string[]): Buffer {
  const body = Buffer.from(lines.map((line) => `${line}\n`).join(''));
  const sha256 = createHash('sha256').update(body).digest('hex');
  return Buffer.concat([body, Buffer.from(`${JSON.stringify({ entries: lines.length - 1, sha256 })}\n`)]);
}

const HOSTILE = [
  '"__proto__"', '{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}', '"../../etc/passwd"', '"/etc/passwd"',
  '"flows/../../x.py"', '"a\\u0000b"', '1e309', '-1', '1.5', 'null', 'true', '[]', '{}', '""', '"x"', '9007199254740993',
  `${'['.repeat(5000)}${']'.repeat(5000)}`,
];
const hostileValue = fc.oneof(fc.constantFrom(...HOSTILE), fc.json({ maxDepth: 3 }));

/** Every JSON value's position in a line: where a hostile value can be put instead. */
function valueSpans(line: string): [number, number][] {
  const spans: [number, number][] = [];
  const re = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:e[+-]?\d+)?|true|false|null/gi;
  for (let m = re.exec(line); m; m = re.exec(line)) spans.push([m.index, m.index + m[0].length]);
  return spans;
}

function check(bytes: Buffer, folder: string): void {
  const read = parseFactsCache(bytes, folder, KEY);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  if (!read.ok) return;
  for (const [path, file] of read.contents.files) {
    assert.ok(isInside(folder, path) && path !== folder, path);
    assert.ok(file.facts === null || isFileFacts(file.facts, path));
    assert.equal(Object.getPrototypeOf(file.facts ?? {}), Object.prototype);
  }
}

test('the facts cache reader: cut, flipped or hostile bytes are refused or read as plain, checked data', async () => {
  const folder = join(tempDir('hero-fuzz-ws-'), 'ws');
  const good = await realCache(folder);
  const lines = good.toString('utf8').split('\n').slice(0, -2);
  const read = parseFactsCache(good, folder, KEY);
  assert.ok(read.ok && read.contents.files.size === lines.length - 1, 'the real file reads back');
  assert.ok(parseFactsCache(reseal(lines), folder, KEY).ok, 'resealing alone changes nothing');

  fc.assert(
    fc.property(fc.nat(), fc.nat(), fc.integer({ min: 0, max: 255 }), (at, length, byte) => {
      const cut = good.subarray(0, at % good.length);
      check(cut, folder);
      const flipped = Buffer.from(good);
      flipped[length % good.length] = byte;
      check(flipped, folder);
      assert.ok(!parseFactsCache(cut, folder, KEY).ok);
    }),
    { seed: SEED, numRuns: 300 },
  );

  fc.assert(
    fc.property(fc.nat(), fc.nat(), hostileValue, (lineAt, spanAt, value) => {
      const edited = [...lines];
      const index = lineAt % edited.length;
      const spans = valueSpans(edited[index]!);
      if (spans.length === 0) return;
      const [start, end] = spans[spanAt % spans.length]!;
      edited[index] = edited[index]!.slice(0, start) + value + edited[index]!.slice(end);
      check(reseal(edited), folder);
    }),
    { seed: SEED, numRuns: 1500 },
  );
});
