// The real-editor smoke scenario: the packaged .vsix installs and activates in a real VS Code
// workbench (code-server), and a flow runs from the Testing API — the ▶ in the gutter, the input
// form, the test item marked passed. See test/vscode/harness.ts for how the workbench is run.
//
// Run with `npm run test:editor` (installs the editor once, packages, then runs this). Under
// `npm test` it is skipped unless HERO_EDITOR_TESTS=1. HERO_VSIX picks another .vsix.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Play } from '../../common/src/play';
import { Editor, ROOT, copyExamples, waitUntil } from './harness';

const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const VSIX = process.env.HERO_VSIX ?? join(ROOT, `hero-flows-${version}.vsix`);
const enabled = process.env.HERO_EDITOR_TESTS === '1';

/** The Testing API's glyphs in the editor gutter (VS Code's codicon classes). */
const GUTTER = '.editor-instance .monaco-editor .margin';
const RUN_GLYPH = `${GUTTER} .codicon-testing-run-icon`;
const PASSED_GLYPH = `${GUTTER} .codicon-testing-passed-icon`;

test('a flow runs from the gutter ▶: input form, then the test item passes and the Plays view lists the play', {
  skip: !enabled && 'real-editor suite: run `npm run test:editor` (or set HERO_EDITOR_TESTS=1)',
  timeout: 180_000,
}, async (t) => {
  assert.ok(existsSync(VSIX), `${VSIX} is missing: run npm run package`);
  const started = Date.now();
  const workspace = copyExamples();
  const editor = await Editor.launch({ vsix: VSIX, workspace, scenario: 'smoke-run-flow' });
  let passed = false;
  try {
    await editor.openFile('create_workspace.py');
    // Activation: the controller has listed the file's flows, so the @flow line has its ▶.
    const run = editor.page.locator(RUN_GLYPH).first();
    await run.waitFor({ timeout: 60_000 });
    editor.timings.activated = Date.now() - started;

    const scenario = Date.now();
    await run.click();
    await editor.answerInput('acme', { prompt: /name/ });
    await editor.answerInput(undefined, { prompt: /seats/ }); // the declared default
    await editor.page.locator(PASSED_GLYPH).first().waitFor({ timeout: 60_000 });

    // The Testing view agrees: the file's group and the flow's item under it are marked passed.
    await editor.runCommand('Testing: Focus on Test Explorer View');
    const rows = editor.page.locator('.test-explorer .monaco-list-row');
    const file = rows.filter({ hasText: 'create_workspace.py' });
    await file.locator('.codicon-testing-passed-icon').waitFor();
    if (await file.getAttribute('aria-expanded') === 'false') await file.locator('.monaco-tl-twistie').click();
    await rows.filter({ hasText: 'Create workspace' }).locator('.codicon-testing-passed-icon').waitFor();
    // The play ran with the form's answers (the store's default place is the workspace's .hero/).
    const plays = join(workspace, '.hero', 'plays');
    const stored = () => readdirSync(plays).map((id) => JSON.parse(readFileSync(join(plays, id, 'play.json'), 'utf8')) as Play);
    await waitUntil('the play stored as finished', () => stored().every((play) => play.status !== 'running'), 10_000);
    assert.deepEqual(stored().map((play) => [play.flow_name, play.status, play.inputs]), [['Create workspace', 'ok', { name: 'acme', seats: 3 }]]);
    // …and the Plays view lists it, passed, under its flow's name.
    await editor.runCommand('Hero Flows: Focus on Plays View');
    const play = editor.page.locator('.pane-body .monaco-list-row').filter({ hasText: 'Create workspace' });
    await play.first().waitFor({ timeout: 20_000 });
    await play.first().locator('.codicon-pass, .codicon-testing-passed-icon, .codicon-check').first().waitFor({ timeout: 10_000 });
    editor.timings.scenario = Date.now() - scenario;
    editor.timings.total = Date.now() - started;
    t.diagnostic(`screenshot ${await editor.screenshot()}`);
    t.diagnostic(`timings (ms) ${JSON.stringify(editor.timings)}`);
    passed = true;
  } finally {
    if (!passed) {
      await editor.screenshot('-failed').catch(() => undefined);
      t.diagnostic(`logs kept in ${editor.keepLogs()}`);
    }
    await editor.close();
    rmSync(dirname(workspace), { recursive: true, force: true });
  }
});
