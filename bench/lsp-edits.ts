// Edit to diagnostics: over real LSP, a 5,000-line flow file gets 500 single-character edits,
// each timed from sending didChange to receiving its publishDiagnostics.
// Then cross-file: renaming a flow invoked from 1,000 files, timed until all have new diagnostics.

import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspClient } from '../test/helpers/lspClient';
import { HUB_FLOW, flowName, writeFlowCorpus } from './lib/flowCorpus';
import { fmt, median, percentile, table } from './lib/stats';

const EDITS = Number(process.env.BENCH_EDITS ?? 500);
const INVOKERS = Number(process.env.BENCH_INVOKERS ?? 1000);

/** Just over 5,000 lines: 114 flows of 44 lines, each with steps and invokes of its neighbours. */
const BIG_FILE_FLOWS = 114;

function bigFlowFile(): string {
  const parts = ['from hero_tracing import flow\n\n'];
  for (let i = 0; i < BIG_FILE_FLOWS; i++) {
    parts.push(`@flow(
    "Big ${i}",
    inputs={"name": str, "count": {"type": "int", "default": ${i}}, "ratio": {"type": "float", "default": 0.5}},
    outputs={"id": int},
    description="flow ${i} of a big file",
)
def big_${i}(inputs):
    # a comment line that edits land in: ${'.'.repeat(20)}
    total = 0
`);
    for (let s = 0; s < 6; s++) {
      parts.push(`    with flow.step("step ${s}", index=${s}):
        total += ${s}
        flow.current_span.tag(total=total)
        if total > 100:
            flow.current_span.log("big")
`);
    }
    parts.push(`    flow.invoke("Big ${(i + 1) % BIG_FILE_FLOWS}", name="x", count=2)
    flow.invoke("Big ${(i + 7) % BIG_FILE_FLOWS}", name="y")
    return {"id": total}


`);
  }
  return parts.join('');
}

async function editLatency() {
  const workspace = mkdtempSync(join(tmpdir(), 'hero-bench-edit-'));
  const text = bigFlowFile();
  writeFileSync(join(workspace, 'big.py'), text);
  const client = await LspClient.start({ workspace });
  await client.indexReady;
  const uri = await client.open('big.py', text);
  await client.waitForDiagnostics(uri, () => true);
  const lines = text.split('\n');
  const commentLines = lines.flatMap((line, i) => (line.includes('# a comment line') ? [i] : []));
  const samples: number[] = [];
  for (let e = 0; e < EDITS; e++) {
    // Type a character at the end of a comment, then delete it again: the file stays valid.
    const line = commentLines[Math.floor(e / 2) % commentLines.length]!;
    const character = lines[line]!.length;
    const change =
      e % 2 === 0
        ? { range: { start: { line, character }, end: { line, character } }, text: 'x' }
        : { range: { start: { line, character }, end: { line, character: character + 1 } }, text: '' };
    const started = performance.now();
    await client.nextDiagnostics(uri, () => client.change(uri, [change]));
    samples.push(performance.now() - started);
  }
  await client.stop();
  return { lines: lines.length, samples };
}

async function crossFileRename() {
  const workspace = mkdtempSync(join(tmpdir(), 'hero-bench-rename-'));
  const files = writeFlowCorpus(join(workspace, 'flows'), INVOKERS + 1); // flow 0 is the hub; 1..N invoke it
  mkdirSync(join(workspace, 'more'), { recursive: true });
  const client = await LspClient.start({ workspace });
  await client.indexReady;
  const hubPath = files[0]!.slice(workspace.length + 1);
  const hubUri = await client.open(hubPath);
  const hubText = client.text(hubUri)!;
  const invokers = files.slice(1).map((path) => client.uri(path.slice(workspace.length + 1)));
  const before = new Map(invokers.map((uri) => [uri, client.publications.get(uri) ?? 0]));
  // Rename the hub in its decorator: every invoker now calls a flow that does not exist.
  const line = hubText.split('\n').findIndex((l) => l.includes(`"${HUB_FLOW}"`));
  const character = hubText.split('\n')[line]!.indexOf(HUB_FLOW);
  const started = performance.now();
  await client.change(hubUri, [{ range: { start: { line, character }, end: { line, character: character + HUB_FLOW.length } }, text: 'Renamed hub' }]);
  await client.waitUntil('every invoker to get new diagnostics', () =>
    invokers.every((uri) => (client.publications.get(uri) ?? 0) > before.get(uri)! && (client.diagnostics.get(uri) ?? []).some((d) => d.code === 'invoke-unknown-flow')),
    120_000,
  );
  const elapsed = performance.now() - started;
  await client.stop();
  return { elapsed, invokers: invokers.length, example: flowName(1) };
}

async function main() {
  const edits = await editLatency();
  console.log(`Edit to diagnostics: ${fmt(edits.lines)}-line flow file, ${fmt(EDITS)} single-character edits over LSP\n`);
  console.log(
    table([
      ['didChange → publishDiagnostics', 'ms'],
      ['p50', fmt(median(edits.samples), 2)],
      ['p95', fmt(percentile(edits.samples, 95), 2)],
      ['max', fmt(Math.max(...edits.samples), 2)],
    ]),
  );
  console.log('target: p95 ≤ 10 ms\n');
  const rename = await crossFileRename();
  console.log(`Cross-file update: renaming a flow invoked from ${fmt(rename.invokers)} files → all of them have new diagnostics in ${fmt(rename.elapsed)} ms`);
}

main();
