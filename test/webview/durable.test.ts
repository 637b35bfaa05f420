// Durable plays in the real bundle (docs/durable.md): a pause span drawn as its own kind with its
// prompt and answer (or "waiting for an answer"), replayed spans dashed with "↻ replayed", the
// header's attempt line and the attempt switcher posting `showAttempt`; hostile durable fields are
// dropped and counted, and text stays text.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import type { Play, PlayAttempt } from '../../common/src/play';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launch, openWebview, play, span, type WebviewPage } from './harness';
import { applyTheme, THEMES } from './themeVars';

const SHOTS = join(__dirname, '..', '..', 'test-results', 'webview');

let browser: Browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

function attempt(n: number, more: Partial<PlayAttempt> = {}): PlayAttempt {
  return { attempt: n, mode: n === 1 ? 'run' : 'resume', start_ms: 0, end_ms: 1, status: 'paused', error: null, exit_code: 75, replayed: 0, live: 2, diverged: null, version: 'v1', ...more };
}

/** Attempt 2 of 3 of a deploy approval: two replayed calls, the answered pause replayed, a live deploy. */
function resumedPlay(more: Partial<Play> = {}): Play {
  return play('durable-1', [
    span('root', null, 'Approve deploy', [0, 300]),
    span('plan', 'root', 'rpc:DeployClient.plan', [10, 20], { kind: 'rpc', replayed: true }),
    span('ask', 'root', 'Approve the plan?', [20, 21], { kind: 'pause', replayed: true, tags: { prompt: 'Approve the plan?', answer: { approve: true, note: 'ok' } } }),
    span('apply', 'root', 'rpc:DeployClient.apply', [30, 200], { kind: 'rpc' }),
  ], {
    attempt: 2,
    attempts: [attempt(1), attempt(2, { status: 'ok', exit_code: 0, replayed: 5, live: 3, diverged: 'the code took another path' }), attempt(3, { mode: 'retry', status: 'failed' })],
    ...more,
  });
}

function pausedPlay(): Play {
  return play('durable-2', [
    span('root', null, 'Approve deploy', [0, 300]),
    span('ask', 'root', 'Approve the plan?', [20, 21], { kind: 'pause', tags: { prompt: 'Approve <b>the</b> plan?', waiting: true } }),
  ], {
    status: 'paused',
    attempt: 1,
    attempts: [attempt(1)],
    pending_pause: { key: 'approve', prompt: 'Approve <b>the</b> plan?', fields: { approve: { type: 'bool' } }, span_id: 'ask', attempt: 1, since_ms: 0 },
  });
}

async function opened(p: Play): Promise<WebviewPage> {
  const wv = await openWebview(browser);
  await wv.send({ type: 'play', play: p });
  return wv;
}

describe('durable plays in the trace panel', () => {
  it('photographs a paused and a resumed play, narrow and wide, light and dark (for people to look at)', async () => {
    mkdirSync(SHOTS, { recursive: true });
    for (const [name, shown, selected] of [['paused', pausedPlay(), 'Approve the plan?'], ['resumed', resumedPlay(), 'rpc:DeployClient.plan']] as const) {
      for (const width of [320, 1200]) {
        const wv = await opened(shown);
        await wv.page.setViewportSize({ width, height: 600 });
        await wv.act(() => wv.row(selected).click());
        for (const theme of THEMES.filter((t) => t.name !== 'high contrast')) {
          await applyTheme(wv.page, theme.classes, theme.vars);
          await wv.page.evaluate(() => document.fonts.ready);
          await wv.page.screenshot({ path: join(SHOTS, `durable-${name}-${width}-${theme.name}.png`) });
        }
        assert.equal(await wv.row(selected).count(), 1);
        await wv.page.close();
      }
    }
  });

  it('replayed spans are dashed with "↻ replayed"; live ones are not', async () => {
    const wv = await opened(resumedPlay());
    const plan = wv.row('rpc:DeployClient.plan');
    assert.equal(await plan.locator('.badge-text').textContent(), '↻ replayed');
    assert.equal(await plan.locator('.bar').evaluate((e) => getComputedStyle(e).borderTopStyle), 'dashed');
    const apply = wv.row('rpc:DeployClient.apply');
    assert.equal(await apply.locator('.badge').isVisible(), false);
    assert.notEqual(await apply.locator('.bar').evaluate((e) => getComputedStyle(e).borderTopStyle), 'dashed');
    await wv.act(() => plan.locator('.name').click());
    assert.match(await wv.page.locator('.details').innerText(), /replayed\s+↻ its recorded result was used/);
    await wv.page.close();
  });

  it('a pause span is its own kind: its icon, its prompt and its answer in the details', async () => {
    const wv = await opened(resumedPlay());
    const ask = wv.row('Approve the plan?');
    assert.match((await ask.locator('.glyph').getAttribute('class')) ?? '', /codicon-debug-pause kind-pause/);
    const glyph = await ask.locator('.glyph').evaluate((e) => getComputedStyle(e, '::before').content);
    assert.equal(glyph, '"\uead1"', 'the pause codicon is drawn');
    await wv.act(() => ask.locator('.name').click());
    const details = await wv.page.locator('.details').innerText();
    assert.match(details, /kind\s+pause/);
    assert.match(details, /Pause\s+prompt\s+Approve the plan\?\s+answer\s+\{\s+"approve": true,\s+"note": "ok"\s+\}/);
    assert.doesNotMatch(details, /waiting for an answer/);
    await wv.page.close();
  });

  it('a waiting pause says so in its row and its details; the header shows the question as text', async () => {
    const wv = await opened(pausedPlay());
    const ask = wv.row('Approve the plan?');
    assert.equal(await ask.locator('.badge-text').textContent(), 'waiting for an answer');
    await wv.act(() => ask.locator('.name').click());
    assert.match(await wv.page.locator('.details').innerText(), /prompt\s+Approve <b>the<\/b> plan\?\s+answer\s+waiting for an answer/);
    assert.match(await wv.page.locator('.details').innerText(), /status\s+waiting for an answer\n/, 'its span ended ok, but it is not done');
    assert.equal(await wv.page.locator('.header .status').first().textContent(), 'paused');
    assert.equal(await wv.page.locator('.header .pause-line').innerText(), 'waiting for an answer: Approve <b>the</b> plan?');
    assert.equal(await wv.page.locator('.header b, .details b').count(), 0, 'markup in a prompt stays text');
    // One attempt: no attempt line, no switcher.
    assert.equal(await wv.page.locator('.attempt-line').count(), 0);
    assert.deepEqual(await wv.violations(), []);
    await wv.page.close();
  });

  it('a live play that pauses shows its question from the status update alone', async () => {
    const live = pausedPlay();
    const wv = await opened({ ...live, status: 'running', end_ms: null, pending_pause: null, attempts: [] });
    assert.equal(await wv.page.locator('.pause-line').count(), 0);
    await wv.send({ type: 'playStatus', playId: live.id, status: 'paused', end_ms: live.end_ms, error: null, attempt: 1, attempts: live.attempts, pending_pause: live.pending_pause });
    assert.equal(await wv.page.locator('.header .pause-line').innerText(), 'waiting for an answer: Approve <b>the</b> plan?');
    // A bad pending pause in an update is dropped, not drawn.
    await wv.send({ type: 'playStatus', playId: live.id, status: 'paused', end_ms: live.end_ms, error: null, pending_pause: { prompt: ['x'] } as unknown as Play['pending_pause'] });
    assert.equal(await wv.page.evaluate(() => document.body.dataset.problems), '1');
    await wv.page.close();
  });

  it('the header tells the attempt and why it diverged; the switcher asks the host for another attempt', async () => {
    const wv = await opened(resumedPlay());
    const { page } = wv;
    assert.equal(await page.locator('.attempt-summary').textContent(), 'attempt 2 of 3 · 5 replayed · 3 live');
    assert.equal(await page.locator('.attempt-diverged').textContent(), 'diverged: the code took another path');
    const select = page.locator('.attempt-switcher select');
    assert.deepEqual(await select.locator('option').allTextContents(), ['1 · run · paused', '2 · resumed · ok', '3 · retried · failed (latest)']);
    assert.equal(await select.inputValue(), '2');
    await select.selectOption('1');
    await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'showAttempt'));
    assert.deepEqual((await wv.posted()).filter((m) => m.type === 'showAttempt'), [{ type: 'showAttempt', playId: 'durable-1', attempt: 1 }]);
    // The host answers with that attempt's play: the header follows.
    await wv.send({ type: 'play', play: resumedPlay({ attempt: 1, spans: [span('root', null, 'Approve deploy', [0, 30])] }) });
    assert.equal(await page.locator('.attempt-summary').textContent(), 'attempt 1 of 3 · 0 replayed · 2 live');
    assert.equal(await select.inputValue(), '1');
    assert.deepEqual(await wv.rowNames(), ['Approve deploy']);
    await page.close();
  });

  it("a later attempt's times are its own: the wait for an answer is not start-up", async () => {
    const base = resumedPlay();
    const t0 = base.start_ms;
    const wv = await opened({
      ...base,
      start_ms: t0 - 3_600_000,
      end_ms: t0 + 320,
      attempts: [attempt(1, { start_ms: t0 - 3_600_000, end_ms: t0 - 3_599_000 }), attempt(2, { status: 'ok', start_ms: t0 - 50, end_ms: t0 + 320, replayed: 1, live: 1 })],
    });
    assert.equal(await wv.page.locator('.header .time-total').textContent(), '370 ms');
    assert.equal(await wv.page.locator('.header .time-startup').textContent(), 'start-up 50 ms');
    await wv.page.close();
  });

  it("another attempt of the play opens as a new tree, not with the last attempt's expanded and selected spans", async () => {
    const first = play('durable-3', [span('a-root', null, 'Approve deploy', [0, 300]), span('a-plan', 'a-root', 'plan', [10, 20])], { status: 'paused', attempt: 1, attempts: [attempt(1)] });
    const wv = await opened(first);
    const { page } = wv;
    await wv.act(() => wv.row('plan').locator('.name').click());
    await wv.act(() => wv.row('Approve deploy').locator('.twisty').click());
    assert.deepEqual(await wv.rowNames(), ['Approve deploy']);
    await page.waitForFunction(() => JSON.stringify((window as unknown as { __state: unknown }).__state ?? {}).includes('"selected":"a-plan"'));
    const second = play('durable-3', [span('b-root', null, 'Approve deploy', [0, 300]), span('b-plan', 'b-root', 'plan', [10, 20], { replayed: true })], {
      attempt: 2,
      attempts: [attempt(1), attempt(2, { status: 'ok', replayed: 1, live: 0 })],
    });
    await wv.send({ type: 'play', play: second });
    assert.deepEqual(await wv.rowNames(), ['Approve deploy', 'plan']);
    assert.match(await page.locator('.details').innerText(), /Select a span/);
    await page.close();
  });

  it('hostile durable fields are dropped and counted; the play still shows', async () => {
    const wv = await opened(
      resumedPlay({
        attempt: -3 as number,
        attempts: [attempt(1), { attempt: 2, mode: 'eval' } as unknown as PlayAttempt],
        pending_pause: { key: 'k', prompt: 7 } as unknown as Play['pending_pause'],
        status: 'paused',
      }),
    );
    const { page } = wv;
    assert.equal(await page.locator('.attempt-line').count(), 0);
    assert.equal(await page.locator('.pause-line').count(), 0);
    assert.equal(await page.evaluate(() => document.body.dataset.problems), '3');
    assert.deepEqual(await wv.rowNames(), ['Approve deploy', 'rpc:DeployClient.plan', 'Approve the plan?', 'rpc:DeployClient.apply']);
    await page.close();
  });
});
