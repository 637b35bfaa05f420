// Filtering a 100,000-span trace in the webview (headless Chromium, the real bundle), every figure
// beside the same action without a filter: applying a filter, each keystroke that refines it,
// scrolling while filtered, and live spans arriving while a filter is on. Prints figures only.

import type { Page } from 'playwright-core';
import { buildTrace, launchBenchBrowser, openBenchPage, scrollFrames, timeToRender, typeFilter } from './lib/webviewPage';
import { fmt, median, percentile, table } from './lib/stats';

const N = Number(process.env.BENCH_WEBVIEW_FILTER_SPANS ?? 100_000);
/** Live updates: batches of new spans (half of them running) plus as many running spans ending. */
const BATCHES = 20;
const BATCH = 500;

const rowsShown = (page: Page) => page.evaluate(() => Number(document.body.dataset.rows));
const ms = (x: number, digits = 1) => `${fmt(x, digits)} ms`;
const ratio = (a: number, b: number) => `${fmt(a / b, 2)}×`;

async function typeAndTime(page: Page, text: string): Promise<number> {
  return timeToRender(page, typeFilter(text));
}

/** Median time from posting a batch of live spans to the render that shows them. */
async function liveBatches(page: Page): Promise<number> {
  const times: number[] = [];
  for (let b = 0; b < BATCHES; b++) {
    times.push(await timeToRender(page, `() => window.postMessage({ type: 'spans', playId: 'bench', spans: [...window.__addSpans(${BATCH / 2}), ...window.__finishSpans(${BATCH / 2})] }, '*')`));
  }
  return median(times);
}

async function main() {
  const browser = await launchBenchBrowser();
  const page = await openBenchPage(browser);
  try {
    const shape = await buildTrace(page, N);
    console.log(`${fmt(shape.spans)} spans, depth ${shape.maxDepth}, ${fmt(shape.rpcShare * 100, 1)} % rpc, everything expanded`);
    await timeToRender(page, `() => { window.postMessage({ type: 'play', play: window.__play }, '*'); delete window.__play; }`);
    await timeToRender(page, `() => document.querySelector('[data-action=expandAll]').click()`);
    const allRows = await rowsShown(page);

    // Unfiltered: keystrokes that leave the filter empty (spaces are trimmed), scrolling, live spans.
    const idleKeys: number[] = [];
    for (let i = 1; i <= 7; i++) idleKeys.push(await typeAndTime(page, ' '.repeat(i)));
    const scrollAll = await scrollFrames(page);
    const liveAll = await liveBatches(page);
    const clear = await typeAndTime(page, ''); // no-op filter change: the cost of a render with nothing to redo

    // A narrow filter typed a key at a time: the first key scans every span, each further key
    // narrows the previous matches.
    const word = 'call_42';
    const keys: number[] = [];
    for (let i = 1; i <= word.length; i++) keys.push(await typeAndTime(page, word.slice(0, i)));
    const narrowRows = await rowsShown(page);
    const liveNarrow = await liveBatches(page);
    const widen = await typeAndTime(page, ''); // back to every row
    // Pasted at once (one input event), a filter that keeps most rows, and errors only.
    const pasteNarrow = await typeAndTime(page, word);
    await typeAndTime(page, '');
    const pasteWide = await typeAndTime(page, 'step');
    const wideRows = await rowsShown(page);
    const scrollWide = await scrollFrames(page);
    const liveWide = await liveBatches(page);
    await typeAndTime(page, '');
    const errors = await timeToRender(page, `() => document.querySelector('[data-action=errorsOnly]').click()`);
    const errorRows = await rowsShown(page);
    const liveErrors = await liveBatches(page);

    console.log(`each keystroke typing "${word}": ${keys.map((k, i) => `${word.slice(0, i + 1)} ${fmt(k, 1)} ms`).join(', ')}`);
    console.log(`rows: ${fmt(allRows)} unfiltered; "${word}" ${fmt(narrowRows)}; "step" ${fmt(wideRows)}; errors only ${fmt(errorRows)}`);
    const idle = median(idleKeys);
    const refine = median(keys.slice(1));
    console.log(table([
      ['measure', 'unfiltered', 'filtered', 'filtered / unfiltered'],
      ['apply: filter typed first key "c" → rows', ms(idle), ms(keys[0]!), ratio(keys[0]!, idle)],
      [`apply: "${word}" pasted → rows`, ms(idle), ms(pasteNarrow), ratio(pasteNarrow, idle)],
      [`apply: "step" pasted → rows (${fmt(wideRows)})`, ms(idle), ms(pasteWide), ratio(pasteWide, idle)],
      ['apply: errors only → rows', ms(idle), ms(errors), ratio(errors, idle)],
      ['clear the filter → every row', ms(clear), ms(widen), ratio(widen, clear)],
      [`keystroke refining "c" → "${word}", median`, ms(idle), ms(refine), ratio(refine, idle)],
      [`keystroke refining, slowest`, ms(Math.max(...idleKeys)), ms(Math.max(...keys.slice(1))), ratio(Math.max(...keys.slice(1)), Math.max(...idleKeys))],
      ['scroll frame p50 ("step": most rows kept)', ms(median(scrollAll.frames)), ms(median(scrollWide.frames)), ratio(median(scrollWide.frames), median(scrollAll.frames))],
      ['scroll frame p95 ("step")', ms(percentile(scrollAll.frames, 95)), ms(percentile(scrollWide.frames, 95)), ratio(percentile(scrollWide.frames, 95), percentile(scrollAll.frames, 95))],
      [`live batch of ${BATCH} → render, "${word}"`, ms(liveAll), ms(liveNarrow), ratio(liveNarrow, liveAll)],
      [`live batch of ${BATCH} → render, "step"`, ms(liveAll), ms(liveWide), ratio(liveWide, liveAll)],
      [`live batch of ${BATCH} → render, errors only`, ms(liveAll), ms(liveErrors), ratio(liveErrors, liveAll)],
    ]));
    console.log('"unfiltered" for a keystroke is one that leaves the filter empty: the cost of the input event and a render.');
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
