// Browser fuzz of the trace webview (issue 10, class 13): random, mutated and garbage message
// sequences posted to the real bundle in headless Chromium, each followed by a sound play. After
// every sequence that play's rows are drawn, and no uncaught error has happened in the page.
// Fixed seed and a bounded number of runs; a failure prints the seed and the shrunk sequence.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { Browser } from 'playwright-core';
import { launch, openWebview, samplePlay } from './harness';
import { anyMessage } from './messageArbitraries';

let browser: Browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

describe('trace webview fuzz (in the page)', () => {
  it('after any message sequence, a sound play renders its rows and the page threw nothing', async () => {
    const wv = await openWebview(browser);
    const errors: string[] = [];
    wv.page.on('pageerror', (e) => errors.push(String(e)));
    let run = 0;
    let failed = false;
    await fc.assert(
      fc.asyncProperty(fc.array(anyMessage, { maxLength: 8 }), async (messages) => {
        // A fresh page after a failed run, so shrinking replays each candidate on a clean panel.
        if (errors.length > 0 || failed) {
          errors.length = 0;
          await wv.page.reload();
          await wv.page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
        }
        failed = true;
        // A fresh play id each run: the panel restores no tree state saved for an earlier one.
        const final = { type: 'play' as const, play: samplePlay(`final-${run++}`) };
        await wv.page.evaluate((json: string) => {
          for (const m of JSON.parse(json) as unknown[]) window.postMessage(m, '*');
        }, JSON.stringify([...messages, final]));
        // The header names the play it shows: the sound play has been drawn.
        await wv.page.waitForFunction((id) => document.querySelector('.header .facts-line')?.textContent?.includes(`play ${id}`), final.play.id);
        assert.equal((await wv.rowNames()).length, 10);
        assert.equal(await wv.page.evaluate(() => document.body.dataset.rows), '10');
        assert.deepEqual(errors, []);
        failed = false;
      }),
      { seed: 1013, numRuns: 120 },
    );
    assert.deepEqual(await wv.page.evaluate(() => Object.keys(Object.prototype)), []);
    await wv.page.close();
  });
});
