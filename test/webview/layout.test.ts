// The trace panel beside the code: from 320 px wide up, in the real bundle in real Chromium. The
// names keep a readable width, an rpc name is cut in its class and keeps its method, times never
// break inside, the details go below the tree when narrow, the toolbar stays on one line, and
// failure navigation shows only when there is a failure. Each width is also photographed in a
// light and a dark theme into test-results/webview/ (for people to look at; nothing compares them).

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { Play } from '../../common/src/play';
import { launch, openWebview, play, span, type WebviewPage } from './harness';
import { applyTheme, THEMES } from './themeVars';

const SHOTS = join(__dirname, '..', '..', 'test-results', 'webview');
const WIDTHS = [320, 400, 700, 1200];
const NARROW = [320, 400];
const RPC_NAME = 'rpc:WhiteboardClient.workspace_list';
/** A name column narrower than this shows a few letters at best (today's 400 px showed 0 px). */
const MIN_NAME_PX = 80;

let browser: Browser;
before(async () => {
  browser = await launch();
  mkdirSync(SHOTS, { recursive: true });
});
after(async () => {
  await browser?.close();
});

/** A play as a real one reads: the interpreter starts 571 ms before the root span; one rpc fails. */
function workspacePlay(failing = true): Play {
  const rpc = (id: string, parent: string, name: string, at: [number, number], more = {}) => span(id, parent, name, at, { kind: 'rpc', ...more });
  return play('layout', [
    span('root', null, 'Create workspace', [571, 700]),
    span('s1', 'root', 'create workspace', [575, 620]),
    span('s1a', 's1', 'prepare request', [576, 590]),
    rpc('r1', 's1a', RPC_NAME, [577, 589], { tags: { attempt: 1, request: { name: 'acme' } }, logs: [{ t_ms: 1_776_760_000_580, message: 'sent' }] }),
    rpc('r2', 's1', 'rpc:WhiteboardClient.workspace_create', [590, 619]),
    span('s2', 'root', 'create board', [620, 680], failing ? { status: 'failed', error: 'step failed' } : {}),
    rpc('r3', 's2', 'rpc:WhiteboardClient.board_create', [621, 660], failing ? { status: 'failed', error: 'ValueError: board exists' } : {}),
    rpc('r4', 's2', 'rpc:WhiteboardClient.board_share', [660, 679], { replayed: true }),
    span('s3', 'root', 'add members', [680, 699]),
    span('sub', 's3', 'invite flow', [681, 698], { kind: 'subflow', tags: { child_play_id: 'child-play-7' } }),
  ], { start_ms: 1_776_760_000_000, end_ms: 1_776_760_000_709, status: failing ? 'failed' : 'ok', error: failing ? 'create board failed' : null });
}

async function opened(width: number, shown: Play = workspacePlay()): Promise<WebviewPage> {
  const wv = await openWebview(browser);
  await wv.page.setViewportSize({ width, height: 700 });
  await wv.send({ type: 'play', play: shown });
  await wv.act(() => wv.row(RPC_NAME).click());
  return wv;
}

type Box = { top: number; bottom: number; left: number; right: number; width: number; height: number };
const box = (page: Page, selector: string): Promise<Box> =>
  page.locator(selector).first().evaluate((e) => {
    const r = e.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width, height: r.height };
  });

/** How many lines the text of each element matching `selector` is laid out on. */
const lineCounts = (page: Page, selector: string): Promise<{ text: string; lines: number }[]> =>
  page.locator(selector).evaluateAll((elements) =>
    elements.map((e) => {
      const range = document.createRange();
      range.selectNodeContents(e);
      const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      return { text: e.textContent ?? '', lines: tops.size };
    }),
  );

describe('the panel beside the code', () => {
  it('photographs each width in a light and a dark theme', async () => {
    for (const width of WIDTHS) {
      const wv = await opened(width);
      for (const theme of THEMES.filter((t) => t.name !== 'high contrast')) {
        await applyTheme(wv.page, theme.classes, theme.vars);
        await wv.page.evaluate(() => document.fonts.ready);
        await wv.page.screenshot({ path: join(SHOTS, `layout-${width}-${theme.name}.png`) });
      }
      await wv.page.close();
    }
  });

  it('names keep a readable width at 320 and 400 px, at every depth', async () => {
    for (const width of NARROW) {
      const wv = await opened(width);
      const names = await wv.page.locator('.row .name').evaluateAll((all) => all.map((e) => ({ text: e.textContent, width: e.clientWidth })));
      assert.equal(names.length, 10);
      for (const name of names) assert.ok(name.width >= MIN_NAME_PX, `${width} px: "${name.text}" is ${name.width} px wide`);
      await wv.page.close();
    }
  });

  it('an rpc name is cut at the start of its class and keeps its method whole; the full name is its title and in the details', async () => {
    for (const width of WIDTHS) {
      const wv = await opened(width);
      const name = wv.row(RPC_NAME).locator('.name');
      assert.equal(await name.getAttribute('title'), RPC_NAME);
      assert.equal(await wv.page.locator('.details .details-name').textContent(), RPC_NAME);
      // The details' title wraps between the name's parts, never inside the method.
      const method = await wv.page.locator('.details .details-name').evaluate((e) => {
        const text = [...e.childNodes].at(-1)!;
        const range = document.createRange();
        range.selectNodeContents(text);
        return { text: text.textContent, lines: new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size };
      });
      assert.deepEqual(method, { text: 'workspace_list', lines: 1 }, `${width} px`);
      const parts = await name.evaluate((e) => {
        const inside = e.getBoundingClientRect();
        const method = e.querySelector('.name-method')!;
        const owner = e.querySelector('.name-owner')!;
        const ownerText = e.querySelector('.name-owner-text')!.firstChild!;
        const ownerBox = owner.getBoundingClientRect();
        // Where the class part's first and last characters are drawn, against the box that shows it.
        const length = ownerText.textContent!.length;
        const [first, last] = [0, length - 1].map((at) => {
          const range = document.createRange();
          range.setStart(ownerText, at);
          range.setEnd(ownerText, at + 1);
          return range.getBoundingClientRect();
        });
        const m = method.getBoundingClientRect();
        return {
          method: method.textContent,
          methodWhole: method.scrollWidth <= method.clientWidth && m.left >= inside.left - 0.5 && m.right <= inside.right + 0.5,
          ownerCut: owner.scrollWidth > owner.clientWidth,
          firstShown: first!.left >= ownerBox.left - 0.5,
          lastShown: last!.right <= ownerBox.right + 0.5 && last!.left >= ownerBox.left - 0.5,
          head: e.querySelector('.name-head')!.textContent,
        };
      });
      assert.equal(parts.method, 'workspace_list', `${width} px`);
      assert.equal(parts.head, 'rpc:', `${width} px`);
      assert.ok(parts.methodWhole, `${width} px: the method is drawn whole`);
      // Where the class is cut, its end (next to the method) shows and its start is what goes.
      assert.ok(parts.lastShown, `${width} px: the end of the class part shows`);
      if (parts.ownerCut) assert.ok(!parts.firstShown, `${width} px: the class part is cut at its start`);
      else assert.ok(parts.firstShown, `${width} px`);
      // Beside a badge too: a short names' column draws the badge as an icon, titled with its word.
      const replayed = wv.row('rpc:WhiteboardClient.board_share');
      const share = await replayed.locator('.name-method').evaluate((e) => {
        const m = e.getBoundingClientRect();
        const name = e.parentElement!.getBoundingClientRect();
        return e.scrollWidth <= e.clientWidth && m.right <= name.right + 0.5;
      });
      assert.ok(share, `${width} px: board_share drawn whole beside its badge`);
      assert.match((await replayed.locator('.badge').getAttribute('title')) ?? '', /^replayed/);
      if (width === 1200) assert.ok(!parts.ownerCut, 'wide: the whole name shows');
      if (width === 320) assert.ok(parts.ownerCut, '320 px: the class part is cut');
      await wv.page.close();
    }
  });

  it('badges and child-play links turn to icons when the names column gets short, and back when it widens', async () => {
    const wv = await opened(1200);
    const { page } = wv;
    // A string: tsx's helpers for named in-page functions do not exist in the page.
    const shown = () => page.evaluate(`(() => {
      const visible = (selector) => getComputedStyle(document.querySelector(selector)).display !== 'none';
      return { words: visible('.row[data-span-id=sub] .child-play-words'), badgeText: visible('.row[data-span-id=r4] .badge-text'),
        badgeIcon: visible('.row[data-span-id=r4] .badge-icon'), labelPx: document.querySelector('.row .label').clientWidth };
    })()`) as Promise<{ words: boolean; badgeText: boolean; badgeIcon: boolean; labelPx: number }>;
    const wide = await shown();
    assert.deepEqual({ ...wide, labelPx: wide.labelPx >= 324 }, { words: true, badgeText: true, badgeIcon: false, labelPx: true });
    // Resized while open, as a panel dragged narrower: the rows are not rebuilt, the tree is re-marked.
    await wv.act(() => page.setViewportSize({ width: 320, height: 700 }));
    const short = await shown();
    assert.deepEqual({ ...short, labelPx: short.labelPx < 324 }, { words: false, badgeText: false, badgeIcon: true, labelPx: true });
    await wv.act(() => page.setViewportSize({ width: 1200, height: 700 }));
    assert.deepEqual((await shown()).badgeText, true);
    await page.close();
  });

  it('times and durations are each on one line: in rows, details and header, at every width', async () => {
    for (const width of WIDTHS) {
      const wv = await opened(width);
      const times = ['start', 'end', 'duration'].map((fact) => `.details .facts tr:has(> th:text-is("${fact}")) > td`);
      for (const selector of ['.row .duration', ...times, '.header .facts-line > span:has-text("started")', '.header .elapsed > *']) {
        const counts = await lineCounts(wv.page, selector);
        assert.ok(counts.length > 0, `${width} px: ${selector}`);
        for (const { text, lines } of counts.filter((c) => c.text !== '')) assert.equal(lines, 1, `${width} px: ${selector} "${text}" on ${lines} lines`);
      }
      await wv.page.close();
    }
  });

  it('the details pane goes below the tree when narrow, beside it when wide', async () => {
    for (const width of WIDTHS) {
      const wv = await opened(width);
      const tree = await box(wv.page, '.tree');
      const details = await box(wv.page, '.details');
      if (width < 600) {
        assert.ok(details.top >= tree.bottom - 0.5, `${width} px: details top ${details.top} below tree bottom ${tree.bottom}`);
        assert.ok(tree.width >= width - 1, `${width} px: the tree takes the whole width (${tree.width})`);
        assert.ok(tree.height >= 5 * 22, `${width} px: the tree shows rows (${tree.height} px)`);
      } else {
        assert.ok(details.left >= tree.right - 0.5, `${width} px: details beside the tree`);
        assert.equal(Math.round(details.top), Math.round(tree.top), `${width} px`);
      }
      await wv.page.close();
    }
  });

  it('the toolbar stays on one line; narrow, its buttons are icons that keep their names', async () => {
    for (const width of WIDTHS) {
      const wv = await opened(width);
      const controls = await wv.page.locator('.toolbar > button:not([hidden]), .toolbar > input').evaluateAll((all) =>
        all.map((e) => {
          const r = e.getBoundingClientRect();
          return { what: e.getAttribute('data-action') ?? e.className, top: Math.round(r.top), bottom: r.bottom, height: r.height, right: r.right, label: e.getAttribute('aria-label'), title: e.getAttribute('title') };
        }),
      );
      assert.equal(controls.length, 7, `${width} px: ${controls.map((c) => c.what).join(', ')}`);
      const buttons = controls.filter((c) => c.what !== 'filter');
      assert.equal(new Set(buttons.map((c) => c.top)).size, 1, `${width} px: ${JSON.stringify(controls)}`);
      // The filter box sits on that line too: it spans the buttons' middle.
      const filter = controls.find((c) => c.what === 'filter')!;
      const middle = buttons[0]!.top + buttons[0]!.height / 2;
      assert.ok(filter.top <= middle && filter.bottom >= middle, `${width} px: ${JSON.stringify(controls)}`);
      for (const c of controls) assert.ok(c.right <= width, `${width} px: ${c.what} is inside the panel`);
      for (const c of controls.filter((c) => c.what !== 'filter')) assert.ok(c.label && c.title === c.label, `${width} px: ${c.what} has a name and a tooltip`);
      await wv.page.close();
    }
  });

  it('failure navigation shows only while the play has a failed span', async () => {
    const nav = ['expandToFailures', 'previousFailure', 'nextFailure'];
    const shown = (wv: WebviewPage) => Promise.all(nav.map((a) => wv.page.locator(`[data-action=${a}]`).isVisible()));
    const wv = await opened(1200, workspacePlay(false));
    assert.deepEqual(await shown(wv), [false, false, false]);
    assert.equal(await wv.page.locator('[data-action=expandAll]').isVisible(), true);
    // A span that fails live brings it.
    await wv.send({ type: 'spans', playId: 'layout', spans: [span('late', 'root', 'late step', [690, 699], { status: 'failed', error: 'late' })] });
    assert.deepEqual(await shown(wv), [true, true, true]);
    await wv.act(() => wv.page.locator('[data-action=nextFailure]').click());
    assert.equal(await wv.page.locator('.details .details-name').textContent(), 'late step');
    await wv.page.close();
    const failing = await opened(320);
    assert.deepEqual(await shown(failing), [true, true, true]);
    await failing.page.close();
  });
});
