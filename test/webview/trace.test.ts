// The trace webview bundle in real headless Chromium: render, expand/collapse, toolbar, filter,
// details, live bursts, jump-to-source, escaping, state, and a 100,000-span trace.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import type { Span } from '../../common/src/play';
import { launch, openWebview, play, samplePlay, span, type WebviewPage } from './harness';

const ALL = [
  'Create workspace',
  'create workspace',
  'rpc:whiteboard.workspace_create',
  'rpc:whiteboard.workspace_get',
  'create board',
  'rpc:whiteboard.board_create',
  'rpc:whiteboard.board_share',
  'add members',
  'rpc:whiteboard.member_add',
  'invite flow',
];

let browser: Browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function opened(state?: unknown): Promise<WebviewPage> {
  const wv = await openWebview(browser, state);
  await wv.send({ type: 'play', play: samplePlay() });
  return wv;
}

describe('trace webview', () => {
  it('draws each span kind with its codicon, from the font shipped beside the bundle, under the CSP', async () => {
    const wv = await opened();
    const { page } = wv;
    const icon = (name: string) =>
      wv.row(name).locator('.glyph').evaluate((g) => ({ content: getComputedStyle(g, '::before').content, family: getComputedStyle(g).fontFamily, classes: g.className }));
    assert.deepEqual(await icon('Create workspace'), { content: '"\ueba6"', family: 'hero-codicon', classes: 'glyph codicon codicon-play-circle kind-flow_root' });
    assert.equal((await icon('create board')).content, '"\uead6"');
    assert.equal((await icon('rpc:whiteboard.board_create')).content, '"\uebcb"');
    // The font really loaded (a blocked or missing font would leave boxes), with no CSP violation.
    await page.waitForFunction(() => document.fonts.status === 'loaded');
    assert.equal(await page.evaluate(() => [...document.fonts].filter((f) => f.family.replace(/"/g, '') === 'hero-codicon').map((f) => f.status).join()), 'loaded');
    assert.deepEqual(await wv.violations(), []);
    // The details pane's title carries the same icon.
    await wv.act(() => wv.row('create board').click());
    assert.equal(await page.locator('.details-title .codicon').getAttribute('class'), 'codicon codicon-debug-step-over');
    await page.close();
  });

  it('renders a play: header, an ARIA tree, every span of a small play expanded, no CSP violation', async () => {
    const wv = await opened();
    const { page } = wv;
    assert.deepEqual((await wv.posted())[0], { type: 'ready' });
    assert.deepEqual(await wv.rowNames(), ALL);
    const header = await page.locator('.header').innerText();
    assert.match(header, /Create workspace/);
    assert.match(header, /failed/);
    assert.match(header, /10 spans/);
    assert.match(header, /2 errors/);
    assert.match(header, /300 ms/);
    assert.equal(await page.locator('[role=tree]').count(), 1);
    assert.equal(await page.locator('[role=treeitem]').count(), 10);
    assert.equal(await wv.row('Create workspace').getAttribute('aria-level'), '1');
    assert.equal(await wv.row('rpc:whiteboard.board_create').getAttribute('aria-level'), '3');
    assert.equal(await wv.row('create board').getAttribute('aria-expanded'), 'true');
    assert.match((await wv.row('create board').getAttribute('class')) ?? '', /status-failed/);
    assert.match((await wv.row('rpc:whiteboard.board_share').getAttribute('class')) ?? '', /replayed/);
    assert.equal(await wv.row('rpc:whiteboard.board_share').locator('.badge').textContent(), '↻ replayed');
    // Waterfall bars on one axis: the root spans it all, a later step starts further right.
    const left = (name: string) => wv.row(name).locator('.bar').evaluate((b) => parseFloat((b as HTMLElement).style.left));
    assert.equal(await left('Create workspace'), 0);
    assert.ok((await left('add members')) > (await left('create board')));
    assert.deepEqual(await wv.violations(), []);
    await page.close();
  });

  it('expands and collapses with the twisty and the keyboard', async () => {
    const wv = await opened();
    const { page } = wv;
    await wv.act(() => wv.row('create workspace').locator('.twisty').click());
    assert.deepEqual(await wv.rowNames(), ALL.filter((n) => !n.includes('workspace_')));
    assert.equal(await wv.row('create workspace').getAttribute('aria-expanded'), 'false');
    // Clicking the twisty does not jump to source.
    assert.equal((await wv.posted()).filter((m) => m.type === 'openSource').length, 0);

    await page.locator('.tree').focus();
    await wv.act(() => page.keyboard.press('ArrowDown')); // selects the first row
    await wv.act(() => page.keyboard.press('ArrowDown')); // create workspace
    assert.equal(await wv.row('create workspace').getAttribute('aria-selected'), 'true');
    await wv.act(() => page.keyboard.press('ArrowRight')); // expands it
    assert.deepEqual(await wv.rowNames(), ALL);
    await wv.act(() => page.keyboard.press('ArrowRight')); // moves to its first child
    assert.equal(await wv.row('rpc:whiteboard.workspace_create').getAttribute('aria-selected'), 'true');
    await wv.act(() => page.keyboard.press('ArrowLeft')); // leaf: moves to the parent
    assert.equal(await wv.row('create workspace').getAttribute('aria-selected'), 'true');
    await wv.act(() => page.keyboard.press('ArrowLeft')); // collapses it
    assert.equal(await wv.row('create workspace').getAttribute('aria-expanded'), 'false');
    await wv.act(() => page.keyboard.press('ArrowUp'));
    assert.equal(await wv.row('Create workspace').getAttribute('aria-selected'), 'true');
    const active = await page.locator('.tree').getAttribute('aria-activedescendant');
    assert.equal(await page.locator(`#${active} .name`).textContent(), 'Create workspace');
    await page.close();
  });

  it('toolbar: collapse all, expand all, expand to failures, next and previous failure', async () => {
    const wv = await opened();
    const { page } = wv;
    const click = (action: string) => wv.act(() => page.locator(`[data-action=${action}]`).click());
    await click('collapseAll');
    assert.deepEqual(await wv.rowNames(), ['Create workspace']);
    await click('expandAll');
    assert.deepEqual(await wv.rowNames(), ALL);
    await click('collapseAll');
    await click('expandToFailures');
    assert.deepEqual(await wv.rowNames(), [
      'Create workspace', 'create workspace', 'create board', 'rpc:whiteboard.board_create',
      'rpc:whiteboard.board_share', 'add members',
    ]);
    assert.equal(await wv.row('create board').getAttribute('aria-selected'), 'true');
    assert.match(await page.locator('.details').innerText(), /create board/);
    await click('nextFailure');
    assert.equal(await wv.row('rpc:whiteboard.board_create').getAttribute('aria-selected'), 'true');
    await click('nextFailure'); // wraps around
    assert.equal(await wv.row('create board').getAttribute('aria-selected'), 'true');
    await click('previousFailure');
    assert.equal(await wv.row('rpc:whiteboard.board_create').getAttribute('aria-selected'), 'true');
    // A failure under a collapsed parent is revealed.
    await click('collapseAll');
    await click('nextFailure');
    assert.equal(await wv.row('create board').getAttribute('aria-selected'), 'true');
    await click('nextFailure');
    assert.equal(await wv.row('rpc:whiteboard.board_create').getAttribute('aria-selected'), 'true');
    await page.close();
  });

  it('filters: hides non-matching spans but keeps their ancestors; errors only', async () => {
    const wv = await opened();
    const { page } = wv;
    await wv.act(() => page.locator('input.filter').fill('member_add'));
    assert.deepEqual(await wv.rowNames(), ['Create workspace', 'add members', 'rpc:whiteboard.member_add']);
    await wv.act(() => page.locator('input.filter').fill('WORKSPACE_'));
    assert.deepEqual(await wv.rowNames(), ['Create workspace', 'create workspace', 'rpc:whiteboard.workspace_create', 'rpc:whiteboard.workspace_get']);
    await wv.act(() => page.locator('input.filter').fill(''));
    assert.deepEqual(await wv.rowNames(), ALL);
    await wv.act(() => page.locator('[data-action=errorsOnly]').click());
    assert.equal(await page.locator('[data-action=errorsOnly]').getAttribute('aria-pressed'), 'true');
    assert.deepEqual(await wv.rowNames(), ['Create workspace', 'create board', 'rpc:whiteboard.board_create']);
    await wv.act(() => page.locator('input.filter').fill('nothing matches this'));
    assert.deepEqual(await wv.rowNames(), []);
    await wv.act(() => page.locator('input.filter').fill(''));
    await wv.act(() => page.locator('[data-action=errorsOnly]').click());
    assert.deepEqual(await wv.rowNames(), ALL);
    await page.close();
  });

  it('shows the selected span in the details pane: ids, times, tags as JSON, logs, error, source', async () => {
    const wv = await opened();
    const { page } = wv;
    await wv.act(() => wv.row('rpc:whiteboard.workspace_create').click());
    const details = page.locator('.details');
    const text = await details.innerText();
    assert.match(text, /span id\s+r1/);
    assert.match(text, /parent id\s+s1/);
    assert.match(text, /kind\s+rpc/);
    assert.match(text, /status\s+ok/);
    assert.match(text, /duration\s+45 ms/);
    assert.match(text, /source\s+flows\/create\.py:20/);
    const tags = await details.locator('table.tags tr').evaluateAll((trs) =>
      trs.map((tr) => [tr.querySelector('th')!.textContent, tr.querySelector('pre')!.textContent]));
    assert.deepEqual(tags, [['attempt', '1'], ['request', '{\n  "name": "acme",\n  "seats": 5\n}']]);
    assert.deepEqual(await details.locator('table.logs td').allTextContents(), ['sent']);
    assert.deepEqual(await details.locator('table.logs th').allTextContents(), ['+5 ms']);

    await wv.act(() => wv.row('rpc:whiteboard.board_create').click());
    const error = await details.locator('pre.error').textContent();
    assert.equal(error, 'Traceback (most recent call last):\n  File "flows/create.py", line 22\nValueError: board exists');
    assert.match(await details.locator('pre.error').evaluate((e) => getComputedStyle(e).whiteSpace), /pre/);

    // A subflow links to its child play.
    await wv.act(() => wv.row('invite flow').click());
    await details.locator('a.play-link').click();
    const posted = await wv.posted();
    assert.deepEqual(posted.at(-1), { type: 'openPlay', playId: 'child-play-7' });
    await page.close();
  });

  it('posts openSource with the file and line on click and on Enter', async () => {
    const wv = await opened();
    const { page } = wv;
    await page.locator('input.filter').focus();
    await wv.act(() => wv.row('rpc:whiteboard.board_create').click());
    assert.deepEqual((await wv.posted()).at(-1), { type: 'openSource', file: 'flows/create.py', line: 22 });
    // The click that jumps to the code leaves the focus where it was (the code's editor takes it),
    // so the workbench cannot see the panel focused after the code; a twisty click focuses the tree.
    const focused = () => page.evaluate(() => document.activeElement?.className);
    assert.equal(await focused(), 'filter');
    assert.equal(await wv.row('rpc:whiteboard.board_create').getAttribute('aria-selected'), 'true');
    await wv.act(() => wv.row('create board').locator('.twisty').click());
    assert.equal(await focused(), 'tree');
    await wv.act(() => wv.row('create board').locator('.twisty').click());
    await wv.act(() => wv.row('rpc:whiteboard.board_create').click());
    await wv.act(() => page.keyboard.press('ArrowDown'));
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length >= 3);
    assert.deepEqual((await wv.posted()).at(-1), { type: 'openSource', file: 'flows/create.py', line: 20 });
    // The details pane's source link does the same.
    await page.locator('input.filter').focus();
    await page.locator('.details a.source-link').click();
    assert.equal(await focused(), 'filter');
    await page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length >= 4);
    assert.deepEqual((await wv.posted()).at(-1), { type: 'openSource', file: 'flows/create.py', line: 20 });
    await page.close();
  });

  it('renders names, tags, logs and errors as text: markup shows as characters and runs nothing', async () => {
    const wv = await openWebview(browser);
    const { page } = wv;
    const evil = '<img src=x onerror=alert(1)>';
    await wv.send({
      type: 'play',
      play: play('xss', [
        span('a', null, evil, [0, 10], {
          tags: { [evil]: evil, nested: { html: '<script>alert(2)</script>' } },
          logs: [{ t_ms: 1_776_760_000_005, message: evil }],
          error: evil,
          source_file: evil,
        }),
      ], { flow_name: evil, error: evil, inputs: { x: evil } }),
    });
    await wv.act(() => page.locator('.row').first().click());
    assert.equal(await page.locator('.row .name').first().textContent(), evil);
    assert.equal(await page.locator('.header .flow-name').textContent(), evil);
    assert.equal(await page.locator('.details pre.error').textContent(), evil);
    assert.equal(await page.locator('.details table.logs td').textContent(), evil);
    assert.ok((await page.locator('.details').innerText()).includes(evil));
    assert.equal(await page.locator('img').count(), 0);
    assert.equal(await page.locator('body script').count(), 1); // only the bundle's own
    assert.equal(await page.evaluate(() => (window as unknown as { __xss: boolean }).__xss), false);
    await page.close();
  });

  it('applies live updates arriving in bursts, one render per burst, and running spans grow', async () => {
    const wv = await openWebview(browser);
    const { page } = wv;
    const root = span('root', null, 'Live flow', [0, null]);
    await wv.send({ type: 'play', play: play('live', [root], { status: 'running', end_ms: null }) });
    assert.deepEqual(await wv.rowNames(), ['Live flow']);
    assert.match((await wv.row('Live flow').getAttribute('class')) ?? '', /status-running/);
    assert.match(await wv.row('Live flow').locator('.duration').textContent() ?? '', /…$/);

    // 60 messages in one task: applied together, one render.
    const burst: Span[][] = [];
    for (let i = 0; i < 30; i++) {
      burst.push([span(`s${i}`, 'root', `step ${i}`, [i * 10, null])]);
      burst.push([span(`s${i}`, 'root', `step ${i}`, [i * 10, i * 10 + 5])]);
    }
    const before = await wv.renders();
    await wv.send(...burst.map((spans) => ({ type: 'spans' as const, playId: 'live', spans })));
    assert.equal((await wv.renders()) - before >= 1, true);
    const names = await wv.rowNames();
    assert.equal(names.length, 31);
    assert.equal(names[30], 'step 29');
    assert.match((await wv.row('step 7').getAttribute('class')) ?? '', /status-ok/);
    // Children whose parent arrives later are attached when it does.
    await wv.send({ type: 'spans', playId: 'live', spans: [span('c1', 'late', 'orphan child', [400, 410])] });
    await wv.send({ type: 'spans', playId: 'live', spans: [span('late', 'root', 'late parent', [395, 420])] });
    const rows = await wv.rowNames();
    assert.deepEqual(rows.slice(-2), ['late parent', 'orphan child']);
    assert.equal(await wv.row('orphan child').getAttribute('aria-level'), '3');
    // Updates for another play are ignored.
    await wv.send({ type: 'spans', playId: 'other', spans: [span('x', 'root', 'not mine', [1, 2])] });
    assert.equal((await wv.rowNames()).includes('not mine'), false);
    // The play ends.
    await wv.send(
      { type: 'spans', playId: 'live', spans: [span('root', null, 'Live flow', [0, 500])] },
      { type: 'playStatus', playId: 'live', status: 'ok', end_ms: 1_776_760_000_500, error: null },
    );
    assert.match(await page.locator('.header').innerText(), /ok/);
    assert.match(await page.locator('.header').innerText(), /500 ms/);
    assert.match((await wv.row('Live flow').getAttribute('class')) ?? '', /status-ok/);
    await page.close();
  });

  it('renders at most once per animation frame however many messages arrive', async () => {
    const wv = await openWebview(browser);
    await wv.send({ type: 'play', play: play('p', [span('root', null, 'r', [0, 100])]) });
    // Counts the frames the page draws: a busy machine may interleave frames with the 200 message
    // tasks, so what holds is one render per frame at most, not one render in all.
    // (A string: a named function inside evaluate() would meet tsx's __name helper, absent in the page.)
    await wv.page.evaluate('window.__frames = 0; (function tick() { window.__frames++; requestAnimationFrame(tick); })()');
    const frames = () => wv.page.evaluate(() => (window as unknown as { __frames: number }).__frames);
    const before = { renders: await wv.renders(), frames: await frames() };
    const messages = Array.from({ length: 200 }, (_, i) => ({
      type: 'spans' as const,
      playId: 'p',
      spans: [span(`s${i}`, 'root', `s${i}`, [i, i + 1])],
    }));
    await wv.send(...messages);
    await wv.page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    const renders = (await wv.renders()) - before.renders;
    const framesDrawn = (await frames()) - before.frames;
    assert.ok(renders >= 1, 'the burst was rendered');
    assert.ok(renders <= framesDrawn, `${renders} renders in ${framesDrawn} frames`);
    assert.ok(renders < messages.length, `${renders} renders for ${messages.length} messages`);
    assert.equal(await wv.page.evaluate(() => document.body.dataset.rows), '201');
    await wv.page.close();
  });

  it('saves expanded, selected and scroll with setState and restores them', async () => {
    const wv = await opened();
    const { page } = wv;
    await wv.act(() => wv.row('create workspace').locator('.twisty').click());
    await wv.act(() => wv.row('add members').click());
    await page.waitForFunction(() => {
      const s = (window as unknown as { __state?: { selected?: string } }).__state;
      return s?.selected === 's3';
    });
    const state = (await wv.savedState()) as { playId: string; expanded: string[]; selected: string };
    assert.equal(state.playId, 'play-1');
    assert.equal(state.expanded.includes('s1'), false);
    assert.equal(state.expanded.includes('s2'), true);
    await page.close();

    const again = await opened(state);
    assert.deepEqual(await again.rowNames(), ALL.filter((n) => !n.includes('workspace_')));
    assert.equal(await again.row('add members').getAttribute('aria-selected'), 'true');
    assert.match(await again.page.locator('.details').innerText(), /span id\s+s3/);
    await again.page.close();
  });

  it('keeps what the panel shows (the host\'s source message) in its saved state at once, and through later saves', async () => {
    const wv = await opened();
    const { page } = wv;
    const source = { kind: 'play', store: '/w/.hero', playId: 'play-1' };
    await page.evaluate((json: string) => window.postMessage(JSON.parse(json), '*'), JSON.stringify({ type: 'source', source }));
    await page.waitForFunction(() => (window as unknown as { __state?: { source?: unknown } }).__state?.source !== undefined);
    assert.deepEqual(await wv.savedState(), { source }, 'saved before any interaction');
    // A damaged source is not a message: nothing changes.
    await page.evaluate(() => window.postMessage({ type: 'source', source: { kind: 'play', playId: '' } }, '*'));
    await wv.act(() => wv.row('add members').click());
    await page.waitForFunction(() => (window as unknown as { __state?: { selected?: string } }).__state?.selected === 's3');
    const state = (await wv.savedState()) as { source?: unknown; playId?: string };
    assert.deepEqual(state.source, source);
    assert.equal(state.playId, 'play-1');
    await page.close();
  });

  it('shows a 100,000-span trace with only the visible rows in the DOM', async () => {
    const wv = await openWebview(browser);
    const { page } = wv;
    const before = await wv.renders();
    // Built in the page: the host would post the same structured-cloned object.
    await page.evaluate(() => {
      const t0 = 1_776_760_000_000;
      const spans = [];
      const base = { tags: {}, logs: [], error: null, source_file: 'big.py', source_line: 1, replayed: false };
      spans.push({ ...base, span_id: 'root', parent_id: null, name: 'big', kind: 'flow_root', status: 'ok', start_ms: t0, end_ms: t0 + 100_000 });
      for (let s = 0; s < 100; s++) {
        spans.push({ ...base, span_id: `s${s}`, parent_id: 'root', name: `step ${s}`, kind: 'step', status: 'ok', start_ms: t0 + s * 1000, end_ms: t0 + s * 1000 + 999 });
        for (let r = 0; r < 999 && spans.length < 100_000; r++) {
          const failed = s === 99 && r === 997; // the last span: 1 + 100 + 99 × 999 + 998 = 100,000
          spans.push({ ...base, span_id: `s${s}r${r}`, parent_id: `s${s}`, name: `rpc ${s}.${r}`, kind: 'rpc', status: failed ? 'failed' : 'ok', start_ms: t0 + s * 1000 + r, end_ms: t0 + s * 1000 + r + 1, source_line: r + 1 });
        }
      }
      const play = {
        id: 'big', flow_name: 'big', source_file: 'big.py', status: 'ok', start_ms: t0, end_ms: t0 + 100_000,
        inputs: {}, output: null, error: null, exit_code: 0, exit_signal: null, stdout: '', stderr: '', spans,
        stats: { lines: 0, events: 0, invalid_json: 0, missing_fields: 0, oversized_lines: 0, unknown_types: 0, unknown_statuses: 0, spans_without_start: 0 },
        workspace: null,
      };
      window.postMessage({ type: 'play', play }, '*');
    });
    await wv.nextRender(before);
    assert.match(await page.locator('.header').innerText(), /100000 spans/);
    // Large plays open with the root expanded only.
    assert.equal(await page.evaluate(() => document.body.dataset.rows), '101');
    const domRows = () => page.locator('.row').count();
    assert.ok((await domRows()) < 100, `rows in the DOM: ${await domRows()}`);

    await wv.act(() => page.locator('[data-action=expandAll]').click());
    assert.equal(await page.evaluate(() => document.body.dataset.rows), '100000');
    assert.ok((await domRows()) < 100);
    await wv.act(() => page.locator('.tree').evaluate((t) => (t.scrollTop = t.scrollHeight)));
    const names = await wv.rowNames();
    assert.equal(names.at(-1), 'rpc 99.997');
    assert.ok((await domRows()) < 100);

    await wv.act(() => page.locator('[data-action=collapseAll]').click());
    // Collapsing scrolls back to the top (a scroll render may come too): wait on the row count itself.
    await page.locator('[data-action=expandToFailures]').click();
    await page.waitForFunction(() => document.body.dataset.rows === String(101 + 998));
    assert.equal(await page.locator('.row.selected .name').textContent(), 'rpc 99.997');
    await page.locator('input.filter').fill('rpc 42.5');
    // rpc 42.5, 42.50–42.59, 42.500–42.599 and their two ancestors
    await page.waitForFunction(() => document.body.dataset.rows === String(2 + 1 + 10 + 100));
    assert.ok((await domRows()) < 100);
    await page.close();
  });
});
