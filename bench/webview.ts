// The trace webview at 100,000 spans, in headless Chromium: time from the `play` message to the
// first rendered rows, time to Expand all, and frame times while scrolling top to bottom with
// everything expanded. Then a 1,000,000-span trace in one message, to report what happens (the
// chunked load is bench/webview-load.ts; filtering is bench/webview-filter.ts). Prints figures only.

import { buildTrace, launchBenchBrowser, openBenchPage, scrollFrames, timeToRender } from './lib/webviewPage';
import { fmt, median, percentile, table } from './lib/stats';

const SIZES = (process.env.BENCH_WEBVIEW_SIZES ?? '100000,1000000').split(',').map(Number);

async function main() {
  const browser = await launchBenchBrowser();
  const rows: (string | number)[][] = [['spans', 'first rows', '(clone)', 'Expand all', 'scroll p50', 'scroll p95', 'frames', 'rows in DOM']];
  try {
    for (const n of SIZES) {
      const page = await openBenchPage(browser);
      let crashed = false;
      page.on('crash', () => (crashed = true));
      try {
        const shape = await buildTrace(page, n);
        console.log(`${fmt(shape.spans)} spans, depth ${shape.maxDepth}, ${fmt(shape.rpcShare * 100, 1)} % rpc`);
        // The structured clone alone (what postMessage costs before the webview sees anything).
        const clone = (await page.evaluate('(() => { const t0 = performance.now(); structuredClone(window.__play); return performance.now() - t0; })()')) as number;
        // Timed from posting the message (its structured clone included) to the first rendered rows.
        const first = await timeToRender(page, `() => window.postMessage({ type: 'play', play: window.__play }, '*')`);
        await page.evaluate('delete window.__play');
        const expand = await timeToRender(page, `() => document.querySelector('[data-action=expandAll]').click()`);
        const scroll = await scrollFrames(page);
        rows.push([fmt(n), `${fmt(first)} ms`, `${fmt(clone)} ms`, `${fmt(expand)} ms`, `${fmt(median(scroll.frames), 1)} ms`, `${fmt(percentile(scroll.frames, 95), 1)} ms`, scroll.frames.length, scroll.rowsInDom]);
      } catch (error) {
        rows.push([fmt(n), crashed ? 'page crashed' : `error: ${String(error).split('\n')[0]}`, '', '', '', '', '', '']);
      } finally {
        await page.close().catch(() => undefined);
      }
    }
  } finally {
    await browser.close();
  }
  console.log(table(rows));
  console.log('targets at 100,000 spans: first rows ≤ 500 ms, Expand all ≤ 500 ms, scroll p95 ≤ 16 ms');
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
