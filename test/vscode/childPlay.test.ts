// Real-editor scenario: the subflow → child play link end to end. onboarding.py's "Onboard team"
// runs "Create workspace" in-process and "Invite team" as a child play (spawn=True). Its trace panel
// shows the subflow row "Invite team" with "open child play ↗"; clicking it opens a second panel
// with the child play's spans (tier2_steps.py: its root and 3 steps), and clicking it again reveals
// that panel rather than a third. The Plays view nests the child play under its parent, and its
// item there reveals the same panel.
//
// Run with `npm run test:editor`; skipped unless HERO_EDITOR_TESTS=1.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';
import { SKIP_UNLESS_ENABLED, runScenario, storedPlays, traceWebview, waitUntil } from './harness';

const PARENT_TAB = 'Onboard team — ok';
const CHILD_TAB = 'Invite team — ok';
/** The child play's tree (tier2_steps.py): its root, then its three steps. */
const CHILD_ROWS = [['Invite team', '1'], ['validate', '2'], ['create workspace', '2'], ['invite', '2']];

/** Each row's name and tree level, top to bottom. */
async function tree(rows: Locator): Promise<string[][]> {
  return Promise.all((await rows.all()).map(async (row) => [(await row.locator('.name').textContent()) ?? '', (await row.getAttribute('aria-level')) ?? '']));
}

test('a subflow row opens its child play in a panel of its own (revealed, not doubled, when clicked again), and the Plays view nests it under its parent', {
  skip: SKIP_UNLESS_ENABLED,
  timeout: 240_000,
}, async (t) => {
  await runScenario(t, { scenario: 'child-play', settings: { 'heroFlows.tracePanel.openOnRun': 'always' } }, async (editor, workspace, started) => {
    const { page } = editor;
    await editor.runFromGutter('onboarding.py', started, [[undefined, /Onboard team: team/], [undefined, /Onboard team: seats/]]);

    // The parent's panel (openOnRun: always): 14 spans, the in-process subflow with its steps and
    // rpcs, and the child play's subflow row, the only row with a link.
    const trace = traceWebview(page);
    const rows = trace.locator('[role="treeitem"]');
    const header = trace.locator('header');
    const parentTab = page.locator('.tab', { hasText: PARENT_TAB });
    const childTab = page.locator('.tab', { hasText: CHILD_TAB });
    await parentTab.waitFor({ timeout: 60_000 });
    await waitUntil('the 14-span tree of the parent play', async () => (await rows.count()) === 14, 60_000);
    const plays = storedPlays(workspace);
    const parent = plays.find((play) => play.flow_name === 'Onboard team');
    const child = plays.find((play) => play.flow_name === 'Invite team');
    assert.ok(parent && child, `both plays stored: ${plays.map((play) => play.flow_name).join(', ')}`);
    assert.equal(child.parent_play_id, parent.id);
    assert.equal(plays.length, 2);
    await header.filter({ hasText: `play ${parent.id}` }).waitFor();
    const row = (name: string) => rows.filter({ has: trace.locator('.name', { hasText: new RegExp(`^${name}$`) }) });
    const inviteRow = row('Invite team');
    const link = inviteRow.locator('.child-play');
    assert.equal(await inviteRow.count(), 1);
    assert.equal(await link.textContent(), 'open child play ↗');
    assert.match((await link.getAttribute('title')) ?? '', new RegExp(child.id));
    assert.equal(await row('Create workspace').locator('.child-play').textContent(), '', 'the in-process subflow has no child play');
    assert.deepEqual((await rows.locator('.child-play').allTextContents()).filter(Boolean), ['open child play ↗']);
    editor.timings.ran = Date.now() - started;
    await editor.screenshot('-parent');

    // The link opens the child play in a second panel, in front: its own root and steps.
    // One panel shows at a time in the group (retainContextWhenHidden is false: a hidden panel's
    // iframe is removed), so traceWebview(page) always reaches the panel in front.
    await link.click();
    await waitUntil('the child play\'s panel in front', async () => (await childTab.getAttribute('aria-selected')) === 'true', 30_000);
    await header.filter({ hasText: `play ${child.id}` }).waitFor({ timeout: 30_000 });
    await waitUntil('the child play\'s 4 spans', async () => (await rows.count()) === CHILD_ROWS.length, 30_000);
    assert.deepEqual(await tree(rows), CHILD_ROWS);
    assert.equal(await parentTab.count(), 1);
    assert.equal(await childTab.count(), 1);
    editor.timings.childOpened = Date.now() - started;
    await editor.screenshot('-child');

    // Back to the parent's panel (its webview loads again) and the same link: the child's panel is
    // revealed, not opened a second time.
    await parentTab.click();
    await header.filter({ hasText: `play ${parent.id}` }).waitFor({ timeout: 30_000 });
    await waitUntil('the parent\'s 14 spans again', async () => (await rows.count()) === 14, 30_000);
    assert.equal(await childTab.getAttribute('aria-selected'), 'false');
    await link.click();
    await waitUntil('the child play\'s panel revealed', async () => (await childTab.getAttribute('aria-selected')) === 'true', 30_000);
    await header.filter({ hasText: `play ${child.id}` }).waitFor({ timeout: 30_000 });
    assert.equal(await childTab.count(), 1, 'one panel for the child play');
    assert.equal(await parentTab.count(), 1);
    assert.equal(await page.locator('.tabs-container .tab').count(), 3, 'onboarding.py and the two panels');

    // The Plays view: the child play only under its parent. F1 does not reach the palette from
    // inside a webview: focus the flow's editor tab first.
    await page.locator('.tab', { hasText: 'onboarding.py' }).first().click();
    await editor.runCommand('Hero Flows: Focus on Plays View');
    const playRows = page.locator('[id="workbench.view.extension.heroFlows"] .monaco-list-row');
    const parentItem = playRows.filter({ hasText: 'Onboard team' });
    const childItem = playRows.filter({ hasText: 'Invite team' });
    await parentItem.waitFor({ timeout: 30_000 });
    assert.equal(await parentItem.getAttribute('aria-level'), '1');
    if ((await parentItem.getAttribute('aria-expanded')) === 'false') {
      assert.equal(await childItem.count(), 0, 'the child play is not listed at the top');
      await parentItem.locator('.monaco-tl-twistie').click();
    }
    await childItem.waitFor({ timeout: 15_000 });
    assert.equal(await parentItem.getAttribute('aria-expanded'), 'true');
    assert.equal(await childItem.getAttribute('aria-level'), '2');
    assert.equal(Number(await childItem.getAttribute('data-index')), Number(await parentItem.getAttribute('data-index')) + 1);
    assert.equal(await playRows.count(), 2);
    // The nested item is the same play: it reveals the child's panel.
    await childItem.click();
    await waitUntil('the child play\'s panel revealed from the Plays view', async () => (await childTab.getAttribute('aria-selected')) === 'true', 15_000);
    assert.equal(await page.locator('.tabs-container .tab').count(), 3);
    await header.filter({ hasText: `play ${child.id}` }).waitFor({ timeout: 30_000 });
    await waitUntil('the child play\'s 4 spans again', async () => (await rows.count()) === CHILD_ROWS.length, 30_000);
    assert.deepEqual(await tree(rows), CHILD_ROWS);
  });
});
