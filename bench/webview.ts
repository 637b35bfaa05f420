// The trace webview at 100,000 spans, in headless Chromium: time from the `play` message to the
// first rendered rows, time to Expand all, and frame times while scrolling top to bottom with
// everything expanded, recorded with Chromium tracing on (DevTools' performance timeline: what the
// scroll target is measured with), and where each frame's main-thread time goes by phase.
// The current bundle (dist/) runs beside the bundle of BENCH_WEBVIEW_BASE (a git ref, default the
// commit before issue 15's scroll work), interleaved round by round, a fresh browser each; medians.
// BENCH_WEBVIEW_SIZES=…,1000000 adds a 1,000,000-span trace in one message (current bundle only),
// to report what happens (the chunked load is bench/webview-load.ts; filtering
// bench/webview-filter.ts). Prints figures and ratios only.

import { loadavg } from 'node:os';
import type { Browser } from 'playwright-core';
import { buildTrace, launchBenchBrowser, openBenchPage, scrollFramesTraced, timeToRender, type FramePhases } from './lib/webviewPage';
import { buildWebviewAt } from './lib/webviewBundle';
import { fmt, median, percentile, table } from './lib/stats';

const SIZES = (process.env.BENCH_WEBVIEW_SIZES ?? '100000').split(',').map(Number);
const ROUNDS = Number(process.env.BENCH_WEBVIEW_ROUNDS ?? 3);
const BASE_REF = process.env.BENCH_WEBVIEW_BASE ?? '8c7de32';

interface Run {
  first: number;
  expand: number;
  p50: number;
  p95: number;
  frames: number;
  rowsInDom: number;
  phases: FramePhases;
}

async function run(browser: Browser, n: number, dist: string | undefined): Promise<Run | string> {
  const page = await openBenchPage(browser, dist);
  let crashed = false;
  page.on('crash', () => (crashed = true));
  try {
    await buildTrace(page, n);
    // Timed from posting the message (its structured clone included) to the first rendered rows.
    const first = await timeToRender(page, `() => window.postMessage({ type: 'play', play: window.__play }, '*')`);
    await page.evaluate('delete window.__play');
    const expand = await timeToRender(page, `() => document.querySelector('[data-action=expandAll]').click()`);
    const scroll = await scrollFramesTraced(browser, page);
    return { first, expand, p50: median(scroll.frames), p95: percentile(scroll.frames, 95), frames: scroll.frames.length, rowsInDom: scroll.rowsInDom, phases: scroll.phases };
  } catch (error) {
    return crashed ? 'page crashed' : `error: ${String(error).split('\n')[0]}`;
  } finally {
    await page.close().catch(() => undefined);
  }
}

async function fresh(n: number, dist: string | undefined): Promise<Run | string> {
  const browser = await launchBenchBrowser();
  try {
    return await run(browser, n, dist);
  } finally {
    await browser.close();
  }
}

function summary(runs: Run[]): Run {
  const m = (f: (r: Run) => number) => median(runs.map(f));
  return {
    first: m((r) => r.first), expand: m((r) => r.expand), p50: m((r) => r.p50), p95: m((r) => r.p95), frames: m((r) => r.frames), rowsInDom: m((r) => r.rowsInDom),
    phases: { script: m((r) => r.phases.script), style: m((r) => r.phases.style), layout: m((r) => r.phases.layout), prePaint: m((r) => r.phases.prePaint), paint: m((r) => r.phases.paint) },
  };
}

async function main() {
  console.log(`load average (1 min) at start: ${loadavg()[0]!.toFixed(2)}`);
  const base = buildWebviewAt(BASE_REF);
  const bundles: [string, string | undefined][] = [[`before (${BASE_REF})`, base], ['now (dist/)', undefined]];
  const rows: (string | number)[][] = [['spans', 'bundle', 'first rows', 'Expand all', 'scroll p50', 'scroll p95', 'p95 / before', 'script', 'style', 'layout', 'pre-paint', 'paint', 'frames', 'rows in DOM']];
  for (const n of SIZES) {
    const compare = n <= 100_000;
    const chosen = compare ? bundles : bundles.slice(1);
    const runs = new Map<string, Run[]>(chosen.map(([name]) => [name, []]));
    const failures: string[] = [];
    for (let r = 0; r < (compare ? ROUNDS : 1); r++) {
      for (const [name, dist] of chosen) {
        const result = await fresh(n, dist);
        if (typeof result === 'string') failures.push(`${name}: ${result}`);
        else runs.get(name)!.push(result);
      }
    }
    const before = runs.get(bundles[0]![0]);
    const beforeP95 = before && before.length > 0 ? summary(before).p95 : NaN;
    for (const [name, list] of runs) {
      if (list.length === 0) continue;
      const s = summary(list);
      const ph = s.phases;
      rows.push([fmt(n), name, `${fmt(s.first)} ms`, `${fmt(s.expand)} ms`, `${fmt(s.p50, 1)} ms`, `${fmt(s.p95, 1)} ms`, Number.isNaN(beforeP95) ? '' : `${fmt(s.p95 / beforeP95, 2)}×`,
        fmt(ph.script, 1), fmt(ph.style, 1), fmt(ph.layout, 1), fmt(ph.prePaint, 1), fmt(ph.paint, 1), s.frames, s.rowsInDom]);
    }
    for (const failure of failures) rows.push([fmt(n), failure, '', '', '', '', '', '', '', '', '', '', '', '']);
  }
  console.log(table(rows));
  console.log(`medians of ${ROUNDS} interleaved rounds, a fresh browser each; scroll recorded with Chromium tracing on; phases: main-thread ms per frame`);
  console.log('targets at 100,000 spans: first rows ≤ 500 ms, Expand all ≤ 500 ms, scroll p95 ≤ 12 ms with tracing on');
  console.log(`load average (1 min) at end: ${loadavg()[0]!.toFixed(2)}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
