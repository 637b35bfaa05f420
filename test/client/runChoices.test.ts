// What decides whether and how a flow runs: Workspace Trust, the interpreter's order of choice and
// what the user is told when none works, where the play store is, and the bounded server restarts.

import assert from 'node:assert/strict';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { chooseInterpreter, DEFAULT_PYTHON, interpreterProblemMessage, isInterpreterFailure } from '../../client/src/run/interpreter';
import { RestartBudget, restartMessage } from '../../client/src/server/restartPolicy';
import { storeDirectory } from '../../client/src/plays/storeLocation';
import { runGate, UNTRUSTED_MESSAGE } from '../../client/src/trust';

test('trust: running needs a trusted workspace, and the refusal explains why', () => {
  assert.deepEqual(runGate(true), { allowed: true });
  const refused = runGate(false);
  assert.equal(refused.allowed, false);
  assert.ok(!refused.allowed && refused.message === UNTRUSTED_MESSAGE);
  assert.match(UNTRUSTED_MESSAGE, /untrusted workspace: running a flow executes its Python code/);
  assert.match(UNTRUSTED_MESSAGE, /works without it/);
});

const existing = new Set(['/venv/bin/python', '/opt/python3.12']);
const sources = (fromExtension: string | undefined | Error, setting = '', log: string[] = []) => ({
  fromPythonExtension: async () => {
    if (fromExtension instanceof Error) throw fromExtension;
    return fromExtension;
  },
  setting,
  exists: (path: string) => existing.has(path),
  log: (message: string) => void log.push(message),
});

test('interpreter: the Python extension\'s choice, else the setting, else python3', async () => {
  assert.deepEqual(await chooseInterpreter(sources('/venv/bin/python', '/opt/python3.12')), { path: '/venv/bin/python', source: 'python-extension' });
  assert.deepEqual(await chooseInterpreter(sources(undefined, '/opt/python3.12')), { path: '/opt/python3.12', source: 'setting' });
  assert.deepEqual(await chooseInterpreter(sources(undefined, '  ')), { path: DEFAULT_PYTHON, source: 'default' });
  assert.deepEqual(await chooseInterpreter(sources(undefined, 'python3.11')), { path: 'python3.11', source: 'setting' }, 'a bare command is looked up on the PATH by the runtime');
});

test('interpreter: a choice naming a missing file, or a failing Python extension, falls through — and says so', async () => {
  const log: string[] = [];
  assert.deepEqual(await chooseInterpreter(sources('/gone/python', '/opt/python3.12', log)), { path: '/opt/python3.12', source: 'setting' });
  assert.match(log[0]!, /the interpreter selected in the Python extension names \/gone\/python, which does not exist/);
  const log2: string[] = [];
  assert.deepEqual(await chooseInterpreter(sources(new Error('not ready'), '', log2)), { path: DEFAULT_PYTHON, source: 'default' });
  assert.match(log2[0]!, /the Python extension did not give an interpreter: not ready/);
});

test('interpreter: the runtime\'s "could not start" becomes a clear message naming where the choice came from', () => {
  const error = "could not start the Python interpreter '/opt/py': spawn /opt/py ENOENT";
  assert.equal(isInterpreterFailure(error), true);
  assert.equal(isInterpreterFailure('input n expects int'), false);
  assert.equal(isInterpreterFailure(null), false);
  assert.equal(
    interpreterProblemMessage({ path: '/opt/py', source: 'setting' }, error),
    "Hero Flows could not start Python '/opt/py' (the setting heroFlows.pythonPath): spawn /opt/py ENOENT. Select an interpreter with the Python extension, or set heroFlows.pythonPath to a Python 3.9+ executable.",
  );
});

test('the play store: .hero in the first folder by default; the setting is relative to it, with ~ and ${workspaceFolder}', () => {
  assert.equal(storeDirectory('', '/w', '/global'), '/w/.hero');
  assert.equal(storeDirectory('', undefined, '/global'), '/global/.hero', 'no folder open: the extension\'s own storage');
  assert.equal(storeDirectory('plays', '/w', '/global'), '/w/plays');
  assert.equal(storeDirectory('/var/plays/', '/w', '/global'), '/var/plays');
  assert.equal(storeDirectory('${workspaceFolder}/../shared', '/w/app', '/global'), '/w/shared');
  assert.equal(storeDirectory('~/plays', '/w', '/global'), join(homedir(), 'plays'));
});

test('server restarts: at most N within the window, then it stops and says so; old crashes age out', () => {
  let now = 0;
  const budget = new RestartBudget(2, 1000, () => now);
  assert.deepEqual(budget.crashed(), { restart: true, crashes: 1, max: 2 });
  now = 10;
  assert.deepEqual(budget.crashed(), { restart: true, crashes: 2, max: 2 });
  now = 20;
  const third = budget.crashed();
  assert.deepEqual(third, { restart: false, crashes: 3, max: 2 });
  assert.match(restartMessage(third), /stopped unexpectedly 3 times in 3 minutes and will not be restarted/);
  assert.match(restartMessage({ restart: true, crashes: 1, max: 4 }), /was restarted \(1 of at most 4 restarts/);
  now = 2000;
  assert.equal(budget.crashed().restart, true, 'crashes older than the window no longer count');
  budget.reset();
  assert.equal(budget.crashed().crashes, 1);
});
