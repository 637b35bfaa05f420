// Files with syntax errors: facts from what parsed, never an exception — also on mutated copies
// of every fixture and example (truncated, characters flipped, spans deleted).

import { test } from 'node:test';
import { Edit } from 'web-tree-sitter';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeText, analyzeTree } from '../../server/src/analyzer/analyzeFile';
import { FlowLibrary } from '../../server/src/analyzer/flowLibrary';
import { createPythonParser } from '../../server/src/parser/pythonParser';
import { ANALYZER_FIXTURES, analyzeFixture, rangeOfText, withCode } from '../helpers/analyzer';
import { EXAMPLES } from '../helpers/cli';

test('a file with syntax errors keeps the flows and diagnostics of the parts that parsed', async () => {
  const { text, facts } = await analyzeFixture('syntax_errors.py');
  assert.equal(facts.hasSyntaxErrors, true);
  assert.deepEqual(facts.flows.map((f) => f.name), ['Before the error', 'After the error']);
  assert.deepEqual(facts.flows[0]!.steps.map((s) => s.name), ['ok']);
  assert.deepEqual(withCode(facts.localDiagnostics, 'flow-fields-invalid').map((d) => d.range), [rangeOfText(text, 'strr')]);
  assert.deepEqual(withCode(facts.localDiagnostics, 'flow-unknown-api').map((d) => d.range), [rangeOfText(text, 'stpe')]);
  assert.equal(facts.invokes[0]?.target, 'Before the error');
});

test('analyzeTree leaves the tree to its owner, who can edit and re-parse it', async () => {
  const parser = await createPythonParser();
  const text = 'from hero_tracing import flow\n@flow("A")\ndef run(inputs): pass\n';
  const tree = parser.parse(text)!;
  assert.deepEqual(analyzeTree('/virtual/a.py', text, tree).flows.map((f) => f.name), ['A']);
  const at = text.indexOf('A"');
  const edited = `${text.slice(0, at)}B${text.slice(at + 1)}`;
  tree.edit(new Edit({
    startIndex: at,
    oldEndIndex: at + 1,
    newEndIndex: at + 1,
    startPosition: { row: 1, column: 7 },
    oldEndPosition: { row: 1, column: 8 },
    newEndPosition: { row: 1, column: 8 },
  }));
  const next = parser.parse(edited, tree)!;
  assert.deepEqual(analyzeTree('/virtual/a.py', edited, next).flows.map((f) => f.name), ['B']);
  tree.delete();
  next.delete();
  parser.delete();
});

/** A small deterministic PRNG (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mutants(text: string, seed: number): string[] {
  const next = random(seed);
  const out: string[] = [];
  for (let i = 1; i <= 12; i++) out.push(text.slice(0, Math.floor((text.length * i) / 13)));
  const noise = ['(', ')', '"', "'", ':', '\n', '@', '{', '}', '\\', ',', '=', '*', ' ', '😀', 'flow.', '\t'];
  for (let i = 0; i < 40; i++) {
    const at = Math.floor(next() * text.length);
    if (i % 2 === 0) out.push(text.slice(0, at) + noise[Math.floor(next() * noise.length)]! + text.slice(at + 1));
    else out.push(text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 40)));
  }
  return out;
}

test('mutated fixtures and examples never make the analyzer or the library throw', async () => {
  const sources = [
    ...readdirSync(ANALYZER_FIXTURES).map((name) => join(ANALYZER_FIXTURES, name)),
    ...readdirSync(EXAMPLES).filter((name) => name.endsWith('.py')).map((name) => join(EXAMPLES, name)),
  ];
  const parser = await createPythonParser();
  const library = new FlowLibrary();
  let analysed = 0;
  for (const [index, source] of sources.entries()) {
    const text = readFileSync(source, 'utf8');
    for (const [n, mutant] of mutants(text, index + 1).entries()) {
      const path = `/mutants/${index}-${n}.py`;
      const facts = await analyzeText(path, mutant, parser);
      library.set(facts);
      const lineCount = mutant.split('\n').length;
      for (const d of library.diagnostics(path)) {
        assert.ok(d.range.start.line < lineCount && d.range.end.line < lineCount, `range inside ${path}`);
      }
      analysed++;
    }
  }
  for (const facts of library.files()) library.delete(facts.path);
  assert.deepEqual(library.allFlows(), []);
  assert.ok(analysed > 500);
  parser.delete();
});
