// Real-editor scenario: trace panels survive a window reload. A run opens its play's panel;
// Developer: Reload Window; the panel comes back with the same play's spans, and the Plays view
// re-uses it (same panel, not a second). Then the play is deleted from the store and the window
// reloaded again, the panel in a background tab: once shown it says the play is gone, not blank.
//
// Run with `npm run test:editor`; skipped unless HERO_EDITOR_TESTS=1.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { SKIP_UNLESS_ENABLED, runScenario, storedPlays, traceWebview, waitUntil } from './harness';

test('a trace panel comes back after a window reload with the same play, and says so when the play is gone', {
  skip: SKIP_UNLESS_ENABLED,
  timeout: 240_000,
}, async (t) => {
  await runScenario(t, { scenario: 'trace-reload', settings: { 'heroFlows.tracePanel.openOnRun': 'always' } }, async (editor, workspace, started) => {
    const { page } = editor;
    await editor.runFromGutter('create_workspace.py', started, [['acme', /name/], [undefined, /seats/]]);

    const trace = traceWebview(page);
    const rows = trace.locator('[role="treeitem"]');
    const header = trace.locator('header');
    await waitUntil('the 10-span tree after the run', async () => (await rows.count()) === 10, 60_000);
    const [play] = storedPlays(workspace);
    assert.ok(play, 'the run stored its play');
    const names = await rows.locator('.name').allTextContents();
    await header.filter({ hasText: `play ${play.id}` }).waitFor();
    editor.timings.ran = Date.now() - started;

    // Reload with the panel the active editor, so the reloaded window revives it at once (activating
    // the extension for it). F1 does not reach the palette from inside the webview: focus the side bar.
    const panelTab = page.locator('.tab', { hasText: 'Create workspace — ok' });
    const editorTab = page.locator('.tab', { hasText: 'create_workspace.py' });
    await page.locator('.part.sidebar > .composite.title').click();
    await editor.reloadWindow();
    editor.timings.reloaded = Date.now() - started;
    await waitUntil('the same 10 spans after the reload', async () => (await rows.count()) === 10, 60_000);
    assert.equal(await panelTab.getAttribute('aria-selected'), 'true');
    assert.deepEqual(await rows.locator('.name').allTextContents(), names);
    await header.filter({ hasText: `play ${play.id}` }).waitFor();
    editor.timings.revived = Date.now() - started;
    await editor.screenshot('-revived');

    // The revived panel is the play's panel: the Plays view reveals it rather than opening another.
    await editorTab.click();
    await editor.runCommand('Hero Flows: Focus on Plays View');
    await page.locator('.pane-body .monaco-list-row').filter({ hasText: 'Create workspace' }).first().click();
    await waitUntil('the revived panel in front', async () => (await panelTab.getAttribute('aria-selected')) === 'true', 15_000);
    assert.equal(await panelTab.count(), 1);

    // The play deleted behind the extension's back, then another reload, the panel behind the flow's
    // editor this time (revived once shown): a message, not a blank panel.
    rmSync(join(workspace, '.hero', 'plays', play.id), { recursive: true, force: true });
    await editorTab.click();
    await editor.reloadWindow();
    await panelTab.click({ timeout: 30_000 });
    await trace.locator('[role="alert"]', { hasText: `The play ${play.id} is gone` }).waitFor({ timeout: 30_000 });
    await page.locator('.tab', { hasText: 'Trace — play not found' }).waitFor();
    assert.equal(await rows.count(), 0);
  });
});
