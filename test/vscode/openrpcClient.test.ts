// Real-editor scenario (issue 14): Hero Flows: Generate Python Client… from the palette on an
// OpenRPC document of the workspace, picked in the workbench's own file dialog, written next to the
// document; the module opens. Editing the document's summary and saving regenerates the module in
// place; a dangling $ref typed into the document puts a diagnostic on it (squiggle and Problems
// view), and saving it then leaves the module as it was; closing the document clears its diagnostic.
// Then the same command from the Explorer's context menu on the document (its URI as the argument)
// writes into a folder picked in the dialog. A second scenario: an untrusted workspace.
//
// Run with `npm run package && HERO_EDITOR_TESTS=1 node --import tsx --test test/vscode/openrpcClient.test.ts`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { Editor } from './harness';
import { EDITOR, SKIP_UNLESS_ENABLED, emptyFolder, runScenario, textBox, waitUntil } from './harness';

const SQUIGGLES = `${EDITOR} .squiggly-error`;
const PROBLEM_ROWS = '.markers-panel .monaco-list-row';

/** A small service: one method by name with a declared error, one by position, a recursive schema. */
const BOARD = {
  openrpc: '1.2.6',
  info: { title: 'Board', version: '1.0.0', description: 'Boards to draw on.' },
  servers: [{ name: 'local', url: 'http://127.0.0.1:8080/rpc' }],
  methods: [
    {
      name: 'board.create',
      summary: 'Create a board',
      paramStructure: 'by-name',
      params: [
        { name: 'title', required: true, schema: { type: 'string' } },
        { name: 'seats', schema: { type: 'integer', default: 3 } },
      ],
      result: { name: 'board', schema: { $ref: '#/components/schemas/Board' } },
      errors: [{ code: 4001, message: 'No free seat' }],
    },
    {
      name: 'board.list',
      params: [],
      result: { name: 'boards', schema: { type: 'array', items: { $ref: '#/components/schemas/Board' } } },
    },
  ],
  components: {
    schemas: {
      Board: { type: 'object', required: ['id', 'title'], properties: { id: { type: 'integer' }, title: { type: 'string' }, children: { type: 'array', items: { $ref: '#/components/schemas/Board' } } } },
    },
  },
};

/**
 * Double-clicks the word at the end of `needle` on screen and types `word` over it. A JSON word runs
 * up to a quote, colon, comma, bracket or space: `#/components/schemas/Board` is one word.
 */
async function retype(page: Page, needle: string, word: string): Promise<void> {
  const box = await waitUntil(`${needle} on screen`, () => textBox(page, needle), 10_000);
  await page.mouse.dblclick(box.right - 4, (box.top + box.bottom) / 2);
  await page.keyboard.type(word);
}

/** The Hero Flows log channel's file in the workbench's logs ('' until the extension writes it). */
function heroLog(editor: Editor): string {
  const logs = editor.server.logsDir();
  if (!existsSync(logs)) return '';
  return readdirSync(logs)
    .map((session) => join(logs, session, 'exthost1', 'hero.hero-flows', 'Hero Flows.log'))
    .filter((file) => existsSync(file))
    .map((file) => readFileSync(file, 'utf8'))
    .join('');
}

/**
 * Answers the workbench's own file dialog (a quick input titled `title`, starting in `start`) with
 * `path`, once it lists `listed`, and accepts with its button (Enter on a folder opens it).
 */
async function answerFileDialog(editor: Editor, title: string, start: string, path: string, listed: string): Promise<void> {
  const dialog = editor.page.locator('.quick-input-widget', { hasText: title });
  const input = dialog.locator('input');
  // The dialog fills in its start folder itself, a moment after it shows: a path typed before is overwritten.
  await waitUntil(`the dialog to start in ${start}`, async () => (await input.inputValue()) === start, 30_000);
  await input.fill(path);
  await dialog.locator('.quick-input-list .monaco-list-row', { hasText: listed }).first().waitFor();
  assert.equal(await input.inputValue(), path);
  await dialog.locator('.monaco-button', { hasText: /^(Use this document|Write the client here)$/ }).click();
  await dialog.waitFor({ state: 'hidden' });
}

test('Generate Python Client… writes the module and opens it; saving the document regenerates it; a broken document gets a diagnostic and regenerates nothing', {
  skip: SKIP_UNLESS_ENABLED,
  timeout: 300_000,
}, async (t) => {
  await runScenario(t, {
    scenario: 'openrpc-client',
    workspace: () => emptyFolder('board-service'),
    prepare: (workspace) => {
      mkdirSync(join(workspace, 'specs'));
      writeFileSync(join(workspace, 'specs', 'board.openrpc.json'), JSON.stringify(BOARD, null, 2) + '\n');
      mkdirSync(join(workspace, 'gen'));
      writeFileSync(join(workspace, 'flow.py'), 'from specs.board_client import BoardClient\n');
    },
  }, async (editor, workspace, started) => {
    const { page } = editor;
    const spec = join(workspace, 'specs', 'board.openrpc.json');
    const module = join(workspace, 'specs', 'board_client.py');
    await editor.contributionsLoaded();

    // From the palette: the document through the file dialog, the folder next to it.
    await editor.runCommand('Hero Flows: Generate Python Client…');
    await answerFileDialog(editor, 'OpenRPC document', `${workspace}/`, spec, 'board.openrpc.json');
    await editor.answerInput(undefined, { prompt: 'Next to the document' });
    await page.locator('.tabs-container .tab.active', { hasText: 'board_client.py' }).waitFor({ timeout: 60_000 });
    editor.timings.generated = Date.now() - started;
    const first = readFileSync(module, 'utf8');
    assert.match(first, /^# Generated by Hero Flows from an OpenRPC document/);
    assert.match(first, /^# source: board\.openrpc\.json$/m);
    assert.match(first, /^class BoardClient\(_JsonRpcClient\):/m);
    assert.match(first, /Create a board/);
    await page.locator(`${EDITOR} .view-line`, { hasText: 'Generated by Hero Flows' }).first().waitFor();
    await editor.screenshot('-module');

    // Edit the summary and save: the module is regenerated in place.
    await editor.openFile('specs/board.openrpc.json');
    await retype(page, 'Create', 'Make');
    await page.keyboard.press('Control+S');
    await waitUntil('the module regenerated with the new summary', () => readFileSync(module, 'utf8').includes('Make a board'), 30_000);
    await waitUntil('the log to say so', () => /regenerated board_client\.py in specs from specs\/board\.openrpc\.json/.test(heroLog(editor)), 10_000);
    const regenerated = readFileSync(module, 'utf8');
    assert.ok(!regenerated.includes('Create a board'));
    assert.notEqual(regenerated.match(/^# sha256: (\w+)$/m)![1], first.match(/^# sha256: (\w+)$/m)![1], 'the header hashes the new bytes');

    // A dangling $ref: a diagnostic on the document while typing, listed in the Problems view.
    await retype(page, '"#/components/schemas/Board"', '#/components/schemas/Bored');
    await waitUntil('a squiggle in the document', async () => (await page.locator(SQUIGGLES).count()) > 0, 30_000);
    await editor.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
    const problems = page.locator(PROBLEM_ROWS).filter({ hasText: 'openrpc' });
    // Validated a moment after the last keystroke: wait for the problem of the whole new $ref.
    await waitUntil('the problem listed', async () => (await problems.allTextContents()).some((text) => text.includes('#/components/schemas/Bored') && text.includes('/methods/0/result/schema/$ref')), 20_000);
    assert.equal(await page.locator(PROBLEM_ROWS).filter({ hasText: /\[Ln \d+, Col \d+\]/ }).count(), 1, 'one problem, the file row apart');
    await page.locator(PROBLEM_ROWS, { hasText: 'board.openrpc.json' }).first().waitFor();
    // Its row reveals the line: the squiggle sits on the `$ref` key the pointer names.
    await page.locator(PROBLEM_ROWS, { hasText: 'Bored' }).first().click();
    await waitUntil('the squiggle on screen', async () => (await page.locator(SQUIGGLES).first().isVisible()), 10_000);
    const [squiggle, key] = await Promise.all([page.locator(SQUIGGLES).first().boundingBox(), textBox(page, '"$ref": "#/components/schemas/Bored"')]);
    assert.ok(squiggle && key && Math.abs(squiggle.y + squiggle.height / 2 - (key.top + key.bottom) / 2) < 12, `the squiggle is on the $ref line: ${JSON.stringify({ squiggle, key })}`);
    await editor.screenshot('-diagnostic');

    // Saved broken: nothing is regenerated (and the diagnostic stays).
    await editor.openFile('specs/board.openrpc.json');
    await page.keyboard.press('Control+S');
    await waitUntil('the document saved', () => readFileSync(spec, 'utf8').includes('Bored'), 10_000);
    await waitUntil('the problem still listed after the save', async () => (await problems.count()) > 0, 10_000);
    await waitUntil('the log to say the module was left as it was', () => /board\.openrpc\.json has 1 problem\(s\): 1 generated module\(s\) left as they were/.test(heroLog(editor)), 10_000);
    assert.equal(readFileSync(module, 'utf8'), regenerated);

    // Closed, its diagnostics go; opened again, they are back.
    await editor.runCommand('View: Close Editor');
    await page.locator('.tabs-container .tab', { hasText: 'board.openrpc.json' }).waitFor({ state: 'detached', timeout: 10_000 });
    await waitUntil('the problem gone with the closed document', async () => (await problems.count()) === 0, 20_000);
    await editor.openFile('specs/board.openrpc.json');
    await waitUntil('the problem back with the document', async () => (await page.locator(PROBLEM_ROWS, { hasText: 'Bored' }).count()) > 0, 20_000);

    // Fixed again (the problem's row reveals its line), then from the Explorer's context menu into another folder.
    await page.locator(PROBLEM_ROWS, { hasText: 'Bored' }).first().click();
    await retype(page, '"#/components/schemas/Bored"', '#/components/schemas/Board');
    await page.keyboard.press('Control+S');
    await waitUntil('the squiggles to clear', async () => (await page.locator(SQUIGGLES).count()) === 0, 30_000);
    const row = page.locator('.explorer-folders-view .monaco-list-row', { has: page.locator('.label-name', { hasText: /^board\.openrpc\.json$/ }) });
    // The Explorer shows the open document's folder expanded; expand it if it is not.
    if (!(await row.isVisible())) await page.locator('.explorer-folders-view .monaco-list-row', { has: page.locator('.label-name', { hasText: /^specs$/ }) }).click();
    await row.waitFor({ timeout: 10_000 });
    await row.click({ button: 'right' });
    await editor.pickFromContextMenu('Generate Python Client…');
    await editor.answerInput('Choose another folder', { prompt: 'Next to the document' });
    await answerFileDialog(editor, 'output folder', `${join(workspace, 'specs')}/`, `${join(workspace, 'gen')}/`, '..');
    const other = join(workspace, 'gen', 'board_client.py');
    await waitUntil('the module written in gen/', () => existsSync(other), 30_000);
    assert.match(readFileSync(other, 'utf8'), /^# source: \.\.\/specs\/board\.openrpc\.json$/m);
    await page.locator('.tabs-container .tab.active', { hasText: 'board_client.py' }).waitFor({ timeout: 30_000 });
  });
});

const UNTRUSTED = { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' };

test('an untrusted workspace: its OpenRPC document is not parsed (no diagnostic, no regeneration, no Generate command) until it is trusted', {
  skip: SKIP_UNLESS_ENABLED,
  timeout: 240_000,
}, async (t) => {
  const broken = JSON.stringify(BOARD, null, 2).replace('"#/components/schemas/Board"', '"#/components/schemas/Bored"');
  const stale = '# Generated by Hero Flows from an OpenRPC document. Do not edit: regenerate with\n#   hero-flows client generate board.openrpc.json -o .\n# source: board.openrpc.json\n# sha256: ' + '0'.repeat(64) + '\n# an old module\n';
  await runScenario(t, {
    scenario: 'openrpc-untrusted',
    settings: UNTRUSTED,
    workspace: () => emptyFolder('board-service'),
    prepare: (workspace) => {
      writeFileSync(join(workspace, 'board.openrpc.json'), broken + '\n');
      writeFileSync(join(workspace, 'board_client.py'), stale);
    },
  }, async (editor, workspace) => {
    const { page } = editor;
    await editor.contributionsLoaded();
    await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: 30_000 });
    await editor.openFile('board.openrpc.json');
    // Activated by the JSON document: the documents open then were looked at before this line.
    await waitUntil('the extension activated, untrusted', () => /activated \(workspace not trusted/.test(heroLog(editor)), 60_000);
    await retype(page, 'Create', 'Make');
    await page.keyboard.press('Control+S');
    await waitUntil('the document saved', () => readFileSync(join(workspace, 'board.openrpc.json'), 'utf8').includes('Make a board'), 10_000);
    assert.equal(await page.locator(SQUIGGLES).count(), 0, 'no diagnostic before trust');
    assert.equal(readFileSync(join(workspace, 'board_client.py'), 'utf8'), stale, 'nothing regenerated before trust');
    // Not in the palette.
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').fill('>Hero Flows: Generate Python Client');
    // The palette lists only similar commands (once it has listed them), never this one.
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Hero Flows: New Flow…' }).first().waitFor({ timeout: 10_000 });
    assert.equal(await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Generate Python Client' }).count(), 0);
    await page.keyboard.press('Escape');
    await editor.screenshot('-before-trust');

    await editor.runCommand('Workspaces: Manage Workspace Trust');
    await page.locator('.workspace-trust-editor .monaco-button', { hasText: /^Trust$/ }).first().click();
    const closeModal = page.locator('[aria-label^="Close Modal Editor"]').first();
    if (await closeModal.isVisible()) {
      await closeModal.click();
      await page.locator('.workspace-trust-editor').first().waitFor({ state: 'hidden', timeout: 10_000 });
    }
    // Trusted: the open document is validated at once.
    await editor.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
    await page.locator(PROBLEM_ROWS, { hasText: '#/components/schemas/Bored' }).first().waitFor({ timeout: 30_000 });
    assert.equal(readFileSync(join(workspace, 'board_client.py'), 'utf8'), stale, 'a save regenerates, trust alone does not');
  });
});
