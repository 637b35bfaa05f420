// The scan's parse worker (issue 15: work spread over both cores without blocking requests): the
// built server parses the workspace's flow files in a worker thread (dist/parse-worker.js) and
// answers requests on an open document while the scan runs; the worker's facts are the main
// thread's; a worker that cannot start or that dies mid-scan leaves the parsing to the main thread,
// logged, with the same facts.

import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CompletionRequest, type CompletionList } from 'vscode-languageserver-protocol';
import type { FileFacts } from '../../server/src/analyzer/facts';
import { SlicedParser } from '../../server/src/parser/slicedParser';
import { factsOfText } from '../../server/src/workspace/analysis';
import { parseWorkerScript, ScanAnalyser } from '../../server/src/workspace/scanAnalyser';
import { ROOT, tempDir } from '../helpers/cli';
import { LspClient } from '../helpers/lspClient';

const BUILT_WORKER = parseWorkerScript(join(ROOT, 'dist'));

function flowFile(i: number): string {
  return `from hero_tracing import flow\n\n\n@flow("Flow ${i}", inputs={"n": {"type": "int", "default": ${i}}})\ndef run_${i}(inputs):\n    with flow.step("work"):\n        flow.invoke("Flow ${Math.max(0, i - 1)}", n=1)\n    return {}\n`;
}

/** A workspace of `count` flow files, whose scan outlasts a request by far. */
function flowWorkspace(count: number): string {
  const workspace = tempDir('hero-parse-worker-');
  for (let dir = 0; dir * 100 < count; dir++) mkdirSync(join(workspace, `d${dir}`));
  for (let i = 0; i < count; i++) writeFileSync(join(workspace, `d${Math.floor(i / 100)}`, `flow_${i}.py`), flowFile(i));
  return workspace;
}

const OPEN = 'from hero_tracing import flow\n\n\n@flow("Open")\ndef run(inputs):\n    flow.\n    return {}\n';

test('a completion sent while the scan runs is answered before indexReady; the scan parses in the worker', { timeout: 600_000 }, async () => {
  const count = 1500;
  const workspace = flowWorkspace(count);
  const client = await LspClient.start({ workspace, initializationOptions: { indexWaitMs: 600_000 } });
  try {
    const order: string[] = [];
    void client.indexReady.then(() => order.push('indexReady'));
    const uri = await client.open('open.py', OPEN);
    const list = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 5, character: 9 } })) as CompletionList;
    order.push('completion');
    assert.ok(list.items.some((item) => item.label === 'invoke'), 'the SDK members');
    const ready = await client.indexReady;
    assert.deepEqual(order, ['completion', 'indexReady']);
    assert.deepEqual([ready.files, ready.parsed, ready.flows], [count, count, count + 1]);
    assert.match(client.log, new RegExp(`${count} files parsed in the parse worker`));
  } finally {
    assert.equal(await client.stop(), 0);
  }
});

test('with parseWorker: false the scan parses on the main thread and finds the same diagnostics', { timeout: 600_000 }, async () => {
  const workspace = flowWorkspace(40);
  writeFileSync(join(workspace, 'd0', 'bad.py'), 'from hero_tracing import flow\n\n@flow("Bad", inputs={"x": {"type": "nope"}})\ndef run(inputs):\n    flow.invoke("Nowhere")\n');
  const runs = [];
  for (const parseWorker of [true, false]) {
    const client = await LspClient.start({ workspace, initializationOptions: { indexWaitMs: 600_000, parseWorker } });
    try {
      const ready = await client.indexReady;
      runs.push({ counts: [ready.files, ready.parsed, ready.flows], diagnostics: Object.fromEntries([...client.diagnostics].sort(([a], [b]) => a.localeCompare(b))) });
      assert.equal(/parsed in the parse worker/.test(client.log), parseWorker);
    } finally {
      assert.equal(await client.stop(), 0);
    }
  }
  assert.ok(Object.values(runs[0]!.diagnostics).some((d) => d.length > 0), 'the bad file has diagnostics');
  assert.deepEqual(runs[0], runs[1]);
});

/** The facts of `texts` through a ScanAnalyser with `script`, and what it logged. */
async function throughAnalyser(script: string | undefined, texts: string[]): Promise<{ facts: (FileFacts | null)[]; log: string[] }> {
  const parser = await SlicedParser.create();
  const log: string[] = [];
  const analyser = new ScanAnalyser(parser, (m) => log.push(m), script);
  try {
    const facts = await Promise.all(texts.map((text, i) => analyser.facts(`/w/flow_${i}.py`, text)));
    return { facts, log };
  } finally {
    analyser.dispose();
    parser.dispose();
  }
}

async function onThisThread(texts: string[]): Promise<(FileFacts | null)[]> {
  const parser = await SlicedParser.create();
  try {
    const facts = [];
    for (const [i, text] of texts.entries()) facts.push(await factsOfText(`/w/flow_${i}.py`, text, parser, () => undefined));
    return facts;
  } finally {
    parser.dispose();
  }
}

const TEXTS = [flowFile(1), flowFile(2), 'import os\n', `${flowFile(3)}\ndef broken(:\n`];

test('the built worker hands back the facts the main thread finds', { skip: BUILT_WORKER ? false : 'dist/parse-worker.js is not built' }, async () => {
  const { facts, log } = await throughAnalyser(BUILT_WORKER, TEXTS);
  assert.deepEqual(log, []);
  assert.equal(facts[0]?.flows[0]?.name, 'Flow 1');
  assert.equal(facts[3]?.hasSyntaxErrors, true);
  assert.deepEqual(facts, await onThisThread(TEXTS));
});

test('a worker that cannot start, or dies on its first file, leaves the parsing to the main thread, logged', async () => {
  const expected = await onThisThread(TEXTS);
  const missing = await throughAnalyser(join(tempDir(), 'no-such-worker.js'), TEXTS);
  assert.deepEqual(missing.facts, expected);
  assert.match(missing.log.join('\n'), /parse worker failed \(.*no-such-worker.js.*\): the scan parses its remaining files on the main thread/);

  const dir = tempDir();
  const crashing = join(dir, 'crashing-worker.js');
  writeFileSync(crashing, "require('node:worker_threads').parentPort.on('message', () => { throw new Error('worker broke') });\n");
  const crashed = await throughAnalyser(crashing, TEXTS);
  assert.deepEqual(crashed.facts, expected);
  assert.equal(crashed.log.length, 1, crashed.log.join('\n'));
  assert.match(crashed.log[0]!, /parse worker failed \(Error: worker broke\): the scan parses its remaining files on the main thread/);

  const exiting = join(dir, 'exiting-worker.js');
  writeFileSync(exiting, "require('node:worker_threads').parentPort.on('message', () => process.exit(7));\n");
  const exited = await throughAnalyser(exiting, TEXTS);
  assert.deepEqual(exited.facts, expected);
  assert.match(exited.log.join('\n'), /parse worker exited with code 7/);
});
