// The language features over real LSP: one server on a copy of test/fixtures/lsp/workspace, asked
// the way an editor asks. Nothing here changes files; edits are checked by applying them locally.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CodeActionRequest,
  CompletionRequest,
  DefinitionRequest,
  DocumentSymbolRequest,
  HoverRequest,
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
  WorkspaceSymbolRequest,
  type CodeAction,
  type CompletionItem,
  type CompletionList,
  type DocumentSymbol,
  type Location,
  type MarkupContent,
  type SymbolInformation,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { DocumentFlowsRequest } from '../../common/src/lspMessages';
import { copyWorkspace, LspClient, positionOf } from '../helpers/lspClient';

let client: LspClient;
const text: Record<string, string> = {};
const uri: Record<string, string> = {};

const NEW_FLOW = `from hero_tracing import flow


@flow("New")
def new(inputs):
    flow.invoke("Pro")
    flow.invoke("Provision storage", size=1, )
    flow.invoke(
        "Provision storage",
        region="eu",
        
    )
    flow.st
`;

before(async () => {
  client = await LspClient.start({ workspace: copyWorkspace(), initializationOptions: { exclude: ['excluded'] } });
  await client.indexReady;
  for (const name of ['create_workspace', 'provision', 'onboarding', 'mistakes']) {
    uri[name] = await client.open(`flows/${name}.py`);
    text[name] = client.text(uri[name]!)!;
  }
  uri.new = await client.open('flows/new.py', NEW_FLOW);
  text.new = NEW_FLOW;
  await client.waitUntil('diagnostics of every open document', () => Object.values(uri).every((u) => client.diagnostics.has(u)));
});

after(async () => {
  assert.equal(await client.stop(), 0);
});

function apply(source: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x.py', 'python', 1, source), edits);
}

async function complete(doc: string, needle: string, offset = needle.length): Promise<CompletionItem[]> {
  const result = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: uri[doc]! }, position: positionOf(text[doc]!, needle, offset) });
  return Array.isArray(result) ? result : ((result as CompletionList | null)?.items ?? []);
}

test('the server declares incremental sync and every feature it serves', () => {
  const caps = client.initializeResult.capabilities;
  assert.deepEqual(typeof caps.textDocumentSync === 'object' && caps.textDocumentSync.change, 2);
  for (const key of ['completionProvider', 'hoverProvider', 'definitionProvider', 'referencesProvider', 'renameProvider', 'documentSymbolProvider', 'workspaceSymbolProvider', 'codeActionProvider'] as const) {
    assert.ok(caps[key], key);
  }
});

test('completion inside flow.invoke("…"): flow names with their card, replacing the typed prefix', async () => {
  const items = await complete('new', 'flow.invoke("Pro', 'flow.invoke("Pro'.length);
  const provision = items.find((i) => i.label === 'Provision storage');
  assert.ok(provision, JSON.stringify(items.map((i) => i.label)));
  assert.deepEqual(items.map((i) => i.label).sort(), ['Create workspace', 'Mistakes', 'New', 'Onboard team', 'Provision storage']);
  const doc = (provision.documentation as MarkupContent).value;
  assert.match(doc, /Creates the bucket for a workspace/);
  assert.match(doc, /`size`: `int`/);
  assert.match(doc, /`region`: `str` = `"eu"` — where the bucket lives/);
  const edit = provision.textEdit as TextEdit;
  const line = positionOf(NEW_FLOW, 'flow.invoke("Pro').line;
  assert.deepEqual(edit.range, { start: { line, character: 17 }, end: { line, character: 20 } });
  assert.equal(apply(NEW_FLOW, [edit]).split('\n')[line], '    flow.invoke("Provision storage")');
});

test('completion of keyword arguments: the target\'s inputs not yet given, required first', async () => {
  const items = await complete('new', 'size=1, ');
  assert.deepEqual(items.map((i) => i.label), ['region', 'tier']);
  assert.equal((items[0]!.textEdit as TextEdit).newText, 'region=');
  const multiLine = await complete('new', 'region="eu",\n        ');
  assert.deepEqual(multiLine.map((i) => i.label), ['size', 'tier']);
  assert.match(multiLine[0]!.detail ?? '', /int \(required\)/);
});

test('completion after flow. offers the SDK members; after an alias too', async () => {
  const items = await complete('new', '    flow.st');
  assert.deepEqual(items.map((i) => i.label).sort(), ['Failed', 'current_span', 'invoke', 'pause', 'span', 'step']);
  const step = items.find((i) => i.label === 'step')!;
  assert.equal(step.detail, 'flow.step(name, **tags)');
  const line = positionOf(NEW_FLOW, '    flow.st').line;
  assert.deepEqual((step.textEdit as TextEdit).range, { start: { line, character: 9 }, end: { line, character: 11 } });
  const aliased = await complete('onboarding', "f.invoke('Create", "f.".length);
  assert.ok(aliased.some((i) => i.label === 'invoke'));
});

test('no completion where none makes sense: plain code, a non-flow file', async () => {
  assert.deepEqual(await complete('new', 'def new(inputs)', 4), []);
  const prefect = await client.open('not_a_flow.py');
  const result = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: prefect }, position: { line: 5, character: 17 } });
  assert.equal(result, null);
});

test('hover on the @flow name and on an invoke target: the flow card with inputs, outputs and file', async () => {
  const onName = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uri.create_workspace! }, position: positionOf(text.create_workspace!, '"Create workspace"', 3) });
  const card = (onName!.contents as MarkupContent).value;
  assert.match(card, /\*\*Create workspace\*\*/);
  assert.match(card, /Creates a whiteboard workspace/);
  assert.match(card, /- `name`: `str`/);
  assert.match(card, /- `seats`: `int` = `3` — licensed seats/);
  assert.match(card, /\*\*Outputs\*\*\n\n- `workspace_id`: `int`/);
  assert.match(card, /flows\/create_workspace\.py:4/);
  const onInvoke = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uri.onboarding! }, position: positionOf(text.onboarding!, "'Create workspace'", 1) });
  assert.equal((onInvoke!.contents as MarkupContent).value, card);
  assert.deepEqual(onInvoke!.range, { start: positionOf(text.onboarding!, "'Create workspace'"), end: positionOf(text.onboarding!, "'Create workspace'", 18) });
  const unknown = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uri.mistakes! }, position: positionOf(text.mistakes!, 'Create workspce') });
  assert.match((unknown!.contents as MarkupContent).value, /no flow with this name/);
  const nothing = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uri.create_workspace! }, position: { line: 0, character: 2 } });
  assert.equal(nothing, null);
});

test('go to definition from an invoke target lands on the @flow name', async () => {
  const result = (await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: uri.onboarding! }, position: positionOf(text.onboarding!, 'Provision storage') })) as Location[];
  assert.equal(result.length, 1);
  assert.equal(result[0]!.uri, uri.provision);
  assert.deepEqual(result[0]!.range.start, positionOf(text.provision!, '"Provision storage"'));
  const none = await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: uri.mistakes! }, position: positionOf(text.mistakes!, 'Create workspce') });
  assert.equal(none, null);
});

test('find references: every invoke site across the workspace, plus the declaration when asked', async () => {
  const at = { textDocument: { uri: uri.provision! }, position: positionOf(text.provision!, 'Provision storage') };
  const sites = (await client.connection.sendRequest(ReferencesRequest.type, { ...at, context: { includeDeclaration: false } }))!;
  const where = (locations: Location[]) => locations.map((l) => `${l.uri.split('/').pop()}:${l.range.start.line}`).sort();
  assert.deepEqual(where(sites), ['create_workspace.py:12', 'mistakes.py:6', 'mistakes.py:8', 'new.py:6', 'new.py:8', 'onboarding.py:6']);
  const withDeclaration = (await client.connection.sendRequest(ReferencesRequest.type, { ...at, context: { includeDeclaration: true } }))!;
  assert.equal(withDeclaration.length, sites.length + 1);
  assert.ok(withDeclaration.some((l) => l.uri === uri.provision));
  const fromInvoke = (await client.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri: uri.onboarding! }, position: positionOf(text.onboarding!, 'Create workspace'), context: { includeDeclaration: false } }))!;
  assert.deepEqual(where(fromInvoke), ['onboarding.py:5']);
});

test('prepareRename gives the text between the quotes; elsewhere there is nothing to rename', async () => {
  const prepared = (await client.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri: uri.onboarding! }, position: positionOf(text.onboarding!, 'Create workspace', 2) })) as { range: { start: unknown; end: unknown }; placeholder: string };
  assert.equal(prepared.placeholder, 'Create workspace');
  assert.deepEqual(prepared.range, { start: positionOf(text.onboarding!, 'Create workspace'), end: positionOf(text.onboarding!, 'Create workspace', 16) });
  assert.equal(await client.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri: uri.onboarding! }, position: { line: 0, character: 1 } }), null);
});

test('rename from an invoke string edits the decorator and every invoke, each keeping its quotes', async () => {
  const edit = (await client.connection.sendRequest(RenameRequest.type, { textDocument: { uri: uri.onboarding! }, position: positionOf(text.onboarding!, 'Create workspace'), newName: 'Make "shared" workspace' })) as WorkspaceEdit;
  const changes = edit.changes!;
  assert.deepEqual(Object.keys(changes).sort(), [uri.create_workspace, uri.onboarding].sort());
  assert.match(apply(text.create_workspace!, changes[uri.create_workspace!]!), /@flow\("Make \\"shared\\" workspace",/);
  assert.match(apply(text.onboarding!, changes[uri.onboarding!]!), /f\.invoke\('Make "shared" workspace', name=/);
  const fromDecorator = (await client.connection.sendRequest(RenameRequest.type, { textDocument: { uri: uri.provision! }, position: positionOf(text.provision!, 'Provision storage'), newName: 'Storage' })) as WorkspaceEdit;
  const files = Object.keys(fromDecorator.changes!).map((u) => u.split('/').pop()).sort();
  assert.deepEqual(files, ['create_workspace.py', 'mistakes.py', 'new.py', 'onboarding.py', 'provision.py']);
  assert.equal(fromDecorator.changes![uri.mistakes!]!.length, 2);
});

test('rename refuses a name another flow already has, and an empty one', async () => {
  const at = { textDocument: { uri: uri.onboarding! }, position: positionOf(text.onboarding!, 'Create workspace') };
  await assert.rejects(client.connection.sendRequest(RenameRequest.type, { ...at, newName: 'Provision storage' }), /already exists \(flows\/provision\.py:5\)/);
  await assert.rejects(client.connection.sendRequest(RenameRequest.type, { ...at, newName: '  ' }), /cannot be empty/);
});

test('document symbols: each flow, with its steps as children', async () => {
  const symbols = (await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: uri.create_workspace! } })) as DocumentSymbol[];
  assert.deepEqual(symbols.map((s) => [s.name, s.children?.map((c) => c.name)]), [['Create workspace', ['validate', 'provision']]]);
  assert.match(symbols[0]!.detail!, /def create\(inputs\)/);
  assert.deepEqual(symbols[0]!.selectionRange.start, positionOf(text.create_workspace!, '"Create workspace"'));
});

test('workspace symbols: flows by name, best matches first, fuzzy', async () => {
  const names = async (query: string) => ((await client.connection.sendRequest(WorkspaceSymbolRequest.type, { query })) as SymbolInformation[]).map((s) => s.name);
  assert.deepEqual(await names('prov'), ['Provision storage']);
  assert.deepEqual(await names('work'), ['Create workspace']);
  assert.deepEqual(await names('cws'), ['Create workspace']);
  assert.deepEqual(await names('zzz'), []);
  assert.equal((await names('')).length, 5);
  const [symbol] = (await client.connection.sendRequest(WorkspaceSymbolRequest.type, { query: 'Onboard' })) as SymbolInformation[];
  assert.equal(symbol!.location.uri, uri.onboarding);
  assert.equal(symbol!.containerName, 'flows/onboarding.py');
});

async function actionsAt(doc: string, needle: string): Promise<CodeAction[]> {
  const position = positionOf(text[doc]!, needle);
  const diagnostics = client.diagnostics.get(uri[doc]!)!;
  return (await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: uri[doc]! }, range: { start: position, end: position }, context: { diagnostics } })) as CodeAction[];
}

test('code action: replace an unknown invoke target with the suggestion', async () => {
  const [fix, ...rest] = await actionsAt('mistakes', 'Create workspce');
  assert.equal(rest.length, 0);
  assert.equal(fix!.title, "Change to 'Create workspace'");
  assert.equal(fix!.isPreferred, true);
  assert.equal(fix!.diagnostics?.[0]?.code, 'invoke-unknown-flow');
  assert.match(apply(text.mistakes!, fix!.edit!.changes![uri.mistakes!]!), /flow\.invoke\("Create workspace", name="x"\)/);
});

test('code action: add the missing required inputs, on one line and in a multi-line call', async () => {
  const [oneLine] = await actionsAt('mistakes', '"Provision storage", region="us"');
  assert.equal(oneLine!.title, 'Add missing input: size');
  assert.match(apply(text.mistakes!, oneLine!.edit!.changes![uri.mistakes!]!), /flow\.invoke\("Provision storage", region="us", size=0\)/);
  const [multi] = await actionsAt('mistakes', '"Provision storage",\n');
  assert.match(apply(text.mistakes!, multi!.edit!.changes![uri.mistakes!]!), /        region="eu",\n        size=0,\n    \)/);
});

test('code action: a misspelt SDK member becomes the member meant', async () => {
  const [fix] = await actionsAt('mistakes', 'stpe');
  assert.equal(fix!.title, 'Change to flow.step');
  assert.match(apply(text.mistakes!, fix!.edit!.changes![uri.mistakes!]!), /flow\.step\("oops"\)/);
  assert.deepEqual(await actionsAt('create_workspace', 'async def'), []);
});

test('heroFlows/documentFlows: names, ranges and input schemas for run buttons and forms', async () => {
  const result = await client.request(DocumentFlowsRequest, { uri: uri.create_workspace! });
  assert.equal(result.isFlowFile, true);
  assert.equal(result.version, 1);
  assert.equal(result.flows.length, 1);
  const flow = result.flows[0]!;
  assert.equal(flow.name, 'Create workspace');
  assert.equal(flow.functionName, 'create');
  assert.equal(flow.isAsync, true);
  assert.equal(flow.description, 'Creates a whiteboard workspace');
  assert.equal(flow.hasErrors, false);
  assert.deepEqual(flow.decoratorRange.start, positionOf(text.create_workspace!, '@flow'));
  assert.deepEqual(flow.inputs, [
    { name: 'name', type: 'str', required: true },
    { name: 'seats', type: 'int', required: false, default: 3, defaultText: '3', description: 'licensed seats' },
  ]);
  assert.deepEqual(flow.outputs, [{ name: 'workspace_id', type: 'int', required: true }]);
  const prefect = await client.request(DocumentFlowsRequest, { uri: client.uri('not_a_flow.py') });
  assert.deepEqual(prefect.flows, []);
  assert.equal(prefect.isFlowFile, false);
});
