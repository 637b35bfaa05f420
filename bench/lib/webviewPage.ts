// What the webview benchmarks share: a Chromium with unthrottled frames, the panel's page with a
// do-nothing acquireVsCodeApi, the in-page trace builder, and in-page timers. In-page code is
// passed as strings: tsx's helpers do not exist in the page.

import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../test/helpers/chromium';
import { PANEL_URL, serveWebview } from '../../test/webview/harness';

/**
 * By default frame pacing is unthrottled (--disable-frame-rate-limit), so a frame's time is its
 * real cost; `paced` keeps the display's frame rate, as VS Code has it (for loads, where how many
 * frames fit in the time matters).
 */
export function launchBenchBrowser(options: { paced?: boolean } = {}): Promise<Browser> {
  const unthrottled = options.paced ? [] : ['--disable-frame-rate-limit', '--disable-gpu-vsync'];
  return chromium.launch({
    executablePath: process.env.HERO_EDITOR_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [...CHROMIUM_ARGS, ...unthrottled, '--js-flags=--max-old-space-size=4096'],
  });
}

/** The panel's page; `dist`: the folder of another build of the bundle (bench/lib/webviewBundle.ts). */
export async function openBenchPage(browser: Browser, dist?: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await serveWebview(page, dist);
  await page.addInitScript(`window.acquireVsCodeApi = () => ({ postMessage() {}, getState() { return undefined; }, setState() {} });`);
  await page.goto(PANEL_URL);
  await page.waitForSelector('.tree');
  page.setDefaultTimeout(300_000);
  return page;
}

export interface TraceShape {
  spans: number;
  maxDepth: number;
  rpcShare: number;
}

/**
 * Builds `window.__play`, a realistic trace of `n` spans: fan-outs under recent steps, depth up to
 * 8, 10 % rpc leaves, 1 % failed. `window.__addSpans(k, t)` makes `k` more in the same shape (what a
 * running play adds), half of them `running` until `__finishSpans` ends them.
 */
export async function buildTrace(page: Page, n: number): Promise<TraceShape> {
  return (await page.evaluate(`(${BUILD})(${n})`)) as TraceShape;
}

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
  let i = 1;
  const make = (status) => {
    const d = Math.min(last.length - 1 - Math.floor(rand() * rand() * last.length), 7);
    const parent = last[d];
    const rpc = rand() < 0.1;
    const failed = rand() < 0.01;
    const start = t0 + i;
    const s = { ...base, span_id: 's' + i, parent_id: parent.span_id, name: (rpc ? 'rpc:Client.call_' : 'step ') + i,
      kind: rpc ? 'rpc' : 'step', status: status ?? (failed ? 'failed' : 'ok'), start_ms: start,
      end_ms: status === 'running' ? null : start + 1 + Math.floor(rand() * 50),
      error: failed ? 'Traceback (most recent call last):\\nValueError: ' + i : null, source_line: 1 + (i % 400), depth: d + 1 };
    if (!rpc) { last[d + 1] = s; last.length = d + 2; }
    i++;
    return s;
  };
  for (; i < n;) spans.push(make());
  let maxDepth = 0;
  for (const s of spans) { if (s.depth > maxDepth) maxDepth = s.depth; delete s.depth; }
  const rpcs = spans.filter((s) => s.kind === 'rpc').length;
  window.__play = { id: 'bench', flow_name: 'big flow', source_file: 'flows/big.py', status: 'ok', start_ms: t0, end_ms: t0 + n + 10,
    inputs: {}, output: null, error: null, exit_code: 0, exit_signal: null, stdout: '', stderr: '', spans,
    stats: { lines: 0, events: 0, invalid_json: 0, missing_fields: 0, oversized_lines: 0, unknown_types: 0, unknown_statuses: 0, spans_without_start: 0 },
    workspace: null };
  window.__running = [];
  window.__addSpans = (k) => {
    const out = [];
    for (let j = 0; j < k; j++) {
      const s = make(j % 2 === 0 ? 'running' : undefined);
      delete s.depth;
      if (s.status === 'running') window.__running.push(s);
      out.push(s);
    }
    return out;
  };
  window.__finishSpans = (k) => window.__running.splice(0, k).map((s) => ({ ...s, status: 'ok', end_ms: s.start_ms + 5 }));
  return { spans: spans.length, maxDepth, rpcShare: rpcs / spans.length };
}`;

/** In-page: resolves with the time from `act` to the next render the webview reports (data-renders). */
export const TIME_TO_RENDER = `(act) => new Promise((resolve) => {
  const before = document.body.dataset.renders;
  const t0 = performance.now();
  const observer = new MutationObserver(() => {
    if (document.body.dataset.renders !== before) { observer.disconnect(); resolve(performance.now() - t0); }
  });
  observer.observe(document.body, { attributes: true, attributeFilter: ['data-renders'] });
  act();
})`;

/** The time from `act` (in-page code, a string) to the next render. */
export async function timeToRender(page: Page, act: string): Promise<number> {
  return (await page.evaluate(`(${TIME_TO_RENDER})(${act})`)) as number;
}

/** Scrolls the tree top to bottom, four screens a frame; the time of every frame. */
export async function scrollFrames(page: Page): Promise<{ frames: number[]; rowsInDom: number }> {
  return (await page.evaluate(`new Promise((resolve) => {
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
  })`)) as { frames: number[]; rowsInDom: number };
}

/** The Chromium trace categories of a performance recording (DevTools' timeline). */
const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.frame', 'blink', 'cc', 'v8.execute'];

/** Where a frame's main-thread time went, from a Chromium trace: the top-level phases, in ms per frame. */
export interface FramePhases {
  script: number;
  style: number;
  layout: number;
  prePaint: number;
  paint: number;
}

/**
 * `scrollFrames` with Chromium tracing on (the performance timeline recording, as DevTools records
 * it), and the main thread's time per frame by phase, read from that trace.
 */
export async function scrollFramesTraced(browser: Browser, page: Page): Promise<{ frames: number[]; rowsInDom: number; phases: FramePhases }> {
  await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  const scroll = await scrollFrames(page);
  const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: { name: string; ph: string; ts: number; dur?: number; tid: number }[] };
  const events = trace.traceEvents.filter((e) => e.ph === 'X' && e.dur !== undefined).sort((a, b) => a.ts - b.ts);
  // An event can be recorded twice, nested in itself (two categories): an event inside one already
  // counted on its thread is not counted again.
  const total = (names: string[]) => {
    let us = 0;
    const until = new Map<number, number>();
    for (const e of events) {
      if (!names.includes(e.name) || e.ts < (until.get(e.tid) ?? -Infinity)) continue;
      us += e.dur!;
      until.set(e.tid, e.ts + e.dur!);
    }
    return us / 1000 / Math.max(1, scroll.frames.length);
  };
  const phases = {
    script: total(['FireAnimationFrame', 'EventDispatch']),
    style: total(['UpdateLayoutTree']),
    layout: total(['Layout']),
    prePaint: total(['PrePaint']),
    paint: total(['Paint']),
  };
  return { ...scroll, phases };
}

/** In-page code that types `text` into the filter box (one input event, as a keystroke makes). */
export function typeFilter(text: string): string {
  return `() => { const input = document.querySelector('input.filter'); input.value = ${JSON.stringify(text)}; input.dispatchEvent(new Event('input')); }`;
}
