// Big buffers (issue 10, class 8): an open buffer gets the size bound files on disk get, with an
// information saying so; a long parse runs a slice at a time, so other documents and requests are
// served meanwhile; index-wide requests wait for the start-up scan (test/lsp/index.test.ts).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DocumentSymbolRequest, HoverRequest } from 'vscode-languageserver-protocol/node';
import { MAX_FILE_BYTES } from '../../common/src/workspaceLimits';
import { copyWorkspace, LspClient, positionOf } from '../helpers/lspClient';
import { HERO } from '../helpers/mutate';

const MISTAKE = `${HERO}\n@flow("Small")\ndef small(inputs):\n    flow.stpe("a")\n`;

/** A flow file of about `bytes` bytes whose bulk is one list: the slowest shape for the parser. */
function oneHugeList(bytes: number): string {
  return `${HERO}\n@flow("Huge")\ndef huge(inputs):\n    flow.stpe("x")\n\nDATA = [${'1, '.repeat(Math.floor(bytes / 3))}]\n`;
}

test('a 40 MB buffer gets an information that it is too large, and every other file is still analysed', { timeout: 120_000 }, async () => {
  const client = await LspClient.start({ workspace: copyWorkspace() });
  try {
    await client.indexReady;
    const big = await client.open('flows/huge.py', oneHugeList(40 * 1024 * 1024));
    const [info] = await client.waitForDiagnostics(big, (d) => d.length > 0, 'the too-large information');
    assert.equal(info!.code, 'file-too-large');
    assert.equal(info!.severity, 3); // Information
    assert.match(String(info!.message), /too large to analyse \(40\.0 MB; Hero Flows analyses files up to 4\.0 MB\)/);
    assert.deepEqual(info!.range.start, { line: 0, character: 0 });

    const small = await client.open('flows/small.py', MISTAKE);
    await client.waitForDiagnostics(small, (d) => d.some((x) => x.code === 'flow-unknown-api'), 'the small file\'s mistake');

    // Shrunk under the bound by an edit, the same buffer is analysed; grown past it again, it is not.
    await client.change(big, [{ text: MISTAKE.replace('Small', 'Shrunk') }]);
    await client.waitForDiagnostics(big, (d) => d.length === 1 && d[0]!.code === 'flow-unknown-api', 'the shrunk buffer\'s mistake');
    await client.change(big, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: `# ${'x'.repeat(MAX_FILE_BYTES)}\n` }]);
    await client.waitForDiagnostics(big, (d) => d.length === 1 && d[0]!.code === 'file-too-large', 'the information again');
    await client.close(big);
    await client.change(small, [{ text: `${HERO}\n@flow("Small")\ndef small(inputs):\n    flow.step("a")\n` }]);
    await client.waitForDiagnostics(small, (d) => d.length === 0, 'the fixed small file');
  } finally {
    assert.equal(await client.stop(), 0);
  }
});

test('while a buffer just under the bound is parsed, other documents are published and requests answered first', { timeout: 120_000 }, async () => {
  const client = await LspClient.start({ workspace: copyWorkspace() });
  try {
    await client.indexReady;
    const order: string[] = [];
    const big = await client.open('flows/huge.py', oneHugeList(MAX_FILE_BYTES - 4096));
    const small = await client.open('flows/small.py', MISTAKE);
    const answered = client.connection
      .sendRequest(HoverRequest.type, { textDocument: { uri: small }, position: positionOf(MISTAKE, 'stpe') })
      .then(() => order.push('hover'));
    const symbols = client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: client.uri('flows/create_workspace.py') } }).then(() => order.push('symbols'));
    void client.waitForDiagnostics(small, (d) => d.length > 0).then(() => order.push('small published'));
    // Its parse alone takes ~7 s here, longer with other suites on the cores: a bound, not a figure.
    await client.waitForDiagnostics(big, (d) => d.some((x) => x.code === 'flow-unknown-api'), 'the big file\'s mistake', 100_000);
    order.push('big published');
    await Promise.all([answered, symbols]);
    assert.deepEqual(order.slice(0, 3).sort(), ['hover', 'small published', 'symbols'], `order: ${order.join(', ')}`);
  } finally {
    assert.equal(await client.stop(), 0);
  }
});
