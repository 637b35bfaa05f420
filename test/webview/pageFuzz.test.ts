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
    await fc.assert(
      fc.asyncProperty(fc.array(anyMessage, { maxLength: 8 }), async (messages) => {
        // A fresh play id each run: the panel restores no tree state saved for an earlier one.
        const final = { type: 'play' as const, play: samplePlay(`final-${run++}`) };
        const before = await wv.page.evaluate((json: string) => {
          const applied = Number(document.body.dataset.messages ?? '0');
          for (const m of JSON.parse(json) as unknown[]) window.postMessage(m, '*');
          return applied;
        }, JSON.stringify([...messages, final]));
        // Every message is counted once it is applied or dropped; the last one is the sound play.
        await wv.page.waitForFunction((n) => Number(document.body.dataset.messages ?? '0') >= n, before + messages.length + 1);
        assert.equal((await wv.rowNames()).length, 10);
        assert.equal(await wv.page.evaluate(() => document.body.dataset.rows), '10');
        assert.deepEqual(errors, []);
      }),
      { seed: 1013, numRuns: 60 },
    );
    assert.deepEqual(await wv.page.evaluate(() => Object.keys(Object.prototype)), []);
    await wv.page.close();
  });
});
