// The real-editor harness: a packaged .vsix in a real VS Code workbench (code-server, see
// codeServer.ts), driven by playwright-core in Debian's chromium.
//
//   const editor = await Editor.launch({ vsix, workspace: copyExamples(), scenario: 'run-flow' });
//   try { …editor.page…; await editor.screenshot(); } finally { await editor.close(); }
//
// Each Editor has a code-server of its own with a fresh profile, removed on close(); each scenario
// saves a screenshot under test-results/vscode/ (and its logs there when it fails).

import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Play } from '../../common/src/play';
import { chromium, type Browser, type FrameLocator, type Page } from 'playwright-core';
import { CodeServer, ROOT, editorTools } from './codeServer';
import { CHROMIUM_ARGS } from '../helpers/chromium';

export { CodeServer, ENV_DIR, ROOT, editorTools, waitUntil } from './codeServer';

export const RESULTS = join(ROOT, 'test-results', 'vscode');

const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
/** The packaged extension the suites install (`npm run package`); HERO_VSIX picks another. */
export const VSIX = process.env.HERO_VSIX ?? join(ROOT, `hero-flows-${version}.vsix`);
/** The suites run under `npm run test:editor`, which sets HERO_EDITOR_TESTS=1; elsewhere they are skipped. */
export const SKIP_UNLESS_ENABLED: false | string =
  process.env.HERO_EDITOR_TESTS === '1' ? false : 'real-editor suite: run `npm run test:editor` (or set HERO_EDITOR_TESTS=1)';

/** The workbench's editor, its gutter and the Testing API's run glyph there (VS Code's classes). */
export const EDITOR = '.editor-instance .monaco-editor';
export const GUTTER = `${EDITOR} .margin`;
export const RUN_GLYPH = `${GUTTER} .codicon-testing-run-icon`;

/**
 * The trace panel's content: two frames down, the webview element then its active frame. Only a
 * visible webview: a hidden panel's frame can linger in the DOM beside the one in front.
 */
export function traceWebview(page: Page): FrameLocator {
  return page.locator('iframe.webview.ready:visible').last().contentFrame().frameLocator('#active-frame');
}

/**
 * Counts the workbench window's blurs from now on: one means the keyboard focus went into a webview.
 * A span click that jumps to the code must leave none (the workbench polls a webview's focus and,
 * reporting it late, made the panel's group the active one after the code's). Returns the reader.
 */
export async function countPanelFocus(page: Page): Promise<() => Promise<number>> {
  await page.evaluate('window.__panelTookFocus = 0; window.addEventListener("blur", () => window.__panelTookFocus++)');
  return async () => Number(await page.evaluate('window.__panelTookFocus'));
}

export interface Box { left: number; right: number; top: number; bottom: number }

/** The on-screen box of the first occurrence of `needle` in the editor's rendered lines. */
export async function textBox(page: Page, needle: string): Promise<Box | null> {
  return page.evaluate(({ selector, needle }) => {
    for (const line of Array.from(document.querySelectorAll(`${selector} .view-line`))) {
      const text = (line.textContent ?? '').replace(/\u00a0/g, ' '); // the editor renders spaces as U+00A0
      const at = text.indexOf(needle);
      if (at === -1) continue;
      // the line's spans hold its text in order: find the text nodes that cover [at, at + length)
      const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      const range = document.createRange();
      let offset = 0;
      let started = false;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const length = node.textContent!.length;
        if (!started && at < offset + length) { range.setStart(node, at - offset); started = true; }
        if (started && at + needle.length <= offset + length) { range.setEnd(node, at + needle.length - offset); break; }
        offset += length;
      }
      const r = range.getBoundingClientRect();
      return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
    }
    return null;
  }, { selector: EDITOR, needle });
}

/** The plays the extension stored in a workspace (the store's default place is its .hero/). */
export function storedPlays(workspace: string): Play[] {
  const plays = join(workspace, '.hero', 'plays');
  return readdirSync(plays).map((id) => JSON.parse(readFileSync(join(plays, id, 'play.json'), 'utf8')) as Play);
}


/** An empty folder, as a user's own new project is, to open as the workspace. */
export function emptyFolder(name = 'my-project'): string {
  const workspace = join(mkdtempSync(join(tmpdir(), 'hero-empty-')), name);
  mkdirSync(workspace);
  return workspace;
}

/** A fresh copy of examples/ (without plays or bytecode) to open as the workspace. */
export function copyExamples(into = mkdtempSync(join(tmpdir(), 'hero-examples-'))): string {
  const workspace = join(into, 'examples');
  cpSync(join(ROOT, 'examples'), workspace, {
    recursive: true,
    filter: (src) => !/[\\/](\.hero|__pycache__)([\\/]|$)/.test(src),
  });
  return workspace;
}

export interface LaunchOptions {
  /** the .vsix (or several) to install; omit to start a bare workbench */
  vsix?: string | string[];
  /** the folder to open */
  workspace: string;
  /** names the screenshot (test-results/vscode/<scenario>.png) and the logs kept on failure */
  scenario: string;
  settings?: Record<string, unknown>;
  /** extra environment for code-server and so for the extension host */
  env?: Record<string, string>;
}

/** A workbench in a headless chromium page, on a code-server of its own. */
export class Editor {
  /** milliseconds from launch() to each stage: server, workbench */
  readonly timings: Record<string, number> = {};
  private readonly consoleErrors: string[] = [];

  private constructor(
    readonly server: CodeServer,
    private readonly browser: Browser,
    readonly page: Page,
    readonly workspace: string,
    readonly scenario: string,
  ) {
    page.on('console', (message) => { if (message.type() === 'error') this.consoleErrors.push(message.text()); });
  }

  static async launch(options: LaunchOptions): Promise<Editor> {
    const started = Date.now();
    const tools = editorTools();
    const dir = mkdtempSync(join(tmpdir(), 'hero-editor-'));
    const server = await CodeServer.start({ tools, dir, vsix: options.vsix, settings: options.settings, env: options.env });
    const serverMs = Date.now() - started;
    let browser: Browser | undefined;
    try {
      browser = await chromium.launch({ executablePath: tools.chromium, headless: true, args: CHROMIUM_ARGS });
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      const page = await context.newPage();
      const editor = new Editor(server, browser, page, options.workspace, options.scenario);
      editor.timings.server = serverMs;
      // A hang guard, not a speed check: on a loaded 2-core machine the workbench's scripts alone can take 30 s.
      await page.goto(server.folderUrl(options.workspace), { waitUntil: 'domcontentloaded', timeout: 120_000 });
      await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60_000 });
      // The folder is read when the Explorer lists it (an empty folder lists nothing: its view is there).
      const listed = readdirSync(options.workspace).length > 0 ? '.explorer-folders-view .monaco-list-row' : '.explorer-folders-view';
      await page.locator(listed).first().waitFor({ state: 'attached', timeout: 60_000 });
      editor.timings.workbench = Date.now() - started;
      return editor;
    } catch (error) {
      await browser?.close().catch(() => undefined);
      await server.stop();
      throw error;
    }
  }

  /**
   * Developer: Reload Window, then waits for the new page's status bar (the side bar shows whatever
   * view was last open, not always the Explorer). F1 must reach the palette: not from a webview.
   */
  async reloadWindow(): Promise<void> {
    const reloaded = this.page.waitForEvent('load', { timeout: 60_000 });
    await this.runCommand('Developer: Reload Window');
    await reloaded;
    await this.page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60_000 });
  }

  /** Waits until the workbench has read the extension's contributions (its activity bar icon shows): before that the palette lacks its commands. */
  async contributionsLoaded(): Promise<void> {
    await this.page.locator('.activitybar .action-item a[aria-label^="Hero Flows"]').waitFor({ timeout: 60_000 });
  }

  /** Runs a command from the palette by its title ("Category: Title"). */
  async runCommand(title: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget input');
    // Right after a reload or a focus change the palette can open inert or close again at once (seen
    // under load), and it lists the commands as they were when it opened: a command whose `when`
    // (workspace trust) was settled a moment later is missing from that list (seen in CI). Escape and
    // F1 again, a few times, before giving up.
    for (let attempt = 1; ; attempt++) {
      try {
        await this.page.keyboard.press('F1');
        await input.waitFor({ state: 'visible', timeout: 10_000 });
        await input.fill(`>${title}`, { timeout: 10_000 });
        await this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 10_000 });
        break;
      } catch (error) {
        if (attempt === 3) throw error;
        await this.page.keyboard.press('Escape');
      }
    }
    await this.page.keyboard.press('Enter');
  }

  /** Opens a workspace file by its path relative to the folder, and waits until its editor is active. */
  async openFile(relativePath: string): Promise<void> {
    const name = relativePath.split('/').pop()!;
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(relativePath);
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
    await this.page.keyboard.press('Enter');
    await this.page.locator('.tabs-container .tab.active', { hasText: name }).waitFor();
    await this.page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor();
  }

  /**
   * Opens `file`, waits for the extension's ▶ on its first flow (timed as `activated` since
   * `started`), clicks it and answers the input form: one answer per input, `undefined` keeps the
   * default, each checked against its prompt.
   */
  async runFromGutter(file: string, started: number, answers: [value: string | undefined, prompt: RegExp][]): Promise<void> {
    await this.openFile(file);
    const run = this.page.locator(RUN_GLYPH).first();
    await run.waitFor({ timeout: 60_000 });
    this.timings.activated = Date.now() - started;
    await run.click();
    for (const [value, prompt] of answers) await this.answerInput(value, { prompt });
  }

  /**
   * Picks `label` in the open context menu. A click that lands while the menu is still settling is
   * sometimes only a hover (the item highlighted, the menu still open); Enter then runs the
   * highlighted item.
   */
  async pickFromContextMenu(label: string | RegExp): Promise<void> {
    const menu = this.page.locator('.context-view .monaco-menu');
    const item = menu.locator('.action-label', { hasText: label }).first();
    await item.click();
    const closed = await menu.waitFor({ state: 'detached', timeout: 2_000 }).then(() => true, () => false);
    if (closed || !(await menu.isVisible())) return;
    await item.hover();
    await this.page.keyboard.press('Enter');
    await menu.waitFor({ state: 'detached', timeout: 10_000 });
  }

  /** Answers the open quick input (an input box step): types `value` (or keeps the default) and accepts. */
  async answerInput(value?: string, options: { prompt?: RegExp | string } = {}): Promise<void> {
    const widget = this.page.locator('.quick-input-widget');
    const input = widget.locator('input.input');
    await input.waitFor({ state: 'visible' });
    if (options.prompt) await widget.filter({ hasText: options.prompt }).waitFor();
    // The workbench is briefly inert while it re-renders a page under the input (seen under load):
    // the fill waits it out.
    if (value !== undefined) await input.fill(value, { timeout: 60_000 });
    await this.page.keyboard.press('Enter');
  }

  /** Saves test-results/vscode/<scenario><suffix>.png and returns its path. */
  async screenshot(suffix = ''): Promise<string> {
    mkdirSync(RESULTS, { recursive: true });
    const file = join(RESULTS, `${this.scenario}${suffix}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Copies code-server's and the workbench's logs next to the screenshots (for a failed scenario). */
  keepLogs(): string {
    const into = join(RESULTS, `${this.scenario}-logs`);
    rmSync(into, { recursive: true, force: true });
    mkdirSync(into, { recursive: true });
    cpSync(join(this.server.dir, 'code-server.log'), join(into, 'code-server.log'));
    if (existsSync(this.server.logsDir())) cpSync(this.server.logsDir(), join(into, 'workbench'), { recursive: true });
    writeFileSync(join(into, 'browser-console-errors.txt'), this.consoleErrors.join('\n'));
    return into;
  }

  /** Closes the browser, ends code-server's whole process group and removes its profile. */
  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    await this.server.stop();
    rmSync(this.server.dir, { recursive: true, force: true });
  }
}

/**
 * One scenario in a fresh workbench on a copy of examples/ (or the folder `options.workspace` makes) with the packaged extension: `body`
 * drives it; then a screenshot and the timings are reported, the logs kept when it failed, and
 * everything is removed.
 */
export async function runScenario(
  t: TestContext,
  options: {
    scenario: string;
    settings?: Record<string, unknown>;
    prepare?: (workspace: string) => void;
    /** makes the folder to open, inside a temporary folder of its own (removed after); default: copyExamples() */
    workspace?: () => string;
    /** extra environment for code-server and so for the extension host */
    env?: Record<string, string>;
  },
  body: (editor: Editor, workspace: string, started: number) => Promise<void>,
): Promise<void> {
  assert.ok(existsSync(VSIX), `${VSIX} is missing: run npm run package`);
  const started = Date.now();
  const workspace = options.workspace ? options.workspace() : copyExamples();
  options.prepare?.(workspace);
  const editor = await Editor.launch({ vsix: VSIX, workspace, scenario: options.scenario, settings: options.settings, env: options.env });
  let passed = false;
  try {
    await body(editor, workspace, started);
    editor.timings.total = Date.now() - started;
    t.diagnostic(`screenshot ${await editor.screenshot()}`);
    t.diagnostic(`timings (ms) ${JSON.stringify(editor.timings)}`);
    passed = true;
  } finally {
    if (!passed) {
      await editor.screenshot('-failed').catch(() => undefined);
      t.diagnostic(`logs kept in ${editor.keepLogs()}`);
    }
    await editor.close();
    rmSync(dirname(workspace), { recursive: true, force: true });
  }
}
