// Real-editor scenario 2, its failing part (issue 6): examples/failing_flow.py runs from its gutter ▶
// (the input form: an e-mail, the default seats), the run fails with `flow.Failed` in its second step,
// the gutter and the Testing view mark it failed, and the failure's message is shown inline at the
// failing `flow.step("check seats", …)` line; that message's Open Trace (in the test peek it opens)
// shows the failed play. See harness.ts for how the workbench is run.
//
// Run with `npm run test:editor`; skipped unless HERO_EDITOR_TESTS=1. HERO_VSIX picks another .vsix.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EDITOR, GUTTER, SKIP_UNLESS_ENABLED, runScenario, storedPlays, traceWebview, waitUntil } from './harness';
import type { Locator, Page } from 'playwright-core';


const FAILED_GLYPH = `${GUTTER} .codicon-testing-failed-icon`;
/** VS Code's inline rendering of a failed TestMessage with a location: a content widget at the end of that line. */
const INLINE_MESSAGE = `${EDITOR} .test-error-content-widget`;

/** The 1-based editor line beside `element`: the line number in the margin at its vertical middle. */
async function lineOf(page: Page, element: Locator): Promise<number> {
  const box = (await element.boundingBox())!;
  const middle = box.y + box.height / 2;
  const line = await page.locator(`${EDITOR} .margin .line-numbers`).evaluateAll((nodes, y) => nodes.find((node) => {
    const r = node.getBoundingClientRect();
    return r.top <= y && y < r.bottom;
  })?.textContent ?? '', middle);
  assert.match(line, /^\d+$/, `no line number at ${middle}px`);
  return Number(line);
}

const REASON = "workspace 'onboarding' has no free seat for ada@example.com (1 of 1 used)";

test('a failing flow run from the gutter ▶ is marked failed, with its message inline at the failing step', {
  skip: SKIP_UNLESS_ENABLED,
  timeout: 180_000,
}, async (t) => {
  await runScenario(t, { scenario: 'failing-flow', settings: { 'heroFlows.tracePanel.openOnRun': 'never' } }, async (editor, workspace, started) => {
    const { page } = editor;
    // seats: the declared default, 1
    await editor.runFromGutter('failing_flow.py', started, [['ada@example.com', /email/], [undefined, /seats/]]);
    await page.locator(FAILED_GLYPH).first().waitFor({ timeout: 60_000 });
    editor.timings.failed = Date.now() - started;

    // The play failed in "check seats" with flow.Failed's reason.
    const stored = () => storedPlays(workspace);
    await waitUntil('the play stored as finished', () => stored().every((play) => play.status !== 'running'), 10_000);
    assert.deepEqual(stored().map((play) => [play.flow_name, play.status, play.error]), [['Onboard member', 'failed', REASON]]);

    // The message is shown inline at the end of the failing step's line, and the failed glyph beside @flow.
    const lines = readFileSync(join(workspace, 'failing_flow.py'), 'utf8').split('\n');
    const stepLine = lines.findIndex((l) => l.includes('with flow.step("check seats"')) + 1;
    const flowLine = lines.findIndex((l) => l.startsWith('@flow(')) + 1;
    const message = page.locator(INLINE_MESSAGE).filter({ hasText: REASON });
    await message.first().waitFor({ timeout: 20_000 });
    assert.equal(await page.locator(INLINE_MESSAGE).count(), 1);
    assert.equal(await lineOf(page, message), stepLine);
    assert.equal(await lineOf(page, page.locator(FAILED_GLYPH)), flowLine);

    // The Testing view agrees: the file and the flow's item under it are marked failed.
    await editor.runCommand('Testing: Focus on Test Explorer View');
    const rows = page.locator('.test-explorer .monaco-list-row');
    const file = rows.filter({ hasText: 'failing_flow.py' });
    await file.locator('.codicon-testing-failed-icon').waitFor({ timeout: 20_000 });
    if (await file.getAttribute('aria-expanded') === 'false') await file.locator('.monaco-tl-twistie').click();
    await rows.filter({ hasText: 'Onboard member' }).locator('.codicon-testing-failed-icon').waitFor({ timeout: 20_000 });
    await message.first().waitFor(); // still shown beside the step

    // The failure message is one click from its trace: the inline message opens the test peek, whose
    // Open Trace (testing/message/content) opens the very play that failed.
    await message.first().click();
    const peek = page.locator('.test-output-peek');
    await peek.waitFor({ timeout: 20_000 });
    // VS Code draws a message's content actions as floating click widgets over its text; for a
    // one-line message the peek's header covers the button's top half: its lower edge is clicked.
    const openTrace = peek.locator('.floating-click-widget', { hasText: /^Open Trace$/ }).first();
    const box = (await openTrace.boundingBox())!;
    await openTrace.click({ position: { x: box.width / 2, y: box.height - 3 } });
    const spans = traceWebview(page).locator('[role="treeitem"]');
    await waitUntil('the failed play\'s trace', async () => (await spans.count()) > 0, 30_000);
    const [failedPlay] = stored();
    await waitUntil(`the panel naming play ${failedPlay!.id}`, async () => ((await traceWebview(page).locator('body').textContent().catch(() => '')) ?? '').includes(failedPlay!.id), 30_000);
    await traceWebview(page).locator('.row.status-failed', { hasText: 'check seats' }).first().waitFor({ timeout: 10_000 });
  });
});
