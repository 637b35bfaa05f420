// Real-editor scenario (issue 10, class 3): in an untrusted workspace nothing reads the plays stored
// in it. The workspace holds a play whose runtime died (listing it would settle it as `interrupted`,
// a write); the Plays view says plays are listed once the workspace is trusted, and the store stays
// byte for byte as it was; New Flow… writes nothing. Trusting the workspace lists the play, settled.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, RUN_GLYPH, SKIP_UNLESS_ENABLED, runScenario, storedPlays, waitUntil } from './harness';

/** Every file of a folder with its bytes, to prove nothing was written. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (at: string): void => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(path, readFileSync(path, 'latin1'));
    }
  };
  walk(dir);
  return files;
}

const UNTRUSTED = { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' };

test('an untrusted workspace: the Plays view waits for trust and its store is not read; trusting lists the plays', {
  skip: SKIP_UNLESS_ENABLED,
  timeout: 180_000,
}, async (t) => {
  await runScenario(t, { scenario: 'untrusted-workspace', settings: UNTRUSTED, prepare: (workspace) => {
    // A play left `running` by a runtime that was killed: whoever lists the store settles it.
    const crash = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'test', 'fixtures', 'record-then-crash.ts'), join(workspace, '.hero')], { encoding: 'utf8' });
    assert.match(crash.stdout, /^\d{8}-\d{6}-[0-9a-f]{6}\n$/, crash.stderr);
  } }, async (editor, workspace) => {
    const store = join(workspace, '.hero');
    const before = snapshot(store);
    await editor.contributionsLoaded();
    await editor.page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: 30_000 });
    await editor.runCommand('Hero Flows: Focus on Plays View');
    await editor.page.locator('.welcome-view-content', { hasText: 'Plays are listed once this workspace is trusted' }).waitFor({ timeout: 30_000 });
    // The extension has activated (its flows have their ▶: the language server indexed the
    // workspace) and still wrote nothing into the store.
    await editor.openFile('create_workspace.py');
    await editor.page.locator(RUN_GLYPH).first().waitFor({ timeout: 60_000 });
    await editor.screenshot('-before-trust');
    assert.deepEqual(snapshot(store), before);
    assert.deepEqual(storedPlays(workspace).map((play) => play.status), ['running']);
    // New Flow… says why and writes nothing.
    const files = readdirSync(workspace).sort();
    await editor.runCommand('Hero Flows: New Flow…');
    await editor.page.locator('.notifications-toasts', { hasText: 'writes a new flow file only in a trusted workspace' }).waitFor({ timeout: 30_000 });
    assert.deepEqual(readdirSync(workspace).sort(), files);

    await editor.runCommand('Workspaces: Manage Workspace Trust');
    await editor.page.locator('.workspace-trust-editor .monaco-button', { hasText: /^Trust$/ }).first().click();
    // This VS Code shows the trust editor as a modal editor over the workbench, which can keep F1
    // from the palette: close it by its button (as a plain editor tab it has none, and may stay).
    const closeModal = editor.page.locator('[aria-label^="Close Modal Editor"]').first();
    if (await closeModal.isVisible()) {
      await closeModal.click();
      await editor.page.locator('.workspace-trust-editor').first().waitFor({ state: 'hidden', timeout: 10_000 });
    }
    await editor.runCommand('Hero Flows: Focus on Plays View');
    await editor.page.locator('.pane-body .monaco-list-row', { hasText: 'Doomed' }).first().waitFor({ timeout: 30_000 });
    await waitUntil('the dead play settled once trusted', () => storedPlays(workspace).every((play) => play.status === 'interrupted'), 20_000);
  });
});
