// Real-editor scenario (issue 12): the trace panel beside the code. With default settings a run from
// the gutter ▶ opens its trace panel beside the flow's editor, which keeps the focus; three span
// clicks in the panel open their source in that one group beside it (two groups, never a third),
// the editor on each span's line; a second run shows in that same panel; and after every editor is
// closed, Open Trace on the ▶'s context menu opens the flow's latest play beside the code again, and
// so does Open Trace on the flow's item in the Testing view.
//
// Run with `npm run test:editor`; skipped unless HERO_EDITOR_TESTS=1.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GUTTER, SKIP_UNLESS_ENABLED, countPanelFocus, runScenario, traceWebview, waitUntil } from './harness';

test('a gutter run opens its trace beside the code without the focus; span clicks keep two groups; Open Trace on the ▶ opens it again', {
  skip: SKIP_UNLESS_ENABLED,
  timeout: 240_000,
}, async (t) => {
  // No heroFlows.tracePanel.openOnRun: the default is what is tested.
  await runScenario(t, { scenario: 'trace-beside' }, async (editor, workspace, started) => {
    const { page } = editor;
    const groups = page.locator('.editor-group-container');
    const activeTab = page.locator('.editor-group-container.active .tab.active');
    const panelTab = page.locator('.tab', { hasText: /^Create workspace — / });
    await editor.runFromGutter('create_workspace.py', started, [['acme', /name/], [undefined, /seats/]]);

    // (a) The panel opens beside the code, the flow's editor still active with the keyboard in it.
    const rows = traceWebview(page).locator('[role="treeitem"]');
    await waitUntil('the 10-span tree in the trace panel', async () => (await rows.count()) === 10, 60_000);
    assert.equal(await groups.count(), 2, 'the panel in a group beside the code');
    assert.equal(await page.locator('.editor-group-container.active .tab', { hasText: /^Create workspace — / }).count(), 0, 'the panel is not in the active group');
    assert.match((await activeTab.first().textContent()) ?? '', /create_workspace\.py/);
    assert.ok(await page.evaluate(() => document.activeElement?.closest('.editor-instance .monaco-editor') != null), 'the keyboard focus stays in the flow\'s editor');
    await editor.screenshot('-opened');

    // (b) Three span clicks: each opens its line in the one group beside the panel.
    const lines = readFileSync(join(workspace, 'create_workspace.py'), 'utf8').split('\n');
    const position = page.locator('.statusbar-item', { hasText: /^Ln \d+, Col \d+/ }).first();
    const trace = traceWebview(page);
    // No click may take the focus into the panel on its way to the code (countPanelFocus says why).
    const panelFocusCount = await countPanelFocus(page);
    for (const step of ['create board', 'add members', 'create workspace']) {
      const stepLine = lines.findIndex((line) => line.includes(`with flow.step("${step}"`)) + 1;
      assert.ok(stepLine > 0, step);
      await rows.filter({ has: trace.locator('.name', { hasText: new RegExp(`^${step}$`) }) }).first().click();
      await waitUntil(`the cursor on line ${stepLine} (${step})`, async () => new RegExp(`^Ln ${stepLine}, Col`).test((await position.textContent().catch(() => '')) ?? ''), 30_000);
      assert.equal(await groups.count(), 2, `two groups after clicking ${step}`);
      await waitUntil(`the flow's editor active after clicking ${step}`, async () => /create_workspace\.py/.test((await activeTab.first().textContent()) ?? ''), 10_000);
      assert.equal(await panelTab.count(), 1, 'the panel stays open');
      assert.equal(await panelFocusCount(), 0, `the focus never entered the panel clicking ${step}`);
    }
    await editor.screenshot('-spans');

    // The panel at 400 px wide (the window narrowed until its group is): names stay readable, every
    // rpc row shows its method whole, times stay on one line.
    const panelWidth = () => page.locator('iframe.webview.ready').first().evaluate((frame) => frame.getBoundingClientRect().width);
    for (let attempt = 0, width = 1400; attempt < 4 && Math.abs((await panelWidth()) - 400) > 12; attempt++) {
      width = Math.round(width - ((await panelWidth()) - 400) * 1.5);
      await page.setViewportSize({ width, height: 900 });
      await page.waitForTimeout(300); // the workbench lays out on its resize event
    }
    assert.ok(Math.abs((await panelWidth()) - 400) <= 12, `the panel is ${await panelWidth()} px wide`);
    const narrow = await trace.locator('.row').evaluateAll((all) => all.map((row) => {
      const name = row.querySelector('.name') as HTMLElement;
      const method = row.querySelector('.name-method') as HTMLElement | null;
      return { text: name.title || name.textContent, width: name.clientWidth, methodWhole: method ? method.scrollWidth <= method.clientWidth : true };
    }));
    assert.equal(narrow.length, 10);
    for (const row of narrow) {
      assert.ok(row.width >= 80, `${row.text}: its name is ${row.width} px wide at 400 px`);
      assert.ok(row.methodWhole, `${row.text}: its method is drawn whole`);
    }
    assert.equal(await groups.count(), 2);
    await editor.screenshot('-400px');
    await page.setViewportSize({ width: 1400, height: 900 });

    // A second run: the same panel follows it (one trace tab, the new play's id), still beside the code.
    const shownPlay = async () => /play (\d{8}-\d{6}-[0-9a-f]{6})/.exec((await trace.locator('body').textContent().catch(() => '')) ?? '')?.[1];
    const firstPlay = await shownPlay();
    assert.ok(firstPlay, 'the panel names its play');
    await page.locator(`${GUTTER} [class*="codicon-testing-"]`).first().click();
    await editor.answerInput('beta', { prompt: /name/ });
    await editor.answerInput(undefined, { prompt: /seats/ });
    await waitUntil('the panel showing the second play', async () => { const id = await shownPlay(); return id !== undefined && id !== firstPlay; }, 60_000);
    await waitUntil('its 10-span tree', async () => (await rows.count()) === 10, 60_000);
    assert.equal(await panelTab.count(), 1, 'one trace panel: re-used, not a second one');
    assert.equal(await groups.count(), 2);
    assert.match((await activeTab.first().textContent()) ?? '', /create_workspace\.py/, 'the editor keeps the focus');

    // (c) Every editor closed; Open Trace on the ▶'s context menu opens the latest play's panel beside the code.
    await page.locator('.tab', { hasText: 'create_workspace.py' }).first().click();
    await editor.runCommand('View: Close All Editors');
    await waitUntil('every editor closed', async () => (await panelTab.count()) === 0, 15_000);
    await editor.openFile('create_workspace.py');
    // The ▶ shows the last result now (a passed glyph): any of the Testing API's gutter glyphs.
    await page.locator(`${GUTTER} [class*="codicon-testing-"]`).first().click({ button: 'right' });
    await editor.pickFromContextMenu(/^Open Trace$/);
    await waitUntil('the tree again, opened from the ▶\'s menu', async () => (await rows.count()) === 10, 30_000);
    assert.equal(await panelTab.count(), 1);
    assert.equal(await groups.count(), 2, 'beside the code, not over it');
    const lastPlay = await shownPlay();
    assert.ok(lastPlay && lastPlay !== firstPlay, `the latest play (${lastPlay}), not the first (${firstPlay})`);

    // The same from the Testing view: the flow's item's context menu.
    await page.locator('.part.sidebar > .composite.title').click(); // F1 does not reach the palette from inside the webview
    await editor.runCommand('View: Close All Editors');
    await waitUntil('every editor closed again', async () => (await panelTab.count()) === 0, 15_000);
    await editor.runCommand('Testing: Focus on Test Explorer View');
    const testRows = page.locator('.test-explorer .monaco-list-row');
    const file = testRows.filter({ hasText: 'create_workspace.py' }).first();
    await file.waitFor({ timeout: 20_000 });
    if (await file.getAttribute('aria-expanded') === 'false') await file.locator('.monaco-tl-twistie').click();
    await testRows.filter({ hasText: 'Create workspace' }).first().click({ button: 'right' });
    await editor.pickFromContextMenu(/^Open Trace$/);
    await waitUntil('the tree again, opened from the Testing view', async () => (await rows.count()) === 10, 30_000);
    assert.equal(await shownPlay(), lastPlay);
  });
});
