// Issue 12's guided start in a real workbench: Hero Flows: New Flow… writes the template into the
// workspace and opens it, its ▶ runs it with the default input, on an Explorer folder it writes
// there under the next free name, the integrated terminal finds
// `hero-flows` on its PATH (the launcher the extension wrote in its global storage) and runs the
// new flow with it, and the walkthrough, open from the start, shows the steps done so far as complete.
// On the way, the once-per-workspace notice that the interpreter cannot import hero_tracing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newFlowText } from '../../client/src/commands/newFlowTemplate';
import { GUTTER, RUN_GLYPH, SKIP_UNLESS_ENABLED, runScenario, storedPlays, waitUntil } from './harness';

const PASSED_GLYPH = `${GUTTER} .codicon-testing-passed-icon`;
/** A file of the user's where New Flow… would write: it must survive. */
const MINE = '# my own file\n';

test('New Flow… writes a flow that runs from its ▶; hero-flows runs it in the terminal; the walkthrough ticks those steps', {
  skip: SKIP_UNLESS_ENABLED,
  timeout: 240_000,
}, async (t) => {
  await runScenario(t, { scenario: 'guided-start', prepare: (workspace) => writeFileSync(join(workspace, 'clients', 'invite_guest.py'), MINE) }, async (editor, workspace) => {
    const { page } = editor;
    await editor.contributionsLoaded();
    // The walkthrough first, as a user follows it (VS Code counts what happens while it is there).
    await editor.runCommand('Welcome: Open Walkthrough...');
    await editor.answerInput('Get started with Hero Flows');
    const step = (id: string) => page.locator(`button.getting-started-step[data-step-id$="#${id}"]`);
    await step('newFlow').waitFor({ timeout: 30_000 });

    await editor.runCommand('Hero Flows: New Flow…');
    await editor.answerInput('Greet team', { prompt: /flow's name/ });
    await page.locator('.tabs-container .tab.active', { hasText: 'greet_team.py' }).waitFor({ timeout: 30_000 });
    assert.equal(readFileSync(join(workspace, 'greet_team.py'), 'utf8'), newFlowText('Greet team'));

    // python3 here has no hero_tracing: once the extension is active and its flow index has the
    // examples, the one-time notice offers both remedies and "Don't Ask Again".
    const notice = page.locator('.notification-toast', { hasText: /cannot import hero_tracing/ });
    await notice.waitFor({ timeout: 60_000 });
    for (const label of ['Install SDK into Interpreter', 'Use Bundled SDK for Analysis', "Don't Ask Again"]) {
      assert.equal(await notice.locator('.monaco-button', { hasText: label }).count(), 1, label);
    }
    await notice.locator('.monaco-button', { hasText: "Don't Ask Again" }).click();
    await notice.waitFor({ state: 'detached', timeout: 10_000 });

    // Its ▶, with the input's default.
    await page.locator(RUN_GLYPH).first().waitFor({ timeout: 60_000 });
    await page.locator(RUN_GLYPH).first().click();
    await editor.answerInput(undefined, { prompt: /who/ });
    await page.locator(PASSED_GLYPH).first().waitFor({ timeout: 60_000 });
    await waitUntil('the play stored as finished', () => storedPlays(workspace).some((play) => play.flow_name === 'Greet team' && play.status === 'ok'), 20_000);

    // On a folder in the Explorer, where the name's file exists: the next free name, the file kept.
    await page.locator('.explorer-folders-view .monaco-list-row', { has: page.locator('.label-name', { hasText: /^clients$/ }) }).click({ button: 'right' });
    await editor.pickFromContextMenu('New Flow…');
    const box = page.locator('.quick-input-widget');
    await box.locator('input.input').fill('Invite guest');
    await box.filter({ hasText: 'Writes invite_guest_2.py' }).waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab.active', { hasText: 'invite_guest_2.py' }).waitFor({ timeout: 30_000 });
    assert.equal(readFileSync(join(workspace, 'clients', 'invite_guest_2.py'), 'utf8'), newFlowText('Invite guest'));
    assert.equal(readFileSync(join(workspace, 'clients', 'invite_guest.py'), 'utf8'), MINE);

    // The integrated terminal: hero-flows is on its PATH and runs the new flow.
    await editor.runCommand('Terminal: Create New Terminal');
    await page.locator('.terminal-wrapper.active .xterm-helper-textarea').waitFor({ timeout: 30_000 });
    await page.locator('.terminal-wrapper.active .xterm-helper-textarea').focus();
    await page.keyboard.type('hero-flows --version > hero-version.txt; hero-flows run greet_team.py --input who=Ada --json > hero-run.json\n');
    const version = join(workspace, 'hero-version.txt');
    const run = join(workspace, 'hero-run.json');
    await waitUntil('the terminal ran hero-flows', () => existsSync(run) && readFileSync(run, 'utf8').trim().endsWith('}'), 60_000);
    assert.match(readFileSync(version, 'utf8'), /^hero-flows \d+\.\d+\.\d+/);
    const play = JSON.parse(readFileSync(run, 'utf8')) as { status: string; output: unknown };
    assert.deepEqual([play.status, play.output], ['ok', { greeting: 'Hello, Ada!' }]);

    // The walkthrough: "Create your first flow" and "Run it from the gutter" are done, not "Click a span".
    await page.locator('.tabs-container .tab', { hasText: 'Welcome' }).click();
    for (const id of ['newFlow', 'runFlow']) await step(id).and(page.locator('[aria-checked="true"]')).waitFor({ state: 'attached', timeout: 30_000 });
    assert.equal(await step('clickSpan').getAttribute('aria-checked'), 'false');
  });
});
