// The trace webview under hostile or unlucky input, in real headless Chromium (issue 10, classes 1,
// 6 and 11): long text is drawn cut with Copy / Open in editor, so what the page lays out stays
// bounded; a bad message (or a bad span or log in one) is dropped with a logged reason while later
// messages still render; tag keys named like Object.prototype's are shown as ordinary rows and read
// nothing inherited; deep values are cut, not recursed on; damaged saved state restores a sane panel.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { DEPTH_CUT_MARKER } from '../../common/src/jsonData';
import type { Span } from '../../common/src/play';
import type { HostToWebviewMessage } from '../../common/src/traceMessages';
import { FIELD_CHARS, MAX_ENTRIES, NAME_CHARS } from '../../webview/src/longText';
import { launch, openWebview, play, samplePlay, span, type WebviewPage } from './harness';

const T0 = 1_776_760_000_000;
/** The SDK's own limit for one log message, without a space to break at. */
const LOG_64K = 'x'.repeat(64 * 1024);

let browser: Browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** A page that records its uncaught errors and console warnings. */
async function page(state?: unknown): Promise<{ wv: WebviewPage; errors: string[]; warnings: string[] }> {
  const wv = await openWebview(browser, state);
  const errors: string[] = [];
  const warnings: string[] = [];
  wv.page.on('pageerror', (e) => errors.push(String(e)));
  wv.page.on('console', (m) => {
    if (m.type() === 'warning') warnings.push(m.text());
  });
  return { wv, errors, warnings };
}

/** Characters of text in the details pane, the header and the tree, as the page holds them. */
function domChars(wv: WebviewPage): Promise<{ details: number; body: number }> {
  return wv.page.evaluate(() => ({ details: document.querySelector('.details')!.textContent!.length, body: document.body.textContent!.length }));
}

function bigLogs(n: number): Span {
  return span('big', 'root', 'big logs', [10, 20], { logs: Array.from({ length: n }, (_, i) => ({ t_ms: T0 + 10 + i, message: LOG_64K })) });
}

function twoSpanPlay(big: Span) {
  return play('p-big', [span('root', null, 'root', [0, 100]), big, span('other', 'root', 'other', [30, 40])]);
}

describe('trace webview under big text', () => {
  it('a 64 KiB unbroken log is shown cut, with Copy and Open in editor for the whole of it', async () => {
    const { wv, errors } = await page();
    await wv.send({ type: 'play', play: twoSpanPlay(bigLogs(1)) });
    await wv.act(() => wv.row('big logs').click());
    const cell = wv.page.locator('.details .logs td');
    const shown = await cell.locator('.long-text > :first-child').textContent();
    assert.equal(shown, `${'x'.repeat(FIELD_CHARS)}…`);
    assert.match(await cell.locator('.long-text-actions').innerText(), /1,000 of 65,536 characters shown/);
    await cell.locator('[data-action=copyText]').click();
    await cell.locator('[data-action=openText]').click();
    const posted = (await wv.posted()).filter((m) => m.type === 'copyText' || m.type === 'openText');
    assert.deepEqual(posted, [{ type: 'copyText', text: LOG_64K }, { type: 'openText', text: LOG_64K, language: 'plaintext' }]);
    assert.ok((await domChars(wv)).details < 3 * FIELD_CHARS, 'the details pane holds the cut text only');
    assert.deepEqual(errors, []);
    await wv.page.close();
  });

  it('sixteen 64 KiB logs: the pane holds a bounded number of characters and the next click selects the next row', async () => {
    const { wv, errors } = await page();
    await wv.send({ type: 'play', play: twoSpanPlay(bigLogs(16)) });
    await wv.act(() => wv.row('big logs').click());
    assert.equal(await wv.page.locator('.details .logs tr').count(), 16);
    assert.equal(await wv.page.locator('.details .logs [data-action=copyText]').count(), 16);
    // 16 MiB of logs put at most 16 cut fields (and their notes) in the DOM, not 1 MiB.
    assert.ok((await domChars(wv)).details < 16 * (FIELD_CHARS + 100), `details: ${(await domChars(wv)).details} characters`);
    await wv.act(() => wv.row('other').click());
    assert.equal(await wv.row('other').getAttribute('aria-selected'), 'true');
    assert.equal(await wv.page.locator('.details-name').textContent(), 'other');
    assert.deepEqual(errors, []);
    await wv.page.close();
  });

  it('more logs or tags than the pane lists: the first MAX_ENTRIES, then Open all', async () => {
    const { wv } = await page();
    const tags = Object.fromEntries(Array.from({ length: MAX_ENTRIES + 5 }, (_, i) => [`tag${i}`, i]));
    const logs = Array.from({ length: MAX_ENTRIES * 3 }, (_, i) => ({ t_ms: T0 + 10, message: `log ${i}` }));
    await wv.send({ type: 'play', play: twoSpanPlay(span('big', 'root', 'big logs', [10, 20], { tags, logs })) });
    await wv.act(() => wv.row('big logs').click());
    assert.equal(await wv.page.locator('.details .tags tr').count(), MAX_ENTRIES);
    assert.equal(await wv.page.locator('.details .logs tr').count(), MAX_ENTRIES);
    const notes = await wv.page.locator('.details > .long-text-actions').allInnerTexts();
    assert.match(notes[0]!, new RegExp(`${MAX_ENTRIES} of ${MAX_ENTRIES + 5} tags shown`));
    assert.match(notes[1]!, new RegExp(`${MAX_ENTRIES} of ${MAX_ENTRIES * 3} logs shown`));
    await wv.page.locator('.details > .long-text-actions [data-action=openText]').last().click();
    const open = (await wv.posted()).find((m) => m.type === 'openText');
    assert.ok(open?.type === 'openText');
    assert.equal(open.text.split('\n').length, MAX_ENTRIES * 3);
    assert.match(open.text.split('\n').at(-1)!, new RegExp(`log ${MAX_ENTRIES * 3 - 1}$`));
    await wv.page.close();
  });

  it('a 10 MB span name and a 10 MB tag: rows and details hold cut text, and clicks keep working', async () => {
    const { wv, errors } = await page();
    const huge = 'n'.repeat(10_000_000);
    await wv.send({
      type: 'play',
      play: play('p-huge', [
        span('root', null, 'root', [0, 100]),
        span('big', 'root', huge, [10, 20], { tags: { huge } }),
        span('other', 'root', 'other', [30, 40]),
      ]),
    });
    const name = wv.page.locator('.row[data-span-id=big] .name');
    assert.equal(await name.textContent(), `${'n'.repeat(NAME_CHARS)}…`);
    await wv.act(() => name.click());
    assert.equal(await wv.page.locator('.row[data-span-id=big]').getAttribute('aria-selected'), 'true');
    assert.equal((await wv.page.locator('.details-name').textContent())!.length, NAME_CHARS + 1);
    assert.equal((await wv.page.locator('.details .tags pre').textContent())!.length, FIELD_CHARS + 1);
    assert.ok((await domChars(wv)).body < 20_000, `body: ${(await domChars(wv)).body} characters`);
    await wv.act(() => wv.row('other').click());
    assert.equal(await wv.row('other').getAttribute('aria-selected'), 'true');
    assert.deepEqual(errors, []);
    await wv.page.close();
  });
});

describe('trace webview with unusable times', () => {
  it('an end before its start or a time_error shows "?" and a point, the details say why, the header counts them', async () => {
    const { wv, errors } = await page();
    const stats = { ...samplePlay().stats, bad_times: 2 };
    await wv.send({ type: 'play', play: play('p-times', [
      span('root', null, 'root', [0, 100]),
      span('inverted', 'root', 'inverted', [80, 10]),
      span('absurd', 'root', 'absurd', [20, null], { status: 'ok', time_error: 'end time 1e308 is not a date' }),
    ], { stats }) });
    assert.equal(await wv.row('inverted').locator('.duration').textContent(), '?');
    assert.equal(await wv.row('absurd').locator('.duration').textContent(), '?');
    assert.match(await wv.row('absurd').locator('.duration').getAttribute('title') ?? '', /1e308 is not a date/);
    // A point at the start, not a bar stretched across the axis or drawn backwards.
    const width = await wv.row('inverted').locator('.bar').evaluate((bar) => parseFloat((bar as HTMLElement).style.width));
    assert.ok(width < 1, `bar width ${width}%`);
    await wv.act(() => wv.row('inverted').click());
    assert.match(await wv.page.locator('.details').textContent() ?? '', /duration\s*unknown: it ends before it starts/);
    assert.match(await wv.page.locator('.header .stream-problems').getAttribute('title') ?? '', /2 spans with unusable times/);
    assert.deepEqual(errors, []);
    await wv.page.close();
  });
});

describe('trace webview under bad messages', () => {
  it('a spans message holding null keeps its valid span, and bad messages do not stop a later play from rendering', async () => {
    const { wv, errors, warnings } = await page();
    await wv.send({ type: 'play', play: play('p1', [span('root', null, 'root', [0, 100])]) });
    const bad = [
      { type: 'spans', playId: 'p1', spans: [null, span('kept', 'root', 'kept span', [10, 20]), 7, { span_id: 3 }] },
      { type: 'spans', playId: 'p1', spans: null },
      { type: 'play', play: { id: 'p2', spans: [null] } },
      { type: 'play', play: null },
      { type: 'playChunk', playId: 'p1', spans: [span('x', 'root', 'chunk span', [1, 2])] }, // no `done`
      { type: 'playStatus', playId: 'p1', status: 'exploded', end_ms: null, error: null },
      { type: 'spans', playId: 'p1', spans: [span('logs', 'root', 'with bad logs', [20, 30], { logs: [null, { t_ms: T0, message: 'good log' }, { t_ms: 'x', message: 1 }] as Span['logs'] })] },
      null,
      'play',
      { type: 'nope' },
    ] as unknown as HostToWebviewMessage[];
    await wv.send(...bad);
    assert.deepEqual(await wv.rowNames(), ['root', 'kept span', 'with bad logs']);
    await wv.act(() => wv.row('with bad logs').click());
    assert.deepEqual(await wv.page.locator('.details .logs td').allTextContents(), ['good log']);
    assert.ok(Number(await wv.page.evaluate(() => document.body.dataset.problems)) >= 12);
    assert.match(await wv.page.locator('.header .dropped').textContent() ?? '', /bad messages or entries dropped/);
    assert.ok(warnings.some((w) => w.includes('span 0 dropped: not an object (null)')), warnings.join('\n'));
    assert.ok(warnings.some((w) => w.includes('unknown message type')), warnings.join('\n'));
    // The extension's log hears why too: the first 20 reasons, then one line that more were dropped.
    const reasons = (await wv.posted()).filter((m) => m.type === 'problem').map((m) => (m as { reason: string }).reason);
    assert.ok(reasons.some((r) => r.includes('span 0 dropped: not an object (null)')), reasons.join('\n'));
    await wv.send(...Array.from({ length: 30 }, () => ({ type: 'nope' }) as unknown as HostToWebviewMessage));
    const flood = (await wv.posted()).filter((m) => m.type === 'problem').map((m) => (m as { reason: string }).reason);
    assert.equal(flood.length, 21);
    assert.match(flood[20]!, /more bad data was dropped/);
    // A valid play after all that renders whole.
    await wv.send(samplePlayMessage());
    assert.equal((await wv.rowNames()).length, 10);
    assert.deepEqual(errors, []);
    await wv.page.close();
  });

  it('tags named __proto__, constructor, prototype and toString are rows; nothing is read from Object.prototype', async () => {
    const { wv, errors } = await page();
    // Something else in the page polluted Object.prototype: the panel still reads own keys only.
    await wv.page.evaluate(() => {
      (Object.prototype as Record<string, unknown>).child_play_id = 'polluted-play';
    });
    const tags = JSON.parse('{"__proto__":{"child_play_id":"X"},"constructor":{"prototype":{"y":1}},"prototype":1,"toString":"t"}');
    await wv.send({ type: 'play', play: play('p-proto', [span('root', null, 'root', [0, 100]), span('sub', 'root', 'sub', [10, 20], { kind: 'subflow', tags })]) });
    assert.equal(await wv.page.locator('.row[data-span-id=sub] .child-play').textContent(), '', 'no child-play link from an inherited key');
    await wv.act(() => wv.row('sub').click());
    assert.deepEqual(await wv.page.locator('.details .tags th').allTextContents(), ['__proto__', 'constructor', 'prototype', 'toString']);
    assert.match((await wv.page.locator('.details .tags pre').first().textContent()) ?? '', /"child_play_id": "X"/);
    await wv.page.evaluate(() => delete (Object.prototype as Record<string, unknown>).child_play_id);
    assert.deepEqual(await wv.page.evaluate(() => Object.getOwnPropertyNames(Object.prototype).filter((k) => !['constructor', '__proto__'].includes(k) && typeof (Object.prototype as Record<string, unknown>)[k] !== 'function')), []);
    assert.equal(await wv.page.evaluate(() => ({} as Record<string, unknown>).y), undefined);
    assert.deepEqual(errors, []);
    await wv.page.close();
  });

  it('a tag nested 1,000 levels deep (postMessage carries no more than a few thousand) is shown cut at 64 levels, in bounded text', async () => {
    const { wv, errors } = await page();
    // Built in the page (posting it from here would serialise it recursively first); a string, since
    // tsx's transform adds `__name` helpers a page does not have.
    await wv.page.evaluate(`(() => {
      const t0 = ${T0};
      let deep = 'leaf';
      for (let i = 0; i < 1000; i++) deep = { d: deep };
      const s = (id, parent, name, tags) => ({ span_id: id, parent_id: parent, name, kind: 'step', status: 'ok', start_ms: t0, end_ms: t0 + 1, tags, logs: [], error: null, source_file: null, source_line: null, replayed: false });
      window.postMessage({ type: 'play', play: { id: 'p-deep', flow_name: 'deep', source_file: null, status: 'ok', start_ms: t0, end_ms: t0 + 1, inputs: { deep }, output: deep, error: null, stats: {},
        spans: [s('root', null, 'root', {}), s('deep', 'root', 'deep', { deep })] } }, '*');
    })()`);
    await wv.page.waitForFunction(() => Number(document.body.dataset.rows ?? '0') === 2);
    await wv.act(() => wv.row('deep').click());
    // Pretty-printed whole, 1,000 levels are ~1,000,000 characters of indentation.
    const text = (await wv.page.locator('.details .tags pre').textContent())!;
    assert.ok(text.length <= FIELD_CHARS + 1, `${text.length} characters`);
    await wv.page.locator('.details .tags [data-action=openText]').click();
    const open = (await wv.posted()).find((m) => m.type === 'openText');
    assert.ok(open?.type === 'openText' && open.language === 'json' && open.text.includes(DEPTH_CUT_MARKER));
    assert.deepEqual(errors, []);
    await wv.page.close();
  });

  it('damaged saved state restores a sane panel: the play shown as if nothing was saved', async () => {
    // [state, rows shown]: 10 when nothing usable was saved (a small play opens expanded), 1 when a
    // sound state with nothing expanded was.
    const garbage: [unknown, number][] = [
      ['garbage', 10], [42, 10], [[], 10], [[1, 2], 10], [{ playId: 'play-1' }, 10], [{ playId: 'play-1', expanded: 'root' }, 10],
      [{ playId: 'play-1', expanded: [null, 3, {}], selected: 7, scrollTop: 'far', filter: { toString: 1 }, errorsOnly: 'yes' }, 1],
      // A filter no one typed (it would hide every row) is dropped.
      [{ playId: 'play-1', expanded: ['root', 's1', 's2', 's3'], scrollTop: -1e308, filter: 'x'.repeat(100_000) }, 10],
      // The stand-in hands this back as an object literal: a state whose keys are all inherited.
      [JSON.parse('{"__proto__":{"playId":"play-1","expanded":[]}}'), 10],
    ];
    for (const [state, shown] of garbage) {
      const { wv, errors } = await page(state);
      await wv.send(samplePlayMessage());
      const rows = await wv.rowNames();
      assert.equal(rows.length, shown, `${JSON.stringify(state).slice(0, 80)}: ${rows.join()}`);
      assert.equal(await wv.page.locator('.toolbar input.filter').inputValue(), '', JSON.stringify(state).slice(0, 80));
      assert.equal(await wv.page.evaluate(() => ({} as Record<string, unknown>).playId), undefined);
      assert.deepEqual(errors, [], JSON.stringify(state).slice(0, 80));
      // A `source` message then keeps a clean state: nothing of the garbage is written back.
      await wv.page.evaluate(() => window.postMessage({ type: 'source', source: { kind: 'file', path: '/w/t.jsonl' } }, '*'));
      await wv.page.waitForFunction(() => (window as unknown as { __state?: { source?: unknown } }).__state?.source !== undefined);
      const saved = (await wv.savedState()) as Record<string, unknown>;
      assert.deepEqual(saved.source, { kind: 'file', path: '/w/t.jsonl' });
      assert.ok(Object.keys(saved).every((k) => ['playId', 'expanded', 'selected', 'scrollTop', 'filter', 'errorsOnly', 'source'].includes(k)), Object.keys(saved).join());
      await wv.page.close();
    }
  });
});

function samplePlayMessage(): HostToWebviewMessage {
  return { type: 'play', play: samplePlay() };
}
