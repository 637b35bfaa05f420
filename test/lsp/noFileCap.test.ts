// No file cap a monorepo meets (issue 15, target 2): a workspace past the old default cap (100,000
// Python files) is read to its last file, in one streamed scan, by the language server and by the
// SDK's `flow.invoke` walk alike (one rule: common/src/workspaceLimits.ts). The flows sit at the very
// end of the walk, where a cap would cut them.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { MAX_WORKSPACE_FILES_ENV } from '../../common/src/workspaceLimits';
import { ROOT, tempDir } from '../helpers/cli';
import { LspClient } from '../helpers/lspClient';
import { python3 } from '../helpers/python';

const OLD_CAP = 100_000;
const FILLER = OLD_CAP + 1;
const FLOWS = 3;

function monorepo(): string {
  const workspace = tempDir('hero-monorepo-');
  for (let dir = 0; dir < FILLER / 500; dir++) mkdirSync(join(workspace, 'pkg', `d${String(dir).padStart(3, '0')}`), { recursive: true });
  for (let i = 0; i < FILLER; i++) writeFileSync(join(workspace, 'pkg', `d${String(Math.floor(i / 500)).padStart(3, '0')}`, `m${i}.py`), '');
  mkdirSync(join(workspace, 'zz'));
  for (let i = 0; i < FLOWS; i++) writeFileSync(join(workspace, 'zz', `flow_${i}.py`), `from hero_tracing import flow\n\n@flow("Last ${i}")\ndef run(inputs):\n    return {}\n`);
  return workspace;
}

test(`a workspace of ${FILLER + FLOWS} Python files is read to its last file by the server and by the SDK's walk`, { timeout: 600_000 }, async () => {
  const workspace = monorepo();
  const client = await LspClient.start({ workspace, initializationOptions: { indexWaitMs: 600_000 } });
  try {
    const ready = await client.indexReady;
    assert.deepEqual([ready.files, ready.capped, ready.flows], [FILLER + FLOWS, false, FLOWS]);
  } finally {
    assert.equal(await client.stop(), 0);
  }
  const env: NodeJS.ProcessEnv = { ...process.env, PYTHONPATH: join(ROOT, 'runtime', 'python') };
  delete env[MAX_WORKSPACE_FILES_ENV];
  const script = 'import json, sys\nfrom hero_tracing import _workspace_walk\nfiles, capped = _workspace_walk.py_files(sys.argv[1])\nprint(json.dumps([len(files), capped, files[-1]]))';
  const [count, capped, last] = JSON.parse(execFileSync(python3(), ['-c', script, workspace], { env, encoding: 'utf8' })) as [number, boolean, string];
  rmSync(workspace, { recursive: true, force: true }); // 100,000 files: not left for the machine's tmp cleaner
  assert.deepEqual([count, capped, last], [FILLER + FLOWS, false, join(workspace, 'zz', `flow_${FLOWS - 1}.py`)]);
});
