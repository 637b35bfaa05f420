// The trace webview at 100,000 spans, in headless Chromium: time from the `play` message to the
// first rendered rows, time to Expand all, and frame times while scrolling top to bottom with
// everything expanded. Then a 1,000,000-span trace, to report what happens. Prints figures only.
// Frame pacing is unthrottled (--disable-frame-rate-limit), so a frame's time is its real cost.

import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../test/helpers/chromium';
import { PANEL_URL, serveWebview } from '../test/webview/harness';
import { fmt, median, percentile, table } from './lib/stats';

const SIZES = (process.env.BENCH_WEBVIEW_SIZES ?? '100000,1000000').split(',').map(Number);

/**
 * In-page code (a string: tsx's helpers do not exist in the page) that builds a realistic trace
 * of `n` spans: fan-outs under steps, depth up to 8, 10 % rpc leaves, 1 % failed.
 */
const BUILD = `(n) => {
  let seed = 42;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const t0 = 1776760000000;
  const spans = [];
  const base = { tags: { attempt: 1 }, logs: [], error: null, source_file: 'flows/big.py', replayed: false };
  spans.push({ ...base, span_id: 'root', parent_id: null, name: 'big flow', kind: 'flow_root', status: 'ok', start_ms: t0, end_ms: t0 + n + 10, source_line: 1, depth: 0 });
  // last[d]: the newest step at depth d. A new span goes under one of them (fan-outs under
  // recent steps), never deeper than 8; 10 % are rpc leaves.
  const last = [spans[0]];
  for (let i = 1; i < n; i++) {
    const d = Math.min(last.length - 1 - Math.floor(rand() * rand() * last.length), 7);
    const parent = last[d];
    const rpc = rand() < 0.1;
    const failed = rand() < 0.01;
    const start = t0 + i;
    const s = { ...base, span_id: 's' + i, parent_id: parent.span_id, name: (rpc ? 'rpc:Client.call_' : 'step ') + i,
      kind: rpc ? 'rpc' : 'step', status: failed ? 'failed' : 'ok', start_ms: start, end_ms: start + 1 + Math.floor(rand() * 50),
      error: failed ? 'Traceback (most recent call last):\\nValueError: ' + i : null, source_line: 1 + (i % 400), depth: d + 1 };
    spans.push(s);
    if (!rpc) { last[d + 1] = s; last.length = d + 2; }
  }
  let maxDepth = 0;
  for (const s of spans) { if (s.depth > maxDepth) maxDepth = s.depth; delete s.depth; }
  const rpcs = spans.filter((s) => s.kind === 'rpc').length;
  window.__play = { id: 'bench', flow_name: 'big flow', source_file: 'flows/big.py', status: 'ok', start_ms: t0, end_ms: t0 + n + 10,
    inputs: {}, output: null, error: null, exit_code: 0, exit_signal: null, stdout: '', stderr: '', spans,
    stats: { lines: 0, events: 0, invalid_json: 0, missing_fields: 0, oversized_lines: 0, unknown_types: 0, unknown_statuses: 0, spans_without_start: 0 },
    workspace: null };
  return { spans: spans.length, maxDepth, rpcShare: rpcs / spans.length };
}`;

/** Resolves with the time from `act` to the next render the webview reports (data-renders). */
const TIME_TO_RENDER = `(act) => new Promise((resolve) => {
  const before = document.body.dataset.renders;
  const t0 = performance.now();
  const observer = new MutationObserver(() => {
    if (document.body.dataset.renders !== before) { observer.disconnect(); resolve(performance.now() - t0); }
  });
  observer.observe(document.body, { attributes: true, attributeFilter: ['data-renders'] });
  act();
})`;

const SCROLL = `() => new Promise((resolve) => {
  const tree = document.querySelector('.tree');
  tree.scrollTop = 0;
  const step = tree.clientHeight * 4;
  const frames = [];
  let last = performance.now();
  const tick = () => {
    const now = performance.now();
    frames.push(now - last);
    last = now;
    if (tree.scrollTop + tree.clientHeight >= tree.scrollHeight - 1) { resolve({ frames: frames.slice(1), rowsInDom: document.querySelectorAll('.row').length }); return; }
    tree.scrollTop += step;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})`;

async function openPage(page: Page): Promise<void> {
  await serveWebview(page);
  await page.addInitScript(`window.acquireVsCodeApi = () => ({ postMessage() {}, getState() { return undefined; }, setState() {} });`);
  await page.goto(PANEL_URL);
  await page.waitForSelector('.tree');
}

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.HERO_EDITOR_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [...CHROMIUM_ARGS, '--disable-frame-rate-limit', '--disable-gpu-vsync', '--js-flags=--max-old-space-size=4096'],
  });
  const rows: (string | number)[][] = [['spans', 'first rows', '(clone)', 'Expand all', 'scroll p50', 'scroll p95', 'frames', 'rows in DOM']];
  try {
    for (const n of SIZES) {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      let crashed = false;
      page.on('crash', () => (crashed = true));
      try {
        await openPage(page);
        page.setDefaultTimeout(300_000);
        const shape = (await page.evaluate(`(${BUILD})(${n})`)) as { spans: number; maxDepth: number; rpcShare: number };
        console.log(`${fmt(shape.spans)} spans, depth ${shape.maxDepth}, ${fmt(shape.rpcShare * 100, 1)} % rpc`);
        // The structured clone alone (what postMessage costs before the webview sees anything).
        const clone = (await page.evaluate('(() => { const t0 = performance.now(); structuredClone(window.__play); return performance.now() - t0; })()')) as number;
        // Timed from posting the message (its structured clone included) to the first rendered rows.
        const first = (await page.evaluate(`(${TIME_TO_RENDER})(() => window.postMessage({ type: 'play', play: window.__play }, '*'))`)) as number;
        await page.evaluate('delete window.__play');
        const expand = (await page.evaluate(`(${TIME_TO_RENDER})(() => document.querySelector('[data-action=expandAll]').click())`)) as number;
        const scroll = (await page.evaluate(`(${SCROLL})()`)) as { frames: number[]; rowsInDom: number };
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
