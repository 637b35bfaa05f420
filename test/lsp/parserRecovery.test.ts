// After the parser's WASM module aborts (its heap exhausted), parsing works again: a fresh copy of
// web-tree-sitter replaces it, the analyzer's queries follow, and open documents whose trees died
// with the module are parsed again (issue 10, class 8). Closing a big document does the same on
// purpose, so that the heap the big parse grew is given back. The abort is the real one: a 40 MB list
// exhausts the 2 GB WASM heap (about 20 s and 2 GB of memory on this machine).

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { PARSER_COPY_FLAG } from '../../server/src/parser/pythonParser';
import { ParserAborted, SlicedParser } from '../../server/src/parser/slicedParser';
import { factsOfTree } from '../../server/src/workspace/analysis';
import { OpenDocuments, RENEW_AFTER_CLOSING_CHARS } from '../../server/src/workspace/documents';
import { ROOT } from '../helpers/cli';
import { HERO } from '../helpers/mutate';

const FLOW = `${HERO}\n@flow("After", inputs={"n": int})\ndef after(inputs):\n    flow.stpe("a")\n`;

test('a WASM abort is survived: the next parse runs in a fresh module, the analyzer works there, open documents are parsed again', { timeout: 300_000 }, async () => {
  const parser = await SlicedParser.create();
  const log: string[] = [];
  const documents = new OpenDocuments(parser, (m) => log.push(m));
  const open = await documents.open('file:///w/open.py', 'python', 1, FLOW);
  assert.equal(open?.facts.flows[0]?.name, 'After');
  const deadLanguage = open?.tree?.language;
  assert.ok(deadLanguage);

  await assert.rejects(parser.parse(`x = [${'1, '.repeat(13_000_000)}]\n`), ParserAborted);
  assert.equal(parser.generation, 1);
  await documents.settled('file:///w/open.py');
  const reparsed = documents.get('file:///w/open.py');
  assert.ok(reparsed?.tree && reparsed.tree.language !== deadLanguage, 'the open document is parsed again in the fresh module');
  assert.equal(reparsed.facts.flows[0]?.name, 'After');

  const tree = await parser.parse(FLOW);
  assert.ok(tree);
  const facts = factsOfTree('/w/fresh.py', FLOW, tree, (m) => log.push(m));
  assert.deepEqual(facts.flows.map((f) => f.name), ['After'], 'queries compiled for the fresh module');
  assert.deepEqual(facts.localDiagnostics.map((d) => d.code), ['flow-unknown-api']);
  tree.delete();

  const edited = await documents.change('file:///w/open.py', 2, [{ range: { start: { line: 4, character: 9 }, end: { line: 4, character: 13 } }, text: 'step' }]);
  assert.deepEqual(edited?.facts.localDiagnostics, [], 'and edited there');
  documents.dispose();
  parser.dispose();
  assert.deepEqual(log, []);
});

test('the server bundle evaluated again hands back its own web-tree-sitter and starts no server', async () => {
  const flags = globalThis as Record<string, unknown>;
  flags[PARSER_COPY_FLAG] = true;
  let copy: typeof import('web-tree-sitter');
  try {
    copy = (require(join(ROOT, 'dist', 'server.js')) as { webTreeSitter: typeof import('web-tree-sitter') }).webTreeSitter;
  } finally {
    delete flags[PARSER_COPY_FLAG];
  }
  await copy.Parser.init({ locateFile: () => join(ROOT, 'dist', 'web-tree-sitter.wasm') });
  const language = await copy.Language.load(join(ROOT, 'dist', 'tree-sitter-python.wasm'));
  const parser = new copy.Parser();
  parser.setLanguage(language);
  const tree = parser.parse(FLOW)!;
  assert.equal(tree.rootNode.type, 'module');
  tree.delete();
  parser.delete();
});

test('closing a big parsed document moves the parser to a fresh module (WASM heaps never shrink), the open ones follow', { timeout: 120_000 }, async () => {
  const parser = await SlicedParser.create();
  const documents = new OpenDocuments(parser, () => undefined);
  const small = await documents.open('file:///w/small.py', 'python', 1, FLOW);
  const before = small?.tree?.language;
  const bigText = `${FLOW}\nDATA = [${'1, '.repeat(400_000)}]\n`; // 1.2 M characters
  assert.ok(bigText.length > RENEW_AFTER_CLOSING_CHARS);
  await documents.open('file:///w/big.py', 'python', 1, bigText);
  assert.equal(parser.generation, 0);
  documents.close('file:///w/big.py');
  assert.equal(parser.generation, 1);
  await documents.settled('file:///w/small.py');
  const after = documents.get('file:///w/small.py');
  assert.ok(after?.tree && after.tree.language !== before, 'parsed again in the new module');
  assert.deepEqual(after.facts.localDiagnostics.map((d) => d.code), ['flow-unknown-api']);
  documents.close('file:///w/small.py'); // a small one: no new module
  assert.equal(parser.generation, 1);
  documents.dispose();
  parser.dispose();
});
