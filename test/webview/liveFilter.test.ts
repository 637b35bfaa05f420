// The filter in the real bundle while a play runs: spans that arrive, change or find their parent
// late enter and leave the filtered tree; and filtering costs what changed. The page reports how
// many spans the filter has tested (data-filter-tests): a new filter tests every span once, a
// refinement only the previous matches, a live batch only its spans, and scrolling, selecting,
// expanding or re-rendering test none.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { Span } from '../../common/src/play';
import { launch, openWebview, play, samplePlay, span } from './harness';

let browser: Browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const tested = (page: Page) => page.evaluate(() => Number(document.body.dataset.filterTests));

describe('filtering a live play', () => {
  it('spans that arrive, change or are adopted enter and leave the filtered rows', async () => {
    const wv = await openWebview(browser);
    const { page } = wv;
    await wv.send({ type: 'play', play: { ...samplePlay('live'), status: 'ok' } });
    await wv.act(() => page.locator('input.filter').fill('board_'));
    assert.deepEqual(await wv.rowNames(), ['Create workspace', 'create board', 'rpc:whiteboard.board_create', 'rpc:whiteboard.board_share']);
    assert.match(await page.locator('.toolbar .count').innerText(), /4 shown/);
    const send = (...spans: Span[]) => wv.send({ type: 'spans', playId: 'live', spans });

    // A new match under a step that did not match: the step comes with it.
    await send(span('r6', 's3', 'rpc:whiteboard.board_delete', [245, 248], { kind: 'rpc' }));
    assert.deepEqual((await wv.rowNames()).slice(-2), ['add members', 'rpc:whiteboard.board_delete']);
    // A span that does not match changes nothing.
    const before = await wv.rowNames();
    await send(span('noise', 's1', 'rpc:whiteboard.ping', [50, 51], { kind: 'rpc' }));
    assert.deepEqual(await wv.rowNames(), before);
    // A match renamed out of the filter leaves, and its step with it once nothing under it matches.
    await send(span('r6', 's3', 'rpc:whiteboard.cleanup', [245, 248], { kind: 'rpc' }));
    assert.deepEqual(await wv.rowNames(), ['Create workspace', 'create board', 'rpc:whiteboard.board_create', 'rpc:whiteboard.board_share']);
    // A match whose parent has not arrived shows as a root, then moves under the parent.
    await send(span('o1', 'later', 'board_audit', [260, 262]));
    assert.deepEqual((await wv.rowNames()).at(-1), 'board_audit');
    assert.equal(await wv.row('board_audit').getAttribute('aria-level'), '1');
    await send(span('later', 'root', 'audit step', [258, 270]));
    assert.deepEqual((await wv.rowNames()).slice(-2), ['audit step', 'board_audit']);
    assert.equal(await wv.row('board_audit').getAttribute('aria-level'), '3');
    assert.equal(await wv.row('audit step').getAttribute('aria-expanded'), 'true');
    // Errors only on top of the text: a span that fails while it is shown stays; one that turns failed joins.
    await wv.act(() => page.locator('[data-action=errorsOnly]').click());
    assert.deepEqual(await wv.rowNames(), ['Create workspace', 'create board', 'rpc:whiteboard.board_create']);
    await send(span('o1', 'later', 'board_audit', [260, 262], { status: 'failed', error: 'audit failed' }));
    assert.deepEqual(await wv.rowNames(), ['Create workspace', 'create board', 'rpc:whiteboard.board_create', 'audit step', 'board_audit']);
    assert.match(await page.locator('.header').innerText(), /3 errors/);
    await page.close();
  });

  it('costs what changed: nothing on scroll, select, expand or render; a refinement tests the previous matches only', async () => {
    const wv = await openWebview(browser);
    const { page } = wv;
    const spans: Span[] = [span('root', null, 'root', [0, 5000])];
    for (let s = 0; s < 30; s++) {
      spans.push(span(`s${s}`, 'root', `step ${s}`, [s * 100, s * 100 + 99]));
      for (let r = 0; r < 99; r++) spans.push(span(`s${s}r${r}`, `s${s}`, `rpc ${s}.${r}`, [s * 100 + r, s * 100 + r + 1], { kind: 'rpc' }));
    }
    const count = (text: string) => spans.filter((s) => s.name.includes(text) || s.kind.includes(text)).length;
    await wv.send({ type: 'play', play: play('many', spans) });
    assert.equal(await tested(page), 0, 'no filter, no tests');

    await wv.act(() => page.locator('input.filter').fill('rpc 1'));
    assert.equal(await tested(page), spans.length, 'a new filter tests every span once');
    const shownRows = Number(await page.evaluate(() => document.body.dataset.rows));
    assert.ok(shownRows > 40, `enough rows to scroll: ${shownRows}`);

    // Nothing but a filter change or a span tests anything.
    const settled = await tested(page);
    await wv.act(() => page.locator('.tree').evaluate((t) => (t.scrollTop = t.scrollHeight)));
    await wv.act(() => page.locator('.tree').evaluate((t) => (t.scrollTop = 0)));
    await wv.act(() => page.locator('.row').nth(3).click());
    await page.locator('.tree').focus();
    await wv.act(() => page.keyboard.press('ArrowDown'));
    await wv.act(() => page.keyboard.press('End'));
    await wv.act(() => page.locator('[data-action=collapseAll]').click());
    await wv.act(() => page.locator('[data-action=expandAll]').click());
    await wv.act(() => page.locator('input.filter').fill('rpc 1 ')); // trailing space: the same filter
    assert.equal(await tested(page), settled, 'scrolling, selecting, expanding and rendering test no span');

    // Refinements test the previous matches only.
    await wv.act(() => page.locator('input.filter').fill('rpc 12'));
    assert.equal(await tested(page), settled + count('rpc 1'));
    await wv.act(() => page.locator('input.filter').fill('rpc 12.'));
    assert.equal(await tested(page), settled + count('rpc 1') + count('rpc 12'));
    assert.equal(await page.evaluate(() => document.body.dataset.rows), String(2 + 99)); // root, step 12, rpc 12.0 … 12.98

    // A live batch tests its own spans, however big the play.
    const before = await tested(page);
    await wv.send({ type: 'spans', playId: 'many', spans: [span('n1', 's12', 'rpc 12.99', [1299, 1300], { kind: 'rpc' }), span('n2', 's3', 'rpc 3.99', [399, 400], { kind: 'rpc' })] });
    assert.equal(await tested(page), before + 2);
    // root, step 12, rpc 12.0 … 12.98 and the new rpc 12.99.
    assert.equal(await page.evaluate(() => document.body.dataset.rows), String(2 + 99 + 1));
    await page.close();
  });
});
