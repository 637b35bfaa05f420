// The `hero-flows` launcher for the integrated terminal (client/src/terminal/cliLauncher.ts): a
// real shell, with the PATH the environment collection gives, runs `hero-flows --version` and a
// flow through the real built CLI — from a folder whose name has spaces and quotes, with the
// editor's runtime (here this Node) and, when that is gone, with `node` from the PATH.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { cliLauncher, CLI_PATH_DESCRIPTION, pathPrepend, putCliOnPath, type LauncherRuntime } from '../../client/src/terminal/cliLauncher';
import { CLI, EXAMPLES, ROOT, tempDir } from '../helpers/cli';

const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const RUNTIME: LauncherRuntime = { cliPath: CLI, runtimePath: process.execPath, electron: false, platform: 'linux' };

/** Applies the collection's mutations as the terminal does, then runs `script` in a real `sh`. */
function inTerminal(collection: { prepends: string[] }, script: string, basePath = process.env.PATH ?? '') {
  const path = collection.prepends.join('') + basePath;
  return spawnSync('sh', ['-c', script], { encoding: 'utf8', cwd: tempDir(), env: { HOME: process.env.HOME, PATH: path }, timeout: 60_000 });
}

function fakeCollection() {
  const collection = { description: undefined as unknown, prepends: [] as string[], prepend(variable: string, value: string) {
    assert.equal(variable, 'PATH');
    collection.prepends.push(value);
  } };
  return collection;
}

test('a shell with the collection\'s PATH runs hero-flows --version and a flow through the bundled CLI', () => {
  const dir = join(tempDir(), "global storage's bin");
  const collection = fakeCollection();
  const launcher = putCliOnPath(collection, dir, RUNTIME);
  assert.equal(dirname(launcher), dir);
  assert.equal(statSync(launcher).mode & 0o777, 0o755);
  assert.equal(collection.description, CLI_PATH_DESCRIPTION);
  assert.deepEqual(collection.prepends, [`${dir}:`]);

  const version = inTerminal(collection, 'hero-flows --version');
  assert.equal(version.status, 0, version.stderr);
  assert.equal(version.stdout.trim(), `hero-flows ${VERSION}`);

  const run = inTerminal(collection, `hero-flows run '${join(EXAMPLES, 'create_workspace.py')}' --input name=acme --json --store store`);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(JSON.parse(run.stdout).status, 'ok');
});

test('the editor\'s runtime gone (an update moved it), the launcher runs the CLI with node from the PATH', () => {
  const collection = fakeCollection();
  putCliOnPath(collection, join(tempDir(), 'bin'), { ...RUNTIME, runtimePath: join(tempDir(), 'gone', 'code') });
  const version = inTerminal(collection, 'hero-flows --version', `${dirname(process.execPath)}:/usr/bin:/bin`);
  assert.equal(version.status, 0, version.stderr);
  assert.equal(version.stdout.trim(), `hero-flows ${VERSION}`);
});

test('Electron runs the CLI as Node (ELECTRON_RUN_AS_NODE=1); Windows gets a .cmd with ; on the PATH', () => {
  assert.match(cliLauncher({ ...RUNTIME, electron: true }).text, /ELECTRON_RUN_AS_NODE=1 exec '/);
  assert.doesNotMatch(cliLauncher(RUNTIME).text, /ELECTRON_RUN_AS_NODE/);
  const windows = cliLauncher({ cliPath: 'C:\\Users\\a%b\\cli.js', runtimePath: 'C:\\Code\\Code.exe', electron: true, platform: 'win32' });
  assert.equal(windows.fileName, 'hero-flows.cmd');
  assert.match(windows.text, /set ELECTRON_RUN_AS_NODE=1\r\n {2}"C:\\Code\\Code\.exe" "C:\\Users\\a%%b\\cli\.js" %\*/);
  assert.equal(pathPrepend('C:\\Users\\a\\bin', 'win32'), 'C:\\Users\\a\\bin;');
});
