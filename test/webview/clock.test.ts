// The running play's clock in the real bundle: with no message arriving, a running span's bar
// grows and the time axis extends (a finished span's bar takes a smaller share of it) frame by
// frame; the clock stops when the play ends and while the panel is hidden, and resumes when it is
// shown. Real animation frames are waited for; no assertion depends on how long anything took.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launch, openWebview, play, span, type WebviewPage } from './harness';

let browser: Browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Resolves after `n` animation frames of the page (in-page code as a string: tsx's helpers are not there). */
async function frames(page: Page, n: number): Promise<void> {
  await page.evaluate(`new Promise((resolve) => {
    let left = ${n};
    const tick = () => (--left <= 0 ? resolve() : requestAnimationFrame(tick));
    requestAnimationFrame(tick);
  })`);
}

const renders = (wv: WebviewPage) => wv.renders();
const messages = (page: Page) => page.evaluate(() => document.body.dataset.messages);

interface Snapshot {
  running: number;
  finished: number;
  runningLeft: number;
  duration: string;
  elapsed: string;
  now: number;
}

async function snapshot(wv: WebviewPage): Promise<Snapshot> {
  const width = (name: string, property: 'width' | 'left') =>
    wv.row(name).locator('.bar').evaluate((b, p) => parseFloat((b as HTMLElement).style[p as 'width' | 'left']), property);
  return {
    running: await width('running step', 'width'),
    finished: await width('finished step', 'width'),
    runningLeft: await width('running step', 'left'),
    duration: (await wv.row('running step').locator('.duration').textContent()) ?? '',
    elapsed: (await wv.page.locator('.header .elapsed').textContent()) ?? '',
    now: await wv.page.evaluate(() => Date.now()),
  };
}

/** A running play started a second ago (in the page's clock): one finished step, one still running. */
async function openRunning(): Promise<WebviewPage> {
  const wv = await openWebview(browser);
  const now = await wv.page.evaluate(() => Date.now());
  const T0 = 1_776_760_000_000; // the harness's origin for span times
  const at = (ms: number) => ms - T0;
  await wv.send({
    type: 'play',
    play: play('live', [
      span('root', null, 'Live flow', [at(now - 1000), null]),
      span('done', 'root', 'finished step', [at(now - 900), at(now - 800)]),
      span('run', 'root', 'running step', [at(now - 500), null]),
    ], { status: 'running', start_ms: now - 1000, end_ms: null }),
  });
  return wv;
}

describe('the clock of a running play', () => {
  it('grows running bars and extends the axis every frame while nothing arrives', async () => {
    const wv = await openRunning();
    const { page } = wv;
    const before = await snapshot(wv);
    const sent = await messages(page);
    const rendered = await renders(wv);
    // Wait until the page's clock has moved on and frames have been drawn since.
    await page.waitForFunction((t) => Date.now() > t + 100, before.now);
    await page.waitForFunction((n) => Number(document.body.dataset.renders) > n + 2, rendered);
    const later = await snapshot(wv);
    assert.equal(await messages(page), sent, 'no message arrived in between');
    assert.ok(later.running > before.running, `running bar ${before.running}% → ${later.running}%`);
    assert.ok(later.finished < before.finished, `finished bar ${before.finished}% → ${later.finished}% (the axis extended)`);
    assert.ok(later.runningLeft < before.runningLeft, 'a running span starts further left on a longer axis');
    assert.notEqual(later.duration, before.duration);
    assert.match(later.duration, /…$/);
    assert.notEqual(later.elapsed, before.elapsed);
    await page.close();
  });

  it('stops when the play ends, and keeps the header text selectable while it runs', async () => {
    const wv = await openRunning();
    const { page } = wv;
    const elapsedNode = await page.locator('.header .elapsed').elementHandle();
    await frames(page, 5);
    // The clock redraws the elapsed time in place: the header is not rebuilt every frame.
    assert.equal(await elapsedNode!.evaluate((e) => e.isConnected), true);
    const now = await page.evaluate(() => Date.now());
    const T0 = 1_776_760_000_000;
    await wv.send(
      { type: 'spans', playId: 'live', spans: [
        span('run', 'root', 'running step', [now - 500 - T0, now - T0]),
        span('root', null, 'Live flow', [now - 1000 - T0, now - T0]),
      ] },
      { type: 'playStatus', playId: 'live', status: 'ok', end_ms: now, error: null },
    );
    await frames(page, 2);
    const stopped = await renders(wv);
    await frames(page, 10);
    assert.equal(await renders(wv), stopped, 'no render without a message once the play ended');
    assert.match((await wv.row('running step').getAttribute('class')) ?? '', /status-ok/);
    await page.close();
  });

  it('pauses while the panel is hidden and resumes when it is shown', async () => {
    const wv = await openRunning();
    const { page } = wv;
    // What the browser does when VS Code hides the webview's frame.
    const setVisibility = (state: 'hidden' | 'visible') => page.evaluate(`(() => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get() { return '${state}'; } });
      document.dispatchEvent(new Event('visibilitychange'));
    })()`);
    await setVisibility('hidden');
    await frames(page, 2);
    const paused = await renders(wv);
    await frames(page, 10);
    assert.equal(await renders(wv), paused, 'no clock renders while hidden');
    await setVisibility('visible');
    await page.waitForFunction((n) => Number(document.body.dataset.renders) > n + 2, paused);
    await page.close();
  });
});
