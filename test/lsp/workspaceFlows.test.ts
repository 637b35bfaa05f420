// heroFlows/workspaceFlows and heroFlows/flowsChanged over real LSP: the whole library grouped by
// file (what the extension's test tree shows), announced after the start-up scan, and kept current
// as flows are edited, duplicated, moved and deleted.

import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { test } from 'node:test';
import { FileChangeType } from 'vscode-languageserver-protocol/node';
import { DocumentFlowsRequest, WorkspaceFlowsRequest, type DocumentFlow, type FileFlows } from '../../common/src/lspMessages';
import { copyWorkspace, LspClient, positionOf } from '../helpers/lspClient';

async function withServer(body: (client: LspClient) => Promise<void>): Promise<void> {
  const client = await LspClient.start({ workspace: copyWorkspace(), initializationOptions: { exclude: ['excluded'], flowsChanged: true } });
  try {
    await client.indexReady;
    await body(client);
  } finally {
    assert.equal(await client.stop(), 0);
  }
}

/** The latest flows the notifications told for each URI. */
function latest(client: LspClient): Map<string, DocumentFlow[]> {
  const out = new Map<string, DocumentFlow[]>();
  for (const params of client.flowsChanged) for (const file of params.files) out.set(file.uri, file.flows);
  return out;
}

/** Waits until a notification after `since` satisfies `check` for `uri`; returns that file's flows. */
async function nextFlows(client: LspClient, uri: string, since: number, check: (flows: DocumentFlow[]) => boolean): Promise<DocumentFlow[]> {
  let found: FileFlows | undefined;
  await client.waitUntil(`flowsChanged for ${uri}`, () => {
    for (const params of client.flowsChanged.slice(since)) {
      const file = params.files.find((f) => f.uri === uri);
      if (file && check(file.flows)) found = file;
    }
    return found !== undefined;
  });
  return found!.flows;
}

const names = (flows: DocumentFlow[]) => flows.map((f) => f.name);

test('workspaceFlows: every flow of the library grouped by file, in the documentFlows shape; flowsChanged announced them before indexReady', async () => {
  await withServer(async (client) => {
    const result = await client.request(WorkspaceFlowsRequest, {});
    assert.equal(result.indexed, true);
    const files = result.files.map((f) => f.uri);
    assert.deepEqual(files, ['create_workspace', 'mistakes', 'onboarding', 'provision'].map((n) => client.uri(`flows/${n}.py`)));
    const provision = result.files.find((f) => f.uri.endsWith('provision.py'))!;
    const single = await client.request(DocumentFlowsRequest, { uri: provision.uri });
    assert.deepEqual(provision.flows, single.flows);
    assert.equal(provision.flows[0]!.name, 'Provision storage');
    assert.deepEqual(provision.flows[0]!.inputs!.map((f) => [f.name, f.type, f.required]), [['size', 'int', true], ['region', 'str', false], ['tier', 'str', false]]);
    assert.equal(provision.flows[0]!.decoratorRange.start.line, 3);

    // The scan's notifications told the same story, before indexReady (they were recorded before it resolved).
    assert.deepEqual(new Map(result.files.map((f) => [f.uri, f.flows])), latest(client));
  });
});

test('flowsChanged: a renamed flow, a duplicate (both files turn hasErrors), a moved flow and a deleted file', async () => {
  await withServer(async (client) => {
    const provisionUri = client.uri('flows/provision.py');

    // Rename in the editor.
    let since = client.flowsChanged.length;
    const uri = await client.open('flows/provision.py');
    const text = client.text(uri)!;
    const start = positionOf(text, 'Provision storage');
    await client.change(uri, [{ range: { start, end: { ...start, character: start.character + 'Provision'.length } }, text: 'Allocate' }]);
    assert.deepEqual(names(await nextFlows(client, provisionUri, since, (f) => f[0]?.name === 'Allocate storage')), ['Allocate storage']);

    // A second file defining the same name: both flows report hasErrors (duplicate name).
    since = client.flowsChanged.length;
    const dupUri = await client.open('flows/dup.py', 'from hero_tracing import flow\n\n@flow("Allocate storage")\ndef again(inputs):\n    pass\n');
    const dup = await nextFlows(client, dupUri, since, (f) => f.length === 1);
    assert.equal(dup[0]!.hasErrors, true);
    await nextFlows(client, provisionUri, since, (f) => f[0]?.hasErrors === true);

    // Lines inserted above the flow move its ranges.
    since = client.flowsChanged.length;
    await client.change(uri, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '\n\n' }]);
    const moved = await nextFlows(client, provisionUri, since, (f) => f[0]?.decoratorRange.start.line === 5);
    assert.equal(moved[0]!.name, 'Allocate storage');

    // A closed file deleted on disk: its entry comes with no flows.
    since = client.flowsChanged.length;
    const createUri = client.uri('flows/create_workspace.py');
    rmSync(client.path('flows/create_workspace.py'));
    await client.watched([{ uri: createUri, type: FileChangeType.Deleted }]);
    assert.deepEqual(await nextFlows(client, createUri, since, (f) => f.length === 0), []);
    const after = await client.request(WorkspaceFlowsRequest, {});
    assert.ok(!after.files.some((f) => f.uri === createUri));
  });
});

test('flowsChanged is sent only to a client that asked for it (initializationOptions.flowsChanged)', async () => {
  const client = await LspClient.start({ workspace: copyWorkspace(), initializationOptions: { exclude: ['excluded'] } });
  try {
    await client.indexReady; // the scan's notifications would have come before this
    assert.equal(client.flowsChanged.length, 0);
    assert.equal((await client.request(WorkspaceFlowsRequest, {})).files.length, 4, 'the request works either way');
  } finally {
    assert.equal(await client.stop(), 0);
  }
});
