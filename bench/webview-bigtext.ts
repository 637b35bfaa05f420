// The trace webview under big text (issue 10, class 11), in headless Chromium: the time from a
// click on a span holding big text to its details being drawn and laid out, and how many characters
// that put in the details pane. Long text is drawn cut (webview/src/longText.ts), so both should stay
// flat however big the text is. Prints figures only.

import { launchBenchBrowser, openBenchPage } from './lib/webviewPage';
import { fmt, median, table } from './lib/stats';

const T0 = 1_776_760_000_000;
const ROUNDS = Number(process.env.BENCH_WEBVIEW_BIGTEXT_ROUNDS ?? 3);

/** In-page: a play whose span `big` holds the text the case describes (random base64: no spaces, little repetition). */
function postPlay(kind: string, n: number): string {
  return `(() => {
    const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const text = (length) => { let s = ''; while (s.length < length) s += chars[Math.floor(Math.random() * 64)] + Math.random().toString(36).slice(2); return s.slice(0, length); };
    const span = (id, parent, name, more) => ({ span_id: id, parent_id: parent, name, kind: 'step', status: 'ok', start_ms: ${T0}, end_ms: ${T0} + 10,
      tags: {}, logs: [], error: null, source_file: null, source_line: null, replayed: false, ...more });
    const kind = ${JSON.stringify(kind)};
    const n = ${n};
    const big = kind === 'logs' ? span('big', 'root', 'big', { logs: Array.from({ length: n }, (_, i) => ({ t_ms: ${T0} + i, message: text(65536) })) })
      : kind === 'name' ? span('big', 'root', text(n), {}) : span('big', 'root', 'big', { tags: { big: text(n) } });
    window.postMessage({ type: 'play', play: { id: 'p', flow_name: 'bench', source_file: null, status: 'ok', start_ms: ${T0}, end_ms: ${T0} + 10, inputs: {}, output: null,
      error: null, exit_code: 0, exit_signal: null, stdout: '', stderr: '', stats: {}, workspace: null, spans: [span('root', null, 'root', {}), big] } }, '*');
  })()`;
}

/** In-page: clicks the span's row; resolves with the time to the next frame's layout and the details' characters. */
const SELECT = `new Promise((resolve) => {
  const row = document.querySelector('.row[data-span-id=big]');
  const t0 = performance.now();
  row.click();
  requestAnimationFrame(() => {
    void document.body.offsetHeight;
    resolve({ ms: performance.now() - t0, chars: document.querySelector('.details').textContent.length });
  });
})`;

async function main() {
  const browser = await launchBenchBrowser();
  const cases: [string, string, number][] = [
    ['1 log of 64 KiB', 'logs', 1],
    ['16 logs of 64 KiB', 'logs', 16],
    ['a 10 MB name', 'name', 10_000_000],
    ['a 10 MB tag', 'tag', 10_000_000],
  ];
  const rows: (string | number)[][] = [['span holds', 'click → laid out (median)', 'characters in details']];
  try {
    for (const [label, kind, n] of cases) {
      const times: number[] = [];
      let chars = 0;
      for (let round = 0; round < ROUNDS; round++) {
        const page = await openBenchPage(browser);
        await page.evaluate(postPlay(kind, n));
        await page.waitForSelector('.row[data-span-id=big]');
        const result = (await page.evaluate(SELECT)) as { ms: number; chars: number };
        times.push(result.ms);
        chars = result.chars;
        await page.close();
      }
      rows.push([label, `${fmt(median(times))} ms`, fmt(chars)]);
    }
  } finally {
    await browser.close();
  }
  console.log(table(rows));
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
