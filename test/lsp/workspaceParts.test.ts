// The server's parts without a server: tree edits, exclude globs, URIs, string literals, and the
// workspace scan's cap and cancellation.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { join, relative, sep } from 'node:path';
import { excludeFilter, globToRegExp } from '../../server/src/workspace/excludeGlobs';
import { WorkspaceScan } from '../../server/src/workspace/indexer';
import { Workspace } from '../../server/src/workspace/workspace';
import { treeEditFor } from '../../server/src/workspace/treeEdit';
import { pathToUri, uriToPath } from '../../server/src/workspace/uris';
import type { Tree } from 'web-tree-sitter';
import { SlicedParser } from '../../server/src/parser/slicedParser';
import { replaceStringContent } from '../../server/src/lsp/stringLiterals';

const SOURCE = `from hero_tracing import flow

@flow("Créer 😀", inputs={"n": int})
def run(inputs):
    with flow.step("a"):
        flow.invoke("Other", n=1)
    return {"ok": True}
`;

function randomEdit(document: TextDocument, random: () => number) {
  const text = document.getText();
  const a = Math.floor(random() * (text.length + 1));
  const b = Math.min(text.length, a + Math.floor(random() * 6));
  const pieces = ['x', '\n', '"', '😀', 'é', ' ', '(', ')', '\n    ', 'flow.', '', '\r', '\r\n'];
  const insert = pieces[Math.floor(random() * pieces.length)]!;
  return { range: { start: document.positionAt(a), end: document.positionAt(b) }, text: insert };
}

/** Every node with its type, indices and points: equal trees print the same. */
function layout(tree: Tree): string {
  const out: string[] = [];
  const cursor = tree.walk();
  for (;;) {
    const { nodeType, startIndex, endIndex, startPosition: s, endPosition: e } = cursor;
    out.push(`${nodeType}[${startIndex},${endIndex}](${s.row}:${s.column}-${e.row}:${e.column})`);
    if (cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) {
        cursor.delete();
        return out.join(' ');
      }
    }
  }
}

function seeded(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

test('tree.edit + reparse with the old tree gives the same tree as a fresh parse, over 300 random edits (line breaks of every kind); so does a parse cut into the smallest slices, where the text parses', async () => {
  // Never halted: a slice is timed, and on a loaded machine a halted and resumed parse recovers from
  // syntax errors its own way (the sliced parser below is compared only where there are none).
  const parser = await SlicedParser.create(Number.POSITIVE_INFINITY);
  const sliced = await SlicedParser.create(0); // halts at every progress check and resumes
  const random = seeded(7);
  const document = TextDocument.create('file:///t.py', 'python', 1, SOURCE);
  let tree = (await parser.parse(SOURCE))!;
  for (let i = 0; i < 300; i++) {
    const change = randomEdit(document, random);
    tree.edit(treeEditFor(document, change.range, change.text));
    TextDocument.update(document, [change], i + 2);
    const next = (await parser.parse(document.getText(), tree))!;
    tree.delete();
    tree = next;
    const fresh = (await parser.parse(document.getText()))!;
    assert.equal(layout(tree), layout(fresh), `after edit ${i}`);
    // A resumed parse recovers from syntax errors its own way; where there are none it must agree.
    const resumed = (await sliced.parse(document.getText()))!;
    if (!fresh.rootNode.hasError) assert.equal(layout(resumed), layout(fresh), `sliced, after edit ${i}`);
    resumed.delete();
    assert.equal(tree.rootNode.endIndex, document.getText().length);
    fresh.delete();
  }
  tree.delete();
  parser.dispose();
  sliced.dispose();
});

test('exclude globs: anchored at the folder, ** across folders, a matched folder excludes its files', () => {
  assert.ok(globToRegExp('**/gen/**').test('a/gen/x.py'));
  assert.ok(globToRegExp('**/gen/**').test('gen/x.py'));
  assert.ok(globToRegExp('*.py').test('x.py'));
  assert.ok(!globToRegExp('*.py').test('a/x.py'));
  assert.ok(globToRegExp('{build,dist}').test('dist'));
  assert.ok(globToRegExp('test_[ab].py').test('test_a.py'));
  const excluded = excludeFilter(['/ws'], ['build', '**/generated', 'scripts/*_old.py']);
  assert.ok(excluded('/ws/build/x.py'));
  assert.ok(excluded('/ws/a/b/generated/y.py'));
  assert.ok(excluded('/ws/scripts/run_old.py'));
  assert.ok(!excluded('/ws/src/build.py'));
  assert.ok(!excluded('/ws/scripts/run.py'));
  assert.ok(!excluded('/elsewhere/build/x.py'));
  assert.ok(!excludeFilter(['/ws'], [])('/ws/build/x.py'));
});

test('URIs: file URIs round-trip to paths, encoded as VS Code encodes them', () => {
  assert.equal(pathToUri('/tmp/a b/c@d.py'), 'file:///tmp/a%20b/c%40d.py');
  assert.equal(uriToPath('file:///tmp/a%20b/c%40d.py'), '/tmp/a b/c@d.py');
  assert.equal(uriToPath(pathToUri('/tmp/é (1)/x.py')), '/tmp/é (1)/x.py');
  assert.equal(uriToPath('untitled:Untitled-1'), 'untitled:Untitled-1');
  assert.equal(pathToUri('untitled:Untitled-1'), 'untitled:Untitled-1');
});

test('string literals: the content changes, the prefix and quote style stay, escapes follow the quote', () => {
  const apply = (literal: string, value: string) => {
    const doc = TextDocument.create('file:///x.py', 'python', 1, `x = ${literal}\n`);
    const edit = replaceStringContent(doc, { start: doc.positionAt(4), end: doc.positionAt(4 + literal.length) }, value)!;
    return TextDocument.applyEdits(doc, [edit]).slice(4).trimEnd();
  };
  assert.equal(apply('"Old"', 'New name'), '"New name"');
  assert.equal(apply("'Old'", "It's"), "'It\\'s'");
  assert.equal(apply('r"Old"', 'N'), 'r"N"');
  assert.equal(apply('r"Old"', 'say "hi"'), '"say \\"hi\\""');
  assert.equal(apply('"""Old"""', 'A\\B'), '"""A\\\\B"""');
  const doc = TextDocument.create('file:///x.py', 'python', 1, 'x = name\n');
  assert.equal(replaceStringContent(doc, { start: doc.positionAt(4), end: doc.positionAt(8) }, 'y'), null);
});

test('the workspace scan stops at its cap, can be cancelled, and hands back a promise either way', async () => {
  const parser = await SlicedParser.create();
  const folder = join(__dirname, '..', 'fixtures', 'lsp', 'workspace');
  const capped = await new WorkspaceScan(new Workspace(parser, () => undefined), { folders: [folder], isExcluded: () => false, maxFiles: 2 }).done;
  assert.equal(capped.files, 2);
  assert.equal(capped.capped, true);
  const scan = new WorkspaceScan(new Workspace(parser, () => undefined), { folders: [folder], isExcluded: () => false });
  scan.cancel();
  const cancelled = await scan.done;
  assert.equal(cancelled.cancelled, true);
  assert.equal(cancelled.flows, 0);
  const excluded = await new WorkspaceScan(new Workspace(parser, () => undefined), { folders: [folder], isExcluded: (p) => p.includes('excluded') }).done;
  assert.deepEqual([excluded.files, excluded.parsed, excluded.flows, excluded.capped], [5, 4, 4, false]);
  parser.dispose();
});

test('the workspace scan never enters an excluded folder, and hands over the paths its files affect', async () => {
  const parser = await SlicedParser.create();
  const folder = join(__dirname, '..', 'fixtures', 'lsp', 'workspace');
  const asked: string[] = [];
  const isExcluded = (path: string) => {
    asked.push(relative(folder, path));
    return relative(folder, path) === 'excluded';
  };
  const workspace = new Workspace(parser, () => undefined);
  const result = await new WorkspaceScan(workspace, { folders: [folder], isExcluded }).done;
  assert.deepEqual([result.files, result.parsed, result.flows], [5, 4, 4]);
  assert.ok(asked.includes('excluded'));
  assert.deepEqual(asked.filter((path) => path.startsWith(`excluded${sep}`)), [], 'nothing inside excluded/ was looked at');
  assert.deepEqual([...result.affected].map((path) => relative(folder, path)).sort(), workspace.libraryPaths().map((path) => relative(folder, path)).sort());
  assert.equal(result.affected.size, 4);
  parser.dispose();
});
