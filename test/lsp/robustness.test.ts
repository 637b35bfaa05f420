// Malformed input never ends the server: random bytes, truncated and mutated files (the CPython
// standard library's, when this machine has one) on disk and in the editor, random edits, bad
// requests. After each ordeal the server still answers, and incremental parsing agrees with a
// fresh parse of the same text.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { DocumentSymbolRequest, HoverRequest, type Diagnostic, type Position } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentFlowsRequest } from '../../common/src/lspMessages';
import { copyWorkspace, LspClient, positionOf } from '../helpers/lspClient';
import { FRAGMENTS, HERO, mutate, randomBytes, seeded } from '../helpers/mutate';

async function stillServing(client: LspClient, uri: string): Promise<void> {
  assert.equal(client.exitCode, undefined, `the server died: ${client.stderr}`);
  await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
}

test('a workspace of broken files is indexed without a crash', async () => {
  const random = seeded(11);
  const flows = readFileSync(join(__dirname, '..', 'fixtures', 'lsp', 'workspace', 'flows', 'create_workspace.py'), 'utf8');
  const client = await LspClient.start({
    workspace: copyWorkspace(undefined, {
      'broken/random.py': randomBytes(random, 20_000),
      'broken/random_hero.py': Buffer.concat([Buffer.from(HERO), randomBytes(random, 20_000)]),
      'broken/truncated.py': flows.slice(0, flows.indexOf('description=') + 5),
      'broken/nested.py': `${HERO}@flow("Deep", inputs=${'('.repeat(5000)})\ndef f(inputs):\n    pass\n`,
      'broken/long_line.py': `${HERO}x = "${'a'.repeat(1_000_000)}"\n@flow("Long")\ndef f(inputs):\n    pass\n`,
      'broken/invalid_utf8.py': Buffer.concat([Buffer.from(HERO), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1]), Buffer.from('\n@flow("Latin")\ndef f(inputs):\n    pass\n')]),
      'broken/bom_crlf.py': `\ufeff${HERO}\r\n\r\n@flow("Crlf")\r\ndef f(inputs):\r\n    flow.stpe()\r\n`,
    }),
    initializationOptions: { exclude: ['excluded'] },
  });
  try {
    const ready = await client.indexReady;
    assert.equal(ready.cancelled, false);
    assert.ok(ready.flows >= 6, `flows: ${ready.flows}`);
    const crlf = await client.waitForDiagnostics(client.uri('broken/bom_crlf.py'), (d) => d.length > 0);
    assert.deepEqual(crlf.map((d) => [d.code, d.range.start]), [['flow-unknown-api', { line: 5, character: 9 }]]);
    await stillServing(client, client.uri('broken/random.py'));
  } finally {
    assert.equal(await client.stop(), 0);
  }
});

/** A random edit of `document`: ranges may split surrogate pairs or reach past the end. */
function randomChange(document: TextDocument, random: () => number) {
  const length = document.getText().length;
  const a = Math.floor(random() * (length + 1));
  const b = Math.min(length + 3, a + Math.floor(random() * 12));
  const text = random() < 0.3 ? '' : FRAGMENTS[Math.floor(random() * FRAGMENTS.length)]!;
  const position = (offset: number): Position => (offset > length ? { line: document.lineCount + 2, character: 5 } : document.positionAt(offset));
  return { range: { start: position(a), end: position(b) }, text };
}

const comparable = (diagnostics: Diagnostic[]) => JSON.stringify(diagnostics.map((d) => [d.code, d.range, d.message]));

test('random incremental edits: every change is published, and the result equals a fresh parse of the same text', async () => {
  const random = seeded(5);
  const client = await LspClient.start({ workspace: copyWorkspace(), initializationOptions: { exclude: ['excluded'] } });
  try {
    await client.indexReady;
    const uri = await client.open('flows/create_workspace.py');
    const mirror = TextDocument.create(uri, 'python', 1, client.text(uri)!);
    for (let i = 0; i < 400; i++) {
      const changes = Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
        const change = randomChange(mirror, random);
        TextDocument.update(mirror, [change], mirror.version + 1);
        return change;
      });
      await client.nextDiagnostics(uri, () => client.change(uri, changes));
    }
    const incremental = client.diagnostics.get(uri)!;
    const flowsIncremental = await client.request(DocumentFlowsRequest, { uri });
    const fresh = await client.nextDiagnostics(uri, () => client.change(uri, [{ text: mirror.getText() }]));
    assert.equal(comparable(incremental), comparable(fresh));
    const flowsFresh = await client.request(DocumentFlowsRequest, { uri });
    assert.deepEqual({ ...flowsIncremental, version: 0 }, { ...flowsFresh, version: 0 });
    await stillServing(client, uri);
  } finally {
    assert.equal(await client.stop(), 0);
  }
});

test('requests with bad parameters are answered with errors or nothing, never a crash', async () => {
  const client = await LspClient.start({ workspace: copyWorkspace() });
  try {
    await client.indexReady;
    const uri = await client.open('flows/onboarding.py');
    const text = client.text(uri)!;
    assert.equal(await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: client.uri('nowhere.py') }, position: { line: 0, character: 0 } }), null);
    assert.equal(await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 10_000, character: 99 } }), null);
    const flows = await client.request(DocumentFlowsRequest, { uri: 'untitled:nothing' });
    assert.deepEqual(flows.flows, []);
    await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: null } as never).catch(() => undefined);
    await client.connection.sendRequest('textDocument/completion', { textDocument: null }).catch(() => undefined);
    await client.connection.sendRequest('heroFlows/documentFlows', 42).catch(() => undefined);
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: 'file:///not/open.py', version: 3 }, contentChanges: [{ text: 'x' }] });
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: null });
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: 'file:///does/not/exist.py', type: 2 }, { uri: 'not a uri', type: 3 }] });
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: positionOf(text, 'Create workspace') });
    assert.ok(hover, 'still answering');
  } finally {
    assert.equal(await client.stop(), 0);
  }
});

/** The standard library's own sources (not site-packages), if python3 is here. */
function stdlibFiles(): string[] {
  let root: string;
  try {
    root = execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();
  } catch {
    return [];
  }
  if (!existsSync(root)) return [];
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'site-packages' || entry.name === '__pycache__') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.py') && statSync(path).size < 300_000) files.push(path);
    }
  };
  walk(root);
  return files.sort();
}

test('mutated copies of the standard library, indexed and edited, never end the server', { timeout: 180_000 }, async (t) => {
  const all = stdlibFiles();
  if (all.length === 0) return t.skip('no CPython standard library on this machine');
  const random = seeded(3);
  const sample = all;
  const files: Record<string, string> = {};
  // Hidden folders on the way (~/.pyenv/…) are renamed: the scan, like the SDK's search, never enters one.
  for (const path of sample) files[`stdlib/${relative('/', path).replace(/[^\w./-]/g, '_').replace(/(^|\/)\./g, '$1_')}`] = mutate(readFileSync(path, 'utf8'), random);
  const client = await LspClient.start({ workspace: copyWorkspace(undefined, files), initializationOptions: { exclude: ['excluded'] } });
  try {
    const ready = await client.indexReady;
    assert.ok(ready.files >= sample.length);
    const names = Object.keys(files);
    for (let i = 0; i < 40; i++) {
      const name = names[Math.floor(random() * names.length)]!;
      const uri = await client.open(name);
      const mirror = TextDocument.create(uri, 'python', 1, client.text(uri)!);
      for (let j = 0; j < 10; j++) {
        const change = randomChange(mirror, random);
        TextDocument.update(mirror, [change], mirror.version + 1);
        await client.nextDiagnostics(uri, () => client.change(uri, [change]));
      }
      await client.close(uri);
    }
    await stillServing(client, client.uri(names[0]!));
  } finally {
    assert.equal(await client.stop(), 0);
  }
});
