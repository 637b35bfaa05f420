// The durable surface over real LSP (docs/durable.md): `flow.pause` completes with a snippet for a
// client that expands snippets and hovers with its contract; a step function is a step in the
// outline; a pausing flow's clock read is a hint; nothing about it is `flow-unknown-api`.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  CompletionRequest,
  DiagnosticSeverity,
  DocumentSymbolRequest,
  HoverRequest,
  InsertTextFormat,
  type CompletionItem,
  type CompletionList,
  type DocumentSymbol,
  type MarkupContent,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { copyWorkspace, LspClient, positionOf } from '../helpers/lspClient';

const APPROVAL = `import time
from hero_tracing import flow


@flow.step("charge card")
def charge(amount):
    return {"charged": amount, "at": time.time()}


@flow("Approve deploy", inputs={"env": str})
def approve(inputs):
    asked_at = time.time()
    answer = flow.pause("Deploy?", inputs={"ok": bool, "note": {"type": "str", "default": 3}})
    charge(3)
    flow.pa
    return {"ok": answer["ok"], "asked_at": asked_at}
`;

let client: LspClient;
let uri: string;

before(async () => {
  client = await LspClient.start({
    workspace: copyWorkspace(),
    capabilities: { textDocument: { completion: { completionItem: { snippetSupport: true } } } },
  });
  await client.indexReady;
  uri = await client.open('flows/approval.py', APPROVAL);
  await client.waitForDiagnostics(uri, (d) => d.length > 0, 'the approval flow');
});

after(async () => {
  assert.equal(await client.stop(), 0);
});

test('flow.pause is known: its inputs are checked like @flow\'s, and a clock read in the pausing flow is a hint', () => {
  const diagnostics = client.diagnostics.get(uri)!;
  assert.deepEqual(
    diagnostics.map((d) => [d.code, d.severity, d.range.start]),
    [
      ['pause-nondeterministic', DiagnosticSeverity.Hint, positionOf(APPROVAL, 'time.time()\n    answer')],
      ['flow-default-type-mismatch', DiagnosticSeverity.Warning, positionOf(APPROVAL, '"default": 3', '"default": '.length)],
      ['flow-unknown-api', DiagnosticSeverity.Error, positionOf(APPROVAL, 'flow.pa\n', 'flow.'.length)],
    ],
  );
  assert.equal(diagnostics[0]!.source, 'hero-flows');
  assert.match(diagnostics[0]!.message as string, /^time\.time\(\) will give another value after a resume.*@flow\.step function/);
});

test('completion after flow. offers pause with a snippet: prompt, then inputs', async () => {
  const position = positionOf(APPROVAL, '    flow.pa\n', '    flow.pa'.length);
  const result = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position })) as CompletionList;
  const pause = result.items.find((item: CompletionItem) => item.label === 'pause');
  assert.ok(pause, JSON.stringify(result.items.map((i) => i.label)));
  assert.equal(pause.detail, 'flow.pause(prompt, *, inputs=None, key=None)');
  assert.equal(pause.insertTextFormat, InsertTextFormat.Snippet);
  const edit = pause.textEdit as TextEdit;
  assert.equal(edit.newText, 'pause("${1:Approve?}", inputs={"${2:approved}": ${3|bool,str,int,float,list,dict|}})$0');
  assert.deepEqual(edit.range, { start: { line: position.line, character: 9 }, end: position });
  assert.match((pause.documentation as MarkupContent).value, /\*\*parks\*\*/);
  const step = result.items.find((item) => item.label === 'step')!;
  assert.equal(step.insertTextFormat, undefined, 'a member without a snippet inserts its name');
  assert.equal((step.textEdit as TextEdit).newText, 'step');
});

test('hover on flow.pause: its signature, what it returns, that the play parks and resumes, and where the contract is', async () => {
  const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: positionOf(APPROVAL, 'pause("Deploy?"', 2) });
  const text = (hover!.contents as MarkupContent).value;
  assert.match(text, /^```python\nflow\.pause\(prompt, \*, inputs=None, key=None\)\n```/);
  assert.match(text, /Returns the answer: a dict checked like play inputs against `inputs`/);
  assert.match(text, /its status becomes `paused`/);
  assert.match(text, /Resuming it with an answer runs the flow again from the start under the same play id/);
  assert.match(text, /docs\/durable\.md/);
  assert.deepEqual(hover!.range, { start: positionOf(APPROVAL, 'pause("Deploy?"'), end: positionOf(APPROVAL, 'pause("Deploy?"', 5) });
  const onDecorator = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: positionOf(APPROVAL, 'step("charge card")', 1) });
  assert.match((onDecorator!.contents as MarkupContent).value, /step function: its return value, or its exception, is recorded/);
});

test('the outline holds the step function beside the flow', async () => {
  const symbols = (await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as DocumentSymbol[];
  assert.deepEqual(
    symbols.map((s) => [s.name, s.detail]),
    [
      ['charge card', 'step function'],
      ['Approve deploy', 'def approve(inputs)'],
    ],
  );
  assert.deepEqual(symbols[0]!.range.start, positionOf(APPROVAL, '@flow.step'));
  assert.deepEqual(symbols[0]!.selectionRange.start, positionOf(APPROVAL, '"charge card"'));
});
