// Real-editor scenario (issue 10, class 9): a workspace with more Python files than
// heroFlows.maxWorkspaceFiles. The status bar says the flow library is incomplete and its click opens
// that setting; an invoke of a name the scan may not have reached is an information, not a false
// error; raising the setting reads everything, the item goes and the real error comes back.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SKIP_UNLESS_ENABLED, runScenario, waitUntil } from './harness';

const CAP_ITEM = '.statusbar-item:has-text("Flow library incomplete")';
const PROBLEM_ROWS = '.markers-panel .monaco-list-row';

test('a capped flow library: the status item names the setting, unknown invokes are informations, raising the cap restores the error', {
  skip: SKIP_UNLESS_ENABLED,
  timeout: 180_000,
}, async (t) => {
  // examples/ has 10 Python files: the scan reads async_fanout, crashing_flow and create_workspace.
  await runScenario(t, { scenario: 'library-cap', settings: { 'heroFlows.maxWorkspaceFiles': 3 } }, async (editor) => {
    const { page } = editor;
    await editor.openFile('with_mistakes.py'); // a Python file activates the extension
    await page.locator(CAP_ITEM).first().waitFor({ timeout: 60_000 });
    await editor.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
    const notScanned = page.locator(PROBLEM_ROWS).filter({ hasText: 'invoke-flow-not-scanned' });
    await notScanned.first().waitFor({ timeout: 60_000 });
    assert.equal(await page.locator(PROBLEM_ROWS).filter({ hasText: 'invoke-unknown-flow' }).count(), 0, 'no false error while capped');
    const problemCounts = page.locator('#status\\.problems');
    assert.match(await problemCounts.getAttribute('aria-label') ?? '', /^Errors: 1, .*Infos: 1$/);
    await editor.screenshot('-capped');

    // The item's click opens the setting that raises the cap; the user raises it there.
    await page.locator(CAP_ITEM).first().click();
    const setting = page.locator('.settings-editor .setting-item-contents', { hasText: 'Max Workspace Files' }).first();
    await setting.waitFor({ timeout: 30_000 });
    await setting.locator('input').fill('1000');
    await page.keyboard.press('Tab');
    // Everything is read: the item goes and the real error comes back.
    await waitUntil('the status item gone', async () => (await page.locator(CAP_ITEM).count()) === 0, 60_000);
    await editor.screenshot('-raised');
    // The status bar's problem counts (the settings editor covers the Problems view): the
    // information became the error, beside the file's other mistake.
    await waitUntil('two errors and no information', async () => await problemCounts.getAttribute('aria-label') === 'Errors: 2', 60_000);
  });
});
