// Real-editor scenarios 2 (its trace part) and 3 (issue 6): a run of the seeds' sample opens the
// trace panel with its 10-span tree; clicking the second step's row opens create_workspace.py
// beside the panel with the cursor on that `flow.step` line. Then the same play from the Plays view:
// its open panel is re-used, and after closing every editor it opens again with the same tree.
//
// Run with `npm run test:editor`; skipped unless HERO_EDITOR_TESTS=1.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SKIP_UNLESS_ENABLED, countPanelFocus, runScenario, traceWebview, waitUntil } from './harness';

test('the trace panel shows the 10-span tree, clicking the second step opens its source line, and the Plays view re-opens it', {
  skip: SKIP_UNLESS_ENABLED,
  timeout: 180_000,
}, async (t) => {
  await runScenario(t, { scenario: 'trace-panel', settings: { 'heroFlows.tracePanel.openOnRun': 'always' } }, async (editor, workspace, started) => {
    const { page } = editor;
    await editor.runFromGutter('create_workspace.py', started, [['acme', /name/], [undefined, /seats/]]);

    // The run opens the panel (openOnRun: always), beside the editor. Its content lives two
    // frames down: the webview element, then its active frame.
    const trace = traceWebview(page);
    const rows = trace.locator('[role="treeitem"]');
    await waitUntil('the 10-span tree in the trace panel', async () => (await rows.count()) === 10, 60_000);
    const names = await rows.locator('.name').allTextContents();
    assert.equal(names.filter((name) => name.startsWith('rpc:')).length, 6);
    for (const step of ['create workspace', 'create board', 'add members']) assert.ok(names.includes(step), `${step} in ${names.join(', ')}`);
    await editor.screenshot('-tree');

    // Scenario 3: click the second step; the flow file opens beside the panel at that flow.step line.
    const lines = readFileSync(join(workspace, 'create_workspace.py'), 'utf8').split('\n');
    const stepLine = lines.findIndex((line) => line.includes('with flow.step("create board")')) + 1;
    // The click must not take the focus into the panel on its way to the code (countPanelFocus says why).
    const panelFocusCount = await countPanelFocus(page);
    await rows.filter({ has: trace.locator('.name', { hasText: /^create board$/ }) }).first().click();
    const position = page.locator('.statusbar-item', { hasText: /^Ln \d+, Col \d+/ }).first();
    await waitUntil(`the cursor on line ${stepLine}`, async () => new RegExp(`^Ln ${stepLine}, Col`).test((await position.textContent().catch(() => '')) ?? ''), 30_000);
    // The code's group becomes the active one.
    await waitUntil('the flow\'s editor active', async () => /create_workspace\.py/.test((await page.locator('.editor-group-container.active .tab.active').first().textContent()) ?? ''), 10_000);
    assert.equal(await panelFocusCount(), 0, 'the focus went from the workbench to the code, never into the panel');

    // The same play from the Plays view: its panel is re-used while open, and opened again once closed.
    const panelTabs = page.locator('.tab', { hasText: 'Create workspace — ok' });
    await editor.runCommand('Hero Flows: Focus on Plays View');
    const playRow = page.locator('.pane-body .monaco-list-row').filter({ hasText: 'Create workspace' }).first();
    await playRow.click();
    await waitUntil('the panel re-used, not doubled', async () => (await panelTabs.count()) === 1, 15_000);
    // The revealed panel has the keyboard focus (inside its frames): give it back to an editor for F1.
    await page.locator('.tab', { hasText: 'create_workspace.py' }).first().click();
    await editor.runCommand('View: Close All Editors');
    await waitUntil('every editor closed', async () => (await panelTabs.count()) === 0, 15_000);
    await playRow.click();
    await waitUntil('the tree again, opened from the Plays view', async () => (await rows.count()) === 10, 30_000);

  });
});
