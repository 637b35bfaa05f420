// The real-editor smoke scenario: the packaged .vsix installs and activates in a real VS Code
// workbench (code-server), and a flow runs from the Testing API — the ▶ in the gutter, the input
// form, the test item marked passed. See test/vscode/harness.ts for how the workbench is run.
//
// Run with `npm run test:editor` (installs the editor once, packages, then runs this). Under
// `npm test` it is skipped unless HERO_EDITOR_TESTS=1. HERO_VSIX picks another .vsix.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GUTTER, RUN_GLYPH, SKIP_UNLESS_ENABLED, runScenario, storedPlays, waitUntil } from './harness';


/** The Testing API's glyphs in the editor gutter (VS Code's codicon classes). */
const PASSED_GLYPH = `${GUTTER} .codicon-testing-passed-icon`;

test('a flow runs from the gutter ▶: input form, then the test item passes and the Plays view lists the play', {
  skip: SKIP_UNLESS_ENABLED,
  timeout: 180_000,
}, async (t) => {
  await runScenario(t, { scenario: 'smoke-run-flow' }, async (editor, workspace, started) => {
    const { page } = editor;
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
    const stored = () => storedPlays(workspace);
    await waitUntil('the play stored as finished', () => stored().every((play) => play.status !== 'running'), 10_000);
    assert.deepEqual(stored().map((play) => [play.flow_name, play.status, play.inputs]), [['Create workspace', 'ok', { name: 'acme', seats: 3 }]]);
    // …and the Plays view lists it, passed, under its flow's name.
    await editor.runCommand('Hero Flows: Focus on Plays View');
    const play = editor.page.locator('.pane-body .monaco-list-row').filter({ hasText: 'Create workspace' });
    await play.first().waitFor({ timeout: 20_000 });
    await play.first().locator('.codicon-pass, .codicon-testing-passed-icon, .codicon-check').first().waitFor({ timeout: 10_000 });
    editor.timings.scenario = Date.now() - scenario;
  });
});
