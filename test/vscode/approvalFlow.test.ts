// Real-editor scenario, durable plays (issue 13): examples/approval_flow.py runs from its gutter ▶
// (the input form), pauses for an approver — the test item ends skipped ("paused: <prompt>"), not
// failed, and a notification says "<flow> is waiting: <prompt>" with Resume… — whose form (built
// from the pause's fields) resumes the same play as attempt 2, which passes. The run panel follows
// the new attempt: the recorded plan is drawn dashed with "↻ replayed", and the header has the
// attempt line and the attempt switcher, which shows attempt 1 again. The Plays view marks the
// paused play with its question and offers Resume… and Cancel on it. See harness.ts for how the
// workbench is run.
//
// Run with `npm run test:editor`; skipped unless HERO_EDITOR_TESTS=1. HERO_VSIX picks another .vsix.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GUTTER, SKIP_UNLESS_ENABLED, runScenario, storedPlays, traceWebview, waitUntil } from './harness';

const SKIPPED_GLYPH = `${GUTTER} .codicon-testing-skipped-icon`;
const PASSED_GLYPH = `${GUTTER} .codicon-testing-passed-icon`;
const PROMPT = 'Approve the rollout of design-workspace: 8 seats, 2 boards, 2 invites?';

test('an approval flow run from the gutter ▶ pauses, is resumed from its notification, and passes with its plan replayed', {
  skip: SKIP_UNLESS_ENABLED,
  timeout: 240_000,
}, async (t) => {
  await runScenario(t, { scenario: 'approval-flow' }, async (editor, workspace, started) => {
    const { page } = editor;
    await editor.runFromGutter('approval_flow.py', started, [['design', /team/], ['8', /seats/], [undefined, /members/]]);

    // Paused: the item is skipped (not failed), and the notification asks for the answer.
    await page.locator(SKIPPED_GLYPH).first().waitFor({ timeout: 60_000 });
    editor.timings.paused = Date.now() - started;
    assert.equal(await page.locator(`${GUTTER} .codicon-testing-failed-icon`).count(), 0, 'a pause is not a failure');
    const [paused] = storedPlays(workspace);
    assert.equal(paused?.status, 'paused');
    assert.equal(paused?.pending_pause?.prompt, PROMPT);
    const notice = page.locator('.notification-toast', { hasText: `Approve workspace rollout is waiting: ${PROMPT}` });
    await notice.waitFor({ timeout: 30_000 });
    // The run panel shows the waiting pause and the question.
    const panel = traceWebview(page);
    await panel.locator('.header .pause-line', { hasText: PROMPT }).waitFor({ timeout: 30_000 });
    await panel.locator('.row.kind-pause.waiting').first().waitFor({ timeout: 10_000 });

    // The Plays view marks the paused play, shows its question and offers Resume… and Cancel on it.
    await page.locator('.tab', { hasText: 'approval_flow.py' }).first().click();
    await editor.runCommand('Hero Flows: Focus on Plays View');
    const playRow = page.locator('[id="workbench.view.extension.heroFlows"] .monaco-list-row').filter({ hasText: 'Approve workspace rollout' });
    await playRow.filter({ hasText: 'waiting: Approve the rollout of design-workspace' }).waitFor({ timeout: 30_000 });
    assert.equal(await playRow.locator('.codicon-debug-pause').count(), 1, 'the paused icon');
    await playRow.hover();
    await playRow.locator('.action-label[aria-label="Resume…"]').waitFor({ timeout: 10_000 });
    await playRow.locator('.action-label[aria-label="Cancel"]').waitFor({ timeout: 10_000 });
    assert.equal(await playRow.locator('.action-label[aria-label="Retry"]').count(), 0, 'a paused play is resumed, not retried');
    // The pause's details: its prompt, and that it waits for an answer.
    await panel.locator('.row.kind-pause .name').first().click();
    await panel.locator('.details', { hasText: /answer\s*waiting for an answer/ }).waitFor({ timeout: 10_000 });
    t.diagnostic(`screenshot ${await editor.screenshot('-paused')}`);

    // Resume…: the form asks the pause's fields — approve (a pick: true), seats (cut to 6), note (its default).
    // The toast hides after VS Code's own timeout (the steps above can outlast it on a loaded
    // machine); the notification centre keeps it, with the same button.
    if (!(await notice.isVisible())) {
      await page.locator('.tab', { hasText: 'approval_flow.py' }).first().click();
      await editor.runCommand('Notifications: Show Notifications');
    }
    await page.locator('.notification-list-item', { hasText: `Approve workspace rollout is waiting: ${PROMPT}` })
      .locator('.monaco-button', { hasText: 'Resume…' }).first().click();
    await editor.answerInput(undefined, { prompt: /approve/ });
    await editor.answerInput('6', { prompt: /seats/ });
    await editor.answerInput(undefined, { prompt: /note/ });

    await page.locator(PASSED_GLYPH).first().waitFor({ timeout: 60_000 });
    editor.timings.resumed = Date.now() - started;
    await waitUntil('the play stored as ok', () => storedPlays(workspace)[0]?.status === 'ok', 20_000);
    const [done] = storedPlays(workspace);
    assert.equal(done!.id, paused!.id, 'the same play, resumed');
    assert.deepEqual(done!.attempts?.map((a) => [a.attempt, a.mode, a.status]), [[1, 'run', 'paused'], [2, 'resume', 'ok']]);
    assert.deepEqual(done!.output, { workspace_id: 1, boards: 2, invited: 2 });

    // The panel followed attempt 2: the plan replayed (dashed, "↻ replayed"), the rollout live.
    const plan = panel.locator('.row.replayed', { hasText: 'plan rollout' });
    await plan.waitFor({ timeout: 30_000 });
    assert.equal(await plan.locator('.badge-text').textContent(), '↻ replayed');
    assert.equal(await plan.locator('.bar').evaluate((e) => getComputedStyle(e).borderTopStyle), 'dashed');
    assert.equal(await panel.locator('.row.replayed', { hasText: 'workspace_create' }).count(), 0, 'the rollout ran live');
    const summary = panel.locator('.attempt-summary');
    await summary.filter({ hasText: /^attempt 2 of 2 · 1 replayed · \d+ live$/ }).waitFor({ timeout: 10_000 });
    const switcher = panel.locator('.attempt-switcher select');
    assert.deepEqual(await switcher.locator('option').allTextContents(), ['1 · run · paused', '2 · resumed · ok (latest)']);
    await plan.locator('.name').click();
    await panel.locator('.details', { hasText: /replayed\s*↻ its recorded result was used/ }).waitFor({ timeout: 10_000 });
    t.diagnostic(`screenshot ${await editor.screenshot('-resumed')}`);

    // The switcher shows attempt 1's own trace, then the latest again.
    await switcher.selectOption('1');
    await summary.filter({ hasText: /^attempt 1 of 2/ }).waitFor({ timeout: 20_000 });
    await waitUntil('attempt 1 drawn: its three spans', async () => (await panel.locator('[role="treeitem"]').count()) === 3, 20_000);
    await panel.locator('.attempt-switcher select').selectOption('2');
    await summary.filter({ hasText: /^attempt 2 of 2/ }).waitFor({ timeout: 20_000 });
    await panel.locator('.row.replayed', { hasText: 'plan rollout' }).waitFor({ timeout: 20_000 });
  });
});
