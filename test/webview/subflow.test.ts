// Subflow links in the real bundle: a `subflow` span tagged `child_play_id` (or the seeds'
// `child_play_sid`) links to its child play from its row and from the details pane, and a click
// posts `openPlay`; a `play_id` tag, or a child tag on a span of another kind, is not a link.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launch, openWebview, play, span, type WebviewPage } from './harness';

let browser: Browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function opened(): Promise<WebviewPage> {
  const wv = await openWebview(browser);
  await wv.send({
    type: 'play',
    play: play('parent', [
      span('root', null, 'Parent flow', [0, 300]),
      span('sub', 'root', 'invite flow', [10, 100], { kind: 'subflow', source_line: 14, tags: { child_play_id: 'child-7', play_id: 'not-this' } }),
      span('seed', 'root', 'seeded subflow', [100, 150], { kind: 'subflow', tags: { child_play_sid: 'child-sid-3' } }),
      span('user', 'root', 'user step', [150, 200], { tags: { play_id: 'user-data', child_play_id: 'not-a-link' } }),
      span('nolink', 'root', 'subflow without a child', [200, 250], { kind: 'subflow', tags: { play_id: 'legacy' } }),
    ]),
  });
  return wv;
}

const posted = async (wv: WebviewPage, type: string) => (await wv.posted()).filter((m) => m.type === type);

describe('subflow links', () => {
  it('rows of subflows with a child play show the link; other rows do not', async () => {
    const wv = await opened();
    const link = (name: string) => wv.row(name).locator('.child-play');
    assert.equal(await link('invite flow').textContent(), 'open child play ↗');
    assert.equal(await link('invite flow').isVisible(), true);
    assert.match((await link('invite flow').getAttribute('title')) ?? '', /child-7/);
    assert.equal(await link('seeded subflow').isVisible(), true);
    for (const name of ['Parent flow', 'user step', 'subflow without a child']) {
      assert.equal(await link(name).textContent(), '', name);
      assert.equal(await link(name).isVisible(), false, name);
    }
    await wv.page.close();
  });

  it('clicking the row link posts openPlay with the child id (not openSource) and selects the row', async () => {
    const wv = await opened();
    await wv.act(() => wv.row('invite flow').locator('.child-play').click());
    assert.deepEqual(await posted(wv, 'openPlay'), [{ type: 'openPlay', playId: 'child-7' }]);
    assert.deepEqual(await posted(wv, 'openSource'), []);
    assert.equal(await wv.row('invite flow').getAttribute('aria-selected'), 'true');
    // The seeds' tag name links the same way.
    await wv.act(() => wv.row('seeded subflow').locator('.child-play').click());
    assert.deepEqual((await wv.posted()).at(-1), { type: 'openPlay', playId: 'child-sid-3' });
    // Anywhere else on the row still jumps to the source.
    await wv.act(() => wv.row('invite flow').locator('.name').click());
    assert.deepEqual((await wv.posted()).at(-1), { type: 'openSource', file: 'flows/create.py', line: 14 });
    assert.equal((await posted(wv, 'openPlay')).length, 2);
    await wv.page.close();
  });

  it('the details pane links the child play of a subflow only', async () => {
    const wv = await opened();
    const { page } = wv;
    await wv.act(() => wv.row('invite flow').locator('.name').click());
    assert.match(await page.locator('.details').innerText(), /child play\s+child-7/);
    await page.locator('.details a.play-link').click();
    await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'openPlay'));
    assert.deepEqual(await posted(wv, 'openPlay'), [{ type: 'openPlay', playId: 'child-7' }]);
    for (const name of ['user step', 'subflow without a child']) {
      await wv.act(() => wv.row(name).locator('.name').click());
      assert.equal(await page.locator('.details a.play-link').count(), 0, name);
      assert.doesNotMatch(await page.locator('.details').innerText(), /child play/, name);
    }
    await page.close();
  });

  it('from the keyboard: Shift+Enter on a linked subflow opens its child play, Enter its source; elsewhere Shift+Enter is Enter', async () => {
    const wv = await opened();
    const { page } = wv;
    await wv.act(() => wv.row('invite flow').locator('.name').click());
    // That click jumped to the code without focusing the panel (trace.test.ts): come back to the tree.
    await page.locator('.tree').focus();
    const sources = (await posted(wv, 'openSource')).length;
    await page.keyboard.press('Shift+Enter');
    await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'openPlay'));
    assert.deepEqual(await posted(wv, 'openPlay'), [{ type: 'openPlay', playId: 'child-7' }]);
    assert.equal((await posted(wv, 'openSource')).length, sources, 'Shift+Enter did not also open the source');
    await wv.act(() => page.keyboard.press('ArrowDown')); // seeded subflow
    await wv.act(() => page.keyboard.press('ArrowDown')); // user step: not a link
    const before = (await wv.posted()).length;
    await page.keyboard.press('Shift+Enter');
    await page.waitForFunction((n) => (window as unknown as { __posted: unknown[] }).__posted.length > n, before);
    assert.equal((await wv.posted()).at(-1)!.type, 'openSource');
    assert.equal((await posted(wv, 'openPlay')).length, 1);
    await page.close();
  });
});
