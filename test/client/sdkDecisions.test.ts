// The pure decisions behind the SDK commands and runs: which SDK a play imports, whether to ask about
// an unresolvable hero_tracing, the extraPaths merge, what pip's answer means (PEP 668 from a real
// externally-managed interpreter when this machine has one), and the probe's answer read defensively.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { withExtraPath } from '../../client/src/sdk/analysisPaths';
import { lastLines, pipInstallArgs, pipOutcome } from '../../client/src/sdk/pipInstall';
import { shouldCheck } from '../../client/src/sdk/sdkPrompt';
import { chooseSdk } from '../../runtime/src/sdkChoice';
import { bundledWheelPath } from '../../runtime/src/sdkPaths';
import { parseProbeOutput, type SdkProbe } from '../../runtime/src/sdkProbe';
import { tempDir } from '../helpers/cli';

const probe = (installedVersion: string | null, importable = installedVersion !== null): SdkProbe => ({ executable: '/v/bin/python', pythonVersion: '3.12.1', importable, installedVersion });

test('a run uses the installed SDK only when its version is the bundled one; otherwise the bundled one, saying why', () => {
  assert.deepEqual(chooseSdk('/v/bin/python', probe('1.2.0'), '1.2.0'), { use: 'installed', reason: 'the SDK hero-tracing 1.2.0 installed in /v/bin/python' });
  const older = chooseSdk('/v/bin/python', probe('1.1.0'), '1.2.0');
  assert.equal(older.use, 'bundled');
  assert.match(older.reason, /bundled SDK 1\.2\.0 .*has hero-tracing 1\.1\.0; Hero Flows: Install SDK into Interpreter/);
  assert.deepEqual(chooseSdk('python3', probe(null), '1.2.0'), { use: 'bundled', reason: 'the bundled SDK 1.2.0 (hero-tracing is not installed in python3)' });
  // importable from elsewhere (a folder on the path), but not installed as hero-tracing: bundled
  assert.equal(chooseSdk('python3', probe(null, true), '1.2.0').use, 'bundled');
  const failed = chooseSdk('python9', new Error('python9 could not say which hero_tracing it has: not found'), '1.2.0');
  assert.equal(failed.use, 'bundled');
  assert.match(failed.reason, /python9 could not say/);
});

test('the interpreter is checked once per workspace, only when trusted, never after "Don\'t Ask Again"', () => {
  assert.equal(shouldCheck({ trusted: true, askedHere: false, never: false }), true);
  assert.equal(shouldCheck({ trusted: false, askedHere: false, never: false }), false);
  assert.equal(shouldCheck({ trusted: true, askedHere: true, never: false }), false);
  assert.equal(shouldCheck({ trusted: true, askedHere: false, never: true }), false);
});

test('extraPaths: existing entries kept in order, the folder added once, junk entries dropped', () => {
  assert.deepEqual(withExtraPath(undefined, '/ext/dist/python'), ['/ext/dist/python']);
  assert.deepEqual(withExtraPath(['src', 3, null, 'lib'], '/ext/dist/python'), ['src', 'lib', '/ext/dist/python']);
  assert.equal(withExtraPath(['src', '/ext/dist/python/'], '/ext/dist/python'), undefined);
  assert.equal(withExtraPath(['/ext/dist/./python'], '/ext/dist/python'), undefined);
  assert.deepEqual(withExtraPath('not a list', '/p'), ['/p']);
});

test('pip: success, no pip, a failure with its last lines', () => {
  assert.deepEqual(pipOutcome('py', 0, 'Successfully installed hero-tracing-0.1.0'), { kind: 'installed' });
  assert.equal(pipOutcome('/x/python', 1, '/x/python: No module named pip\n').kind, 'no-pip');
  const failed = pipOutcome('py', 1, 'line 1\nline 2\n\nERROR: a\nERROR: b\nERROR: c\nERROR: d\n');
  assert.deepEqual(failed, { kind: 'failed', message: 'pip could not install the SDK into py (exit 1): ERROR: a · ERROR: b · ERROR: c · ERROR: d' });
  assert.equal(lastLines('a\nb\nc', 2), 'b · c');
  assert.deepEqual(pipInstallArgs('/w.whl').slice(0, 3), ['-m', 'pip', 'install']);
  for (const flag of ['--no-index', '--no-deps', '--force-reinstall']) assert.ok(pipInstallArgs('/w.whl').includes(flag), flag);
  assert.ok(!pipInstallArgs('/w.whl').some((arg) => arg.includes('break-system-packages')));
});

const SYSTEM_PYTHON = '/usr/bin/python3';
const MARKER = spawnSync(SYSTEM_PYTHON, ['-c', 'import os, sysconfig; print(os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED"))'], { encoding: 'utf8' }).stdout?.trim();

test('pip refuses an externally-managed interpreter (PEP 668) and the outcome says what to do instead', { skip: !MARKER || !existsSync(MARKER) ? 'no externally-managed system Python here' : false }, () => {
  const result = spawnSync(SYSTEM_PYTHON, pipInstallArgs(bundledWheelPath()), { cwd: tempDir(), encoding: 'utf8', timeout: 120_000 });
  const outcome = pipOutcome(SYSTEM_PYTHON, result.status, result.stdout + result.stderr);
  assert.equal(outcome.kind, 'externally-managed', result.stdout + result.stderr);
  assert.match((outcome as { message: string }).message, /PEP 668.*python3 -m venv \.venv.*bundled SDK for analysis/);
});

test('the probe\'s answer is read by its own keys; anything else is no answer', () => {
  const good = '{"executable": "/v/bin/python", "python": "3.9.18", "importable": false, "installed": null, "watch": ["/v/lib", 7]}';
  assert.deepEqual(parseProbeOutput(`noise\n${good}\n`), { probe: { executable: '/v/bin/python', pythonVersion: '3.9.18', importable: false, installedVersion: null }, watch: ['/v/lib'] });
  for (const bad of ['', 'not json', '[]', '{"executable": 1, "python": "3", "importable": true, "installed": null}', '{"executable": "p", "python": "3", "importable": "yes", "installed": null}', '{"executable": "p", "python": "3", "importable": true, "installed": 3}']) {
    assert.equal(parseProbeOutput(bad), undefined, bad);
  }
  const inherited = parseProbeOutput('{"__proto__": {"executable": "p"}, "python": "3", "importable": true, "installed": null}');
  assert.equal(inherited, undefined);
});
