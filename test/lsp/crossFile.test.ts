// Keeping current over real LSP: incremental edits publish at once; renaming or deleting a flow —
// in the editor or on disk — updates the diagnostics of files that invoke it without reopening
// them; file and folder events from outside the editor are applied. Each test has its own server.

import assert from 'node:assert/strict';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { DefinitionRequest, DidRenameFilesNotification, FileChangeType, WorkspaceSymbolRequest, type Diagnostic, type Location, type SymbolInformation } from 'vscode-languageserver-protocol/node';
import { copyWorkspace, LspClient, messageOf, positionOf } from '../helpers/lspClient';

async function withServer(body: (client: LspClient) => Promise<void>): Promise<void> {
  const client = await LspClient.start({ workspace: copyWorkspace(), initializationOptions: { exclude: ['excluded'] } });
  try {
    await client.indexReady;
    await body(client);
  } finally {
    assert.equal(await client.stop(), 0);
  }
}

const codes = (diagnostics: Diagnostic[]) => diagnostics.map((d) => d.code);
const hasUnknown = (name: string) => (diagnostics: Diagnostic[]) => diagnostics.some((d) => d.code === 'invoke-unknown-flow' && messageOf(d).includes(`'${name}'`));

async function flowNames(client: LspClient): Promise<string[]> {
  const symbols = (await client.connection.sendRequest(WorkspaceSymbolRequest.type, { query: '' })) as SymbolInformation[];
  return symbols.map((s) => s.name).sort();
}

test('didChange: the edited document is published at once, for the version just sent', async () => {
  await withServer(async (client) => {
    const source = 'from hero_tracing import flow\n\n\n@flow("Typo")\ndef typo(inputs):\n    flow.stpe("a")\n';
    const uri = await client.open('flows/typo.py', source);
    assert.deepEqual(codes(await client.waitForDiagnostics(uri, (d) => d.length > 0)), ['flow-unknown-api']);
    const at = positionOf(source, 'stpe', 2);
    const fixed = await client.nextDiagnostics(uri, () => client.change(uri, [
        { range: { start: at, end: { ...at, character: at.character + 1 } }, text: 'e' }, // stpe → stee
        { range: { start: { ...at, character: at.character + 1 }, end: { ...at, character: at.character + 2 } }, text: 'p' }, // → step
      ]));
    assert.deepEqual(fixed, []);
    const broken = await client.nextDiagnostics(uri, () => client.change(uri, [{ text: source }])); // a full-text change works too
    assert.deepEqual(codes(broken), ['flow-unknown-api']);
  });
});

test('renaming a flow in an open file: the closed file that invokes it gets invoke-unknown-flow, and loses it again', async () => {
  await withServer(async (client) => {
    const onboarding = client.uri('flows/onboarding.py');
    assert.equal(client.diagnostics.get(onboarding), undefined, 'no diagnostics before');
    const uri = await client.open('flows/create_workspace.py');
    const text = client.text(uri)!;
    const start = positionOf(text, 'Create workspace');
    const range = { start, end: { ...start, character: start.character + 'Create'.length } };
    await client.change(uri, [{ range, text: 'Make' }]);
    const after = await client.waitForDiagnostics(onboarding, hasUnknown('Create workspace'));
    assert.match(messageOf(after[0]!), /did you mean 'Make workspace'\?/);
    await client.change(uri, [{ range: { start, end: { ...start, character: start.character + 'Make'.length } }, text: 'Create' }]);
    await client.waitForDiagnostics(onboarding, (d) => d.length === 0);
  });
});

test('closing an unsaved buffer: the file on disk is the truth again, for the file and its invokers', async () => {
  await withServer(async (client) => {
    const onboarding = client.uri('flows/onboarding.py');
    const uri = await client.open('flows/create_workspace.py');
    const start = positionOf(client.text(uri)!, 'Create workspace');
    await client.change(uri, [{ range: { start, end: { ...start, character: start.character + 6 } }, text: 'Delete' }]);
    await client.waitForDiagnostics(onboarding, hasUnknown('Create workspace'));
    await client.close(uri);
    await client.waitForDiagnostics(onboarding, (d) => d.length === 0);
  });
});

test('an excluded file takes part while it is open, and leaves the library when closed', async () => {
  await withServer(async (client) => {
    const source = 'from hero_tracing import flow\n\n@flow("Hidden flow")\ndef hidden(inputs):\n    flow.stpe()\n';
    const uri = await client.open('excluded/hidden.py', source);
    await client.waitForDiagnostics(uri, (d) => d.length === 1);
    assert.ok((await flowNames(client)).includes('Hidden flow'));
    await client.close(uri);
    await client.waitForDiagnostics(uri, (d) => d.length === 0);
    assert.ok(!(await flowNames(client)).includes('Hidden flow'));
  });
});

test('a file deleted on disk (didChangeWatchedFiles): its invokers get invoke-unknown-flow; recreated, they are clean again', async () => {
  await withServer(async (client) => {
    const mistakes = client.uri('flows/mistakes.py');
    const creator = client.uri('flows/create_workspace.py');
    assert.deepEqual(codes(client.diagnostics.get(mistakes)!), ['invoke-unknown-flow', 'invoke-missing-input', 'invoke-missing-input', 'flow-unknown-api']);
    const provision = client.path('flows/provision.py');
    const content = client.text(await client.open('flows/provision.py'))!;
    await client.close(client.uri('flows/provision.py'));
    rmSync(provision);
    await client.watched([{ uri: client.uri('flows/provision.py'), type: FileChangeType.Deleted }]);
    await client.waitForDiagnostics(creator, hasUnknown('Provision storage'));
    await client.waitForDiagnostics(client.uri('flows/onboarding.py'), hasUnknown('Provision storage'));
    const now = await client.waitForDiagnostics(mistakes, hasUnknown('Provision storage'));
    assert.ok(!codes(now).includes('invoke-missing-input'), 'no input checks against a flow that is gone');
    assert.ok(!(await flowNames(client)).includes('Provision storage'));

    writeFileSync(provision, content);
    await client.watched([{ uri: client.uri('flows/provision.py'), type: FileChangeType.Created }]);
    await client.waitForDiagnostics(creator, (d) => d.length === 0);
    await client.waitForDiagnostics(mistakes, (d) => codes(d).filter((c) => c === 'invoke-missing-input').length === 2);
  });
});

test('a file changed on disk (watched Changed) is re-read; an open document ignores the disk', async () => {
  await withServer(async (client) => {
    const onboarding = client.uri('flows/onboarding.py');
    const path = client.path('flows/provision.py');
    writeFileSync(path, 'from hero_tracing import flow\n\n@flow("Provision storage", inputs={"size": int, "zone": str})\ndef p(inputs):\n    pass\n');
    await client.watched([{ uri: client.uri('flows/provision.py'), type: FileChangeType.Changed }]);
    const diagnostics = await client.waitForDiagnostics(onboarding, (d) => d.length > 0);
    assert.deepEqual(codes(diagnostics).sort(), ['invoke-missing-input', 'invoke-unknown-input']);
  });
});

test('a folder created and then deleted outside the editor: its flows come and go', async () => {
  await withServer(async (client) => {
    const caller = 'from hero_tracing import flow\n\n@flow("Caller")\ndef c(inputs):\n    flow.invoke("Extra flow")\n';
    writeFileSync(client.path('flows/caller.py'), caller);
    await client.watched([{ uri: client.uri('flows/caller.py'), type: FileChangeType.Created }]);
    await client.waitForDiagnostics(client.uri('flows/caller.py'), hasUnknown('Extra flow'));
    mkdirSync(client.path('extra/deep'), { recursive: true });
    writeFileSync(client.path('extra/deep/extra.py'), 'from hero_tracing import flow\n\n@flow("Extra flow")\ndef e(inputs):\n    pass\n');
    await client.watched([{ uri: client.uri('extra'), type: FileChangeType.Created }]);
    await client.waitForDiagnostics(client.uri('flows/caller.py'), (d) => d.length === 0);
    rmSync(client.path('extra'), { recursive: true });
    await client.watched([{ uri: client.uri('extra'), type: FileChangeType.Deleted }]);
    await client.waitForDiagnostics(client.uri('flows/caller.py'), hasUnknown('Extra flow'));
  });
});

test('events from excluded and skipped folders are ignored', async () => {
  await withServer(async (client) => {
    const flow = (name: string) => `from hero_tracing import flow\n\n@flow("${name}")\ndef f(inputs):\n    flow.stpe()\n`;
    mkdirSync(client.path('.venv/lib'), { recursive: true });
    writeFileSync(client.path('.venv/pyvenv.cfg'), 'home = /usr/bin\n');
    writeFileSync(client.path('.venv/lib/x.py'), flow('In venv'));
    writeFileSync(client.path('excluded/y.py'), flow('In excluded'));
    writeFileSync(client.path('flows/z.py'), flow('Visible'));
    // One notification, applied in order: once z.py is published, the other two were looked at.
    await client.watched(['.venv/lib/x.py', 'excluded/y.py', 'flows/z.py'].map((p) => ({ uri: client.uri(p), type: FileChangeType.Created })));
    await client.waitForDiagnostics(client.uri('flows/z.py'), (d) => d.length === 1);
    const names = await flowNames(client);
    assert.ok(names.includes('Visible'));
    assert.ok(!names.includes('In venv'));
    assert.ok(!names.includes('In excluded'));
    assert.equal(client.diagnostics.get(client.uri('.venv/lib/x.py')), undefined);
    assert.equal(client.diagnostics.get(client.uri('excluded/y.py')), undefined);
  });
});

test('workspace/didRenameFiles (a rename in the editor\'s explorer): definitions follow the file', async () => {
  await withServer(async (client) => {
    const uri = await client.open('flows/onboarding.py');
    await client.waitForDiagnostics(uri, (d) => d.length === 0);
    const at = { textDocument: { uri }, position: positionOf(client.text(uri)!, 'Provision storage') };
    mkdirSync(client.path('storage'));
    renameSync(client.path('flows/provision.py'), client.path('storage/provision.py'));
    const after = await client.nextDiagnostics(uri, () =>
      client.connection.sendNotification(DidRenameFilesNotification.type, { files: [{ oldUri: client.uri('flows/provision.py'), newUri: client.uri('storage/provision.py') }] }),
    );
    assert.deepEqual(after, []);
    const target = (await client.connection.sendRequest(DefinitionRequest.type, at)) as Location[];
    assert.deepEqual(target.map((l) => l.uri), [client.uri('storage/provision.py')]);
  });
});
