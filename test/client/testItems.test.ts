// Flows to test items, over the flows the real server reports for the LSP fixture workspace: one
// file item per file, one flow item per flow with its decorator as the range (the gutter ▶), kept
// current by the FlowIndex as heroFlows/flowsChanged arrives.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WorkspaceFlowsRequest, type DocumentFlow, type FileFlows } from '../../common/src/lspMessages';
import { FlowIndex } from '../../client/src/server/flowIndex';
import { fileItemSpec, flowItemSpecs, flowKey, flowSelector } from '../../client/src/run/testItems';
import { copyWorkspace, LspClient } from '../helpers/lspClient';

async function serverFlows(): Promise<{ files: FileFlows[]; workspace: string }> {
  const client = await LspClient.start({ workspace: copyWorkspace(), initializationOptions: { exclude: ['excluded'] } });
  try {
    await client.indexReady;
    return { files: (await client.request(WorkspaceFlowsRequest, {})).files, workspace: client.workspace };
  } finally {
    await client.stop();
  }
}

const relative = (workspace: string) => (uri: string) => decodeURIComponent(new URL(uri).pathname).slice(workspace.length + 1);

test('each file becomes an item labelled by its relative path, holding its flows with the decorator as range', async () => {
  const { files, workspace } = await serverFlows();
  const specs = files.map((file) => fileItemSpec(file.uri, file.flows, relative(workspace)));
  assert.deepEqual(specs.map((s) => s.label), ['flows/create_workspace.py', 'flows/mistakes.py', 'flows/onboarding.py', 'flows/provision.py']);
  const provision = specs.find((s) => s.label === 'flows/provision.py')!;
  assert.equal(provision.id, provision.uri);
  const [item] = provision.children;
  assert.equal(item!.label, 'Provision storage');
  assert.equal(item!.id, `${provision.uri}::flow:Provision storage`);
  assert.equal(item!.description, 'provision() · 3 inputs');
  assert.deepEqual(item!.range.start, { line: 3, character: 0 }, 'the @flow( line: where the ▶ goes');
  assert.equal(item!.range.end.line, 12, 'the whole decorator');
  const mistakes = specs.find((s) => s.label === 'flows/mistakes.py')!.children[0]!;
  assert.equal(mistakes.description, 'mistakes()', 'invoke errors do not stop the flow from running');
});

const flow = (name: string | null, line: number, extra: Partial<DocumentFlow> = {}): DocumentFlow => {
  const range = { start: { line, character: 0 }, end: { line, character: 10 } };
  return { name, functionName: `fn${line}`, isAsync: false, description: null, range, decoratorRange: range, nameRange: range, inputs: null, outputs: null, hasErrors: false, ...extra };
};

test('unnamed flows run by function name; duplicate names in one file stay two items; errors show', () => {
  const items = flowItemSpecs('file:///w/f.py', [flow(null, 2), flow('Same', 5, { hasErrors: true }), flow('Same', 9, { hasErrors: true, inputs: [{ name: 'a', type: 'int', required: true }] })]);
  assert.deepEqual(items.map((i) => [i.id, i.label, i.description]), [
    ['file:///w/f.py::function:fn2', 'fn2 (unnamed flow)', 'fn2()'],
    ['file:///w/f.py::flow:Same', 'Same', 'fn5() · ⚠ has errors'],
    ['file:///w/f.py::flow:Same@10', 'Same', 'fn9() · 1 input · ⚠ has errors'],
  ]);
  assert.deepEqual(items.map((i) => i.sortText), ['00000002', '00000005', '00000009'], 'source order');
  assert.equal(flowSelector(flow(null, 2)), 'fn2');
  assert.equal(flowSelector(flow('Named', 2)), 'Named');
  assert.equal(flowKey(flow('Named', 2)), flowKey(flow('Named', 40)), 'an item keeps its id when its flow moves');
});

test('the flow index: a fresh list replaces everything, notifications replace one file each, untitled buffers are left out', () => {
  const index = new FlowIndex();
  const changes: string[][] = [];
  index.onDidChange((uris) => changes.push([...uris].sort()));
  index.replaceAll([
    { uri: 'file:///w/a.py', flows: [flow('A', 1)] },
    { uri: 'file:///w/b.py', flows: [flow('B', 1), flow('C', 8)] },
    { uri: 'untitled:Untitled-1', flows: [flow('U', 1)] },
  ]);
  assert.equal(index.size, 3);
  assert.deepEqual(index.uris(), ['file:///w/a.py', 'file:///w/b.py']);
  index.apply([{ uri: 'file:///w/a.py', flows: [] }, { uri: 'file:///w/c.py', flows: [flow('D', 3)] }]);
  assert.deepEqual(index.all().map((f) => f.flow.name), ['B', 'C', 'D']);
  index.replaceAll([{ uri: 'file:///w/c.py', flows: [flow('D', 4)] }]);
  assert.deepEqual(index.uris(), ['file:///w/c.py']);
  assert.deepEqual(changes, [
    ['file:///w/a.py', 'file:///w/b.py', 'untitled:Untitled-1'],
    ['file:///w/a.py', 'file:///w/c.py'],
    ['file:///w/b.py', 'file:///w/c.py'],
  ], 'the files whose items must be redrawn, removed ones included');
});
