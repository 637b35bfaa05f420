// The file cap (issue 10, class 9): the language server, `hero-flows flows` and the SDK behind
// `hero-flows run` read each workspace folder's first N Python files in the same walk order, so they
// agree on which flows exist; a folder cut short is said (indexReady, the log, stderr, the play's
// error) with the setting that raises the cap, and an unknown invoke target there is not asserted.
// The cap is made small here (200) to exercise the same code paths as the default in a few seconds.

import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { MAX_WORKSPACE_FILES_ENV, MAX_WORKSPACE_FILES_SETTING } from '../../common/src/workspaceLimits';
import { cli, tempDir } from '../helpers/cli';
import { LspClient } from '../helpers/lspClient';

const CAP = 200;
const DEEP_FLOWS = 5;

/** 250 small files that are not flow files, walked before the flows that sit deep down. */
function bigWorkspace(): string {
  const files: Record<string, string> = {
    'invoker.py': 'from hero_tracing import flow\n\n@flow("Invoker")\ndef invoker(inputs):\n    return flow.invoke("Deep 3")\n',
  };
  for (let i = 0; i < 250; i++) files[`filler/pkg${i % 10}/module_${String(i).padStart(3, '0')}.py`] = `VALUE = ${i}\n`;
  for (let i = 0; i < DEEP_FLOWS; i++) {
    files[`zz/deep/down/flow_${i}.py`] = `from hero_tracing import flow\n\n@flow("Deep ${i}")\ndef deep(inputs):\n    return {"deep": ${i}}\n`;
  }
  const workspace = tempDir('hero-cap-'); // not copyWorkspace's: the CLI still reads it after the server stops
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(workspace, path)), { recursive: true });
    writeFileSync(join(workspace, path), text);
  }
  return workspace;
}

function flowsListed(workspace: string, env: NodeJS.ProcessEnv) {
  const result = cli(['flows', '--json', '.'], { cwd: workspace, env });
  assert.equal(result.status, 0, result.stderr);
  return { names: (JSON.parse(result.stdout) as { name: string }[]).map((f) => f.name).sort(), stderr: result.stderr };
}

test('capped: the server, `flows` and `run` agree that Deep 3 is not in the first 200 files, and each says why', { timeout: 120_000 }, async () => {
  const workspace = bigWorkspace();
  const env = { [MAX_WORKSPACE_FILES_ENV]: String(CAP) };
  const client = await LspClient.start({ workspace, initializationOptions: { maxWorkspaceFiles: CAP } });
  try {
    const ready = await client.indexReady;
    assert.deepEqual([ready.capped, ready.cappedFolders, ready.maxFiles, ready.flows], [true, [workspace], CAP, 1]);
    assert.match(client.log, new RegExp(`first ${CAP} Python files of .* raise ${MAX_WORKSPACE_FILES_SETTING.replace('.', '\\.')}`));
    const invoker = await client.open('invoker.py');
    const [said] = await client.waitForDiagnostics(invoker, (d) => d.length > 0);
    assert.equal(said!.code, 'invoke-flow-not-scanned');
    assert.equal(said!.severity, 3); // Information: not asserted as an error
    assert.match(String(said!.message), new RegExp(`no flow named 'Deep 3' in the first ${CAP} Python files .*raise ${MAX_WORKSPACE_FILES_SETTING.replace('.', '\\.')}`));
  } finally {
    assert.equal(await client.stop(), 0);
  }

  const listed = flowsListed(workspace, env);
  assert.deepEqual(listed.names, ['Invoker']);
  assert.match(listed.stderr, new RegExp(`only the first ${CAP} Python files of .* were read .*${MAX_WORKSPACE_FILES_ENV}`));

  const run = cli(['run', 'invoker.py', '--json', '--store', tempDir()], { cwd: workspace, env });
  assert.equal(run.status, 1, run.stderr);
  const play = JSON.parse(run.stdout) as { error?: string; status: string };
  assert.equal(play.status, 'failed');
  assert.match(play.error ?? '', /no flow named 'Deep 3'/);
  assert.match(play.error ?? '', new RegExp(`stopped after the first ${CAP} Python files .* ${MAX_WORKSPACE_FILES_ENV}`));
});

test('the cap raised (here: the default): all three find every deep flow', { timeout: 120_000 }, async () => {
  const workspace = bigWorkspace();
  const client = await LspClient.start({ workspace });
  try {
    const ready = await client.indexReady;
    assert.deepEqual([ready.capped, ready.flows], [false, DEEP_FLOWS + 1]);
    const invoker = await client.open('invoker.py');
    await client.waitForDiagnostics(invoker, (d) => d.length === 0);
  } finally {
    assert.equal(await client.stop(), 0);
  }
  const listed = flowsListed(workspace, {});
  assert.equal(listed.names.length, DEEP_FLOWS + 1);
  assert.equal(listed.stderr, '');
  const run = cli(['run', 'invoker.py', '--json', '--store', tempDir()], { cwd: workspace });
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual((JSON.parse(run.stdout) as { output: unknown }).output, { deep: 3 });
});
