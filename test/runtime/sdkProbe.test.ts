// Asking a real interpreter which hero_tracing it has never runs workspace code: a hero_tracing.py
// (and a shadowing stdlib module) in a folder on PYTHONPATH, or in the runtime's cwd, does not execute.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SdkProbeCache } from '../../runtime/src/sdkProbe';
import { tempDir } from '../helpers/cli';
import { python3 } from '../helpers/python';

test('the probe executes no workspace file and does not count a folder on PYTHONPATH', async () => {
  const workspace = tempDir('hero-probe-ws-');
  const marker = join(workspace, 'executed');
  const plant = `open(${JSON.stringify(marker)}, "a").write(__name__ + "\\n")\n`;
  writeFileSync(join(workspace, 'hero_tracing.py'), plant);
  writeFileSync(join(workspace, 'json.py'), plant);
  mkdirSync(join(workspace, 'importlib'));
  writeFileSync(join(workspace, 'importlib', '__init__.py'), plant);
  const previous = process.cwd();
  process.chdir(workspace); // as if the extension host ran from the workspace
  try {
    const probe = await new SdkProbeCache().get(python3(), { ...process.env, PYTHONPATH: workspace, PYTHONSTARTUP: join(workspace, 'json.py') });
    assert.equal(existsSync(marker), false, 'no planted file ran');
    assert.equal(probe.importable, false);
    assert.equal(probe.installedVersion, null);
    assert.match(probe.pythonVersion, /^3\.\d+\.\d+$/);
  } finally {
    process.chdir(previous);
  }
});

test('an interpreter that does not start is an error that names it', async () => {
  await assert.rejects(new SdkProbeCache().get('/nonexistent/python3'), /\/nonexistent\/python3/);
});
