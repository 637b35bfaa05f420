// Issue 12's "done when", in a real workbench with default settings: a user opens an empty folder of
// their own (their interpreter: a fresh venv, named by heroFlows.pythonPath as a user without the
// Python extension would), and follows the walkthrough — Install SDK into Interpreter (pyright, Pylance's
// engine, then resolves `from hero_tracing import flow` for that interpreter, and `python my_flow.py`
// runs silently), New Flow…, the ▶ (the run imports the installed SDK, says the log), its trace opens
// beside the code on its own, a span's click puts the cursor on its line — and every walkthrough step
// is ticked.
//
// Run with `npm run test:editor`; skipped unless HERO_EDITOR_TESTS=1.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { newFlowText } from '../../client/src/commands/newFlowTemplate';
import { tempDir } from '../helpers/cli';
import { python3 } from '../helpers/python';
import { pyrightErrors, runPyright, unresolvedImport } from '../helpers/pyright';
import { GUTTER, RUN_GLYPH, SKIP_UNLESS_ENABLED, emptyFolder, runScenario, storedPlays, traceWebview, waitUntil } from './harness';

const PASSED_GLYPH = `${GUTTER} .codicon-testing-passed-icon`;
const FLOW_NAME = 'Greet team';
const FLOW_FILE = 'greet_team.py';

/** pyright on a folder of its own holding `flowFile`, with `venv` as the interpreter's environment. */
function pyrightWithVenv(flowFile: string, venvParent: string) {
  const project = tempDir('hero-first-flow-pyright-');
  try {
    copyFileSync(flowFile, join(project, FLOW_FILE));
    return runPyright(project, { venvPath: venvParent, venv: 'venv', typeCheckingMode: 'standard' });
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
}

/** `text` as a literal in a RegExp. */
function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Every file under `dir` whose name matches. */
function filesUnder(dir: string, name: RegExp): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((entry) => join(dir, entry)).filter((path) => name.test(path) && statSync(path).isFile());
}

test('from an empty folder the walkthrough leads to a resolved SDK import, a passing run, its trace and a span\'s line', {
  skip: SKIP_UNLESS_ENABLED,
  timeout: 480_000,
}, async (t) => {
  // The user's interpreter: a fresh venv (pip comes in through ensurepip, offline), without the SDK.
  const work = tempDir('hero-first-flow-');
  const venvPython = join(work, 'venv', 'bin', 'python');
  const made = spawnSync(python3(), ['-m', 'venv', join(work, 'venv')], { encoding: 'utf8', timeout: 180_000 });
  assert.equal(made.status, 0, made.stderr);
  // Before: the template's import does not resolve for that interpreter.
  const template = join(work, FLOW_FILE);
  writeFileSync(template, newFlowText(FLOW_NAME));
  assert.ok(unresolvedImport(pyrightWithVenv(template, work), 'hero_tracing'), 'pyright cannot resolve hero_tracing before the install');

  try {
    // The venv first on the PATH too, as an activated one is: whatever goes wrong, nothing is installed elsewhere.
    const env = { PATH: `${dirname(venvPython)}${delimiter}${process.env.PATH ?? ''}` };
    await runScenario(t, { scenario: 'first-flow', workspace: () => emptyFolder(), settings: { 'heroFlows.pythonPath': venvPython }, env }, async (editor, workspace) => {
      const { page } = editor;
      await editor.contributionsLoaded();
      await editor.runCommand('Welcome: Open Walkthrough...');
      await editor.answerInput('Get started with Hero Flows');
      const step = (id: string) => page.locator(`button.getting-started-step[data-step-id$="#${id}"]`);
      const stepButton = (id: string, label: string) => step(id).locator('.monaco-button', { hasText: label });

      // 1. Install the SDK, from the step's button: the notice names the venv.
      await step('installSdk').click();
      await stepButton('installSdk', 'Install SDK into Interpreter').click();
      await page.locator('.notification-toast', { hasText: /the SDK hero-tracing [\d.]+ is installed in/ }).waitFor({ timeout: 180_000 });
      assert.match((await page.locator('.notification-toast', { hasText: /is installed in/ }).first().textContent()) ?? '', new RegExp(`installed in ${escaped(venvPython)}`), 'into the venv heroFlows.pythonPath names');
      await editor.screenshot('-installed');

      // 2. New Flow…, from its step: the template, opened.
      await step('newFlow').click();
      await stepButton('newFlow', 'New Flow…').click();
      await editor.answerInput(FLOW_NAME, { prompt: /flow's name/ });
      await page.locator('.tabs-container .tab.active', { hasText: FLOW_FILE }).waitFor({ timeout: 30_000 });
      const flowFile = join(workspace, FLOW_FILE);
      assert.equal(readFileSync(flowFile, 'utf8'), newFlowText(FLOW_NAME));

      // The import resolves for the user's interpreter now, the file type-checks, and it runs with plain python.
      const after = pyrightWithVenv(flowFile, work);
      assert.equal(unresolvedImport(after, 'hero_tracing'), false, 'pyright resolves hero_tracing after the install');
      assert.deepEqual(pyrightErrors(after), []);
      const standalone = spawnSync(venvPython, [FLOW_FILE], { cwd: workspace, encoding: 'utf8', timeout: 60_000 });
      assert.deepEqual([standalone.status, standalone.stdout, standalone.stderr], [0, '', '']);

      // 3. Its ▶, the input's default; the run passes.
      await page.locator(RUN_GLYPH).first().waitFor({ timeout: 60_000 });
      await page.locator(RUN_GLYPH).first().click();
      await editor.answerInput(undefined, { prompt: /who/ });
      await page.locator(PASSED_GLYPH).first().waitFor({ timeout: 90_000 });
      await waitUntil('the play stored as ok', () => storedPlays(workspace).some((play) => play.flow_name === FLOW_NAME && play.status === 'ok'), 20_000);

      // 4. Its trace opens on its own (default settings) beside the code.
      const trace = traceWebview(page);
      const rows = trace.locator('[role="treeitem"]');
      await waitUntil('the trace panel\'s tree', async () => (await rows.count()) >= 2, 60_000);
      assert.equal(await page.locator('.editor-group-container').count(), 2, 'the panel beside the code');

      // 5. A span's click: its line in the code beside the panel.
      const stepName = /with flow\.step\("([^"]+)"/.exec(newFlowText(FLOW_NAME))![1]!;
      const stepLine = newFlowText(FLOW_NAME).split('\n').findIndex((line) => line.includes(`with flow.step("${stepName}"`)) + 1;
      await rows.filter({ has: trace.locator('.name', { hasText: stepName }) }).first().click();
      const position = page.locator('.statusbar-item', { hasText: /^Ln \d+, Col \d+/ }).first();
      await waitUntil(`the cursor on line ${stepLine}`, async () => new RegExp(`^Ln ${stepLine}, Col`).test((await position.textContent().catch(() => '')) ?? ''), 30_000);
      assert.equal(await page.locator('.editor-group-container').count(), 2, 'still two groups');
      await editor.screenshot('-span');

      // The walkthrough ticks every step.
      await page.locator('.tab', { hasText: 'Welcome' }).first().click();
      for (const id of ['installSdk', 'newFlow', 'runFlow', 'openTrace', 'clickSpan']) {
        await step(id).and(page.locator('[aria-checked="true"]')).waitFor({ state: 'attached', timeout: 30_000 });
      }

      // The log says the run imported the SDK installed in the venv.
      const logs = filesUnder(editor.server.logsDir(), /Hero Flows\.log$/);
      assert.ok(logs.length > 0, `no Hero Flows log under ${editor.server.logsDir()}`);
      const log = logs.map((file) => readFileSync(file, 'utf8')).join('\n');
      assert.match(log, new RegExp(`${FLOW_NAME} .* with ${escaped(venvPython)} \\[setting\\] and the SDK hero-tracing [\\d.]+ installed in ${escaped(venvPython)}`));
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
