// Loading a 1,000,000-span play into the webview (headless Chromium, the real bundle): one `play`
// message against the chunks of client/src/trace/traceInitialMessages.ts at several chunk sizes. For
// each, the time from the first post to the first rendered rows, and to the render that ends the
// load. The host's messages are made by the real initialMessages (bundled into the page) and
// posted one per task, as separate IPC deliveries arrive; the sender shares the page's thread, so
// both forms pay serialisation and deserialisation there. Frames come at the display rate, as in
// VS Code (BENCH_WEBVIEW_LOAD_UNPACED=1 unthrottles them). Prints figures only.

import { buildSync } from 'esbuild';
import { join } from 'node:path';
import { buildTrace, launchBenchBrowser, openBenchPage } from './lib/webviewPage';
import { fmt, median, table } from './lib/stats';
import { SPANS_PER_CHUNK } from '../client/src/trace/traceInitialMessages';

const N = Number(process.env.BENCH_WEBVIEW_LOAD_SPANS ?? 1_000_000);
const CHUNKS = (process.env.BENCH_WEBVIEW_CHUNKS ?? '2000,5000,10000,20000,50000,100000').split(',').map(Number);
const ROUNDS = Number(process.env.BENCH_WEBVIEW_LOAD_ROUNDS ?? 3);

/** initialMessages as an in-page global (`__initial.initialMessages`). */
const INITIAL_MESSAGES = buildSync({
  entryPoints: [join(__dirname, '..', 'client', 'src', 'traceInitialMessages.ts')],
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
  channel.port1.onmessage = () => {
    window.postMessage(messages[next++], '*');
    if (next < messages.length) channel.port2.postMessage(0);
  };
  channel.port2.postMessage(0);
})`;

interface Load {
  first: number;
  total: number;
}

const PACED = process.env.BENCH_WEBVIEW_LOAD_UNPACED === undefined;

async function load(chunk: number | null): Promise<Load> {
  const browser = await launchBenchBrowser({ paced: PACED });
  try {
    const page = await openBenchPage(browser);
    await buildTrace(page, N);
    await page.evaluate(`window.__initial = (() => { ${INITIAL_MESSAGES}; return __initial; })()`);
    await page.evaluate(chunk === null
      ? `window.__messages = [{ type: 'play', play: window.__play }]; delete window.__play;`
      : `window.__messages = __initial.initialMessages(window.__play, window.__play.spans, ${chunk}); delete window.__play;`);
    return (await page.evaluate(`(${LOAD})()`)) as Load;
  } finally {
    await browser.close();
  }
}

async function main() {
  console.log(`${fmt(N)} spans (the shape of bench/webview.ts), median of ${ROUNDS} interleaved round(s), a fresh browser each`);
  const configs: (number | null)[] = [null, ...CHUNKS];
  const loads = new Map<number | null, Load[]>(configs.map((c) => [c, []]));
  for (let r = 0; r < ROUNDS; r++) for (const chunk of configs) loads.get(chunk)!.push(await load(chunk));
  const summary = (chunk: number | null) => {
    const runs = loads.get(chunk)!;
    return { first: median(runs.map((l) => l.first)), total: median(runs.map((l) => l.total)) };
  };
  const single = summary(null);
  const rows: (string | number)[][] = [['messages', 'first rows', 'total load', 'first rows vs one message', 'total vs one message']];
  rows.push(['one `play` message', `${fmt(single.first)} ms`, `${fmt(single.total)} ms`, '1×', '1×']);
  for (const chunk of CHUNKS) {
    const chunked = summary(chunk);
    const label = `chunks of ${fmt(chunk)}${chunk === SPANS_PER_CHUNK ? ' (SPANS_PER_CHUNK)' : ''}`;
    rows.push([label, `${fmt(chunked.first)} ms`, `${fmt(chunked.total)} ms`, `${fmt(chunked.first / single.first, 3)}×`, `${fmt(chunked.total / single.total, 2)}×`]);
  }
  console.log(table(rows));
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
