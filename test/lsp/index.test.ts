// The workspace index over real LSP: the background scan at start-up (what it skips, what the user
// excludes, the diagnostics of files nobody opened), requests served while it runs, workspace
// folders added later, and the server's lifecycle.

import assert from 'node:assert/strict';
import { fork, spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidChangeWorkspaceFoldersNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  IPCMessageReader,
  IPCMessageWriter,
  ShutdownRequest,
  DocumentSymbolRequest,
  WorkspaceSymbolRequest,
  type SymbolInformation,
} from 'vscode-languageserver-protocol/node';
import { IndexReadyNotification, type IndexReadyParams } from '../../common/src/lspMessages';
import { CLI, copyWorkspace, fileUri, LspClient, messageOf, ROOT } from '../helpers/lspClient';

const SKIPPED = {
  'node_modules/pkg/vendored.py': 'from hero_tracing import flow\n\n@flow("Vendored flow")\ndef v(inputs):\n    pass\n',
  '.venv/pyvenv.cfg': 'home = /usr/bin\n',
  '.venv/lib/venv_flow.py': 'from hero_tracing import flow\n\n@flow("Venv flow")\ndef v(inputs):\n    pass\n',
  '__pycache__/cached.py': 'from hero_tracing import flow\n\n@flow("Cached flow")\ndef v(inputs):\n    pass\n',
};

async function flowNames(client: LspClient, query = ''): Promise<string[]> {
  const symbols = (await client.connection.sendRequest(WorkspaceSymbolRequest.type, { query })) as SymbolInformation[];
  return symbols.map((s) => s.name).sort();
}

test('the start-up scan indexes the flows, skips vendored folders and excluded globs, and says when it is done', async () => {
  const client = await LspClient.start({ workspace: copyWorkspace(undefined, SKIPPED), initializationOptions: { exclude: ['excluded'] } });
  try {
    const ready = await client.indexReady;
    assert.equal(ready.folders[0], client.workspace);
    assert.equal(ready.files, 5); // four flow files and not_a_flow.py
    assert.equal(ready.flows, 4);
    assert.equal(ready.capped, false);
    assert.equal(ready.cancelled, false);
    assert.deepEqual(await flowNames(client), ['Create workspace', 'Mistakes', 'Onboard team', 'Provision storage']);
  } finally {
    assert.equal(await client.stop(), 0);
  }
});

test('closed files get their diagnostics before indexReady; a non-hero @flow file gets none', async () => {
  const client = await LspClient.start({ workspace: copyWorkspace(), initializationOptions: { exclude: ['excluded'] } });
  try {
    await client.indexReady;
    const mistakes = client.diagnostics.get(client.uri('flows/mistakes.py'));
    assert.ok(mistakes, 'published before the end of the scan was announced');
    for (const d of mistakes) {
      assert.equal(d.source, 'hero-flows');
      assert.equal(typeof d.code, 'string');
    }
    const unknown = mistakes.find((d) => d.code === 'invoke-unknown-flow')!;
    assert.equal(unknown.severity, 1);
    assert.match(messageOf(unknown), /did you mean 'Create workspace'\?/);
    assert.deepEqual(unknown.range, { start: { line: 5, character: 16 }, end: { line: 5, character: 33 } });
    assert.equal(client.diagnostics.get(client.uri('not_a_flow.py')), undefined);
    for (const clean of ['create_workspace', 'provision', 'onboarding']) assert.equal(client.diagnostics.get(client.uri(`flows/${clean}.py`)), undefined, clean);
  } finally {
    assert.equal(await client.stop(), 0);
  }
});

test('a duplicate flow name: both files get flow-duplicate-name, related information pointing at the other', async () => {
  const copy = 'from hero_tracing import flow\n\n@flow("Provision storage", inputs={"size": int})\ndef again(inputs):\n    pass\n';
  const client = await LspClient.start({ workspace: copyWorkspace(undefined, { 'flows/again.py': copy }), initializationOptions: { exclude: ['excluded'] } });
  try {
    await client.indexReady;
    const [again] = client.diagnostics.get(client.uri('flows/again.py'))!;
    assert.equal(again!.code, 'flow-duplicate-name');
    assert.equal(again!.relatedInformation?.[0]?.location.uri, client.uri('flows/provision.py'));
    assert.deepEqual(again!.relatedInformation?.[0]?.location.range.start, { line: 4, character: 4 });
    const [original] = client.diagnostics.get(client.uri('flows/provision.py'))!;
    assert.equal(original!.relatedInformation?.[0]?.location.uri, client.uri('flows/again.py'));
  } finally {
    assert.equal(await client.stop(), 0);
  }
});

test('heroFlows.exclude from the workspace configuration is honoured, and a change of it re-scans', async () => {
  const client = await LspClient.start({
    workspace: copyWorkspace(),
    capabilities: { workspace: { configuration: true } },
    configuration: { heroFlows: { exclude: ['flows/mistakes.py', '**/hidden.py'] } },
  });
  try {
    await client.indexReady;
    assert.deepEqual(await flowNames(client), ['Create workspace', 'Onboard team', 'Provision storage']);
    assert.equal(client.diagnostics.get(client.uri('flows/mistakes.py')), undefined);

    const readies: IndexReadyParams[] = [];
    client.onNotification(IndexReadyNotification, (params) => readies.push(params));
    client.configuration = { heroFlows: { exclude: ['**/hidden.py', 'flows/provision.py'] } };
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    await client.waitUntil('the scan after the settings change', () => readies.length === 1);
    assert.deepEqual(await flowNames(client), ['Create workspace', 'Mistakes', 'Onboard team']);
    await client.waitForDiagnostics(client.uri('flows/onboarding.py'), (d) => d.some((x) => x.code === 'invoke-unknown-flow'));
    await client.waitForDiagnostics(client.uri('flows/mistakes.py'), (d) => d.length > 0);
  } finally {
    assert.equal(await client.stop(), 0);
  }
});

test('with dynamic registration, the server watches *.py files and folder deletions itself', async () => {
  const client = await LspClient.start({ workspace: copyWorkspace(), capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } } });
  try {
    await client.waitUntil('a watcher registration', () => client.registrations.some((r) => r.method === 'workspace/didChangeWatchedFiles'));
    const { registerOptions } = client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles')!;
    assert.deepEqual((registerOptions as { watchers: { globPattern: string }[] }).watchers.map((w) => w.globPattern), ['**/*.py', '**/*']);
  } finally {
    assert.equal(await client.stop(), 0);
  }
});

test('requests and edits are served while a large workspace is still being scanned; those that need the whole library wait for it', async () => {
  const FILES = 1500;
  const files: Record<string, string> = {};
  for (let i = 0; i < FILES; i++) {
    const body = Array.from({ length: 40 }, (_, j) => `    value_${j} = inputs.get("k${j}", ${j})`).join('\n');
    files[`gen/pkg${i % 30}/flow_${i}.py`] = `from hero_tracing import flow\n\n@flow("Generated ${i}", inputs={"n": int})\ndef f(inputs):\n${body}\n    flow.invoke("Generated ${(i + 1) % FILES}", n=1)\n`;
  }
  // However slow this machine is today, the wait outlasts the scan: what is tested is that it waits.
  const client = await LspClient.start({ workspace: copyWorkspace(undefined, files), initializationOptions: { indexWaitMs: 600_000 } });
  try {
    let indexed = false;
    void client.indexReady.then(() => (indexed = true));
    const named14 = flowNames(client, 'Generated 14'); // sent at once, long before the scan ends
    const started = Date.now();
    const fileSymbols = await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: client.uri('gen/pkg1/flow_1.py') } });
    const answeredAfter = Date.now() - started;
    assert.ok(Array.isArray(fileSymbols));
    assert.equal(indexed, false, `the request was answered during the scan (after ${answeredAfter} ms)`);
    const typing = await client.open('gen/typing.py', 'from hero_tracing import flow\nflow.stpe\n');
    await client.waitForDiagnostics(typing, (d) => d.length === 1);
    assert.equal(indexed, false, 'an opened document was published during the scan');
    const ready = await client.indexReady;
    // Asked before the scan ends, the answer is the whole library's: the request waited for the scan.
    assert.deepEqual(await named14, await flowNames(client, 'Generated 14'));
    assert.equal(ready.flows, FILES + 5);
    assert.equal(ready.parsed, FILES + 5);
    console.log(`scan of ${ready.files} files: ${ready.durationMs} ms; a request was answered after ${answeredAfter} ms`);
    assert.ok(answeredAfter < ready.durationMs, `answered after ${answeredAfter} ms, the scan took ${ready.durationMs} ms`);
  } finally {
    assert.equal(await client.stop(), 0);
  }
});

test('a workspace folder added later is scanned in its turn; a removed one leaves the library', async () => {
  const second = copyWorkspace(undefined, { 'more/extra.py': 'from hero_tracing import flow\n\n@flow("Extra")\ndef e(inputs):\n    flow.invoke("Create workspace", name="x")\n' });
  const client = await LspClient.start({ workspace: copyWorkspace(), capabilities: { workspace: { workspaceFolders: true } }, initializationOptions: { exclude: ['excluded', 'flows'] } });
  try {
    await client.indexReady;
    assert.deepEqual(await flowNames(client), []);
    const readies: IndexReadyParams[] = [];
    client.onNotification(IndexReadyNotification, (params) => readies.push(params));
    await client.connection.sendNotification(DidChangeWorkspaceFoldersNotification.type, { event: { added: [{ uri: fileUri(join(second, 'more')), name: 'more' }], removed: [] } });
    await client.waitUntil('the second scan', () => readies.length === 1);
    assert.deepEqual(await flowNames(client), ['Extra']);
    const extra = fileUri(join(second, 'more', 'extra.py'));
    await client.waitForDiagnostics(extra, (d) => d.some((x) => x.code === 'invoke-unknown-flow'));
    await client.connection.sendNotification(DidChangeWorkspaceFoldersNotification.type, { event: { added: [], removed: [{ uri: fileUri(join(second, 'more')), name: 'more' }] } });
    await client.waitForDiagnostics(extra, (d) => d.length === 0);
    assert.deepEqual(await flowNames(client), []);
  } finally {
    assert.equal(await client.stop(), 0);
    rmSync(second, { recursive: true, force: true });
  }
});

test('the server exits when its client goes away without a shutdown', async () => {
  const client = await LspClient.start({ workspace: copyWorkspace() });
  await client.indexReady;
  client.child.stdin!.end();
  await client.waitUntil('the server to exit', () => client.exitCode !== undefined);
  assert.equal(client.exitCode, 1); // LSP: exit without shutdown is code 1
  await client.stop();
});

test('dist/server.js over node IPC, as the extension starts it', async () => {
  const workspace = copyWorkspace();
  const child = fork(join(ROOT, 'dist', 'server.js'), ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  const connection = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
  const ready = new Promise<IndexReadyParams>((resolve) => connection.onNotification(IndexReadyNotification.method, resolve));
  connection.listen();
  try {
    const init = await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, workspaceFolders: [{ uri: fileUri(workspace), name: 'w' }], capabilities: {} });
    assert.equal(init.serverInfo?.name, 'hero-flows');
    assert.equal(init.serverInfo?.version, (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version, 'the version is package.json\'s');
    await connection.sendNotification(InitializedNotification.type, {});
    assert.equal((await ready).flows, 5);
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await connection.sendRequest(ShutdownRequest.type);
    await connection.sendNotification(ExitNotification.type);
    assert.equal(await exited, 0);
  } finally {
    connection.dispose();
    child.kill();
    rmSync(workspace, { recursive: true, force: true });
  }
});

test('hero-flows lsp without --stdio is a usage error', () => {
  const result = spawnSync(process.execPath, [CLI, 'lsp'], { encoding: 'utf8', timeout: 20_000 });
  assert.equal(result.status, 2);
  assert.match(result.stderr, /hero-flows lsp --stdio/);
});
