// The facts cache (issue 15): the real server over LSP, started twice on one workspace with a
// cache directory. A start with nothing changed takes every file's facts from the cache (counted in
// indexReady, not timed); a file edited while the editor was closed is analysed again; a damaged,
// truncated or crafted cache file is ignored (said in the log) and rebuilt; without a directory
// nothing is cached; the cache lives only in its private directory.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { WorkspaceFlowsRequest, type IndexReadyParams } from '../../common/src/lspMessages';
import { tempDir } from '../helpers/cli';
import { LSP_WORKSPACE, LspClient } from '../helpers/lspClient';

/** A workspace that outlives each server (copyWorkspace's is removed by stop()), its files an hour old. */
function oldWorkspace(): string {
  const workspace = tempDir('hero-cache-ws-');
  cpSync(LSP_WORKSPACE, workspace, { recursive: true });
  for (let i = 0; i < 30; i++) writeFileSync(join(workspace, `plain_${i}.py`), `VALUE = ${i}\n`);
  const hourAgo = new Date(Date.now() - 3600_000);
  const age = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) age(path);
      utimesSync(path, hourAgo, hourAgo);
    }
  };
  age(workspace);
  return workspace;
}

interface Run {
  ready: IndexReadyParams;
  flows: string[];
  log: string;
}

async function start(workspace: string, cacheDir?: string): Promise<Run> {
  const client = await LspClient.start({ workspace, initializationOptions: cacheDir ? { factsCacheDir: cacheDir } : {} });
  try {
    const ready = await client.indexReady;
    const listed = await client.request(WorkspaceFlowsRequest, {});
    const flows = listed.files.flatMap((file) => file.flows.map((flow) => `${file.uri.slice(file.uri.lastIndexOf('/') + 1)}:${flow.name}`)).sort();
    return { ready, flows, log: client.log };
  } finally {
    assert.equal(await client.stop(), 0);
  }
}

function cacheFileOf(cacheDir: string): string {
  const files = readdirSync(cacheDir);
  assert.equal(files.length, 1, `one cache file, no temp file left: ${files.join(', ')}`);
  return join(cacheDir, files[0]!);
}

test('a start with nothing changed takes every file from the cache, parses none, and lists the same flows', { timeout: 60_000 }, async () => {
  const workspace = oldWorkspace();
  const cacheDir = join(tempDir('hero-cache-'), 'facts');
  const cold = await start(workspace, cacheDir);
  assert.equal(cold.ready.fromCache, 0);
  assert.ok(cold.ready.parsed > 0);
  assert.equal(statSync(cacheDir).mode & 0o777, 0o700);
  assert.equal(statSync(cacheFileOf(cacheDir)).mode & 0o777, 0o600);

  const warm = await start(workspace, cacheDir);
  assert.deepEqual([warm.ready.fromCache, warm.ready.parsed, warm.ready.files], [cold.ready.files, 0, cold.ready.files]);
  assert.deepEqual(warm.flows, cold.flows);
  assert.ok(warm.flows.length > 0);
  assert.deepEqual(readdirSync(workspace).filter((name) => name.endsWith('.facts')), [], 'nothing written into the workspace');
});

test('files edited, rewritten or touched while the editor was closed: only new bytes are analysed', { timeout: 60_000 }, async () => {
  const workspace = oldWorkspace();
  const cacheDir = tempDir('hero-cache-');
  const cold = await start(workspace, cacheDir);

  const onboarding = join(workspace, 'flows', 'onboarding.py');
  const text = readFileSync(onboarding, 'utf8');
  const renamed = text.replace(/(@\w+\(\s*")([^"]+)"/, (_all, start: string, name: string) => `${start}${name.slice(0, -1)}X"`);
  assert.notEqual(renamed, text);
  assert.equal(renamed.length, text.length);
  writeFileSync(onboarding, renamed); // same size, new bytes, new mtime
  const earlier = new Date(Date.now() - 7200_000);
  writeFileSync(join(workspace, 'plain_0.py'), 'VALUE = 0\n'); // same bytes rewritten (a checkout): new mtime only
  utimesSync(join(workspace, 'plain_1.py'), earlier, earlier); // touched into the past: same bytes
  writeFileSync(join(workspace, 'flows', 'added.py'), 'from hero_tracing import flow\n\n@flow("Added later")\ndef run(inputs):\n    return {}\n');

  const warm = await start(workspace, cacheDir);
  assert.equal(warm.ready.files, cold.ready.files + 1);
  assert.equal(warm.ready.parsed, 2, 'the edited flow file and the new one');
  assert.equal(warm.ready.fromCache, cold.ready.files - 1);
  assert.ok(warm.flows.includes('added.py:Added later'));
  const before = cold.flows.filter((f) => f.startsWith('onboarding.py:'));
  const after = warm.flows.filter((f) => f.startsWith('onboarding.py:'));
  assert.equal(after.length, before.length);
  assert.ok(after.some((f) => f.endsWith('X')) && !before.some((f) => f.endsWith('X')), after.join(', '));
});

test('a start with nothing changed leaves the cache file as it is; a file gone since has it rewritten without that file', { timeout: 90_000 }, async () => {
  const workspace = oldWorkspace();
  const cacheDir = tempDir('hero-cache-');
  await start(workspace, cacheDir);
  const file = cacheFileOf(cacheDir);
  const written = { bytes: readFileSync(file), ino: statSync(file).ino };
  const warm = await start(workspace, cacheDir);
  assert.equal(warm.ready.parsed, 0);
  assert.deepEqual({ bytes: readFileSync(cacheFileOf(cacheDir)), ino: statSync(cacheFileOf(cacheDir)).ino }, written, 'not rewritten');

  rmSync(join(workspace, 'plain_3.py'));
  const after = await start(workspace, cacheDir);
  assert.equal(after.ready.fromCache, warm.ready.files - 1);
  const rewritten = readFileSync(cacheFileOf(cacheDir), 'utf8');
  assert.notEqual(statSync(cacheFileOf(cacheDir)).ino, written.ino, 'a new file renamed in place');
  assert.ok(!rewritten.includes('"plain_3.py"') && rewritten.includes('"plain_4.py"'));
  const again = await start(workspace, cacheDir);
  assert.deepEqual([again.ready.fromCache, again.ready.parsed], [after.ready.files, 0]);
});

/** A cache file rewritten with its checksum made right again: only the checks past the checksum can catch it. */
function resealed(bytes: Buffer, edit: (lines: string[]) => void): Buffer {
  const lines = bytes.toString('utf8').split('\n').slice(0, -2); // header + entries (the trailer goes)
  edit(lines);
  const body = Buffer.from(lines.map((line) => `${line}\n`).join(''));
  const sha256 = createHash('sha256').update(body).digest('hex');
  return Buffer.concat([body, Buffer.from(`${JSON.stringify({ entries: lines.length - 1, sha256 })}\n`)]);
}

test('a damaged, truncated or crafted cache file is ignored, said so, and rebuilt', { timeout: 120_000 }, async () => {
  const workspace = oldWorkspace();
  const cacheDir = tempDir('hero-cache-');
  const cold = await start(workspace, cacheDir);
  const file = cacheFileOf(cacheDir);
  const good = readFileSync(file);
  const flipped = Buffer.from(good);
  flipped[Math.floor(good.length / 2)]! ^= 0x20;
  const outside = resealed(good, (lines) => {
    const entry = JSON.parse(lines[1]!) as unknown[];
    entry[0] = '../outside.py';
    lines[1] = JSON.stringify(entry);
  });
  const badFacts = resealed(good, (lines) => {
    const index = lines.findIndex((line) => line.includes('"isFlowFile":true'));
    lines[index] = lines[index]!.replace('"isFlowFile":true', '"isFlowFile":true,"__proto__":{"polluted":1}');
  });
  const otherKey = resealed(good, (lines) => {
    lines[0] = lines[0]!.replace(/"key":"[^"]*"/, '"key":"another build"');
  });
  const cases: [string, Buffer, RegExp][] = [
    ['truncated', good.subarray(0, Math.floor(good.length * 0.6)), /truncated|checksum|trailer/],
    ['a flipped bit', flipped, /checksum|unreadable/],
    ['a path outside the folder', outside, /bad entry path/],
    ['facts with a prototype key', badFacts, /bad facts/],
    ['another build', otherKey, /another build/],
    ['not JSON', Buffer.from('\u0000\u0001garbage\n{]\n'), /unreadable|trailer|checksum/],
  ];
  for (const [what, bytes, problem] of cases) {
    writeFileSync(file, bytes);
    const run = await start(workspace, cacheDir);
    assert.equal(run.ready.fromCache, 0, what);
    assert.equal(run.ready.parsed, cold.ready.parsed, what);
    assert.deepEqual(run.flows, cold.flows, what);
    assert.match(run.log, /facts cache of .* ignored \(/, what);
    assert.match(run.log, problem, what);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.notDeepEqual(readFileSync(cacheFileOf(cacheDir)), bytes, `${what}: rebuilt`);
  }
  const warm = await start(workspace, cacheDir);
  assert.deepEqual([warm.ready.fromCache, warm.ready.parsed], [cold.ready.files, 0], 'the rebuilt cache is used');
});

test('without a cache directory nothing is cached', { timeout: 60_000 }, async () => {
  const workspace = oldWorkspace();
  const first = await start(workspace);
  const second = await start(workspace);
  assert.deepEqual([first.ready.fromCache, second.ready.fromCache, second.ready.parsed], [0, 0, first.ready.parsed]);
});
