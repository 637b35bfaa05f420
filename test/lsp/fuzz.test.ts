// The language server keeps answering whatever it is sent (issue 10, class 13): random buffers
// (random bytes, lone surrogates and replacement characters, a huge line, deep nesting, mutated real
// flow files, text over the size bound) and random edits (ranges past the end, splitting surrogate
// pairs, full replacements) go through the real server over LSP. After each case the server must
// answer a request about that document, say whether it is over the size bound, and still publish
// the diagnostics of a normal file.
// fast-check with a fixed seed: a failure prints the seed and the smallest case that fails.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { DocumentSymbolRequest, HoverRequest, type TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { MAX_FILE_BYTES } from '../../common/src/workspaceLimits';
import { copyWorkspace, LspClient } from '../helpers/lspClient';
import { FRAGMENTS, HERO, mutate, seeded } from '../helpers/mutate';

const FLOW_FILE = readFileSync(join(__dirname, '..', 'fixtures', 'lsp', 'workspace', 'flows', 'create_workspace.py'), 'utf8');
const NORMAL = `${HERO}\n@flow("Normal")\ndef normal(inputs):\n    flow.stpe("a")\n`;
/** A durable flow (docs/durable.md): a step function, a pause with inputs, clock reads through aliases. */
const DURABLE_FILE = `import time as t
from datetime import datetime
${HERO}

@flow.step("charge card")
async def charge(amount):
    return {"at": t.time()}


@flow("Approve", inputs={"n": int})
async def approve(inputs):
    asked = datetime.now()
    answer = flow.pause("Approve?", inputs={"ok": bool, "note": {"type": "str", "default": ""}}, key="approve")
    await charge(inputs["n"])
    return {"ok": answer["ok"], "asked": asked.isoformat()}
`;

const buffers: fc.Arbitrary<string> = fc.oneof(
  fc.uint8Array({ maxLength: 4000 }).map((bytes) => Buffer.from(bytes).toString('utf8')), // invalid UTF-8 → U+FFFD
  fc.uint8Array({ maxLength: 4000 }).map((bytes) => HERO + Buffer.from(bytes).toString('latin1')),
  fc.string({ unit: 'binary', maxLength: 2000 }).map((s) => HERO + s),
  fc.array(fc.constantFrom('\ud800', '\udfff', '😀', '\0', '\r', '\u2028', 'x'), { maxLength: 500 }).map((units) => HERO + units.join('')), // lone surrogates
  fc.integer({ min: 10_000, max: 400_000 }).map((n) => `${HERO}x = "${'a'.repeat(n)}"\n@flow("Long")\ndef f(inputs):\n    pass\n`),
  fc.tuple(fc.integer({ min: 100, max: 20_000 }), fc.constantFrom('(', '[', '{', 'lambda: (', 'f(')).map(([n, open]) => `${HERO}@flow("Deep", inputs=${open.repeat(n)})\n`),
  fc.integer({ min: 1, max: 1_000_000 }).map((seed) => mutate(FLOW_FILE, seeded(seed))),
  fc.integer({ min: 1, max: 1_000_000 }).map((seed) => mutate(DURABLE_FILE, seeded(seed))),
  fc.constant(`${HERO}# ${'y'.repeat(MAX_FILE_BYTES)}\n`),
);

/** Edits as a client may send them, sane or not. */
const edits: fc.Arbitrary<TextDocumentContentChangeEvent[]> = fc.array(
  fc.oneof(
    fc.record({
      range: fc.record({
        start: fc.record({ line: fc.nat(60), character: fc.nat(300) }),
        end: fc.record({ line: fc.nat(60), character: fc.nat(300) }),
      }),
      text: fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 50 }), fc.constant('')),
    }),
    fc.record({ text: fc.oneof(fc.string({ maxLength: 200 }), fc.constantFrom(NORMAL.replace('Normal', 'Other'), '', '\ud800')) }),
  ),
  { maxLength: 6 },
);

test('random buffers and edits never stop the server from answering and publishing (property, fixed seed)', { timeout: 300_000 }, async () => {
  const client = await LspClient.start({ workspace: copyWorkspace() });
  try {
    await client.indexReady;
    const normal = await client.open('flows/normal.py', NORMAL);
    await client.waitForDiagnostics(normal, (d) => d.length === 1);
    let mistake = true;
    let run = 0;
    await fc.assert(
      fc.asyncProperty(buffers, fc.array(edits, { maxLength: 4 }), async (buffer, batches) => {
        const uri = await client.open(`fuzz/case_${run++}.py`, buffer);
        const mirror = TextDocument.create(uri, 'python', 1, buffer);
        for (const changes of batches) {
          await client.change(uri, changes);
          TextDocument.update(mirror, changes, mirror.version + 1);
        }
        assert.equal(client.exitCode, undefined, `the server died: ${client.stderr}`);
        // Over the size bound, the text is not analysed and the buffer says so; under it, never.
        const tooLarge = Buffer.byteLength(mirror.getText(), 'utf8') > MAX_FILE_BYTES;
        await client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'file-too-large') === tooLarge, 'the size bound');
        await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
        await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 3, character: 2 } });
        // The normal file's mistake is toggled: its next publication must say what the new text holds.
        mistake = !mistake;
        await client.change(normal, [{ text: mistake ? NORMAL : NORMAL.replace('stpe', 'step') }]);
        await client.waitForDiagnostics(normal, (d) => d.length === (mistake ? 1 : 0), 'the normal file\'s diagnostics');
        await client.close(uri);
      }),
      { seed: 13_2026, numRuns: 100, endOnFailure: true },
    );
  } finally {
    assert.equal(await client.stop(), 0);
  }
});
