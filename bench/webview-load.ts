// Loading a 1,000,000-span play into the webview (headless Chromium, the real bundle): one `play`
// message against the chunks of client/src/trace/traceInitialMessages.ts at several chunk sizes. For
// each, the time from the first post to the first rendered rows, to the render that ends the load,
// and the panel's memory then: the page's JS heap after a full GC, less the empty panel's (CDP's
// Runtime.getHeapUsage), over the spans. The current bundle (dist/) runs beside the bundle of
// BENCH_WEBVIEW_BASE (a git ref, default the commit before issue 15), interleaved. The host's messages are made by the real initialMessages (bundled into the page) and
// posted one per task, as separate IPC deliveries arrive; the sender shares the page's thread, so
// both forms pay serialisation and deserialisation there. Frames come at the display rate, as in
// VS Code (BENCH_WEBVIEW_LOAD_UNPACED=1 unthrottles them). Prints figures only.

import { buildSync } from 'esbuild';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { buildTrace, launchBenchBrowser, openBenchPage } from './lib/webviewPage';
import { buildWebviewAt } from './lib/webviewBundle';
import { fmt, median, table } from './lib/stats';
import { SPANS_PER_CHUNK } from '../client/src/trace/traceInitialMessages';

const N = Number(process.env.BENCH_WEBVIEW_LOAD_SPANS ?? 1_000_000);
const CHUNKS = (process.env.BENCH_WEBVIEW_CHUNKS ?? String(SPANS_PER_CHUNK)).split(',').map(Number);
const ROUNDS = Number(process.env.BENCH_WEBVIEW_LOAD_ROUNDS ?? 3);
const BASE_REF = process.env.BENCH_WEBVIEW_BASE ?? '8c7de32';

/** initialMessages as an in-page global (`__initial.initialMessages`). */
const INITIAL_MESSAGES = buildSync({
  entryPoints: [join(__dirname, '..', 'client', 'src', 'trace', 'traceInitialMessages.ts')],
  bundle: true,
  format: 'iife',
  globalName: '__initial',
  platform: 'browser',
  write: false,
}).outputFiles[0]!.text;

/**
 * In-page: posts `window.__messages` one per task (a MessageChannel hop, no timer clamping) and
 * resolves with the times to the first render that shows rows and to the render that ends the load.
 */
const LOAD = `() => new Promise((resolve) => {
  const messages = window.__messages;
  delete window.__messages;
  const data = document.body.dataset;
  const start = performance.now();
  const base = Number(data.messages ?? '0');
  let first = null;
  const observer = new MutationObserver(() => {
    if (first === null && Number(data.rows ?? '0') > 0) first = performance.now() - start;
    if (Number(data.messages ?? '0') >= base + messages.length && data.loading === undefined) {
      observer.disconnect();
      resolve({ first, total: performance.now() - start });
    }
  });
  observer.observe(document.body, { attributes: true, attributeFilter: ['data-renders'] });
  const channel = new MessageChannel();
  let next = 0;
  // Each message is let go once posted, and the channel closed after the last: the heap measured
  // after the load must hold the panel's copy only, not the sender's.
  channel.port1.onmessage = () => {
    const message = messages[next];
    messages[next++] = null;
    window.postMessage(message, '*');
    if (next < messages.length) channel.port2.postMessage(0);
    else { channel.port1.onmessage = null; channel.port1.close(); channel.port2.close(); }
  };
  channel.port2.postMessage(0);
})`;

interface Load {
  first: number;
  total: number;
  /** The JS heap the loaded panel holds beyond the empty panel's, after a full GC (bytes). */
  heap: number;
}

/** The page's JS heap in use after a full garbage collection (bytes). */
async function heapAfterGc(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  } finally {
    await cdp.detach();
  }
}

const PACED = process.env.BENCH_WEBVIEW_LOAD_UNPACED === undefined;

async function load(chunk: number | null, dist: string | undefined): Promise<Load> {
  const browser = await launchBenchBrowser({ paced: PACED });
  try {
    const page = await openBenchPage(browser, dist);
    const empty = await heapAfterGc(page);
    await buildTrace(page, N);
    await page.evaluate(`window.__initial = (() => { ${INITIAL_MESSAGES}; return __initial; })()`);
    await page.evaluate(chunk === null
      ? `window.__messages = [{ type: 'play', play: window.__play }]; delete window.__play;`
      : `window.__messages = __initial.initialMessages(window.__play, window.__play.spans, ${chunk}); delete window.__play;`);
    const times = (await page.evaluate(`(${LOAD})()`)) as Omit<Load, 'heap'>;
    await page.evaluate('delete window.__initial; delete window.__running; delete window.__addSpans; delete window.__finishSpans');
    return { ...times, heap: (await heapAfterGc(page)) - empty };
  } finally {
    await browser.close();
  }
}

async function main() {
  console.log(`load average (1 min) at start: ${loadavg()[0]!.toFixed(2)}`);
  console.log(`${fmt(N)} spans (the shape of bench/webview.ts), median of ${ROUNDS} interleaved round(s), a fresh browser each`);
  const base = buildWebviewAt(BASE_REF);
  const bundles: [string, string | undefined][] = [[`before (${BASE_REF})`, base], ['now (dist/)', undefined]];
  const configs: (number | null)[] = [...(process.env.BENCH_WEBVIEW_ONE_MESSAGE ? [null] : []), ...CHUNKS];
  const loads = new Map<string, Load[]>();
  const key = (bundle: string, chunk: number | null) => `${bundle} ${chunk}`;
  for (let r = 0; r < ROUNDS; r++) {
    for (const chunk of configs) {
      for (const [name, dist] of bundles) {
        const list = loads.get(key(name, chunk)) ?? [];
        list.push(await load(chunk, dist));
        loads.set(key(name, chunk), list);
      }
    }
  }
  const rows: (string | number)[][] = [['messages', 'bundle', 'first rows', 'total load', 'panel heap after GC', 'per span', 'heap / before', 'first rows / before']];
  for (const chunk of configs) {
    const summary = (name: string) => {
      const runs = loads.get(key(name, chunk))!;
      return { first: median(runs.map((l) => l.first)), total: median(runs.map((l) => l.total)), heap: median(runs.map((l) => l.heap)) };
    };
    const before = summary(bundles[0]![0]);
    for (const [name] of bundles) {
      const s = summary(name);
      const label = chunk === null ? 'one `play` message' : `chunks of ${fmt(chunk)}${chunk === SPANS_PER_CHUNK ? ' (SPANS_PER_CHUNK)' : ''}`;
      rows.push([label, name, `${fmt(s.first)} ms`, `${fmt(s.total)} ms`, `${fmt(s.heap / 1e6)} MB`, `${fmt(s.heap / N)} B`, `${fmt(s.heap / before.heap, 2)}×`, `${fmt(s.first / before.first, 2)}×`]);
    }
  }
  console.log(table(rows));
  console.log('targets at 1,000,000 spans: first rows ≤ 300 ms, the panel\'s memory ≤ 150 MB');
  console.log(`load average (1 min) at end: ${loadavg()[0]!.toFixed(2)}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
