// Chunked loads in the real bundle, with the host's own messages (client/src/trace/traceInitialMessages.ts):
// rows after the first chunk, "Loading n / total spans…" until the last, the same tree as one
// `play` message in the end; a burst of every chunk still draws the first chunk first; a filter, a
// restored selection and live spans work while chunks arrive; chunks of another play are ignored.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import type { Span } from '../../common/src/play';
import { initialMessages } from '../../client/src/trace/traceInitialMessages';
import { launch, openWebview, play, samplePlay, span } from './harness';

const ALL = [
  'Create workspace', 'create workspace', 'rpc:whiteboard.workspace_create', 'rpc:whiteboard.workspace_get',
  'create board', 'rpc:whiteboard.board_create', 'rpc:whiteboard.board_share',
  'add members', 'rpc:whiteboard.member_add', 'invite flow',
];

let browser: Browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const loading = (page: import('playwright-core').Page) => page.evaluate(() => document.body.dataset.loading ?? null);

describe('chunked loads', () => {
  it('draws the first chunk at once, shows progress, and ends with the tree one message gives', async () => {
    const wv = await openWebview(browser);
    const { page } = wv;
    const sample = samplePlay();
    const [first, second, third, ...rest] = initialMessages(sample, sample.spans, 4);
    assert.deepEqual(rest, []);
    await wv.send(first!);
    assert.deepEqual(await wv.rowNames(), ALL.slice(0, 4));
    assert.match(await page.locator('.header').innerText(), /Loading 4 \/ 10 spans…/);
    assert.equal(await loading(page), 'true');
    await wv.send(second!);
    assert.deepEqual(await wv.rowNames(), ALL.slice(0, 8));
    assert.match(await page.locator('.header').innerText(), /Loading 8 \/ 10 spans…/);
    await wv.send(third!);
    // A small play is fully expanded, also the parents that came in later chunks.
    assert.deepEqual(await wv.rowNames(), ALL);
    const header = await page.locator('.header').innerText();
    assert.match(header, /10 spans/);
    assert.doesNotMatch(header, /Loading/);
    assert.equal(await loading(page), null);
    assert.match(header, /2 errors/);
    await page.close();
  });

  it('a burst of every chunk still renders the first chunk before the rest', async () => {
    const wv = await openWebview(browser);
    const { page } = wv;
    const sample = samplePlay();
    const messages = initialMessages(sample, sample.spans, 3);
    assert.equal(messages.length, 4);
    // Record every render's state as it happens, then post all chunks in one task.
    await page.evaluate(`(() => {
      window.__frames = [];
      new MutationObserver(() => window.__frames.push({ rows: document.body.dataset.rows, loading: document.body.dataset.loading ?? null,
        header: document.querySelector('.header').innerText })).observe(document.body, { attributes: true, attributeFilter: ['data-renders'] });
    })()`);
    await wv.send(...messages);
    const seen = (await page.evaluate('window.__frames')) as { rows: string; loading: string | null; header: string }[];
    const firstWithRows = seen.find((f) => Number(f.rows) > 0)!;
    assert.equal(firstWithRows.rows, '3');
    assert.equal(firstWithRows.loading, 'true');
    assert.match(firstWithRows.header, /Loading 3 \/ 10 spans…/);
    assert.equal(seen.at(-1)!.rows, '10');
    assert.equal(seen.at(-1)!.loading, null);
    await page.close();
  });

  it('a large play opens with its roots expanded, those of later chunks included', async () => {
    const wv = await openWebview(browser);
    const spans: Span[] = [span('root', null, 'big', [0, 2000])];
    for (let i = 0; i < 700; i++) spans.push(span(`s${i}`, 'root', `step ${i}`, [i + 1, i + 2]));
    // A second root in the last chunk (a span whose parent never arrived).
    spans.push(span('lost', 'gone', 'orphan root', [900, 950]), span('lost-child', 'lost', 'orphan child', [901, 902]));
    await wv.send(...initialMessages(play('big', spans), spans, 300));
    assert.equal(await wv.page.evaluate(() => document.body.dataset.rows), String(1 + 700 + 2));
    await wv.act(() => wv.page.locator('.tree').evaluate((t) => (t.scrollTop = t.scrollHeight)));
    assert.deepEqual((await wv.rowNames()).slice(-3), ['step 699', 'orphan root', 'orphan child']);
    assert.equal(await wv.row('orphan root').getAttribute('aria-expanded'), 'true');
    assert.equal(await wv.page.evaluate(() => document.body.dataset.loading ?? null), null);
    await wv.page.close();
  });

  it('filters, restores the saved selection and applies live spans while chunks arrive', async () => {
    const state = { playId: 'play-1', expanded: ['root', 's3'], selected: 'r5', scrollTop: 0, filter: '', errorsOnly: false };
    const wv = await openWebview(browser, state);
    const { page } = wv;
    const sample = samplePlay();
    const [first, second, third] = initialMessages(sample, sample.spans, 4);
    await wv.send(first!);
    // The selected span has not arrived yet.
    assert.match(await page.locator('.details').innerText(), /Select a span/);
    await wv.act(() => page.locator('input.filter').fill('member'));
    assert.deepEqual(await wv.rowNames(), []);
    await wv.send(second!);
    assert.deepEqual(await wv.rowNames(), ['Create workspace', 'add members']);
    // A live span arrives between chunks (the host posts run events as they come).
    await wv.send({ type: 'spans', playId: 'play-1', spans: [span('late', 's1', 'member check', [90, 95])] });
    assert.deepEqual(await wv.rowNames(), ['Create workspace', 'create workspace', 'member check', 'add members']);
    await wv.send(third!);
    assert.deepEqual(await wv.rowNames(), ['Create workspace', 'create workspace', 'member check', 'add members', 'rpc:whiteboard.member_add']);
    assert.match(await page.locator('.details').innerText(), /span id\s+r5/);
    assert.equal(await wv.row('rpc:whiteboard.member_add').getAttribute('aria-selected'), 'true');
    // Unfiltered, the saved expanded set is back: `create workspace` (and its new child) collapsed.
    await wv.act(() => page.locator('input.filter').fill(''));
    assert.deepEqual(await wv.rowNames(), ['Create workspace', 'create workspace', 'create board', 'add members', 'rpc:whiteboard.member_add', 'invite flow']);
    await page.close();
  });

  it('ignores chunks of another play, and a new play ends the old load', async () => {
    const wv = await openWebview(browser);
    const { page } = wv;
    const sample = samplePlay();
    const [first, second] = initialMessages(sample, sample.spans, 5);
    await wv.send(first!);
    await wv.send({ type: 'playChunk', playId: 'someone-else', spans: [span('x', 'root', 'not mine', [1, 2])], done: true });
    assert.equal((await wv.rowNames()).includes('not mine'), false);
    assert.equal(await loading(page), 'true');
    await wv.send({ type: 'play', play: play('other', [span('o', null, 'other flow', [0, 10])]) });
    assert.deepEqual(await wv.rowNames(), ['other flow']);
    assert.equal(await loading(page), null);
    // The first play's last chunk, arriving late, changes nothing.
    await wv.send(second!);
    assert.deepEqual(await wv.rowNames(), ['other flow']);
    assert.match(await page.locator('.header').innerText(), /1 span\b/);
    await page.close();
  });
});
