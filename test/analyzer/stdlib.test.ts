// Robustness of the analyzer on real code: every .py file of this machine's CPython standard library
// (not site-packages), made a flow file by importing the SDK first, goes through analyzeText and one
// flow library (set, then diagnostics of each file). Nothing may throw, and the facts must be plain
// data — no syntax nodes or other objects that would pin the parser's memory or break JSON. The
// standard library never says `flow.`, so a third of it is also read with the SDK bound to `self`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { analyzeText, clearStatementCache } from '../../server/src/analyzer/analyzeFile';
import type { FileFacts } from '../../server/src/analyzer/facts';
import { FlowLibrary } from '../../server/src/analyzer/flowLibrary';
import { mutate, seeded } from '../helpers/mutate';

function stdlibRoot(): string | undefined {
  try {
    const root = execFileSync('python3', ['-c', "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: 'utf8' }).trim();
    return root && existsSync(root) ? root : undefined;
  } catch {
    return undefined;
  }
}

async function pyFiles(dir: string, out: string[] = []): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'site-packages' && entry.name !== 'dist-packages') await pyFiles(path, out);
    } else if (entry.isFile() && entry.name.endsWith('.py')) out.push(path);
  }
  return out;
}

/** The path of the first value under `value` that is not plain data, or undefined. */
function notPlainData(value: unknown, where: string, seen = new Set<object>()): string | undefined {
  if (value === null || value === undefined || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : `${where} (${value})`;
  if (typeof value !== 'object') return `${where} (a ${typeof value})`;
  if (seen.has(value)) return `${where} (a cycle)`;
  seen.add(value);
  const prototype = Object.getPrototypeOf(value);
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const bad = notPlainData(item, `${where}[${i}]`, seen);
      if (bad) return bad;
    }
  } else if (prototype === Object.prototype || prototype === null) {
    for (const [key, item] of Object.entries(value)) {
      const bad = notPlainData(item, `${where}.${key}`, seen);
      if (bad) return bad;
    }
  } else return `${where} (a ${value.constructor?.name ?? 'non-plain object'})`;
  seen.delete(value); // the same fact may be reached twice without a cycle (it is data all the same)
  return undefined;
}

/** Each file, `prefix` first, through analyzeText and one library; returns the counts seen. */
async function throughTheAnalyzer(files: string[], prefix: string, damage: (text: string) => string = (text) => text): Promise<{ flowFiles: number; diagnostics: number }> {
  const library = new FlowLibrary();
  let flowFiles = 0;
  let diagnostics = 0;
  try {
    for (const path of files) {
      const text = damage(prefix + (await readFile(path, 'utf8')));
      let facts: FileFacts;
      try {
        facts = await analyzeText(path, text);
      } catch (error) {
        assert.fail(`analyzeText threw on ${path}: ${(error as Error)?.stack ?? String(error)}`);
      }
      assert.equal(notPlainData(facts, path), undefined);
      if (facts.isFlowFile) flowFiles++;
      library.set(facts);
    }
    for (const path of files) {
      const found = library.diagnostics(path);
      assert.equal(notPlainData(found, `diagnostics of ${path}`), undefined);
      diagnostics += found.length;
    }
  } finally {
    clearStatementCache();
  }
  return { flowFiles, diagnostics };
}

const root = stdlibRoot();
const files = root ? pyFiles(root) : Promise.resolve([]);

test('every file of the CPython standard library, as a flow file: analysed and checked without an exception, facts are plain data', { timeout: 120_000 }, async (t) => {
  if (!root) return t.skip('no CPython standard library on this machine');
  const all = await files;
  assert.ok(all.length > 100, `${all.length} files under ${root}`);
  const seen = await throughTheAnalyzer(all, 'from hero_tracing import flow\n');
  assert.equal(seen.flowFiles, all.length, 'the SDK import makes every file a flow file');
  t.diagnostic(`${all.length} files, ${seen.diagnostics} diagnostics`);
});

test('a third of them with the SDK bound to `self`: every method body goes through the flow checks', { timeout: 120_000 }, async (t) => {
  if (!root) return t.skip('no CPython standard library on this machine');
  const some = (await files).filter((_, i) => i % 3 === 0);
  const seen = await throughTheAnalyzer(some, 'from hero_tracing import flow as self\n');
  assert.equal(seen.flowFiles, some.length);
  assert.ok(seen.diagnostics > 0, 'self.anything is an unknown SDK member');
  t.diagnostic(`${some.length} files, ${seen.diagnostics} diagnostics`);
});

test('mutated copies of them (truncated, characters flipped, pieces deleted, flow fragments added): still no exception', { timeout: 120_000 }, async (t) => {
  if (!root) return t.skip('no CPython standard library on this machine');
  const random = seeded(7);
  const some = (await files).filter((_, i) => i % 2 === 1);
  // mutate() puts the SDK import first, so every damaged copy is read as a flow file.
  const seen = await throughTheAnalyzer(some, '', (text) => mutate(text, random));
  assert.equal(seen.flowFiles, some.length);
  t.diagnostic(`${some.length} mutated files, ${seen.diagnostics} diagnostics`);
});
