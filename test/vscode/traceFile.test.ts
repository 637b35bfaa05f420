// Real-editor scenario: Hero Flows: Open Trace File… from the palette, a `.jsonl` someone shared
// (outside the workspace) picked in the workbench's file dialog, and its span tree in the trace
// panel, under the panel's own tab icon (the theme's variant). Opening the same file again re-uses
// the panel.
//
// Run with `npm run test:editor`; skipped unless HERO_EDITOR_TESTS=1.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Editor } from './harness';
import { SKIP_UNLESS_ENABLED, runScenario, traceWebview, waitUntil } from './harness';

const T0 = 1_776_760_000_000;

/** A finished 4-span play as the SDK writes it: a root, two steps, one client call. */
const TRACE = [
  { type: 'span_start', span_id: 'r', parent_id: null, name: 'Import board', t_ms: T0 },
  { type: 'span_start', span_id: 's1', parent_id: 'r', name: 'fetch board', t_ms: T0 + 1 },
  { type: 'span_start', span_id: 'c1', parent_id: 's1', name: 'rpc:BoardClient.board_get', t_ms: T0 + 2, kind: 'rpc' },
  { type: 'span_end', span_id: 'c1', t_ms: T0 + 20, status: 'ok' },
  { type: 'span_end', span_id: 's1', t_ms: T0 + 21, status: 'ok' },
  { type: 'span_start', span_id: 's2', parent_id: 'r', name: 'copy shapes', t_ms: T0 + 22 },
  { type: 'span_end', span_id: 's2', t_ms: T0 + 40, status: 'ok' },
  { type: 'span_end', span_id: 'r', t_ms: T0 + 41, status: 'ok' },
];

/** Runs Open Trace File… and answers the workbench's own file dialog (a quick input) with `path`. */
async function openTraceFile(editor: Editor, path: string): Promise<void> {
  await editor.runCommand('Hero Flows: Open Trace File…');
  const dialog = editor.page.locator('.quick-input-widget', { hasText: 'Open Trace File' });
  const input = dialog.locator('input');
  // The dialog fills in the workspace folder itself, a moment after it shows: a path typed before
  // that is overwritten or run together with it.
  const folder = `${editor.workspace}/`;
  await waitUntil(`the dialog to start in ${folder}`, async () => (await input.inputValue()) === folder, 30_000);
  await input.fill(path);
  // It then lists the folder of what was typed; Enter before that listing is ignored.
  await dialog.locator('.quick-input-list .monaco-list-row', { hasText: basename(path) }).waitFor();
  assert.equal(await input.inputValue(), path);
  await editor.page.keyboard.press('Enter');
  await dialog.waitFor({ state: 'hidden' });
}

test('Open Trace File… shows a shared .jsonl as a span tree in the trace panel, and re-uses the panel for it', {
  skip: SKIP_UNLESS_ENABLED,
  timeout: 180_000,
}, async (t) => {
  const shared = mkdtempSync(join(tmpdir(), 'hero-shared-'));
  const path = join(shared, 'board-import.jsonl');
  writeFileSync(path, TRACE.map((event) => JSON.stringify(event)).join('\n') + '\n');
  try {
    await runScenario(t, { scenario: 'trace-file' }, async (editor, _workspace, started) => {
      const { page } = editor;
      await editor.contributionsLoaded();
      await openTraceFile(editor, path);

      const panelTab = page.locator('.tab', { hasText: 'Import board — ok' });
      await panelTab.waitFor({ timeout: 60_000 });
      editor.timings.panel = Date.now() - started;
      const trace = traceWebview(page);
      const rows = trace.locator('[role="treeitem"]');
      await waitUntil('the 4-span tree of the file', async () => (await rows.count()) === 4, 30_000);
      assert.deepEqual(await rows.locator('.name').allTextContents(), ['Import board', 'fetch board', 'rpc:BoardClient.board_get', 'copy shapes']);
      // The header names the play after the file.
      await trace.locator('header', { hasText: 'play board-import' }).waitFor();

      // The tab's icon: the variant of the workbench's theme.
      const dark = await page.locator('.monaco-workbench').evaluate((workbench) => /\b(vs-dark|hc-black)\b/.test(workbench.className));
      const icon = await panelTab.locator('.monaco-icon-label-iconpath').evaluate((label) => (label as HTMLElement).style.backgroundImage);
      assert.match(icon, dark ? /hero-flows-dark\.svg/ : /hero-flows-light\.svg/);

      // The same file again: its panel, not a second one. The panel holds the focus inside its
      // frames, where F1 does not reach the palette: the tab first.
      await panelTab.click();
      await openTraceFile(editor, path);
      await waitUntil('the tree still shown', async () => (await rows.count()) === 4, 15_000);
      assert.equal(await panelTab.count(), 1);
    });
  } finally {
    rmSync(shared, { recursive: true, force: true });
  }
});
